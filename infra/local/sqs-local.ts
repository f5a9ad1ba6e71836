/**
 * The SQS side of the local runtime: fauxqs (an SQS-compatible server in this process) on
 * 127.0.0.1, the topology's queues each with a `<name>-dlq` and a redrive policy, their depths,
 * and a snapshot of their messages so that a restart of a persistent runtime loses none.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import type { QueueName, QueueSpec } from '../topology.js';

export interface LocalSqsServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Every message of a queue (visible, delayed and in flight), without receiving any. */
  messagesOf(queueName: string): Promise<SnapshotMessage[]>;
  stop(): Promise<void>;
}

/** Starts fauxqs on 127.0.0.1 (`port` 0: a free one). */
export async function startLocalSqs(options: {
  readonly port?: number;
  readonly region: string;
}): Promise<LocalSqsServer> {
  const app = buildApp({ logger: false, defaultRegion: options.region });
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async messagesOf(queueName) {
      const response = await app.inject({
        method: 'GET',
        url: `/_fauxqs/queues/${encodeURIComponent(queueName)}`,
      });
      if (response.statusCode !== 200) return [];
      const inspected = response.json() as {
        messages: {
          ready: FauxqsMessage[];
          delayed: FauxqsMessage[];
          inflight: { message: FauxqsMessage }[];
        };
      };
      const { ready, delayed, inflight } = inspected.messages;
      return [...inflight.map((i) => i.message), ...ready, ...delayed].map((m) => ({
        body: m.body,
        ...(Object.keys(m.messageAttributes ?? {}).length > 0
          ? { messageAttributes: m.messageAttributes }
          : {}),
      }));
    },
    stop() {
      stopped ??= app.close().then(() => undefined);
      return stopped;
    },
  };
}

interface FauxqsMessage {
  readonly body: string;
  readonly messageAttributes?: Record<string, MessageAttributeValue>;
}

/** A queue of the topology as provisioned locally. */
export interface ProvisionedQueue {
  readonly name: QueueName;
  readonly url: string;
  readonly arn: string;
  readonly dlqName: string;
  readonly dlqUrl: string;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly batchSize: number;
}

export type QueueOverrides = Partial<
  Record<QueueName, { visibilityTimeoutSeconds?: number; maxReceiveCount?: number }>
>;

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.['QueueArn'];
  if (!arn) throw new Error(`no ARN for queue ${url}`);
  return arn;
}

/** Creates every topology queue and its DLQ (idempotent), with the topology's delivery settings. */
export async function provisionQueues(
  sqs: SQSClient,
  queues: readonly QueueSpec[],
  overrides: QueueOverrides = {},
): Promise<Record<QueueName, ProvisionedQueue>> {
  const provisioned = await Promise.all(
    queues.map(async (spec): Promise<ProvisionedQueue> => {
      const visibilityTimeoutSeconds =
        overrides[spec.name]?.visibilityTimeoutSeconds ?? spec.visibilityTimeoutSeconds;
      const maxReceiveCount = overrides[spec.name]?.maxReceiveCount ?? spec.maxReceiveCount;
      const retention = String(Math.min(spec.retentionDays * 86_400, 1_209_600));
      const dlqName = `${spec.name}-dlq`;
      const dlq = await sqs.send(
        new CreateQueueCommand({ QueueName: dlqName, Attributes: { MessageRetentionPeriod: '1209600' } }),
      );
      const dlqUrl = dlq.QueueUrl ?? '';
      const created = await sqs.send(
        new CreateQueueCommand({
          QueueName: spec.name,
          Attributes: {
            VisibilityTimeout: String(visibilityTimeoutSeconds),
            MessageRetentionPeriod: retention,
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: await queueArn(sqs, dlqUrl),
              maxReceiveCount,
            }),
          },
        }),
      );
      const url = created.QueueUrl ?? '';
      return {
        name: spec.name,
        url,
        arn: await queueArn(sqs, url),
        dlqName,
        dlqUrl,
        visibilityTimeoutSeconds,
        maxReceiveCount,
        batchSize: spec.batchSize,
      };
    }),
  );
  return Object.fromEntries(provisioned.map((q) => [q.name, q])) as Record<QueueName, ProvisionedQueue>;
}

/** Message counts of one queue, as SQS reports them. */
export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

export async function queueCounts(sqs: SQSClient, url: string): Promise<QueueCounts> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return {
    visible: Number(Attributes['ApproximateNumberOfMessages'] ?? 0),
    inFlight: Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0),
    delayed: Number(Attributes['ApproximateNumberOfMessagesDelayed'] ?? 0),
  };
}

/** A message kept across a restart: its body and attributes (ids and receive counts are new). */
interface SnapshotMessage {
  readonly body: string;
  readonly messageAttributes?: Record<string, MessageAttributeValue>;
}

/** Messages per queue name (topology queues and DLQs). */
type QueueSnapshot = Record<string, SnapshotMessage[]>;

/** Writes every message still held by the queues, so the next start can send them again. */
export async function saveQueueSnapshot(
  server: LocalSqsServer,
  queueNames: readonly string[],
  file: string,
): Promise<number> {
  const snapshot: QueueSnapshot = {};
  let count = 0;
  for (const name of queueNames) {
    const messages = await server.messagesOf(name);
    if (messages.length === 0) continue;
    snapshot[name] = messages;
    count += messages.length;
  }
  if (count === 0) await rm(file, { force: true });
  else await writeFile(file, `${JSON.stringify(snapshot)}\n`, { mode: 0o600 });
  return count;
}

/** JSON turned binary attribute values into base64 text; the SDK wants bytes. */
function sendableAttributes(
  attributes: Record<string, MessageAttributeValue>,
): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      typeof value.BinaryValue === 'string'
        ? { ...value, BinaryValue: Buffer.from(value.BinaryValue, 'base64') }
        : value,
    ]),
  );
}

/** Sends the messages of a snapshot file back to their queues, then removes the file. */
export async function restoreQueueSnapshot(
  sqs: SQSClient,
  urls: Readonly<Record<string, string>>,
  file: string,
): Promise<number> {
  let snapshot: QueueSnapshot;
  try {
    snapshot = JSON.parse(await readFile(file, 'utf8')) as QueueSnapshot;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw new Error(`cannot read the queue snapshot ${file}: ${(error as Error).message}`, { cause: error });
  }
  let count = 0;
  for (const [name, messages] of Object.entries(snapshot)) {
    const url = urls[name];
    if (!url) continue;
    for (let i = 0; i < messages.length; i += 10) {
      const entries = messages.slice(i, i + 10).map((m, j) => ({
        Id: String(j),
        MessageBody: m.body,
        ...(m.messageAttributes ? { MessageAttributes: sendableAttributes(m.messageAttributes) } : {}),
      }));
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
      if ((result.Failed ?? []).length > 0)
        throw new Error(`could not restore ${result.Failed?.length} message(s) to ${name}`);
      count += entries.length;
    }
  }
  await rm(file, { force: true });
  return count;
}
