/**
 * DynamoDB Local for the tests and the benchmark. Starting and stopping the JVM lives in
 * `infra/local/dynamodb-local.ts` (the local runtime uses it too); this module re-exports it and
 * adds the test tables. Free of test-framework imports on purpose.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DynamoCaseRepository,
  type DynamoCaseRepositoryOptions,
} from '../../functions/adapters/dynamodb/case-repository.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { caseTableDefinition } from '../../functions/adapters/dynamodb/table.js';
import { localClientConfig } from '../../infra/local/dynamodb-local.js';

export { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';

export interface TestTable {
  readonly tableName: string;
  readonly client: DynamoDBDocumentClient;
  readonly repository: DynamoCaseRepository;
  /** Deletes the table and closes the client. */
  dispose(): Promise<void>;
}

/** A document client for DynamoDB Local at `endpoint`. */
function localDocumentClient(endpoint: string): DynamoDBDocumentClient {
  return createDocumentClient({ ...localClientConfig, endpoint });
}

/** How a test table differs from the platform's. */
export interface TestTableShape {
  /**
   * Without the stream the event relay reads (default: with it, as deployed). For a bench section
   * that loads many items and reads indexes only: DynamoDB Local keeps every stream record in the
   * JVM, which slows every section after it.
   */
  readonly stream?: boolean;
}

/** Creates a uniquely named case table at `endpoint` and a repository on it. */
export async function createTestTable(
  endpoint: string,
  options: Omit<DynamoCaseRepositoryOptions, 'tableName'> = {},
  shape: TestTableShape = {},
): Promise<TestTable> {
  const tableName = `cases-${randomUUID()}`;
  const client = localDocumentClient(endpoint);
  const { StreamSpecification, ...withoutStream } = caseTableDefinition(tableName);
  await client.send(
    new CreateTableCommand(
      shape.stream === false ? withoutStream : { ...withoutStream, StreamSpecification },
    ),
  );
  return {
    tableName,
    client,
    repository: new DynamoCaseRepository(client, { ...options, tableName }),
    async dispose() {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        client.destroy();
      }
    },
  };
}
