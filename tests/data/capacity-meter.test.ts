/**
 * The capacity meter on the shared clients of client.ts, against DynamoDB Local (started once by
 * the global setup): what it reports while observed, and that unobserved calls go through as sent.
 */
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { type DynamoDbCall, observeDynamoDb } from '../../functions/adapters/dynamodb/capacity-meter.js';
import { documentClient } from '../../functions/adapters/dynamodb/client.js';
import { caseIndexes } from '../../functions/adapters/dynamodb/table.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

let table: TestTable;
let calls: DynamoDbCall[];
let stopObserving: (() => void) | undefined;
const client = () =>
  documentClient({ AWS_REGION: 'cn-north-1', AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint') });
/** About 2.5 KB: three write units, one strongly consistent read unit. */
const item = (pk: string) => ({ pk, sk: 'ITEM', text: 'x'.repeat(2_500) });

beforeEach(async () => {
  // The shared clients sign with the environment's credentials; DynamoDB Local accepts any.
  process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
  table = await createTestTable(inject('dynamoEndpoint'));
  calls = [];
  stopObserving = observeDynamoDb((call) => calls.push(call));
});

afterEach(async () => {
  stopObserving?.();
  await table.dispose();
});

describe('the capacity meter', () => {
  it('reports the write units, operation and partition key of a put', async () => {
    // Act
    await client().send(new PutCommand({ TableName: table.tableName, Item: item('CASE#1') }));
    // Assess
    expect(calls).toEqual([
      expect.objectContaining({
        operation: 'PutItem',
        writeUnits: 3,
        readUnits: 0,
        partitionKeys: ['CASE#1'],
        failed: false,
      }),
    ]);
  });

  it('counts the index an item enters, and reads by their consistency', async () => {
    // Prepare
    const indexed = {
      ...item('CASE#2'),
      [caseIndexes.due.partitionKey]: 'DUE#0',
      [caseIndexes.due.sortKey]: '2026',
    };
    // Act
    await client().send(new PutCommand({ TableName: table.tableName, Item: indexed }));
    const key = { pk: 'CASE#2', sk: 'ITEM' };
    await client().send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }));
    await client().send(new GetCommand({ TableName: table.tableName, Key: key }));
    // Assess
    const [put, strong, eventual] = calls;
    expect(put?.writeUnits).toBe(4);
    expect(put?.consumed[0]?.GlobalSecondaryIndexes).toHaveProperty(caseIndexes.due.indexName);
    expect(strong).toMatchObject({ operation: 'GetItem', readUnits: 1, writeUnits: 0 });
    expect(eventual).toMatchObject({ operation: 'GetItem', readUnits: 0.5 });
  });

  it('reports a transaction at twice its items’ units, with every partition key', async () => {
    // Act
    await client().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table.tableName, Item: item('CASE#3') } },
          {
            ConditionCheck: {
              TableName: table.tableName,
              Key: { pk: 'TRACKING#3', sk: 'B' },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    // Assess: 3 units for the put and 1 for the check, doubled as AWS charges a transaction
    expect(calls).toEqual([
      expect.objectContaining({
        operation: 'TransactWriteItems',
        writeUnits: 8,
        partitionKeys: ['CASE#3', 'TRACKING#3'],
      }),
    ]);
  });

  it('reports a failed call with no units, and still throws its error', async () => {
    // Prepare
    await client().send(new PutCommand({ TableName: table.tableName, Item: item('CASE#4') }));
    // Act
    const put = client().send(
      new PutCommand({
        TableName: table.tableName,
        Item: item('CASE#4'),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    // Assess
    await expect(put).rejects.toThrow(/conditional/i);
    expect(calls[1]).toMatchObject({ operation: 'PutItem', failed: true, writeUnits: 0 });
  });

  it('asks for no capacity and reports nothing once no observer is left', async () => {
    // Prepare
    stopObserving?.();
    stopObserving = undefined;
    // Act
    await client().send(new PutCommand({ TableName: table.tableName, Item: item('CASE#5') }));
    const out = await client().send(
      new GetCommand({ TableName: table.tableName, Key: { pk: 'CASE#5', sk: 'ITEM' } }),
    );
    // Assess
    expect(out.Item?.['pk']).toBe('CASE#5');
    expect(out.ConsumedCapacity).toBeUndefined();
    expect(calls).toEqual([]);
  });
});
