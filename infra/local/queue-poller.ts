/**
 * What Lambda's SQS event source mapping does, locally: long-poll a queue, hand each batch to the
 * function as a real `SQSEvent`, and delete the records that succeeded. With
 * `ReportBatchItemFailures`, only the records the function lists in `batchItemFailures` stay; if
 * the function throws, times out or answers with an identifier that is not in the batch, every
 * record stays. Records that stay become visible again after the visibility timeout, and SQS
 * moves them to the DLQ after maxReceiveCount receives.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { FunctionSpec } from '../topology.js';
import { type Activity, invoke, type LocalHandler } from './invoke.js';
import type { ProvisionedQueue } from './sqs-local.js';

/** The Lambda event record for a received SQS message. */
export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
      dataType: value.DataType ?? 'String',
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ...attributes,
      ApproximateReceiveCount: attributes['ApproximateReceiveCount'] ?? '1',
      SentTimestamp: attributes['SentTimestamp'] ?? String(Date.now()),
      SenderId: attributes['SenderId'] ?? '000000000000',
      ApproximateFirstReceiveTimestamp: attributes['ApproximateFirstReceiveTimestamp'] ?? String(Date.now()),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * The records Lambda deletes after an invocation that returned `result`: all of them unless
 * `batchItemFailures` lists some; none if any listed identifier is empty or not in the batch.
 */
export function recordsToDelete(records: readonly SQSRecord[], result: unknown): SQSRecord[] {
  const failures =
    typeof result === 'object' && result !== null
      ? (result as { batchItemFailures?: unknown }).batchItemFailures
      : undefined;
  if (failures === undefined || failures === null) return [...records];
  if (!Array.isArray(failures)) return [];
  const ids = new Set(records.map((r) => r.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id =
      typeof failure === 'object' && failure !== null
        ? (failure as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof id !== 'string' || !ids.has(id)) return [];
    failed.add(id);
  }
  return records.filter((r) => !failed.has(r.messageId));
}

/** Counters of one poller, for `GET /_local/queues`. */
export interface PollerStats {
  batches: number;
  /** Records the function handled (deleted from the queue). */
  succeeded: number;
  /** Records left in the queue after an invocation (they come back, then go to the DLQ). */
  failed: number;
}

export interface QueuePollerOptions {
  readonly sqs: SQSClient;
  readonly queue: ProvisionedQueue;
  readonly spec: FunctionSpec;
  readonly handler: LocalHandler;
  readonly region: string;
  readonly activity: Activity;
  readonly log: (line: string) => void;
  /** Long-poll wait; stop() aborts a wait in progress, so this only bounds idle requests. */
  readonly waitTimeSeconds?: number;
}

export class QueuePoller {
  readonly stats: PollerStats = { batches: 0, succeeded: 0, failed: 0 };
  #stopping = false;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(private readonly options: QueuePollerOptions) {}

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Stops polling and waits for the batch in hand to finish. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#abort.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { sqs, queue, log } = this.options;
    while (!this.#stopping) {
      let messages: Message[];
      try {
        const response = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: Math.min(Math.max(queue.batchSize, 1), 10),
            WaitTimeSeconds: this.options.waitTimeSeconds ?? 2,
            AttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.#abort.signal },
        );
        messages = response.Messages ?? [];
      } catch (error) {
        if (this.#stopping) break;
        log(`poller ${queue.name}: receive failed: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      if (messages.length > 0) await this.#handle(messages);
    }
  }

  async #handle(messages: readonly Message[]): Promise<void> {
    const { sqs, queue, spec, handler, region, activity, log } = this.options;
    // Busy from receipt until the deletes are done, so a drain never sees work in between.
    const end = activity.begin();
    try {
      const records = messages.map((m) => toSqsRecord(m, queue.arn, region));
      let done: SQSRecord[] = [];
      try {
        const result = await invoke(spec, handler, { Records: records } satisfies SQSEvent, {
          region,
          activity,
        });
        done = recordsToDelete(records, result);
      } catch (error) {
        log(
          `${spec.name}: invocation failed, ${records.length} record(s) stay in ${queue.name}: ${(error as Error).message}`,
        );
      }
      for (let i = 0; i < done.length; i += 10) {
        const entries = done
          .slice(i, i + 10)
          .map((r, j) => ({ Id: String(j), ReceiptHandle: r.receiptHandle }));
        const result = await sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: entries }),
        );
        for (const failure of result.Failed ?? [])
          log(`poller ${queue.name}: delete failed: ${failure.Message ?? failure.Code}`);
      }
      this.stats.batches++;
      this.stats.succeeded += done.length;
      this.stats.failed += records.length - done.length;
    } catch (error) {
      log(`poller ${queue.name}: ${(error as Error).message}`);
    } finally {
      end();
    }
  }
}
