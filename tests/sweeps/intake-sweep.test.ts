/**
 * The intake sweep on DynamoDB Local and fauxqs (the local runtime's SQS), with the adapters it
 * runs with on AWS: a backlog in the intake queue is not lost work, and only what the queue cannot
 * be holding is queued again (issue 13: 1,000 submissions must give 1,000 intake messages).
 */
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { StoredSubmission } from '../../application/ports.js';
import { requeueStrandedSubmissions } from '../../application/sweeps/requeue-stranded-submissions.js';
import { DynamoSubmissionStore } from '../../functions/adapters/dynamodb/submission-store.js';
import { SqsMessageQueue } from '../../functions/adapters/sqs-message-queue.js';
import { SqsQueueHoldings } from '../../functions/adapters/sqs-queue-holdings.js';
import { type LocalSqsServer, provisionQueues, startLocalSqs } from '../../infra/local/sqs-local.js';
import { type QueueSpec, topology } from '../../infra/topology.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

let server: LocalSqsServer;
let sqs: SQSClient;
let table: TestTable;
let queueUrl: string;
let deadLetterQueueUrl: string;
let created = 0;

const acceptedAt = '2026-03-02T01:00:00.000Z';
/** Ten minutes later: every submission above is past the sweep's threshold. */
const now = '2026-03-02T01:10:00.000Z';
const silent = { info() {}, warn() {}, error() {} };

beforeAll(async () => {
  process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
  server = await startLocalSqs({ region: 'cn-northwest-1' });
  sqs = new SQSClient({ region: 'cn-northwest-1', endpoint: server.endpoint });
});
afterAll(async () => {
  sqs.destroy();
  await server.stop();
});
beforeEach(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  const spec = { ...topology.queues.intake, name: `intake-sweep-${++created}` } as unknown as QueueSpec;
  const [queue] = Object.values(await provisionQueues(sqs, [spec]));
  queueUrl = queue!.url;
  deadLetterQueueUrl = queue!.dlqUrl;
});
afterEach(async () => {
  await table.dispose();
});

function submission(n: number): StoredSubmission {
  return {
    channel: 'web',
    submissionId: `s-${n}`,
    trackingNumber: `XF20260302${String(n).padStart(6, '0')}`,
    receivedAt: acceptedAt,
    receivingUnitId: '330106-xinfang',
    regionCode: '330106',
    petitioner: { name: '张三', identityKey: `key-${n}` },
    title: '小区路灯不亮',
    content: '小区路灯长期不亮，请督促物业维修。',
    attachments: [],
    fingerprint: `fp-${n}`,
    sealedQueryCode: 'sealed',
    status: 'received',
    acceptedAt: new Date(Date.parse(acceptedAt) + n * 1000).toISOString(),
  };
}

/** Stores `count` waiting submissions and puts a message for each of `queued` of them in `url`. */
async function waiting(count: number, queued: number, url = queueUrl): Promise<void> {
  const store = new DynamoSubmissionStore(table.client, table.tableName);
  for (let n = 1; n <= count; n++) await store.accept(submission(n));
  for (let n = 1; n <= queued; n++)
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ n }) }));
}

function sweep() {
  return requeueStrandedSubmissions({
    submissions: new DynamoSubmissionStore(table.client, table.tableName),
    queue: new SqsMessageQueue(sqs, { intake: queueUrl }),
    queues: new SqsQueueHoldings(sqs, { intake: { queueUrl, deadLetterQueueUrl } }),
    clock: { now: () => now },
    logger: silent,
  });
}

describe('the intake sweep', () => {
  it('queues nothing again while the intake queue holds a message for every waiting submission', async () => {
    // Prepare
    await waiting(6, 6);

    // Act
    const result = await sweep();

    // Assess
    expect(result).toMatchObject({ requeued: 0, waiting: 6, held: 6 });
  });

  it('counts messages in flight and in the dead-letter queue as held', async () => {
    // Prepare
    await waiting(5, 3);
    await sqs.send(new SendMessageCommand({ QueueUrl: deadLetterQueueUrl, MessageBody: '{"n":4}' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: deadLetterQueueUrl, MessageBody: '{"n":5}' }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 2 }));

    // Act
    const result = await sweep();

    // Assess
    expect(result).toMatchObject({ requeued: 0, held: 5 });
  });

  it('queues again as many of the oldest waiting submissions as the queue cannot be holding', async () => {
    // Prepare
    await waiting(5, 2);

    // Act
    const result = await sweep();

    // Assess
    expect(result).toMatchObject({ requeued: 3, waiting: 5, held: 2 });
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    const requeued = Messages.map((m) => JSON.parse(m.Body ?? '{}')).filter((b) => b.kind);
    expect(requeued.map((b) => b.submissionId)).toEqual(['s-1', 's-2', 's-3']);
  });

  it('queues every waiting submission again once the queue is empty', async () => {
    // Prepare
    await waiting(4, 4);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    for (const m of Messages)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));

    // Act
    const result = await sweep();

    // Assess
    expect(result).toMatchObject({ requeued: 4, held: 0 });
  });
});
