import { describe, expect, it } from 'vitest';
import type { CaseCommandOn, CommandOf } from '../../domain/case/commands.js';
import type { Actor, Case } from '../../domain/case/model.js';
import { type CaseEvent, decide } from '../../domain/case/transitions.js';
import {
  beijingTime,
  lateRegistrationAlerted,
  type StaffAlert,
  staffAlertedEvents,
  staffAlertsFor,
} from '../../domain/notifications/staff-alerts.js';
import { provinceDirectory } from '../../domain/province/directory.js';
import { zhejiang } from '../../provinces/zhejiang.js';
import {
  addDays,
  addHours,
  BUREAU,
  CITY_BUREAU,
  caseIn,
  ctx,
  ORGAN,
  type pathTo,
  registerCommand,
  staff,
  system,
} from '../support/case-fixtures.js';

const directory = provinceDirectory(zhejiang);

interface Example {
  readonly event: CaseEvent;
  /** The case as the consumer loads it: the version the event produced. */
  readonly case: Case;
}

/** The last event of a fixture walked to a stage. */
function lastEventOf(stage: keyof typeof pathTo, register?: CommandOf<'register'>): Example {
  const { case: c, outcomes } = caseIn(stage, register);
  return { event: outcomes.at(-1)!.event, case: c };
}

/** The event of one more command on a fixture, `afterHours` after its last step or at `at`. */
function after(
  stage: keyof typeof pathTo,
  command: (c: Case) => CaseCommandOn,
  when: (c: Case, last: string) => string,
  actor: Actor = system,
): Example {
  const { case: c, now } = caseIn(stage);
  const outcome = decide(c, command(c), ctx(when(c, now), actor));
  return { event: outcome.event, case: outcome.case };
}

const deadline = (c: Case, key: string) => c.deadlines.find((d) => d.key === key && d.status === 'open')!;
const escalation = { superviseAfterDays: 3, accountableAfterDays: 7 };

interface Row {
  readonly name: string;
  readonly example: () => Example;
  /** unitId, kind and the names the alert addresses, in order. */
  readonly expected: readonly { unitId: string; kind: StaffAlert['kind']; names?: readonly string[] }[];
}

