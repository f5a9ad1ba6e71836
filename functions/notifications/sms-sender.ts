/**
 * SMS queue consumer: opens each queued message and sends it through the province's SMS gateway,
 * at most once per message id (application/sms/send-sms.ts). The only function that holds the SMS
 * provider's grant and sees numbers in clear.
 */
import { type SendSmsPorts, sendSms } from '../../application/sms/send-sms.js';
import { queuedSmsSchema } from '../../events/sms.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import { IdempotentSmsGateway, sentSmsRecords } from '../adapters/sms/idempotent-sms-gateway.js';
import { smsGateway } from '../adapters/sms/sms-gateway.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { granted, type LocalServices } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { queueFunction } from '../runtime/sqs.js';

export interface SmsSenderPorts extends SendSmsPorts {
  /** The gateway, told each invocation's Lambda context when it wants it (the idempotent one). */
  readonly sms: SendSmsPorts['sms'] & Partial<Pick<IdempotentSmsGateway, 'registerLambdaContext'>>;
  readonly logger: LambdaAwareLogger;
}

export function createSmsSender(ports: SmsSenderPorts) {
  return queueFunction(
    'sms',
    queuedSmsSchema,
    async (message) => {
      const outcome = await sendSms(ports, message);
      ports.logger.info('sms handled', { messageId: message.messageId, caseId: message.caseId, outcome });
    },
    ports.logger,
  ).use({ before: ({ context }) => ports.sms.registerLambdaContext?.(context) });
}

export async function composeSmsSender(env: Env, local: LocalServices = {}): Promise<SmsSenderPorts> {
  return {
    personalData: await personalDataProtector(env),
    sms: new IdempotentSmsGateway(
      granted(() => smsGateway(env), local.sms),
      sentSmsRecords(env),
    ),
    logger: local.logger ?? lambdaLogger('sms-sender'),
  };
}

export const handler = onLambda(() => composeSmsSender(process.env), createSmsSender);
