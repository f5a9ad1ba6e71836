/**
 * The event relay (docs/decisions/0020-cost-per-case.md): the table's stream delivers every history
 * line written, in write order per case; the relay publishes their events to the bus in that order.
 * A failure fails the whole delivery, which the stream gives again (at least once): consumers are
 * idempotent, so an event published twice changes nothing twice.
 */
import type { CaseEvent } from '../../domain/case/events.js';
import type { EventPublisher, Logger } from '../ports.js';

export interface RelayCommittedEventsPorts {
  readonly events: EventPublisher;
  readonly logger: Logger;
}

export async function relayCommittedEvents(
  ports: RelayCommittedEventsPorts,
  committed: readonly CaseEvent[],
): Promise<{ published: number }> {
  if (committed.length > 0) await ports.events.publish(committed);
  return { published: committed.length };
}
