/**
 * The deadline sweep: reads the cases with a checkpoint at or before now from the sparse due-time
 * index (never the table) and hands each to the casework queue. It changes nothing itself, so
 * running it twice, or after a crash half-way, only queues work again, and the casework consumer
 * does nothing for a case with nothing left due.
 */
import type { CaseRepository } from '../../domain/case/repository.js';
import type { CaseDueMessage } from '../../events/casework.js';
import type { Clock, Logger, MessageQueue, Metrics } from '../ports.js';

export interface QueueDueCasesPorts {
  readonly cases: Pick<CaseRepository, 'dueBefore'>;
  readonly queue: MessageQueue;
  readonly clock: Clock;
  readonly wallClock: Clock;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

export interface SweepReport {
  readonly itemsRead: number;
  readonly itemsDue: number;
  readonly itemsQueued: number;
  readonly durationMs: number;
}

export async function queueDueCases(ports: QueueDueCasesPorts): Promise<SweepReport> {
  const started = Date.parse(ports.wallClock.now());
  const now = ports.clock.now();
  let cursor: string | undefined;
  let itemsRead = 0;
  let itemsQueued = 0;
  do {
    const page = await ports.cases.dueBefore(now, { limit: 500, ...(cursor ? { cursor } : {}) });
    itemsRead += page.items.length;
    for (const due of page.items) {
      const message: CaseDueMessage = {
        kind: 'case.due',
        version: 1,
        caseId: due.caseId,
        checkpointAt: due.checkpointAt,
      };
      await ports.queue.send('casework', message);
      itemsQueued++;
    }
    cursor = page.cursor;
  } while (cursor);
  const report = {
    itemsRead,
    itemsDue: itemsRead,
    itemsQueued,
    durationMs: Date.parse(ports.wallClock.now()) - started,
  };
  ports.metrics.record(
    'deadline-sweep',
    { ItemsRead: report.itemsRead, ItemsDue: report.itemsDue, ItemsActedOn: report.itemsQueued },
    report.durationMs,
  );
  return report;
}