const rows: readonly Row[] = [
  {
    name: 'a forwarded case tells the receiving organ',
    example: () => lastEventOf('awaiting_sign_for'),
    expected: [{ unitId: ORGAN, kind: 'case_received' }],
  },
  {
    name: 'an assigned case tells the receiving organ',
    example: () =>
      after(
        'triage',
        () => ({
          type: 'assign',
          toUnitId: ORGAN,
          toUnitKind: 'organ',
          dueAt: addDays('2026-03-02T00:00:00.000Z', 20),
        }),
        (_c, last) => addHours(last, 1),
        staff('triage_officer', BUREAU),
      ),
    expected: [{ unitId: ORGAN, kind: 'case_received' }],
  },
  {
    name: 'a warning tells the unit owing the deadline',
    example: () =>
      after(
        'awaiting_acceptance',
        () => ({ type: 'flagDeadlineWarning', key: 'acceptance' }),
        (c) => deadline(c, 'acceptance').warnAt,
      ),
    expected: [{ unitId: ORGAN, kind: 'deadline_warning' }],
  },
  {
    name: 'a warning names the handler the case holds responsible',
    example: () =>
      after(
        'handling',
        () => ({ type: 'flagDeadlineWarning', key: 'handling' }),
        (c) => deadline(c, 'handling').warnAt,
      ),
    expected: [{ unitId: ORGAN, kind: 'deadline_warning', names: ['王科员'] }],
  },
  {
    name: 'an overdue step tells the organ (leader and handler) and its supervising bureau',
    example: () =>
      after(
        'handling',
        () => ({ type: 'flagDeadlineOverdue', key: 'handling', ...escalation }),
        (c) => deadline(c, 'handling').dueAt,
      ),
    expected: [
      { unitId: ORGAN, kind: 'deadline_overdue', names: ['李局长', '王科员'] },
      { unitId: BUREAU, kind: 'deadline_overdue' },
    ],
  },
  {
    name: 'an overdue forwarding tells the county bureau and the city bureau above it',
    example: () =>
      after(
        'triage',
        () => ({ type: 'flagDeadlineOverdue', key: 'forwarding', ...escalation }),
        (c) => deadline(c, 'forwarding').dueAt,
      ),
    expected: [
      { unitId: BUREAU, kind: 'deadline_overdue' },
      { unitId: CITY_BUREAU, kind: 'deadline_overdue' },
    ],
  },
  {
    name: 'opened supervision tells the target organ and the supervising bureau',
    example: () =>
      after(
        'handling',
        () => ({
          type: 'openSupervision',
          supervisionId: 'sv-handling',
          mode: 'leader',
          supervisingUnitId: BUREAU,
          targetUnitId: ORGAN,
          deadlineKey: 'handling',
          reason: '办理答复超期未办结',
        }),
        (_c, last) => addHours(last, 1),
      ),
    expected: [
      { unitId: ORGAN, kind: 'supervision_opened', names: ['李局长', '王科员'] },
      { unitId: BUREAU, kind: 'supervision_opened' },
    ],
  },
  {
    name: 'a verified organ failure tells the organ and the bureau of supervision and accountability',
    example: () => lastEventOf('supervising'),
    expected: [
      { unitId: ORGAN, kind: 'supervision_opened', names: ['李局长', '王科员'] },
      { unitId: BUREAU, kind: 'supervision_opened' },
      { unitId: BUREAU, kind: 'accountability_opened' },
      { unitId: ORGAN, kind: 'accountability_opened', names: ['李局长', '王科员'] },
    ],
  },
  {
    name: 'opened accountability tells the proposing bureau and the responsible organ',
    example: () =>
      after(
        'handling',
        () => ({
          type: 'openAccountability',
          accountabilityId: 'acc-handling',
          trigger: 'step_overdue',
          incidentAt: '2026-03-02T05:00:00.000Z',
          responsibleUnitId: ORGAN,
          proposingUnitId: BUREAU,
          reason: '办理答复长期超期',
        }),
        (_c, last) => addHours(last, 1),
      ),
    expected: [
      { unitId: BUREAU, kind: 'accountability_opened' },
      { unitId: ORGAN, kind: 'accountability_opened', names: ['李局长', '王科员'] },
    ],
  },
  {
    name: 'a dissatisfied rating tells each revisiting unit',
    example: () => lastEventOf('revisiting'),
    expected: [
      { unitId: ORGAN, kind: 'revisit_opened', names: ['王科员'] },
      { unitId: BUREAU, kind: 'revisit_opened' },
    ],
  },
  {
    name: 'an expired rating window tells each revisiting unit',
    example: () =>
      after(
        'awaiting_evaluation',
        () => ({
          type: 'markUnrated',
          revisitTasks: [
            { taskId: 'rv-1', unitId: ORGAN, basis: 'handling_organ' },
            { taskId: 'rv-2', unitId: BUREAU, basis: 'filing_bureau' },
          ],
        }),
        (c) => deadline(c, 'evaluation').dueAt,
      ),
    expected: [
      { unitId: ORGAN, kind: 'revisit_opened', names: ['王科员'] },
      { unitId: BUREAU, kind: 'revisit_opened' },
    ],
  },
  {
    name: 'a review request tells the reviewing unit',
    example: () => lastEventOf('under_review'),
    expected: [{ unitId: '330100-zhujian', kind: 'review_requested' }],
  },
  {
    name: 'a re-review request tells the re-reviewing unit',
    example: () => lastEventOf('under_re_review'),
    expected: [{ unitId: '330000-zhujian', kind: 'review_requested' }],
  },
  {
    name: 'a late registration tells the bureau above the registering one',
    example: () => lastEventOf('registered', registerCommand({ registeredLate: true })),
    expected: [{ unitId: '330100-xinfang', kind: 'late_registration' }],
  },
  {
    name: 'a registration in time tells nobody',
    example: () => lastEventOf('registered'),
    expected: [],
  },
  {
    name: 'a satisfied rating tells nobody',
    example: () => lastEventOf('closed'),
    expected: [],
  },
  {
    name: 'a signature tells nobody',
    example: () => lastEventOf('awaiting_acceptance'),
    expected: [],
  },
];

