/** Casework queue consumer: does what is due on each case a sweep queued (application/casework). */
import { type DoDueWorkPorts, doDueWork } from '../../application/casework/do-due-work.js';
import { caseDueMessageSchema } from '../../events/casework.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { provinceOf } from '../runtime/province.js';
import { queueFunction } from '../runtime/sqs.js';

export type CaseworkConsumerPorts = DoDueWorkPorts;

export function createCaseworkConsumer(ports: CaseworkConsumerPorts) {
  return queueFunction(
    'casework',
    caseDueMessageSchema,
    (message) => doDueWork(ports, message.caseId),
    ports.logger,
  );
}

export async function composeCaseworkConsumer(
  env: Env,
  local: LocalServices = {},
): Promise<CaseworkConsumerPorts> {
  return {
    cases: caseRepository(env),
    province: await provinceOf(env),
    clock: local.clock ?? systemClock,
    logger: local.logger ?? lambdaLogger('casework-consumer'),
  };
}

export const handler = onLambda(() => composeCaseworkConsumer(process.env), createCaseworkConsumer);
