/**
 * Counts a case event into the assessment counters of the units it concerns, per Asia/Shanghai
 * month (DESIGN.md §2 step 11). What counts is decided in domain/assessment/kpis.ts; the store
 * applies an event at most once (docs/decisions/0006-assessment-counters.md).
 */
import { countedEventTypes, kpiIncrements } from '../../domain/assessment/kpis.js';
import type { CaseEvent } from '../../domain/case/events.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import type { AssessmentStore, Logger, ProvinceContext } from '../ports.js';

export interface CountEventPorts {
  readonly cases: Pick<CaseRepository, 'get'>;
  readonly assessment: Pick<AssessmentStore, 'apply'>;
  readonly province: Pick<ProvinceContext, 'config'>;
  readonly logger: Logger;
}

export async function countEvent(ports: CountEventPorts, event: CaseEvent): Promise<void> {
  // The bus routes only these; anything else delivered here counts nothing and costs no read.
  if (!(countedEventTypes as readonly string[]).includes(event.type)) return;
  // A copy at least as new as the event serves (half the read units of a consistent read).
  const c = await ports.cases.get(event.caseId, { atLeastVersion: event.caseVersion });
  if (!c) throw new Error(`event for unknown case ${event.caseId}`);
  const increments = kpiIncrements(event, c, {
    registrationGraceDays: ports.province.config.escalation.registrationGraceDays,
  });
  if (increments.length === 0) return;
  const applied = await ports.assessment.apply(event, increments);
  ports.logger.info(applied ? 'assessment counted' : 'assessment already counted', {
    caseId: event.caseId,
    caseVersion: event.caseVersion,
    event: event.type,
    units: increments.map((i) => i.unitId),
  });
}
