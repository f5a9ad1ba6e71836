import type { Message } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { CaseEvent, CaseEventType } from '../../domain/case/events.js';
import { LocalEventBus } from '../../infra/local/event-bus.js';
import { recordsToDelete, toSqsRecord } from '../../infra/local/queue-poller.js';
import type { BusRule, QueueName } from '../../infra/topology.js';

const queueArn = 'arn:aws:sqs:cn-north-1:000000000000:intake';

describe('SQS message to Lambda record', () => {
  it('builds the record Lambda passes, attributes and message attributes included', () => {
    // Prepare
    const message: Message = {
      MessageId: 'm-1',
      ReceiptHandle: 'rh-1',
      Body: '{"kind":"submission.accepted"}',
      MD5OfBody: 'abc',
      MD5OfMessageAttributes: 'def',
      Attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1700000000000',
        SenderId: 'AID',
        ApproximateFirstReceiveTimestamp: '1700000000100',
      },
      MessageAttributes: {
        trace: { DataType: 'String', StringValue: 't-1' },
        blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) },
      },
    };

    // Act
    const record = toSqsRecord(message, queueArn, 'cn-north-1');

    // Assess
    expect(record).toEqual({
      messageId: 'm-1',
      receiptHandle: 'rh-1',
      body: '{"kind":"submission.accepted"}',
      attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1700000000000',
        SenderId: 'AID',
        ApproximateFirstReceiveTimestamp: '1700000000100',
      },
      messageAttributes: {
        trace: { stringValue: 't-1', stringListValues: [], binaryListValues: [], dataType: 'String' },
        blob: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfBody: 'abc',
      md5OfMessageAttributes: 'def',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'cn-north-1',
    });
  });
});

describe('records deleted after an invocation', () => {
  const records = ['a', 'b', 'c'].map((id) =>
    toSqsRecord({ MessageId: id, ReceiptHandle: `rh-${id}`, Body: '{}' }, queueArn, 'cn-north-1'),
  );
  const ids = (deleted: SQSRecord[]) => deleted.map((r) => r.messageId);

  it.each([
    { result: { batchItemFailures: [] }, deleted: ['a', 'b', 'c'] },
    { result: undefined, deleted: ['a', 'b', 'c'] },
    { result: {}, deleted: ['a', 'b', 'c'] },
    { result: { batchItemFailures: [{ itemIdentifier: 'b' }] }, deleted: ['a', 'c'] },
    { result: { batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'c' }] }, deleted: ['b'] },
    { result: { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] }, deleted: [] },
    { result: { batchItemFailures: [{ itemIdentifier: '' }] }, deleted: [] },
    { result: { batchItemFailures: [{}] }, deleted: [] },
    { result: { batchItemFailures: 'b' }, deleted: [] },
  ])('deletes $deleted when the function returns $result', ({ result, deleted }) => {
    // Act
    const toDelete = recordsToDelete(records, result);

    // Assess
    expect(ids(toDelete)).toEqual(deleted);
  });
});

describe('local event bus', () => {
  const event: CaseEvent = {
    type: 'CaseScreenedIn',
    version: 1,
    caseId: 'C-1',
    trackingNumber: 'ZJ-1',
    caseVersion: 3,
    occurredAt: '2026-03-02T01:02:03.456Z',
    actor: { kind: 'system', process: 'intake' },
    fromStage: 'registered',
    toStage: 'triage',
    unitId: '330106-xinfang',
    payload: {},
  } as unknown as CaseEvent;

  function bus(rules: BusRule[]) {
    const sent: { queue: QueueName; body: unknown }[] = [];
    const localBus = new LocalEventBus({
      rules,
      source: 'petition.cases',
      region: 'cn-north-1',
      send: async (queue, body) => {
        sent.push({ queue, body: JSON.parse(body) });
      },
    });
    return { localBus, sent };
  }

  const rule = (name: string, detailTypes: CaseEventType[], targetQueue: QueueName): BusRule => ({
    name,
    description: name,
    pattern: { source: ['petition.cases'], 'detail-type': detailTypes },
    targetQueue,
  });

  it('sends the EventBridge envelope to the queue of every matching rule', async () => {
    // Prepare
    const { localBus, sent } = bus([
      rule('to-routing', ['CaseScreenedIn'], 'routing'),
      rule('to-notifications', ['CaseScreenedIn', 'CaseReplied'], 'notifications'),
      rule('closed-only', ['CaseReplied'], 'casework'),
    ]);

    // Act
    await localBus.publish([event]);

    // Assess
    expect(sent.map((s) => s.queue)).toEqual(['routing', 'notifications']);
    expect(sent[0]?.body).toEqual({
      version: '0',
      id: expect.any(String),
      'detail-type': 'CaseScreenedIn',
      source: 'petition.cases',
      account: '000000000000',
      time: '2026-03-02T01:02:03Z',
      region: 'cn-north-1',
      resources: [],
      detail: event,
    });
  });

  it('sends nothing for an event no rule matches', async () => {
    // Prepare
    const { localBus, sent } = bus([rule('closed-only', ['CaseReplied'], 'casework')]);

    // Act
    await localBus.publish([event]);

    // Assess
    expect(sent).toEqual([]);
  });

  it('refuses an invalid rule pattern at construction, naming the rule', () => {
    // Prepare
    const broken: BusRule = {
      name: 'broken',
      description: '',
      pattern: { source: 'petition.cases' } as never,
      targetQueue: 'routing',
    };

    // Act
    const act = () => bus([broken]);

    // Assess
    expect(act).toThrow(/bus rule 'broken'/);
  });
});
