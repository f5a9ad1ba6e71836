/**
 * Dead-letter redrive by receive-and-send, on fauxqs (the local runtime's SQS): messages go back
 * to their queue with body and attributes, and leave the dead-letter queue only after their send
 * succeeded. This is what replaces StartMessageMoveTask in the China regions. The use case and the
 * operator function run over the same adapter (there is no stand-in to keep in step with it).
 */
import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../application/errors.js';
import { listDeadLetters, redriveDeadLetters } from '../../application/operations/dead-letters.js';
import { type QueueWithDeadLetters, SqsDeadLetterQueues } from '../../functions/adapters/sqs-dead-letters.js';
import { createDlqRedrive } from '../../functions/operations/dlq-redrive.js';
import { type LocalSqsServer, provisionQueues, startLocalSqs } from '../../infra/local/sqs-local.js';
import { type QueueSpec, topology } from '../../infra/topology.js';

let server: LocalSqsServer;
let sqs: SQSClient;
let created = 0;

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

/** A fresh queue and dead-letter queue holding `numbers` as dead letters. */
async function queueWithDeadLetters(numbers: readonly number[]): Promise<QueueWithDeadLetters> {
  const spec = { ...topology.queues.sms, name: `redrive-${++created}` } as unknown as QueueSpec;
  const [queue] = Object.values(await provisionQueues(sqs, [spec]));
  for (const n of numbers)
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queue!.dlqUrl,
        MessageBody: JSON.stringify({ kind: 'sms.requested', n }),
        MessageAttributes: { origin: { DataType: 'String', StringValue: `case-${n}` } },
      }),
    );
  return { queueUrl: queue!.url, deadLetterQueueUrl: queue!.dlqUrl };
}

async function received(url: string) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
  );
  return Messages.map((m) => ({
    n: (JSON.parse(m.Body ?? '{}') as { n: number }).n,
    origin: m.MessageAttributes?.['origin']?.StringValue,
  }));
}

/** The adapter over one fresh pair, under the name `sms`. */
const overSms = (
  queues: QueueWithDeadLetters,
  client: Pick<SQSClient, 'send'> = sqs,
  options: { visibilityTimeoutSeconds?: number } = {},
) => new SqsDeadLetterQueues(client, { sms: queues }, options);

const countOf = (queues: QueueWithDeadLetters) => overSms(queues).count('sms');

const silent = { info: () => {} };

describe('SqsDeadLetterQueues', () => {
  it('moves every dead letter back to its queue with its body and attributes', async () => {
    // Prepare
    const queues = await queueWithDeadLetters([1, 2, 3]);

    // Act
    const result = await overSms(queues).redrive('sms');

    // Assess
    expect(result).toEqual({ moved: 3, failed: 0 });
    expect(await countOf(queues)).toEqual({ waiting: 0, inFlight: 0 });
    expect((await received(queues.queueUrl)).sort((a, b) => a.n - b.n)).toEqual([
      { n: 1, origin: 'case-1' },
      { n: 2, origin: 'case-2' },
      { n: 3, origin: 'case-3' },
    ]);
  });

  it('deletes from the dead-letter queue only the messages whose send succeeded', async () => {
    // Prepare: SQS refuses the second entry of each batch
    const queues = await queueWithDeadLetters([4, 5]);
    const refusingOne: Pick<SQSClient, 'send'> = {
      send: (async (command: unknown) => {
        if (!(command instanceof SendMessageBatchCommand)) return sqs.send(command as never);
        const [first, second] = command.input.Entries ?? [];
        const sent = await sqs.send(new SendMessageBatchCommand({ ...command.input, Entries: [first!] }));
        return {
          ...sent,
          Failed: [{ Id: second!.Id!, Code: 'InternalError', SenderFault: false, Message: 'try again' }],
        };
      }) as SQSClient['send'],
    };

    // Act
    const result = await overSms(queues, refusingOne, { visibilityTimeoutSeconds: 1 }).redrive('sms');

    // Assess
    expect(result).toEqual({ moved: 1, failed: 1 });
    const moved = await received(queues.queueUrl);
    expect(moved).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const kept = await received(queues.deadLetterQueueUrl);
    expect([...moved, ...kept].map((m) => m.n).sort()).toEqual([4, 5]);
  });

  it('moves no more than it is asked to', async () => {
    // Prepare
    const queues = await queueWithDeadLetters([6, 7, 8]);

    // Act
    const result = await overSms(queues).redrive('sms', 2);

    // Assess
    expect(result).toEqual({ moved: 2, failed: 0 });
    expect((await countOf(queues)).waiting).toBe(1);
  });
});

describe('dead letters use case', () => {
  it('lists how many dead letters each queue holds', async () => {
    // Prepare
    const sms = await queueWithDeadLetters([9, 10]);
    const intake = await queueWithDeadLetters([]);
    const deadLetters = new SqsDeadLetterQueues(sqs, { sms, intake });

    // Act
    const listed = await listDeadLetters({ deadLetters });

    // Assess
    expect(listed).toEqual({ sms: { waiting: 2, inFlight: 0 }, intake: { waiting: 0, inFlight: 0 } });
  });

  it('throws NotFoundError naming the queues for a queue it does not know', async () => {
    // Prepare
    const deadLetters = overSms(await queueWithDeadLetters([11]));

    // Act
    const redriving = redriveDeadLetters({ deadLetters, logger: silent }, { queue: 'sms-dlq' });

    // Assess
    await expect(redriving).rejects.toThrow(NotFoundError);
    await expect(redriving).rejects.toThrow(/no queue 'sms-dlq'; queues with dead letters: sms/);
    expect((await deadLetters.count('sms')).waiting).toBe(1);
  });

  it('logs what it moved, and never a message body', async () => {
    // Prepare
    const deadLetters = overSms(await queueWithDeadLetters([12]));
    const logged: unknown[] = [];

    // Act
    await redriveDeadLetters(
      { deadLetters, logger: { info: (...args: unknown[]) => logged.push(args) } },
      { queue: 'sms' },
    );

    // Assess
    expect(logged).toEqual([['dead letters redriven', { queue: 'sms', moved: 1, failed: 0 }]]);
  });
});

describe('the operator function', () => {
  it('answers list and redrive events', async () => {
    // Prepare
    const handler = createDlqRedrive({
      deadLetters: overSms(await queueWithDeadLetters([13, 14, 15])),
      logger: silent,
    });

    // Act
    const before = await handler({ action: 'list' });
    const moved = await handler({ action: 'redrive', queue: 'sms', max: 2 });
    const after = await handler({ action: 'list' });

    // Assess
    expect(before).toEqual({ deadLetters: { sms: { waiting: 3, inFlight: 0 } } });
    expect(moved).toEqual({ queue: 'sms', moved: 2, failed: 0 });
    expect(after).toEqual({ deadLetters: { sms: { waiting: 1, inFlight: 0 } } });
  });

  it('refuses an event that is neither list nor redrive of a named queue', async () => {
    // Prepare
    const handler = createDlqRedrive({
      deadLetters: overSms(await queueWithDeadLetters([])),
      logger: silent,
    });

    const events = [
      { action: 'purge', queue: 'sms' },
      { action: 'redrive' },
      { action: 'redrive', queue: 'sms', max: 0 },
    ];

    // Act
    const outcomes = await Promise.allSettled(events.map((event) => handler(event)));

    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});