describe('staffAlertsFor', () => {
  it.each(rows)('decides that $name', ({ example, expected }) => {
    // Prepare
    const { event, case: c } = example();

    // Act
    const alerts = staffAlertsFor(event, c, directory);

    // Assess
    expect(
      alerts.map((a) => ({
        unitId: a.unitId,
        kind: a.kind,
        ...(a.addressees ? { names: a.addressees.map((p) => p.name) } : {}),
      })),
    ).toEqual(expected);
    for (const alert of alerts) {
      expect(alert).toMatchObject({
        caseId: event.caseId,
        trackingNumber: event.trackingNumber,
        caseVersion: event.caseVersion,
        at: event.occurredAt,
      });
      expect(alert.title).toMatch(/^[\u4e00-\u9fff]{2,12}$/);
      expect(alert.detail).toContain(event.trackingNumber);
    }
  });

  it('covers exactly the event types the staff-alerts rule delivers', () => {
    // Prepare
    const alerting = rows.filter((r) => r.expected.length > 0).map((r) => r.example().event.type);

    // Act
    const delivered = new Set<string>([...staffAlertedEvents, lateRegistrationAlerted]);

    // Assess
    expect(new Set(alerting)).toEqual(delivered);
  });

  it('gives the same alerts for the same event, so a redelivery stores nothing new', () => {
    // Prepare
    const { event, case: c } = rows[4]!.example();

    // Act
    const first = staffAlertsFor(event, c, directory);
    const again = staffAlertsFor(event, c, directory);

    // Assess
    expect(again).toEqual(first);
    expect(first.length).toBe(2);
  });

  it('states the due time in Beijing time and the step in the detail', () => {
    // Prepare
    const { event, case: c } = rows[2]!.example();
    const dueAt = deadline(caseIn('awaiting_acceptance').case, 'acceptance').dueAt;

    // Act
    const [warning] = staffAlertsFor(event, c, directory);

    // Assess
    expect(warning?.dueAt).toBe(dueAt);
    expect(warning?.title).toBe('受理告知即将到期');
    expect(warning?.detail).toContain(beijingTime(dueAt));
    expect(warning?.detail).toContain(c.title);
  });

  it('says the public view shows a step overdue only when it does: not for the accountability proposal it hides', () => {
    // Prepare
    const { case: c } = caseIn('supervising');
    const proposal = c.deadlines.find((d) => d.step === 'accountabilityProposal' && d.status === 'open')!;
    const { case: inHandling } = caseIn('handling');
    const handling = decide(
      inHandling,
      { type: 'flagDeadlineOverdue', key: 'handling', ...escalation },
      ctx(addHours(deadline(inHandling, 'handling').dueAt, 1), system),
    );
    const overdue = decide(
      c,
      { type: 'flagDeadlineOverdue', key: proposal.key, ...escalation },
      ctx(addHours(proposal.dueAt, 1), system),
    );

    // Act
    const [hidden] = staffAlertsFor(overdue.event, overdue.case, directory);
    const [shown] = staffAlertsFor(handling.event, handling.case, directory);

    // Assess
    expect(hidden?.title).toBe('责任追究建议已超期');
    expect(hidden?.detail).not.toContain('公开查询');
    expect(shown?.detail).toContain('公开查询已显示超期');
  });

  it('names the one failure the verification found, not all three', () => {
    // Prepare
    const { event, case: c } = lastEventOf('supervising');

    // Act
    const accountability = staffAlertsFor(event, c, directory).filter(
      (a) => a.kind === 'accountability_opened',
    );

    // Assess
    expect(c.verification?.failureKind).toBe('slow_action');
    expect(accountability.length).toBe(2);
    for (const a of accountability) {
      expect(a.detail).toContain('慢作为');
      expect(a.detail).not.toContain('不作为');
      expect(a.detail).not.toContain('乱作为');
    }
  });

  it('takes the units from the event even when the case has moved on since', () => {
    // Prepare: the organ accepted after the warning on signing for was raised.
    const warned = after(
      'awaiting_sign_for',
      () => ({ type: 'flagDeadlineWarning', key: 'signFor' }),
      (c) => deadline(c, 'signFor').warnAt,
    );
    const later = decide(
      warned.case,
      { type: 'signFor' },
      ctx(addHours(warned.event.occurredAt, 1), staff('handler', ORGAN)),
    );

    // Act
    const alerts = staffAlertsFor(warned.event, later.case, directory);

    // Assess
    expect(alerts.map((a) => [a.unitId, a.kind, a.caseVersion])).toEqual([
      [ORGAN, 'deadline_warning', warned.event.caseVersion],
    ]);
    expect(alerts[0]?.dueAt).toBe(deadline(warned.case, 'signFor').dueAt);
  });
});

describe('beijingTime', () => {
  it.each([
    ['2026-03-02T16:00:00.000Z', '2026-03-03 00:00'],
    ['2026-03-02T01:30:00.000Z', '2026-03-02 09:30'],
  ])('shows %s as %s', (iso, shown) => {
    // Act
    const text = beijingTime(iso);

    // Assess
    expect(text).toBe(shown);
  });
});
