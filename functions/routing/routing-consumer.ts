/** Routing queue consumer (分流): routes each case the bus says reached triage (application/routing). */
import { type RouteCasePorts, routeCase } from '../../application/routing/route-case.js';
import { busEnvelopeSchema } from '../../events/case-events.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { provinceOf } from '../runtime/province.js';
import { topicClassifierOf } from '../runtime/routing-model.js';
import { queueFunction } from '../runtime/sqs.js';

export type RoutingConsumerPorts = RouteCasePorts;

export function createRoutingConsumer(ports: RoutingConsumerPorts) {
  return queueFunction(
    'routing',
    busEnvelopeSchema,
    ({ detail }) => routeCase(ports, detail.caseId, detail.caseVersion),
    ports.logger,
  );
}

export async function composeRoutingConsumer(
  env: Env,
  local: LocalServices = {},
): Promise<RoutingConsumerPorts> {
  return {
    cases: caseRepository(env),
    province: await provinceOf(env),
    classifier: await topicClassifierOf(env),
    clock: local.clock ?? systemClock,
    logger: local.logger ?? lambdaLogger('routing-consumer'),
  };
}

export const handler = onLambda(() => composeRoutingConsumer(process.env), createRoutingConsumer);
