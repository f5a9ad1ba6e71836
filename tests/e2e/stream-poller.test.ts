/**
 * The local stream poller (infra/local/stream-poller.ts) on DynamoDB Local's real stream: it hands
 * over every record written, a drain's pass sees what was written just before it, and an idle
 * poller does not describe the table and its stream on every pass (each description is engine
 * work that a busy platform shares with the functions).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../../infra/local/dynamodb-local.js';
import { StreamPoller } from '../../infra/local/stream-poller.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

let table: TestTable;
let dynamo: DynamoDBClient;
let poller: StreamPoller | undefined;
const descriptions: string[] = [];

beforeEach(async () => {
  // The poller's streams client takes credentials as the local runtime gives them: from the environment.
  process.env['AWS_ACCESS_KEY_ID'] ??= localClientConfig.credentials.accessKeyId;
  process.env['AWS_SECRET_ACCESS_KEY'] ??= localClientConfig.credentials.secretAccessKey;
  table = await createTestTable(inject('dynamoEndpoint'));
  dynamo = new DynamoDBClient({ ...localClientConfig, endpoint: inject('dynamoEndpoint') });
  descriptions.length = 0;
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      descriptions.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countDescriptions' },
  );
});

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
  dynamo.destroy();
  await table.dispose();
});

function start(handled: DynamoDBStreamEvent['Records']) {
  poller = new StreamPoller({
    dynamo,
    endpoint: inject('dynamoEndpoint'),
    region: localClientConfig.region as string,
    tableName: table.tableName,
    batchSize: 100,
    handle: async (event) => {
      handled.push(...event.Records);
    },
    log: () => {},
    idleMs: 20,
  });
  poller.start();
  return poller;
}

async function put(pk: string) {
  await table.client.send(
    new PutCommand({ TableName: table.tableName, Item: { pk, sk: 'X', entity: 'test' } }),
  );
}

describe('StreamPoller', () => {
  it('hands over what was written before a drain’s pass, in write order', async () => {
    // Prepare
    const handled: DynamoDBStreamEvent['Records'] = [];
    const stream = start(handled);
    await put('A');

    // Act: as the drain does, pass until a pass hands nothing over.
    while (!(await stream.settled())) {}
    await put('B');
    await put('C');
    while (!(await stream.settled())) {}

    // Assess
    expect(handled.map((r) => r.dynamodb?.Keys?.['pk']?.S)).toEqual(['A', 'B', 'C']);
  });

  it('describes the table and its stream about once a second while idle, not on every pass', async () => {
    // Prepare
    const stream = start([]);
    while (!(await stream.settled())) {}
    descriptions.length = 0;

    // Act: two and a half seconds of idle passes, one every 20 ms or so.
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    // Assess: a hundred passes or so; the table described about once a second, not each pass.
    const tableDescriptions = descriptions.filter((d) => d === 'DescribeTableCommand').length;
    expect(tableDescriptions).toBeGreaterThanOrEqual(1);
    expect(tableDescriptions).toBeLessThanOrEqual(3);
  });
});
