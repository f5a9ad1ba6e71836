/**
 * Hands a text message to the SMS sender through its queue: the number (inside a sealed contact)
 * and the text travel sealed, and the sender sends each `messageId` at most once.
 */
import type { RenderedSms } from '../../domain/notifications/sms-templates.js';
import type { MessageQueue, PersonalData, QueuedSms } from '../ports.js';

export interface QueueSmsPorts {
  readonly queue: MessageQueue;
  readonly personalData: Pick<PersonalData, 'seal'>;
}

export interface SmsRequest {
  /** Stable for what the message says: a redelivered request gets the same id. */
  readonly messageId: string;
  readonly caseId?: string;
  /** Sealed JSON holding `phone`. */
  readonly sealedContact: string;
  /** The message as the province's template renders it (domain/notifications/sms-templates.ts). */
  readonly sms: RenderedSms;
}

export async function queueSms(ports: QueueSmsPorts, request: SmsRequest): Promise<void> {
  const message: QueuedSms = {
    kind: 'sms.requested',
    version: 1,
    messageId: request.messageId,
    ...(request.caseId ? { caseId: request.caseId } : {}),
    sealedContact: request.sealedContact,
    sealedText: await ports.personalData.seal(request.sms.text),
    sealedTemplate: await ports.personalData.seal(JSON.stringify(request.sms.template)),
  };
  await ports.queue.send('sms', message);
}

/** A sealed contact holding only a phone number, for a reply to a number that has no case. */
export async function sealPhone(ports: QueueSmsPorts, phone: string): Promise<string> {
  return ports.personalData.seal(JSON.stringify({ phone }));
}
