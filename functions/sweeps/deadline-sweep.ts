/**
 * Scheduled every 5 minutes (issue #7): reads the cases with a checkpoint at or before now from the
 * sparse due-time index (never the table) and hands each to the casework queue. The sweep itself
 * changes nothing, so running it twice, or after a crash half-way, only queues work again, and
 * the casework consumer does nothing for a case with nothing left due.
 */
import type { CaseDueMessage } from '../../events/casework.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { onLambda } from '../runtime/lambda.js';
import { emitMetrics } from '../runtime/metrics.js';

export interface SweepReport {
  readonly itemsRead: number;
  readonly itemsDue: number;
  readonly itemsQueued: number;
  readonly durationMs: number;
}

export function createDeadlineSweep(deps: Dependencies) {
  return async (): Promise<SweepReport> => {
    const started = Date.parse(deps.wallClock.now());
    const now = deps.clock.now();
    let cursor: string | undefined;
    let itemsRead = 0;
    let itemsQueued = 0;
    do {
      const page = await deps.cases.dueBefore(now, { limit: 500, ...(cursor ? { cursor } : {}) });
      itemsRead += page.items.length;
      for (const due of page.items) {
        const message: CaseDueMessage = {
          kind: 'case.due',
          version: 1,
          caseId: due.caseId,
          checkpointAt: due.checkpointAt,
        };
        await deps.queues.send('casework', message);
        itemsQueued++;
      }
      cursor = page.cursor;
    } while (cursor);
    const report = {
      itemsRead,
      itemsDue: itemsRead,
      itemsQueued,
      durationMs: Date.parse(deps.wallClock.now()) - started,
    };
    emitMetrics(deps.logger, 'deadline-sweep', {
      ItemsRead: [report.itemsRead, 'Count'],
      ItemsDue: [report.itemsDue, 'Count'],
      ItemsActedOn: [report.itemsQueued, 'Count'],
      Duration: [report.durationMs, 'Milliseconds'],
    });
    return report;
  };
}

export const handler = onLambda(createDeadlineSweep);
