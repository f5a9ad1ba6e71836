/**
 * The SMS sender: opens a queued message (the number and the text travel sealed) and hands it to
 * the province's SMS gateway. The gateway is wrapped so that a `messageId` is sent at most once
 * (functions/adapters/sms/idempotent-sms-gateway.ts), whatever the queue redelivers.
 */
import { normalisePhone } from '../../domain/intake/normalise.js';
import { smsTemplateUseSchema } from '../../events/sms.js';
import type { PersonalData, QueuedSms, SmsGateway } from '../ports.js';

export interface SendSmsPorts {
  readonly personalData: Pick<PersonalData, 'open'>;
  readonly sms: SmsGateway;
}

/** What became of a queued message. */
export type SmsSendOutcome = 'sent' | 'no_phone';

export async function sendSms(ports: SendSmsPorts, message: QueuedSms): Promise<SmsSendOutcome> {
  const contact = JSON.parse(await ports.personalData.open(message.sealedContact)) as { phone?: unknown };
  const phone = typeof contact.phone === 'string' ? normalisePhone(contact.phone) : undefined;
  // A contact without a mobile number cannot be told by SMS; the message is done with.
  if (!phone) return 'no_phone';
  const template = message.sealedTemplate
    ? smsTemplateUseSchema.parse(JSON.parse(await ports.personalData.open(message.sealedTemplate)))
    : undefined;
  await ports.sms.send({
    messageId: message.messageId,
    to: phone,
    text: await ports.personalData.open(message.sealedText),
    ...(template ? { template } : {}),
    ...(message.caseId ? { caseId: message.caseId } : {}),
  });
  return 'sent';
}
