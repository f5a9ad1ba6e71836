/**
 * What a runtime other than Lambda may put in place of a function's own services: the local
 * runtime's simulated clock, its event bus and SMS outbox, its log sink. Each replaces the
 * implementation only: a function must still have been granted the variables of what it replaces
 * (its composition reads them first), so a function that uses what it was not granted fails
 * locally exactly as it would on AWS.
 */
import type {
  Clock,
  EventPublisher,
  HotspotEventPublisher,
  Logger,
  Metrics,
  SmsGateway,
} from '../../application/ports.js';

export interface LocalServices {
  readonly clock?: Clock;
  readonly events?: EventPublisher;
  readonly hotspotEvents?: HotspotEventPublisher;
  readonly sms?: SmsGateway;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

/** Real time: on Lambda the only clock; locally, transport security that must not follow a simulated one. */
export const systemClock: Clock = { now: () => new Date().toISOString() };

/** The adapter the environment grants, unless the runtime puts its own in its place. */
export function granted<T>(build: () => T, local: T | undefined): T {
  const real = build();
  return local ?? real;
}
