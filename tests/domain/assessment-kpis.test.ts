import { describe, expect, it } from 'vitest';
import {
  assessmentFor,
  beijingMonth,
  countedEventTypes,
  halfYear,
  type KpiIncrement,
  kpiIncrements,
  monthsBetween,
  sumCounters,
} from '../../domain/assessment/kpis.js';
import type { CaseCommandOn } from '../../domain/case/commands.js';
import type { Actor, Case } from '../../domain/case/model.js';
import { type CaseEvent, decide } from '../../domain/case/transitions.js';
import {
  addDays,
  addHours,
  BUREAU,
  caseIn,
  ctx,
  ORGAN,
  pathTo as paths,
  type pathTo,
  registerCommand,
  staff,
  system,
  T0,
} from '../support/case-fixtures.js';

const settings = { registrationGraceDays: 3 };

interface Example {
  readonly event: CaseEvent;
  readonly case: Case;
}

function lastEventOf(stage: keyof typeof pathTo, register = registerCommand()): Example {
  const { case: c, outcomes } = caseIn(stage, register);
  return { event: outcomes.at(-1)!.event, case: c };
}

/** The event of one more command on a fixture, at the time `when` picks. */
function after(
  stage: keyof typeof pathTo,
  command: CaseCommandOn,
  when: (c: Case, last: string) => string,
  actor: Actor = system,
): Example {
  const { case: c, now } = caseIn(stage);
  const outcome = decide(c, command, ctx(when(c, now), actor));
  return { event: outcome.event, case: outcome.case };
}

const due = (c: Case, key: string) => c.deadlines.find((d) => d.key === key && d.status === 'open')!.dueAt;
const nextHour = (_c: Case, last: string) => addHours(last, 1);
const MARCH = '2026-03';

interface Row {
  readonly name: string;
  readonly example: () => Example;
  readonly expected: readonly KpiIncrement[];
}

