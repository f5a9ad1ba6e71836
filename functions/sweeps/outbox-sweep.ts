/**
 * Scheduled: publishes committed events that a crash or a bus failure left in the outbox. Events
 * younger than a grace period are left to the transition that wrote them.
 */
import type { Dependencies } from '../runtime/dependencies.js';
import { onLambda } from '../runtime/lambda.js';

export const outboxGraceSeconds = 30;

export function createOutboxSweep(deps: Dependencies) {
  return async (): Promise<{ published: number; read: number }> => {
    const cutoff = new Date(Date.parse(deps.clock.now()) - outboxGraceSeconds * 1000).toISOString();
    let published = 0;
    let read = 0;
    for (let round = 0; round < 10; round++) {
      const pending = await deps.cases.pendingEvents(100);
      read += pending.length;
      const due = pending.filter((e) => e.occurredAt <= cutoff);
      if (due.length === 0) break;
      await deps.events.publish(due);
      for (const event of due) await deps.cases.markPublished(event.caseId, event.caseVersion);
      published += due.length;
      if (pending.length < 100) break;
    }
    deps.logger.info('outbox sweep', { read, published });
    return { published, read };
  };
}

export const handler = onLambda(createOutboxSweep);
