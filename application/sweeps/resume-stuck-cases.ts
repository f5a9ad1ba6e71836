/**
 * The stuck-case sweep: finds cases that wait between two automatic steps for longer than the
 * province allows (a routing message lost with a crashed queue server, or parked in a dead-letter
 * queue on AWS) and puts them back on their way by queueing their last event to the step again.
 * Today that step is routing: a case in a bureau's triage that the router never decided, or decided
 * to forward without forwarding. Every step it queues is idempotent, so a case queued twice, or
 * one that moved on meanwhile, changes nothing twice.
 */
import type { CaseRepository } from '../../domain/case/repository.js';
import { caseEventSource } from '../../events/case-event-source.js';
import type { Clock, Logger, MessageQueue, Metrics, ProvinceContext } from '../ports.js';
import { awaitsRouting } from '../routing/route-case.js';

export interface ResumeStuckCasesPorts {
  readonly cases: Pick<CaseRepository, 'holdsAnyCase' | 'inbox' | 'get' | 'lastEvent'>;
  readonly queue: MessageQueue;
  readonly province: Pick<ProvinceContext, 'config'>;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

export interface StuckCaseReport {
  /** Cases in triage looked at. */
  readonly inTriage: number;
  readonly resumed: number;
  readonly failed: number;
}

const pageSize = 100;

export async function resumeStuckCases(ports: ResumeStuckCasesPorts): Promise<StuckCaseReport> {
  const { config } = ports.province;
  const before = new Date(
    Date.parse(ports.clock.now()) - config.intake.stuckAfterMinutes * 60_000,
  ).toISOString();
  let inTriage = 0;
  let resumed = 0;
  let failed = 0;
  for (const bureau of config.units.filter((u) => u.kind === 'bureau')) {
    if (!(await ports.cases.holdsAnyCase(bureau.id))) continue;
    let cursor: string | undefined;
    do {
      const page = await ports.cases.inbox({
        unitId: bureau.id,
        stage: 'triage',
        limit: pageSize,
        ...(cursor ? { cursor } : {}),
      });
      for (const summary of page.items) {
        inTriage++;
        // One case that cannot be read or queued must not hold back the ones behind it.
        try {
          const c = await ports.cases.get(summary.caseId);
          if (!c || !awaitsRouting(c) || c.updatedAt > before) continue;
          const event = await ports.cases.lastEvent(c.caseId);
          if (!event) continue;
          await ports.queue.send('routing', {
            'detail-type': event.type,
            source: caseEventSource,
            time: event.occurredAt,
            detail: event,
          });
          resumed++;
          ports.logger.warn('stuck case resumed', { caseId: c.caseId, stage: c.stage, since: c.updatedAt });
        } catch (error) {
          failed++;
          ports.logger.error('stuck-case sweep: case not resumed', { caseId: summary.caseId, error });
        }
      }
      cursor = page.cursor;
    } while (cursor);
  }
  ports.metrics.record('stuck-case-sweep', { inTriage, resumed, failed });
  ports.logger.info('stuck-case sweep', { inTriage, resumed, failed });
  return { inTriage, resumed, failed };
}
