import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { MessageQueue, QueueName } from '../../application/ports.js';
import { type Env, optional, queueUrlVariable, required } from '../runtime/environment.js';
import { asciiJson } from './ascii-json.js';

/** Sends JSON messages to the queues a function was granted, by name. */
export class SqsMessageQueue implements MessageQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrls: Readonly<Partial<Record<QueueName, string>>>,
  ) {}

  async send(queue: QueueName, message: unknown): Promise<void> {
    const url = this.queueUrls[queue];
    if (!url) throw new Error(`this function may not send to the ${queue} queue`);
    await this.client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: asciiJson(message) }));
  }
}

/** A queue sender for exactly the queues listed, each of which the function must have been granted. */
export function messageQueue(env: Env, queues: readonly QueueName[]): SqsMessageQueue {
  const urls = Object.fromEntries(
    queues.map((queue) => [queue, required(env, queueUrlVariable(queue)) as string]),
  );
  const endpoint = optional(env, 'AWS_ENDPOINT_URL_SQS');
  const client = new SQSClient({
    region: optional(env, 'AWS_REGION') ?? 'cn-north-1',
    ...(endpoint ? { endpoint } : {}),
  });
  return new SqsMessageQueue(client, urls);
}
