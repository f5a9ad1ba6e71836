/**
 * Tells the units concerned by a case event what they must do, in their notification feed. Who is
 * told what is decided in domain/notifications/staff-alerts.ts; an alert's key comes from the event,
 * so a redelivered event stores nothing new.
 */
import type { CaseEvent } from '../../domain/case/events.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import { staffAlertsFor } from '../../domain/notifications/staff-alerts.js';
import type { Logger, ProvinceContext, StaffFeed } from '../ports.js';

export interface AlertStaffPorts {
  readonly cases: Pick<CaseRepository, 'get'>;
  readonly staffFeed: Pick<StaffFeed, 'add'>;
  readonly province: Pick<ProvinceContext, 'directory'>;
  readonly logger: Logger;
}

export async function alertStaff(ports: AlertStaffPorts, event: CaseEvent): Promise<void> {
  // A copy at least as new as the event serves (half the read units of a consistent read).
  const c = await ports.cases.get(event.caseId, { atLeastVersion: event.caseVersion });
  if (!c) throw new Error(`event for unknown case ${event.caseId}`);
  const alerts = staffAlertsFor(event, c, ports.province.directory);
  if (alerts.length === 0) return;
  const added = await ports.staffFeed.add(alerts);
  ports.logger.info('staff alerted', {
    caseId: event.caseId,
    caseVersion: event.caseVersion,
    event: event.type,
    units: alerts.map((a) => a.unitId),
    added,
  });
}
