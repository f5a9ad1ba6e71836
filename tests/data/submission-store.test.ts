/**
 * DynamoSubmissionStore against DynamoDB Local: tracking numbers taken from the day's counter in
 * blocks, and a submission accepted once with one round trip whether or not it was seen before.
 */
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { StoredSubmission } from '../../application/ports.js';
import { DynamoSubmissionStore } from '../../functions/adapters/dynamodb/submission-store.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

let table: TestTable;
let sent: string[];

beforeEach(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  sent = [];
  table.client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
});

afterEach(async () => {
  await table.dispose();
});

const morning = '2026-03-02T01:00:00.000Z';

function submission(submissionId: string, trackingNumber: string): StoredSubmission {
  return {
    channel: 'web',
    submissionId,
    trackingNumber,
    receivedAt: morning,
    receivingUnitId: '330106-xinfang',
    regionCode: '330106',
    petitioner: { name: '张三', identityKey: 'key-1' },
    title: '小区路灯不亮',
    content: '小区路灯长期不亮，请督促物业维修。',
    attachments: [],
    fingerprint: `fp-${submissionId}`,
    sealedQueryCode: 'sealed',
    status: 'received',
    acceptedAt: morning,
  };
}

describe('tracking numbers', () => {
  it('hands out a block of numbers for one counter update, rising and unique across stores', async () => {
    // Prepare
    const first = new DynamoSubmissionStore(table.client, table.tableName, 5);
    const second = new DynamoSubmissionStore(table.client, table.tableName, 5);

    // Act
    const fromFirst = await Promise.all(Array.from({ length: 7 }, () => first.nextTrackingNumber(morning)));
    const fromSecond = await Promise.all(Array.from({ length: 3 }, () => second.nextTrackingNumber(morning)));

    // Assess
    const all = [...fromFirst, ...fromSecond];
    expect(new Set(all).size).toBe(10);
    expect(fromFirst).toEqual([...fromFirst].sort());
    expect(fromFirst[0]).toBe('XF20260302000001');
    expect(fromSecond[0]).toBe('XF20260302000011');
    expect(sent.filter((c) => c === 'UpdateItemCommand')).toHaveLength(3);
  });

  it('starts a new block on a new Shanghai day', async () => {
    // Prepare
    const store = new DynamoSubmissionStore(table.client, table.tableName, 5);
    await store.nextTrackingNumber(morning);

    // Act
    const nextDay = await store.nextTrackingNumber('2026-03-02T16:30:00.000Z');

    // Assess
    expect(nextDay).toBe('XF20260303000001');
  });
});

describe('accepting a submission', () => {
  it('stores a new submission with one write and answers a repeated one with the stored, in one call too', async () => {
    // Prepare
    const store = new DynamoSubmissionStore(table.client, table.tableName);
    await store.accept(submission('s-1', 'XF20260302000001'));
    sent.length = 0;

    // Act
    const again = await store.accept(submission('s-1', 'XF20260302000002'));

    // Assess
    expect(again.created).toBe(false);
    expect(again.stored.trackingNumber).toBe('XF20260302000001');
    expect(sent).toEqual(['PutItemCommand']);
  });
});
