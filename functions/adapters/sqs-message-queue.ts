import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageQueue } from '../../domain/ports.js';

/** Sends JSON messages to the topology's queues by name. */
export class SqsMessageQueue implements MessageQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrls: Readonly<Record<string, string>>,
  ) {}

  async send(queue: string, message: unknown, options: { delaySeconds?: number } = {}): Promise<void> {
    const url = this.queueUrls[queue];
    if (!url) throw new Error(`no URL configured for queue '${queue}'`);
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: JSON.stringify(message),
        ...(options.delaySeconds ? { DelaySeconds: options.delaySeconds } : {}),
      }),
    );
  }
}
