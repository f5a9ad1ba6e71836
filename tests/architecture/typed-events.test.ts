/**
 * Event contracts are types: a misspelt event type, a payload of the wrong shape, or a rule that
 * emits another command's event does not compile (`npm test` type-checks this file; each
 * `@ts-expect-error` fails the build if the error it expects ever goes away).
 */
import { describe, expect, it } from 'vitest';
import { type CaseEvent, type CaseEventType, caseEventTypes } from '../../domain/case/events.js';
import type { Rules } from '../../domain/case/lifecycle/rule.js';
import { type CaseEventPattern, topology } from '../../infra/topology.js';

describe('typed event contracts', () => {
  it('refuses a misspelt event type where event types are listed', () => {
    // Prepare
    // @ts-expect-error 'CaseForwardd' is not an event of the lifecycle
    const misspelt: readonly CaseEventType[] = ['CaseForwarded', 'CaseForwardd'];

    // Assess
    expect(misspelt).toHaveLength(2);
  });

  it('types the payload by the event type a consumer switches on', () => {
    // Prepare
    const read = (event: CaseEvent): string | undefined => {
      switch (event.type) {
        case 'CaseForwarded':
          return event.payload.to;
        case 'CaseEvaluated':
          // @ts-expect-error a rating carries no unit to dispatch to
          return event.payload.to;
        default:
          return undefined;
      }
    };

    // Assess
    expect(typeof read).toBe('function');
  });

  it('binds each rule to its own event', () => {
    // Prepare
    const wrong: Rules<'signFor'> = {
      signFor: {
        from: ['awaiting_sign_for'],
        by: ['handler'],
        // @ts-expect-error signFor emits CaseSigned, not CaseAccepted
        event: 'CaseAccepted',
        visibility: 'public',
        apply: (c) => ({ next: c, payload: {} }),
      },
    };

    // Assess
    expect(wrong.signFor.event).toBe('CaseAccepted');
  });

  it('routes on the bus only event types the lifecycle emits', () => {
    // Prepare
    const routed = topology.rules.flatMap((rule) => rule.pattern['detail-type'] ?? []);
    // @ts-expect-error a bus rule's pattern names event types, and 'CaseRouteed' is none
    const misspelt: CaseEventPattern = { source: ['petition.cases'], 'detail-type': ['CaseRouteed'] };

    // Assess
    expect(routed.length).toBeGreaterThan(0);
    expect(routed.filter((type) => !caseEventTypes.includes(type))).toEqual([]);
    expect(misspelt.source).toEqual(['petition.cases']);
  });
});
