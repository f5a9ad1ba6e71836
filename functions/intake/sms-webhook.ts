/**
 * POST /webhooks/sms: inbound SMS (issue #4 contract), signed by the SMS gateway. A rating reply,
 * a status query or a new petition (application/intake/receive-sms.ts); replies go out through the
 * SMS queue.
 */
import { InvalidRequestError } from '../../application/errors.js';
import { type ReceiveSmsPorts, receiveSms } from '../../application/intake/receive-sms.js';
import type { Clock, WebhookSecrets } from '../../application/ports.js';
import { normalisePhone } from '../../domain/intake/normalise.js';
import { smsMessageSchema } from '../../events/submissions.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { submissionStore } from '../adapters/dynamodb/submission-store.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import { webhookSecrets } from '../adapters/webhook-secrets.js';
import type { Env } from '../runtime/environment.js';
import { httpFunction, json } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { provinceOf } from '../runtime/province.js';
import { signedBody } from '../runtime/webhook-signature.js';

export interface SmsWebhookPorts extends ReceiveSmsPorts {
  readonly webhookSecrets: WebhookSecrets;
  readonly wallClock: Clock;
}

export function createSmsWebhook(ports: SmsWebhookPorts) {
  return httpFunction(async (event) => {
    const body = await signedBody(event, 'sms', smsMessageSchema, ports);
    const phone = normalisePhone(body.from);
    if (!phone) throw new InvalidRequestError([{ field: 'from', problem: 'not a mainland mobile number' }]);
    const outcome = await receiveSms(ports, {
      messageId: body.messageId,
      phone,
      text: body.text,
      receivedAt: new Date(Date.parse(body.receivedAt)).toISOString(),
    });
    return json(202, { messageId: body.messageId, ...outcome });
  }, ports.logger);
}

export async function composeSmsWebhook(env: Env, local: LocalServices = {}): Promise<SmsWebhookPorts> {
  return {
    cases: caseRepository(env),
    submissions: submissionStore(env),
    queue: messageQueue(env, ['intake', 'sms']),
    personalData: await personalDataProtector(env),
    province: await provinceOf(env),
    webhookSecrets: webhookSecrets(env, systemClock),
    clock: local.clock ?? systemClock,
    wallClock: systemClock,
    logger: local.logger ?? lambdaLogger('sms-webhook'),
  };
}

export const handler = onLambda(() => composeSmsWebhook(process.env), createSmsWebhook);
