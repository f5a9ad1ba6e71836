/**
 * Tells the petitioner by SMS what a case event means for them (the events the bus routes to the
 * notifications queue). One message per event: its id is the event's, so a redelivered event is
 * sent at most once by the SMS sender.
 */
import type { CaseEvent } from '../../domain/case/events.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import { eventSms } from '../../domain/notifications/sms-texts.js';
import type { ProvinceContext } from '../ports.js';
import { type QueueSmsPorts, queueSms } from './queue-sms.js';

export interface NotifyPetitionerPorts extends QueueSmsPorts {
  readonly cases: Pick<CaseRepository, 'get'>;
  readonly province: Pick<ProvinceContext, 'directory' | 'config'>;
  readonly publicBaseUrl: string;
}

export async function notifyPetitioner(ports: NotifyPetitionerPorts, event: CaseEvent): Promise<void> {
  // A copy at least as new as the event serves (half the read units of a consistent read).
  const c = await ports.cases.get(event.caseId, { atLeastVersion: event.caseVersion });
  if (!c) throw new Error(`event for unknown case ${event.caseId}`);
  const unitName = (id: string) => ports.province.directory.findUnit(id)?.name ?? id;
  const sms = eventSms(ports.province.config.sms, event, c, unitName, ports.publicBaseUrl);
  // Only a petitioner who gave a mobile number can be told by SMS.
  if (!sms || !c.petitioner.sealedContact || !c.petitioner.maskedPhone) return;
  await queueSms(ports, {
    messageId: `${event.caseId}:${event.caseVersion}`,
    caseId: c.caseId,
    sealedContact: c.petitioner.sealedContact,
    sms,
  });
}
