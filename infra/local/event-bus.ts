/**
 * The local event bus: what EventBridge does with the platform's events. Each case event is
 * wrapped in the envelope EventBridge would deliver, matched against every rule of the topology,
 * and the envelope JSON is sent to each matching rule's target queue (as an SQS rule target does).
 */
import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '../../domain/case/transitions.js';
import type { EventPublisher } from '../../domain/ports.js';
import { type HotspotWarningRaised, hotspotEventSource } from '../../events/hotspot-events.js';
import { asciiJson } from '../../functions/adapters/ascii-json.js';
import type { BusRule, QueueName } from '../topology.js';
import { type EventPattern, matchesEventPattern, validateEventPattern } from './event-pattern.js';

/** The event as EventBridge delivers it to a target. */
export interface BusEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: CaseEvent;
}

export interface LocalEventBusOptions {
  readonly rules: readonly BusRule[];
  readonly source: string;
  readonly region: string;
  readonly account?: string;
  /** Sends a message body to a topology queue. */
  readonly send: (queue: QueueName, body: string) => Promise<void>;
  readonly log?: (line: string) => void;
}

/** EventBridge writes `time` without fractional seconds. */
function busTime(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class LocalEventBus implements EventPublisher {
  readonly #rules: readonly { readonly rule: BusRule; readonly pattern: EventPattern }[];

  /** Validates every rule pattern: a bad pattern stops the runtime at start, not at first use. */
  constructor(private readonly options: LocalEventBusOptions) {
    this.#rules = options.rules.map((rule) => {
      try {
        return { rule, pattern: validateEventPattern(rule.pattern) };
      } catch (error) {
        throw new Error(`bus rule '${rule.name}': ${(error as Error).message}`, { cause: error });
      }
    });
  }

  /** The envelope EventBridge would deliver for `event`. */
  envelope(event: CaseEvent): BusEnvelope {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': event.type,
      source: this.options.source,
      account: this.options.account ?? '000000000000',
      time: busTime(event.occurredAt),
      region: this.options.region,
      resources: [],
      detail: event,
    };
  }

  /** The rules an envelope matches. */
  matchingRules(envelope: BusEnvelope): BusRule[] {
    return this.#rules
      .filter(({ pattern }) => matchesEventPattern(pattern, envelope))
      .map(({ rule }) => rule);
  }

  async publish(events: readonly CaseEvent[]): Promise<void> {
    for (const event of events) {
      const envelope = this.envelope(event);
      const rules = this.matchingRules(envelope);
      if (rules.length === 0) continue;
      const body = asciiJson(envelope);
      // Fails the publish (and so the relay's record) if any target cannot be reached: at least once.
      await Promise.all(rules.map((rule) => this.options.send(rule.targetQueue, body)));
      this.options.log?.(
        `bus: ${event.type} ${event.caseId} v${event.caseVersion} → ${rules.map((r) => `${r.name}→${r.targetQueue}`).join(', ')}`,
      );
    }
  }

  /** Hot-issue events go out under their own source; rules that match them are served like any other. */
  async publishHotspotEvents(events: readonly HotspotWarningRaised[]): Promise<void> {
    for (const event of events) {
      const envelope = {
        version: '0',
        id: randomUUID(),
        'detail-type': event.type,
        source: hotspotEventSource,
        account: this.options.account ?? '000000000000',
        time: busTime(event.raisedAt),
        region: this.options.region,
        resources: [],
        detail: event,
      };
      const rules = this.matchingRules(envelope as unknown as BusEnvelope);
      const body = asciiJson(envelope);
      await Promise.all(rules.map((rule) => this.options.send(rule.targetQueue, body)));
      this.options.log?.(
        `bus: ${event.type} ${event.warningId} → ${rules.map((r) => r.name).join(', ') || 'no rule'}`,
      );
    }
  }
}
