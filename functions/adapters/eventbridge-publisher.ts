import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { CaseEvent } from '../../domain/case/events.js';
import type { EventPublisher } from '../../domain/ports.js';
import { caseEventSource } from '../../events/case-event-source.js';
import { type HotspotWarningRaised, hotspotEventSource } from '../../events/hotspot-events.js';
import { type Env, optional, required } from '../runtime/environment.js';
import { asciiJson } from './ascii-json.js';

/** The EventBridge entry for a case event: `detail-type` is the event type, `detail` the event. */
export function toBusEntry(event: CaseEvent, busName: string, source: string) {
  return {
    EventBusName: busName,
    Source: source,
    DetailType: event.type,
    Time: new Date(event.occurredAt),
    Detail: asciiJson(event),
  };
}

/** Publishes case events to EventBridge, ten per call, failing loudly on any rejected entry. */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly source: string,
  ) {}

  async publish(events: readonly CaseEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10);
      const result = await this.client.send(
        new PutEventsCommand({ Entries: batch.map((e) => toBusEntry(e, this.busName, this.source)) }),
      );
      if ((result.FailedEntryCount ?? 0) > 0) {
        const failed = (result.Entries ?? []).filter((e) => e.ErrorCode).map((e) => e.ErrorCode);
        throw new Error(
          `EventBridge rejected ${result.FailedEntryCount} of ${batch.length} events: ${failed.join(', ')}`,
        );
      }
    }
  }
}

/** The event publisher of a function granted the bus. */
export function eventPublisher(env: Env): EventBridgePublisher {
  return new EventBridgePublisher(
    new EventBridgeClient({ region: optional(env, 'AWS_REGION') ?? 'cn-north-1' }),
    required(env, 'EVENT_BUS_NAME'),
    optional(env, 'EVENT_SOURCE') ?? caseEventSource,
  );
}

/** Publishes hot-issue events (issue 16) to the same bus, under their own source. */
class HotspotEventBridgePublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publishHotspotEvents(events: readonly HotspotWarningRaised[]): Promise<void> {
    if (events.length === 0) return;
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: events.map((e) => ({
          EventBusName: this.busName,
          Source: hotspotEventSource,
          DetailType: e.type,
          Time: new Date(e.raisedAt),
          Detail: asciiJson(e),
        })),
      }),
    );
    if ((result.FailedEntryCount ?? 0) > 0)
      throw new Error(`EventBridge rejected ${result.FailedEntryCount} of ${events.length} hot-issue events`);
  }
}

/** The hot-issue event publisher of a function granted the bus. */
export function hotspotEventPublisher(env: Env): HotspotEventBridgePublisher {
  return new HotspotEventBridgePublisher(
    new EventBridgeClient({ region: optional(env, 'AWS_REGION') ?? 'cn-north-1' }),
    required(env, 'EVENT_BUS_NAME'),
  );
}
