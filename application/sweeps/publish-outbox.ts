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

export async function publishOutbox(ports: PublishOutboxPorts): Promise<{ published: number; read: number }> {
  const cutoff = new Date(Date.parse(ports.clock.now()) - outboxGraceSeconds * 1000).toISOString();
  let published = 0;
  let read = 0;
  for (let round = 0; round < 10; round++) {
    const pending = await ports.cases.pendingEvents(100);
    read += pending.length;
    const due = pending.filter((e) => e.occurredAt <= cutoff);
    if (due.length === 0) break;
    await ports.events.publish(due);
    for (const event of due) await ports.cases.markPublished(event.caseId, event.caseVersion);
    published += due.length;
    if (pending.length < 100) break;
  }
  ports.logger.info('outbox sweep', { read, published });
  return { published, read };
}
