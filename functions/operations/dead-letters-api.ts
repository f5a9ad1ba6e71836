/**
 * `GET /staff/dead-letters` and `POST /staff/dead-letters/{queue}/redrive`: the dead-letter state
 * in the staff API (issue 12). Supervisors and administrators see how many messages each queue
 * gave up on and what they refer to; administrators move a queue's dead letters back once the
 * cause is fixed. Both are audited; a refusal is audited at the edge (runtime/http.ts). The move is
 * the operator function's receive-and-send (application/operations/dead-letters.ts).
 */
import '../../domain/zod-messages.js';
import { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import {
  redriveDeadLettersAsStaff,
  type StaffDeadLetterPorts,
  showDeadLetters,
} from '../../application/operations/dead-letters.js';
import type { StaffClaimsConfig } from '../../domain/province/schema.js';
import { SqsDeadLetterQueues } from '../adapters/sqs-dead-letters.js';
import { auditTrail } from '../runtime/audit.js';
import { type Env, optional, required } from '../runtime/environment.js';
import { httpFunction, json, jsonText, parseJson, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import type { LocalServices } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { principalOf, provinceWithClaims } from '../staff/principal.js';

export interface DeadLettersApiPorts extends StaffDeadLetterPorts {
  /** Which token claims name the staff member (province configuration). */
  readonly staffClaims: StaffClaimsConfig;
  readonly logger: LambdaAwareLogger;
}

const redriveBodySchema = z.strictObject({
  max: z.optional(z.int().check(z.minimum(1), z.maximum(10_000))),
});

export function createDeadLettersApi(ports: DeadLettersApiPorts) {
  return httpFunction(async (event) => {
    const staff = principalOf(event, ports.staffClaims);
    const queue = event.pathParameters?.['queue'];
    if (event.requestContext.http.method === 'GET' || queue === undefined)
      return json(200, await showDeadLetters(ports, staff));
    const body = parseOr400(redriveBodySchema, event.body ? parseJson(jsonText(event)) : {}, 'body');
    return json(
      200,
      await redriveDeadLettersAsStaff(ports, staff, {
        queue,
        ...(body.max === undefined ? {} : { max: body.max }),
      }),
    );
  }, ports.logger);
}

/** Every queue of the topology by name, with its dead-letter queue (infra/cdk/function-environment.ts). */
const queuesSchema = z.record(z.string(), z.object({ queueUrl: z.url(), deadLetterQueueUrl: z.url() }));

export async function composeDeadLettersApi(
  env: Env,
  local: LocalServices = {},
): Promise<DeadLettersApiPorts> {
  const endpoint = optional(env, 'AWS_ENDPOINT_URL_SQS');
  const sqs = new SQSClient({
    region: optional(env, 'AWS_REGION') ?? 'cn-north-1',
    ...(endpoint ? { endpoint } : {}),
  });
  const logger = local.logger ?? lambdaLogger('dead-letters-api');
  return {
    deadLetters: new SqsDeadLetterQueues(
      sqs,
      queuesSchema.parse(JSON.parse(required(env, 'DEAD_LETTER_QUEUES'))),
    ),
    ...(await provinceWithClaims(env)),
    audit: auditTrail(logger),
    logger,
  };
}

export const handler = onLambda(() => composeDeadLettersApi(process.env), createDeadLettersApi);
