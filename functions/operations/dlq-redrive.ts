/**
 * The operator's dead-letter redrive, invoked by hand (no trigger). On AWS:
 *
 *   aws lambda invoke --function-name <DlqRedriveFunctionName output> \
 *     --cli-binary-format raw-in-base64-out --payload '{"action":"list"}' out.json
 *   aws lambda invoke --function-name <DlqRedriveFunctionName output> \
 *     --cli-binary-format raw-in-base64-out --payload '{"action":"redrive","queue":"sms"}' out.json
 *
 * Locally `npm run dlq -- list|redrive <queue>` invokes this same function in the running runtime.
 * The use case is application/operations/dead-letters.ts; the move is receive-and-send
 * (functions/adapters/sqs-dead-letters.ts), for the regions without SQS's own redrive. Only an
 * operator allowed lambda:InvokeFunction on it can run it.
 */
import '../../domain/zod-messages.js';
import { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import {
  type DeadLetterPorts,
  listDeadLetters,
  redriveDeadLetters,
} from '../../application/operations/dead-letters.js';
import type { DeadLetterCount, RedriveResult } from '../../application/ports.js';
import { SqsDeadLetterQueues } from '../adapters/sqs-dead-letters.js';
import { type Env, optional, required } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import type { LocalServices } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';

const requestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('list') }),
  z.object({
    action: z.literal('redrive'),
    queue: z.string().check(z.minLength(1)),
    max: z.optional(z.int().check(z.positive())),
  }),
]);

export type DlqRedriveAnswer =
  | { readonly deadLetters: Readonly<Record<string, DeadLetterCount>> }
  | ({ readonly queue: string } & RedriveResult);

export function createDlqRedrive(ports: DeadLetterPorts) {
  return async (event: unknown): Promise<DlqRedriveAnswer> => {
    const request = requestSchema.parse(event);
    if (request.action === 'list') return { deadLetters: await listDeadLetters(ports) };
    return redriveDeadLetters(ports, {
      queue: request.queue,
      ...(request.max === undefined ? {} : { max: request.max }),
    });
  };
}

/** Every queue of the topology by name, with its dead-letter queue (infra/cdk/function-environment.ts). */
const queuesSchema = z.record(z.string(), z.object({ queueUrl: z.url(), deadLetterQueueUrl: z.url() }));

export async function composeDlqRedrive(env: Env, local: LocalServices = {}): Promise<DeadLetterPorts> {
  const endpoint = optional(env, 'AWS_ENDPOINT_URL_SQS');
  const sqs = new SQSClient({
    region: optional(env, 'AWS_REGION') ?? 'cn-north-1',
    ...(endpoint ? { endpoint } : {}),
  });
  return {
    deadLetters: new SqsDeadLetterQueues(
      sqs,
      queuesSchema.parse(JSON.parse(required(env, 'DEAD_LETTER_QUEUES'))),
    ),
    logger: local.logger ?? lambdaLogger('dlq-redrive'),
  };
}

export const handler = onLambda(() => composeDlqRedrive(process.env), createDlqRedrive);
