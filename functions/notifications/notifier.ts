/** Notifications queue consumer: queues the SMS that tells the petitioner what a case event means. */
import {
  type NotifyPetitionerPorts,
  notifyPetitioner,
} from '../../application/notifications/notify-petitioner.js';
import { busEnvelopeSchema } from '../../events/case-events.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import { type Env, required } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import type { LocalServices } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { provinceDirectoryOf } from '../runtime/province.js';
import { queueFunction } from '../runtime/sqs.js';

export interface NotifierPorts extends NotifyPetitionerPorts {
  readonly logger: LambdaAwareLogger;
}

export function createNotifier(ports: NotifierPorts) {
  return queueFunction(
    'notifications',
    busEnvelopeSchema,
    ({ detail }) => notifyPetitioner(ports, detail),
    ports.logger,
  );
}

export async function composeNotifier(env: Env, local: LocalServices = {}): Promise<NotifierPorts> {
  return {
    cases: caseRepository(env),
    queue: messageQueue(env, ['sms']),
    personalData: await personalDataProtector(env),
    province: await provinceDirectoryOf(env),
    publicBaseUrl: required(env, 'PUBLIC_BASE_URL'),
    logger: local.logger ?? lambdaLogger('notifier'),
  };
}

export const handler = onLambda(() => composeNotifier(process.env), createNotifier);
