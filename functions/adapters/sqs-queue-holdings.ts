/**
 * A queue's holdings by SQS's own counts: waiting, in flight and delayed messages of the queue,
 * waiting and in-flight ones of its dead-letter queue (ApproximateNumberOf…; on AWS they lag by
 * up to a minute, which the intake sweep allows for by erring towards a backlog).
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { QueueHoldings, QueueName } from '../../application/ports.js';
import {
  deadLetterQueueUrlVariable,
  type Env,
  optional,
  queueUrlVariable,
  required,
} from '../runtime/environment.js';

/** The queues whose holdings a function may count. */
type CountedQueue = 'intake';

const counted = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

export class SqsQueueHoldings implements QueueHoldings {
  constructor(
    private readonly client: Pick<SQSClient, 'send'>,
    private readonly urls: Readonly<
      Partial<Record<QueueName, { queueUrl: string; deadLetterQueueUrl: string }>>
    >,
  ) {}

  async held(queue: QueueName): Promise<number> {
    const urls = this.urls[queue];
    if (!urls) throw new Error(`this function may not count the ${queue} queue`);
    const counts = await Promise.all(
      [urls.queueUrl, urls.deadLetterQueueUrl].map(async (url) => {
        const { Attributes = {} } = await this.client.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...counted] }),
        );
        return counted.reduce((sum, name) => sum + Number(Attributes[name] ?? 0), 0);
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }
}

/** The holdings of exactly the queues listed, each of which the function must have been granted. */
export function queueHoldings(env: Env, queues: readonly CountedQueue[]): SqsQueueHoldings {
  const urls = Object.fromEntries(
    queues.map((queue) => [
      queue,
      {
        queueUrl: required(env, queueUrlVariable(queue)) as string,
        deadLetterQueueUrl: required(env, deadLetterQueueUrlVariable(queue)) as string,
      },
    ]),
  );
  const endpoint = optional(env, 'AWS_ENDPOINT_URL_SQS');
  const client = new SQSClient({
    region: optional(env, 'AWS_REGION') ?? 'cn-north-1',
    ...(endpoint ? { endpoint } : {}),
  });
  return new SqsQueueHoldings(client, urls);
}
