/**
 * The MessageQueue port: the SQS adapter (against aws-sdk-client-mock) and the test platform's
 * recording stand-in keep the same promises, and the stand-in promises nothing more.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageQueue, QueueName } from '../../application/ports.js';
import { SqsMessageQueue } from '../../functions/adapters/sqs-message-queue.js';
import { RecordingQueue } from '../support/test-platform.js';

interface Harness {
  readonly queue: MessageQueue;
  /** What reached each queue, as parsed JSON. */
  delivered(): { queue: string; message: unknown }[];
}

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const implementations: readonly [string, (granted: readonly QueueName[]) => Harness][] = [
  [
    'SqsMessageQueue',
    (granted) => {
      sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
      const urls = Object.fromEntries(granted.map((q) => [q, `https://sqs.example/000000000000/${q}`]));
      return {
        queue: new SqsMessageQueue(new SQSClient({ region: 'cn-north-1' }), urls),
        delivered: () =>
          sqs.commandCalls(SendMessageCommand).map((call) => ({
            queue: String(call.args[0].input.QueueUrl).split('/').at(-1)!,
            message: JSON.parse(String(call.args[0].input.MessageBody)),
          })),
      };
    },
  ],
  [
    'RecordingQueue',
    (granted) => {
      const queue = new RecordingQueue(granted);
      return { queue, delivered: () => queue.sent };
    },
  ],
];

describe.each(implementations)('MessageQueue contract: %s', (_name, make) => {
  it('delivers the message as JSON to the named queue', async () => {
    // Prepare
    const { queue, delivered } = make(['intake', 'sms']);

    // Act
    await queue.send('sms', { kind: 'sms.requested', text: '你好' });

    // Assess
    expect(delivered()).toEqual([{ queue: 'sms', message: { kind: 'sms.requested', text: '你好' } }]);
  });

  it('refuses a queue the function was not granted, sending nothing', async () => {
    // Prepare
    const { queue, delivered } = make(['intake']);

    // Act
    const sending = queue.send('casework', { kind: 'case.due' });

    // Assess
    await expect(sending).rejects.toThrow(/may not send to the casework queue/);
    expect(delivered()).toEqual([]);
  });
});