const rows: readonly Row[] = [
  {
    name: 'counts a registration on time for the receiving bureau',
    example: () => lastEventOf('registered'),
    expected: [{ unitId: BUREAU, month: MARCH, counters: { registered: 1 } }],
  },
  {
    name: 'counts a registration past the grace period as late',
    example: () => lastEventOf('registered', registerCommand({ receivedAt: addDays(T0, -4) })),
    expected: [{ unitId: BUREAU, month: MARCH, counters: { registered: 1, registeredLate: 1 } }],
  },
  {
    name: 'counts a skip-level petition for the receiving bureau',
    example: () => lastEventOf('registered', registerCommand({ skipLevel: true })),
    expected: [{ unitId: BUREAU, month: MARCH, counters: { registered: 1, skipLevel: 1 } }],
  },
  {
    name: 'counts a repeat for the receiving bureau',
    example: () => lastEventOf('repeat_linked'),
    expected: [{ unitId: BUREAU, month: MARCH, counters: { repeats: 1 } }],
  },
  {
    name: 'counts a forwarding before its deadline as on time for the dispatching bureau',
    example: () => lastEventOf('awaiting_sign_for'),
    expected: [{ unitId: BUREAU, month: MARCH, counters: { forwarded: 1, forwardedOnTime: 1 } }],
  },
  {
    name: 'counts a forwarding after its deadline as late',
    example: () =>
      after('triage', { type: 'forward', toUnitId: ORGAN, toUnitKind: 'organ' }, (c) =>
        addHours(due(c, 'forwarding'), 1),
      ),
    expected: [{ unitId: BUREAU, month: MARCH, counters: { forwarded: 1 } }],
  },
  {
    name: 'counts an assignment as a forwarding',
    example: () =>
      after(
        'triage',
        { type: 'assign', toUnitId: ORGAN, toUnitKind: 'organ', dueAt: addDays(T0, 20) },
        nextHour,
        staff('triage_officer', BUREAU),
      ),
    expected: [{ unitId: BUREAU, month: MARCH, counters: { forwarded: 1, forwardedOnTime: 1 } }],
  },
  {
    name: 'counts a return for the returning organ',
    example: () =>
      after(
        'awaiting_sign_for',
        { type: 'returnCase', reason: '不属于本单位职责' },
        nextHour,
        staff('handler', ORGAN),
      ),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { returned: 1 } }],
  },
  {
    name: 'counts an acceptance within its deadline as on time',
    example: () => lastEventOf('handling'),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { accepted: 1, acceptedOnTime: 1 } }],
  },
  {
    name: 'counts an acceptance after its deadline as late',
    example: () =>
      after(
        'awaiting_acceptance',
        {
          type: 'accept',
          notice: '予以受理',
          leader: { personId: 'l', name: '李' },
          handler: { personId: 'h', name: '王' },
        },
        (c) => addHours(due(c, 'acceptance'), 1),
        staff('leader', ORGAN),
      ),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { accepted: 1 } }],
  },
  {
    name: 'counts a decline with its notice on time',
    example: () => lastEventOf('declined'),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { declined: 1, declinedOnTime: 1 } }],
  },
  {
    name: 'counts a reply within the handling deadline as on time',
    example: () => lastEventOf('awaiting_evaluation'),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { replied: 1, repliedOnTime: 1 } }],
  },
  {
    name: 'counts a reply after the handling deadline as late, in the month it happened',
    example: () =>
      after(
        'handling',
        { type: 'reply', outcome: 'explained', text: '已处理' },
        (c) => addHours(due(c, 'handling'), 1),
        staff('handler', ORGAN),
      ),
    expected: [{ unitId: ORGAN, month: '2026-05', counters: { replied: 1 } }],
  },
  {
    name: 'counts a satisfied rating for the handling organ',
    example: () => lastEventOf('closed'),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { ratedSatisfied: 1 } }],
  },
  {
    name: 'counts a dissatisfied rating and the revisit tasks it plans',
    example: () => lastEventOf('revisiting'),
    expected: [
      { unitId: ORGAN, month: MARCH, counters: { ratedDissatisfied: 1, revisitsPlanned: 1 } },
      { unitId: BUREAU, month: MARCH, counters: { revisitsPlanned: 1 } },
    ],
  },
  {
    name: 'counts a lapsed rating window as unrated with its revisit task',
    example: () =>
      after(
        'awaiting_evaluation',
        { type: 'markUnrated', revisitTasks: [{ taskId: 'rv-1', unitId: ORGAN, basis: 'handling_organ' }] },
        (c) => due(c, 'evaluation'),
      ),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { unrated: 1, revisitsPlanned: 1 } }],
  },
  {
    name: 'counts a recorded revisit for the unit of its task',
    example: () => lastEventOf('verifying'),
    expected: [{ unitId: BUREAU, month: MARCH, counters: { revisitsDone: 1 } }],
  },
  {
    name: 'counts a missed deadline for the unit that owed it',
    example: () =>
      after('awaiting_acceptance', { type: 'flagDeadlineOverdue', key: 'acceptance' }, (c) =>
        due(c, 'acceptance'),
      ),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { overdue: 1 } }],
  },
  {
    name: 'counts an opened supervision for its target',
    example: () =>
      after(
        'handling',
        {
          type: 'openSupervision',
          supervisionId: 'sv-9',
          mode: 'leader',
          supervisingUnitId: BUREAU,
          targetUnitId: ORGAN,
          reason: '超期',
        },
        nextHour,
      ),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { supervised: 1 } }],
  },
  {
    name: 'counts an opened accountability record for the responsible unit',
    example: () =>
      after(
        'handling',
        {
          type: 'openAccountability',
          accountabilityId: 'acc-9',
          trigger: 'step_overdue',
          incidentAt: T0,
          responsibleUnitId: ORGAN,
          proposingUnitId: BUREAU,
          reason: '超期',
        },
        nextHour,
      ),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { accountability: 1 } }],
  },
  {
    name: 'counts a verified organ failure as supervision and accountability of the organ',
    example: () => lastEventOf('supervising'),
    expected: [{ unitId: ORGAN, month: MARCH, counters: { supervised: 1, accountability: 1 } }],
  },
  {
    name: 'counts nothing for a signature',
    example: () => lastEventOf('awaiting_acceptance'),
    expected: [],
  },
];

