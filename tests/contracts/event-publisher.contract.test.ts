/**
 * The EventPublisher port: the EventBridge adapter (against aws-sdk-client-mock), the local
 * runtime's bus and the test platform's recorder keep the same promises: every event published
 * as it is, in order, or an error (the caller then leaves it in the outbox).
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../domain/case/events.js';
import type { EventPublisher } from '../../domain/ports.js';
import { EventBridgePublisher } from '../../functions/adapters/eventbridge-publisher.js';
import { LocalEventBus } from '../../infra/local/event-bus.js';
import { topology } from '../../infra/topology.js';

const { eventSource } = topology;

import { RecordingBus } from '../support/test-platform.js';

interface Harness {
  readonly publisher: EventPublisher;
  /** The events that reached the bus, in order. */
  published(): CaseEvent[];
  /** The bus refuses what comes next. */
  refuse(): void;
}

const eventBridge = mockClient(EventBridgeClient);
afterEach(() => eventBridge.reset());

const implementations: readonly [string, () => Harness][] = [
  [
    'EventBridgePublisher',
    () => {
      let refusing = false;
      const entries: PutEventsRequestEntry[] = [];
      eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
        if (refusing)
          return {
            FailedEntryCount: 1,
            Entries: input.Entries.map(() => ({ ErrorCode: 'InternalFailure' })),
          };
        entries.push(...input.Entries);
        return { FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })) };
      });
      return {
        publisher: new EventBridgePublisher(
          new EventBridgeClient({ region: 'cn-north-1' }),
          'bus',
          eventSource,
        ),
        published: () => entries.map((entry) => JSON.parse(String(entry.Detail)) as CaseEvent),
        refuse: () => {
          refusing = true;
        },
      };
    },
  ],
  [
    'LocalEventBus',
    () => {
      let refusing = false;
      const bodies: string[] = [];
      const publisher = new LocalEventBus({
        rules: [
          { name: 'all', description: 'all', pattern: { source: [eventSource] }, targetQueue: 'assessment' },
        ],
        source: eventSource,
        region: 'cn-north-1',
        send: async (_queue, body) => {
          if (refusing) throw new Error('queue unavailable');
          bodies.push(body);
        },
      });
      return {
        publisher,
        published: () => bodies.map((body) => (JSON.parse(body) as { detail: CaseEvent }).detail),
        refuse: () => {
          refusing = true;
        },
      };
    },
  ],
  [
    'RecordingBus',
    () => {
      const bus = new RecordingBus();
      return {
        publisher: bus,
        published: () => [...bus.published],
        refuse: () => {
          bus.failing = true;
        },
      };
    },
  ],
];

const event = (caseVersion: number): CaseEvent => ({
  type: 'CaseForwarded',
  version: 1,
  caseId: 'XF20260302000001',
  trackingNumber: 'XF20260302000001',
  caseVersion,
  occurredAt: '2026-03-02T02:00:00.000Z',
  actor: { kind: 'system', process: 'routing' },
  fromStage: 'triage',
  toStage: 'awaiting_sign_for',
  unitId: '330106-zhujian',
  payload: { from: '330106-xinfang', to: '330106-zhujian', toUnitKind: 'organ' },
});

describe.each(implementations)('EventPublisher contract: %s', (_name, make) => {
  it('publishes an event as it is', async () => {
    // Prepare
    const { publisher, published } = make();

    // Act
    await publisher.publish([event(4)]);

    // Assess
    expect(published()).toEqual([event(4)]);
  });

  it('publishes more events than one bus call takes, in order', async () => {
    // Prepare
    const { publisher, published } = make();
    const events = Array.from({ length: 23 }, (_, i) => event(i + 1));

    // Act
    await publisher.publish(events);

    // Assess
    expect(published().map((e) => e.caseVersion)).toEqual(events.map((e) => e.caseVersion));
  });

  it('throws when the bus refuses, so that the event stays in the outbox', async () => {
    // Prepare
    const { publisher, refuse } = make();
    refuse();

    // Act
    const publishing = publisher.publish([event(5)]);

    // Assess
    await expect(publishing).rejects.toThrow();
  });
});
