/**
 * Publishes committed events that a crash or a bus failure left in the outbox. Events younger than
 * a grace period are left to the transition that wrote them.
 */
import type { CaseEventOutbox, Clock, EventPublisher, Logger } from '../ports.js';

const outboxGraceSeconds = 30;

export interface PublishOutboxPorts {
  readonly cases: CaseEventOutbox;
  readonly events: EventPublisher;
  readonly clock: Clock;
  readonly logger: Logger;
}

export async function publishOutbox(
  ports: PublishOutboxPorts,
): Promise<{ published: number; read: number; failed: number }> {
  const cutoff = new Date(Date.parse(ports.clock.now()) - outboxGraceSeconds * 1000).toISOString();
  let published = 0;
  let read = 0;
  const failedEvents = new Set<string>();
  for (let round = 0; round < 10; round++) {
    const pending = await ports.cases.pendingEvents(100);
    read += pending.length;
    const due = pending.filter(
      (e) => e.occurredAt <= cutoff && !failedEvents.has(`${e.caseId}#${e.caseVersion}`),
    );
    if (due.length === 0) break;
    // One event the bus refuses must not hold back the ones behind it: each is published alone.
    for (const event of due) {
      try {
        await ports.events.publish([event]);
        await ports.cases.markPublished(event.caseId, event.caseVersion);
        published++;
      } catch (error) {
        failedEvents.add(`${event.caseId}#${event.caseVersion}`);
        ports.logger.error('outbox sweep: event not published', {
          caseId: event.caseId,
          caseVersion: event.caseVersion,
          error,
        });
      }
    }
    if (pending.length < 100) break;
  }
  ports.logger.info('outbox sweep', { read, published, failed: failedEvents.size });
  return { published, read, failed: failedEvents.size };
}
