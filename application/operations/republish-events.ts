/**
 * Publishing committed events again, from their history lines (docs/decisions/0020-cost-per-case.md).
 * The event relay publishes each line's event from the table's stream; a stretch it could not
 * publish for the stream's 24 hours is described in the relay's failure queue (shard, sequence
 * numbers and the instants of its first and last records), which alarms. The lines, and so the
 * events, are still in the table: an operator publishes them again by case, or by the stretch of
 * time the failure names. Consumers are idempotent per case and version, so an event the relay
 * did publish is absorbed.
 *
 * Not older than the consumers remember: the SMS sender remembers a message id for 15 days, so an
 * event older than 14 days would text the petitioner again. Such a request is refused whole.
 */
import { InvalidRequestError } from '../errors.js';
import type { Clock, CommittedEvents, EventPublisher, Logger } from '../ports.js';

export interface RepublishEventsPorts {
  readonly committedEvents: CommittedEvents;
  readonly events: EventPublisher;
  readonly clock: Clock;
  readonly logger: Pick<Logger, 'info'>;
}

export type RepublishRequest =
  | { readonly kind: 'case'; readonly caseId: string; readonly fromVersion?: number }
  | {
      readonly kind: 'between';
      readonly from: string;
      readonly to: string;
      /** Items the scan reads for this page (not events found). */
      readonly limit?: number;
      readonly cursor?: string;
    };

export interface RepublishResult {
  readonly published: number;
  readonly cases: number;
  /** For `between`: the stretch of lines read, its start 5 minutes before the one asked for. */
  readonly from?: string;
  readonly to?: string;
  /** For `between`: where the next page of the scan starts; absent once the table is read. */
  readonly cursor?: string;
}

/** Days back an event may be published again: under the SMS sender's 15 days of memory. */
const republishWithinDays = 14;
const DAY_MS = 86_400_000;
const defaultScanLimit = 1_000;
/** How much earlier than the stream's arrival times a line's transition may have been decided. */
const decidedBeforeWrittenMs = 5 * 60_000;

export async function republishEvents(
  ports: RepublishEventsPorts,
  request: RepublishRequest,
): Promise<RepublishResult> {
  const earliest = new Date(Date.parse(ports.clock.now()) - republishWithinDays * DAY_MS).toISOString();
  const tooOld = (field: string, at: string) =>
    new InvalidRequestError(
      [
        {
          field,
          problem: `${at} is more than ${republishWithinDays} days ago (before ${earliest}); the SMS sender no longer remembers what it sent then, so petitioners would be texted again`,
        },
      ],
      'request',
    );
  if (request.kind === 'case') {
    const events = await ports.committedEvents.ofCase(request.caseId, request.fromVersion ?? 1);
    const old = events.find((e) => e.occurredAt < earliest);
    if (old) throw tooOld('fromVersion', `version ${old.caseVersion} (${old.occurredAt})`);
    if (events.length > 0) await ports.events.publish(events);
    ports.logger.info('events published again', { caseId: request.caseId, published: events.length });
    return { published: events.length, cases: events.length > 0 ? 1 : 0 };
  }
  // Lines carry UTC instants (`…Z`): compare like with like, whatever offset the operator wrote.
  // A line's instant is when its transition was decided, a moment before the write the stream
  // timed: the stretch starts earlier by a margin (an event published twice is absorbed).
  if (Date.parse(request.to) < Date.parse(request.from))
    throw new InvalidRequestError(
      [{ field: 'to', problem: `must not be before from (${request.from})` }],
      'request',
    );
  const from = new Date(Date.parse(request.from) - decidedBeforeWrittenMs).toISOString();
  const to = new Date(request.to).toISOString();
  if (from < earliest) throw tooOld('from', from);
  const page = await ports.committedEvents.between(from, to, {
    limit: request.limit ?? defaultScanLimit,
    ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
  });
  if (page.items.length > 0) await ports.events.publish(page.items);
  const cases = new Set(page.items.map((e) => e.caseId)).size;
  ports.logger.info('events published again', {
    from,
    to,
    published: page.items.length,
    cases,
    more: page.cursor !== undefined,
  });
  return {
    published: page.items.length,
    cases,
    from,
    to,
    ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
  };
}