describe('kpiIncrements', () => {
  it.each(rows)('$name', ({ example, expected }) => {
    // Prepare
    const { event, case: c } = example();

    // Act
    const increments = kpiIncrements(event, c, settings);

    // Assess
    expect(increments).toEqual(expected);
  });

  it('gives the same counts when the case has moved on since the event', () => {
    // Prepare
    const { outcomes, case: later } = caseIn('closed');
    const accepted = outcomes.find((o) => o.event.type === 'CaseAccepted')!;

    // Act
    const fromLater = kpiIncrements(accepted.event, later, settings);

    // Assess
    expect(fromLater).toEqual(kpiIncrements(accepted.event, accepted.case, settings));
  });

  it('counts nothing for an event type the assessment rule does not route to it, on every fixture path', () => {
    // Prepare: every transition of every path the fixtures know, with the case after it
    const uncounted = (Object.keys(paths) as (keyof typeof pathTo)[]).flatMap((stage) =>
      caseIn(stage).outcomes.filter((o) => !(countedEventTypes as readonly string[]).includes(o.event.type)),
    );

    // Act
    const counted = uncounted.flatMap((o) => kpiIncrements(o.event, o.case, settings));

    // Assess
    expect(new Set(uncounted.map((o) => o.event.type)).size).toBeGreaterThan(5);
    expect(counted).toEqual([]);
  });
});

describe('beijingMonth', () => {
  it.each([
    ['2026-03-31T15:59:59.999Z', '2026-03'],
    ['2026-03-31T16:00:00.000Z', '2026-04'],
    ['2025-12-31T16:00:00.000Z', '2026-01'],
  ])('puts %s in %s', (instant, month) => {
    // Prepare
    const at = instant;

    // Act
    const result = beijingMonth(at);

    // Assess
    expect(result).toBe(month);
  });
});

describe('assessmentFor', () => {
  it('computes every rate with its numerator and denominator', () => {
    // Prepare
    const counters = sumCounters([
      { registered: 3, registeredLate: 1, skipLevel: 1, repeats: 1, forwarded: 2, forwardedOnTime: 2 },
      { accepted: 1, acceptedOnTime: 1, declined: 1, replied: 2, repliedOnTime: 1 },
      { ratedSatisfied: 1, ratedBasicallySatisfied: 1, ratedDissatisfied: 1, unrated: 1 },
      { revisitsPlanned: 4, revisitsDone: 1 },
    ]);

    // Act
    const rates = assessmentFor(counters);

    // Assess
    expect(rates.onTimeRegistration).toEqual({ numerator: 2, denominator: 3, value: 0.6667 });
    expect(rates.onTimeForwarding).toEqual({ numerator: 2, denominator: 2, value: 1 });
    expect(rates.onTimeAcceptance).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(rates.onTimeCompletion).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(rates.satisfaction).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
    expect(rates.revisitCompletion).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    expect(rates.repeatRate).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
    expect(rates.skipLevelRate).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
  });

  it('leaves a rate without a denominator empty', () => {
    // Prepare
    const counters = {};

    // Act
    const rates = assessmentFor(counters);

    // Assess
    expect(rates.satisfaction).toEqual({ numerator: 0, denominator: 0, value: null });
  });
});

describe('periods', () => {
  it('expands a half year to its six months', () => {
    // Prepare
    const { from, to } = halfYear('2026H2');

    // Act
    const months = monthsBetween(from, to);

    // Assess
    expect(months).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
  });

  it('crosses a year end and refuses a reversed range', () => {
    // Prepare
    const [from, to] = ['2025-11', '2026-02'];

    // Act
    const months = monthsBetween(from, to);

    // Assess
    expect(months).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(() => monthsBetween(to, from)).toThrow(RangeError);
  });
});
