/** Intake queue consumer: registers accepted submissions and queues the receipt SMS. */
import {
  type RegisterSubmissionPorts,
  registerSubmission,
} from '../../application/intake/register-submission.js';
import { intakeMessageSchema } from '../../events/submissions.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { submissionStore } from '../adapters/dynamodb/submission-store.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import { type Env, required } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { provinceOf } from '../runtime/province.js';
import { queueFunction } from '../runtime/sqs.js';

export type IntakeConsumerPorts = RegisterSubmissionPorts;

export function createIntakeConsumer(ports: IntakeConsumerPorts) {
  return queueFunction(
    'intake',
    intakeMessageSchema,
    (message) => registerSubmission(ports, message),
    ports.logger,
  );
}

export async function composeIntakeConsumer(
  env: Env,
  local: LocalServices = {},
): Promise<IntakeConsumerPorts> {
  return {
    cases: caseRepository(env),
    submissions: submissionStore(env),
    queue: messageQueue(env, ['sms']),
    personalData: await personalDataProtector(env),
    province: await provinceOf(env),
    clock: local.clock ?? systemClock,
    logger: local.logger ?? lambdaLogger('intake-consumer'),
    publicBaseUrl: required(env, 'PUBLIC_BASE_URL'),
  };
}

export const handler = onLambda(() => composeIntakeConsumer(process.env), createIntakeConsumer);
