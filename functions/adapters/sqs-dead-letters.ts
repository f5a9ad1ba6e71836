/**
 * Dead-letter redrive by receive-and-send, for the regions without SQS's own redrive
 * (StartMessageMoveTask is not offered in the China regions, infra/cdk/regions.ts) and the local
 * runtime's fauxqs alike: each message is received from the dead-letter queue, sent to its queue
 * with the same body and message attributes, and deleted from the dead-letter queue only once
 * that send succeeded. A message whose send fails stays where it was and becomes visible again.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type {
  DeadLetter,
  DeadLetterCount,
  DeadLetterQueues,
  RedriveResult,
} from '../../application/ports.js';

/** A queue and its dead-letter queue, by URL. */
export interface QueueWithDeadLetters {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
}

/** How many messages wait in a dead-letter queue. */
async function countDeadLetters(
  sqs: Pick<SQSClient, 'send'>,
  deadLetterQueueUrl: string,
): Promise<DeadLetterCount> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: deadLetterQueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    waiting: Number(Attributes['ApproximateNumberOfMessages'] ?? 0),
    inFlight: Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0),
  };
}

/** The send of one received message: same body, same message attributes, same trace header. */
function resend(message: Message, index: number): SendMessageBatchRequestEntry {
  const trace = message.Attributes?.['AWSTraceHeader'];
  return {
    Id: String(index),
    MessageBody: message.Body ?? '',
    ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0
      ? { MessageAttributes: message.MessageAttributes }
      : {}),
    ...(trace
      ? { MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: trace } } }
      : {}),
  };
}

/**
 * Moves up to `max` messages (default: as many as the dead-letter queue held when it began, so
 * messages that fail again and come back are not moved twice in one run) back to their queue.
 */
async function moveBack(
  sqs: Pick<SQSClient, 'send'>,
  queues: QueueWithDeadLetters,
  options: { readonly max: number | undefined; readonly visibilityTimeoutSeconds: number },
): Promise<RedriveResult> {
  const max = options.max ?? (await countDeadLetters(sqs, queues.deadLetterQueueUrl)).waiting;
  let moved = 0;
  let failed = 0;
  while (moved + failed < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.deadLetterQueueUrl,
        MaxNumberOfMessages: Math.min(10, max - moved - failed),
        // Long enough to send and delete; a failed send shows the message again after it.
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['AWSTraceHeader'],
      }),
    );
    if (Messages.length === 0) break;
    const sent = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: queues.queueUrl, Entries: Messages.map(resend) }),
    );
    const succeeded = new Set((sent.Successful ?? []).map((entry) => Number(entry.Id)));
    const toDelete = Messages.filter((_, index) => succeeded.has(index));
    if (toDelete.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queues.deadLetterQueueUrl,
          Entries: toDelete.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    }
    moved += toDelete.length;
    failed += Messages.length - toDelete.length;
  }
  return { moved, failed };
}

/**
 * Reads up to `limit` dead letters with a visibility timeout of 0, so that each stays visible to
 * the next reader (and a redrive) at once. A message can come back within one look: seen ones are
 * told apart by id, and the look ends when a receive brings nothing new.
 */
async function peekDeadLetters(
  sqs: Pick<SQSClient, 'send'>,
  deadLetterQueueUrl: string,
  limit: number,
): Promise<DeadLetter[]> {
  const seen = new Map<string, DeadLetter>();
  while (seen.size < limit) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: Math.min(10, limit - seen.size),
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
    );
    // Shown again at once: SQS does so for a timeout of 0, and this makes sure of it for engines
    // (fauxqs) that take a 0 for their default.
    if (Messages.length > 0)
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: deadLetterQueueUrl,
          Entries: Messages.map((m, index) => ({
            Id: String(index),
            ReceiptHandle: m.ReceiptHandle ?? '',
            VisibilityTimeout: 0,
          })),
        }),
      );
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const m of fresh) {
      const sent = Number(m.Attributes?.SentTimestamp);
      seen.set(m.MessageId ?? '', {
        messageId: m.MessageId ?? '',
        body: m.Body ?? '',
        receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
        sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : undefined,
      });
    }
  }
  return [...seen.values()].slice(0, limit);
}

/** The dead-letter queues of SQS (or fauxqs locally), by the name of the queue each stands behind. */
export class SqsDeadLetterQueues implements DeadLetterQueues {
  readonly queues: readonly string[];
  readonly #sqs: Pick<SQSClient, 'send'>;
  readonly #urls: Readonly<Record<string, QueueWithDeadLetters>>;
  readonly #visibilityTimeoutSeconds: number;

  /**
   * @param visibilityTimeoutSeconds how long a received dead letter stays hidden while it is sent
   *   back; a message whose send failed shows again after it
   */
  constructor(
    sqs: Pick<SQSClient, 'send'>,
    urls: Readonly<Record<string, QueueWithDeadLetters>>,
    options: { readonly visibilityTimeoutSeconds?: number } = {},
  ) {
    this.#sqs = sqs;
    this.#urls = urls;
    this.queues = Object.keys(urls);
    this.#visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 60;
  }

  count(queue: string): Promise<DeadLetterCount> {
    return countDeadLetters(this.#sqs, this.#of(queue).deadLetterQueueUrl);
  }

  redrive(queue: string, max?: number): Promise<RedriveResult> {
    return moveBack(this.#sqs, this.#of(queue), {
      max,
      visibilityTimeoutSeconds: this.#visibilityTimeoutSeconds,
    });
  }

  peek(queue: string, limit: number): Promise<readonly DeadLetter[]> {
    return peekDeadLetters(this.#sqs, this.#of(queue).deadLetterQueueUrl, limit);
  }

  #of(queue: string): QueueWithDeadLetters {
    const urls = this.#urls[queue];
    if (!urls) throw new Error(`no dead-letter queue configured for '${queue}'`);
    return urls;
  }
}
