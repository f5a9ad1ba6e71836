import { describe, expect, it } from 'vitest';
import { createHolidayCalendar, InvalidInstantError } from '../../domain/calendar/index.js';
import {
  createDeadlinePlanner,
  type DeadlineRule,
  type DeadlineRules,
  type DeadlineStep,
  deadlineRulesSchema,
  defaultDeadlineRules,
  ExtensionOutOfRangeError,
} from '../../domain/deadlines/index.js';
import { DomainError } from '../../domain/errors.js';

// Weekdays used below (2026-01-01 is a Thursday): 2026-02-10 Tue, 2026-03-10 Tue,
// 2026-09-17 Thu, 2026-09-28 Mon, 2026-12-01 Tue, 2027-01-01 Fri, 2028-03-01 Wed.
const nationalCalendar = createHolidayCalendar({ timeZone: 'Asia/Shanghai', years: [] });

const rulesWith = (step: DeadlineStep, rule: DeadlineRule): DeadlineRules => ({
  ...defaultDeadlineRules,
  steps: { ...defaultDeadlineRules.steps, [step]: rule },
});

const defaultPlanner = createDeadlinePlanner(defaultDeadlineRules, nationalCalendar);

describe('defaultDeadlineRules', () => {
  it('returns rules the province configuration schema accepts unchanged', () => {
    // Prepare
    const rules = defaultDeadlineRules;

    // Act
    const parsed = deadlineRulesSchema.parse(rules);

    // Assess
    expect(parsed).toEqual(rules);
  });
});

describe('createDeadlinePlanner', () => {
  it('counts working days across the 2026 Spring Festival, make-up Saturdays included', () => {
    // Prepare
    const planner = createDeadlinePlanner(
      rulesWith('acceptance', {
        days: 15,
        dayKind: 'working',
        warning: { daysBefore: 3 },
        rollToWorkingDay: true,
      }),
      nationalCalendar,
    );

    // Act
    const deadline = planner.plan('acceptance', '2026-02-10T01:00:00.000Z');

    // Assess
    // After Tue 02-10: 11,12,13 (3), Sat 14 make-up (4), 15–23 off, 24,25,26,27 (8), Sat 28 make-up (9),
    // Mar 2–6 (14), Mon Mar 9 (15). Warning 3 working days back: Mar 6, 5, 4 → end of Mar 4.
    expect(deadline).toEqual({
      step: 'acceptance',
      startAt: '2026-02-10T01:00:00.000Z',
      warnAt: '2026-03-04T16:00:00.000Z',
      dueAt: '2026-03-09T16:00:00.000Z',
      provisional: false,
    });
  });

  it('counts working days across National Day 2026 for the default revisit', () => {
    // Prepare
    const startAt = '2026-09-28T02:00:00.000Z';

    // Act
    const deadline = defaultPlanner.plan('revisit', startAt);

    // Assess
    // After Mon 09-28: 29, 30 (2), Oct 1–7 off, 8, 9 (4), Sat 10 make-up (5), 12–16 (10).
    // Warning 1 working day back: Thu Oct 15.
    expect(deadline).toEqual({
      step: 'revisit',
      startAt,
      warnAt: '2026-10-15T16:00:00.000Z',
      dueAt: '2026-10-16T16:00:00.000Z',
      provisional: false,
    });
  });

  it('rolls a calendar-day window ending inside National Day to the next working day', () => {
    // Prepare
    const startAt = '2026-09-17T02:00:00.000Z';

    // Act
    const deadline = defaultPlanner.plan('forwarding', startAt);

    // Assess
    // Thu 09-17 + 15 = Fri 10-02 (off) → next working day Thu 10-08. Warning 3 days back: 10-05.
    expect(deadline.dueAt).toBe('2026-10-08T16:00:00.000Z');
    expect(deadline.warnAt).toBe('2026-10-05T16:00:00.000Z');
  });

  it('keeps a calendar-day last day off when the rule does not roll', () => {
    // Prepare
    const planner = createDeadlinePlanner(
      rulesWith('forwarding', {
        days: 15,
        dayKind: 'calendar',
        warning: { daysBefore: 3 },
        rollToWorkingDay: false,
      }),
      nationalCalendar,
    );

    // Act
    const deadline = planner.plan('forwarding', '2026-09-17T02:00:00.000Z');

    // Assess
    // Thu 09-17 + 15 = Fri 10-02; warning 3 days back: 09-29.
    expect(deadline.dueAt).toBe('2026-10-02T16:00:00.000Z');
    expect(deadline.warnAt).toBe('2026-09-29T16:00:00.000Z');
  });

  it('returns a one-week accountability proposal that does not move for holidays', () => {
    // Prepare
    const incidentAt = '2026-09-27T02:00:00.000Z';

    // Act
    const deadline = defaultPlanner.plan('accountabilityProposal', incidentAt);

    // Assess
    // Sun 09-27 + 7 = Sun 10-04, a holiday, kept; warning 1 day back: 10-03.
    expect(deadline.dueAt).toBe('2026-10-04T16:00:00.000Z');
    expect(deadline.warnAt).toBe('2026-10-03T16:00:00.000Z');
  });

  it('carries a window from the last day of January over the month end and rolls it', () => {
    // Prepare
    const startAt = '2026-01-31T02:00:00.000Z';

    // Act
    const forwarding = defaultPlanner.plan('forwarding', startAt);
    const reviewRequest = defaultPlanner.plan('reviewRequest', startAt);

    // Assess
    // 01-31 + 15 = Sun 02-15, first day of the Spring Festival (02-15..23 off) → Tue 02-24.
    expect(forwarding.dueAt).toBe('2026-02-24T16:00:00.000Z');
    // 01-31 + 30 = 02-28 + 2 = Mon 03-02, a working day.
    expect(reviewRequest.dueAt).toBe('2026-03-02T16:00:00.000Z');
  });

  it('counts the leap day 2028-02-29', () => {
    // Prepare
    const startAt = '2028-02-15T02:00:00.000Z';

    // Act
    const deadline = defaultPlanner.plan('forwarding', startAt);

    // Assess
    // 02-15 + 14 = 02-29, + 1 = Wed 03-01. Warning 3 days back: 02-27. 2028 has no official data.
    expect(deadline).toEqual({
      step: 'forwarding',
      startAt,
      warnAt: '2028-02-27T16:00:00.000Z',
      dueAt: '2028-03-01T16:00:00.000Z',
      provisional: true,
    });
  });

  it('starts counting one day later for 00:01 Shanghai time than for 23:59 the evening before', () => {
    // Prepare
    const lateEvening = '2026-03-10T15:59:00.000Z'; // 2026-03-10 23:59 Shanghai
    const justAfterMidnight = '2026-03-10T16:01:00.000Z'; // 2026-03-11 00:01 Shanghai

    // Act
    const first = defaultPlanner.plan('forwarding', lateEvening);
    const second = defaultPlanner.plan('forwarding', justAfterMidnight);

    // Assess
    // 03-10 + 15 = Wed 03-25; 03-11 + 15 = Thu 03-26.
    expect(first.dueAt).toBe('2026-03-25T16:00:00.000Z');
    expect(second.dueAt).toBe('2026-03-26T16:00:00.000Z');
  });

  it('returns the same window for any time of the same Shanghai day', () => {
    // Prepare
    const earlyMorning = '2026-03-09T16:00:00.000Z'; // 2026-03-10 00:00 Shanghai

    // Act
    const deadline = defaultPlanner.plan('forwarding', earlyMorning);

    // Assess
    expect(deadline.dueAt).toBe('2026-03-25T16:00:00.000Z');
  });

  it('lands a December working-day window after the computed 2027 Spring Festival, provisionally', () => {
    // Prepare
    const planner = createDeadlinePlanner(
      rulesWith('handling', {
        days: 60,
        dayKind: 'working',
        warning: { daysBefore: 3 },
        rollToWorkingDay: true,
      }),
      nationalCalendar,
    );

    // Act
    const deadline = planner.plan('handling', '2026-12-01T02:00:00.000Z');

    // Assess
    // After Tue 2026-12-01: Dec 2–31 has 22 weekdays (22). 2027-01-01 off (computed 元旦);
    // Jan 4–29 (42); Feb 1–4 (46); Feb 5 除夕 and Mon Feb 8 初三 off (computed 春节, no make-up
    // Saturday); Feb 9–12 (50); Feb 15–19 (55); Feb 22–26 (60). Warning: Feb 25, 24, 23.
    expect(deadline).toEqual({
      step: 'handling',
      startAt: '2026-12-01T02:00:00.000Z',
      warnAt: '2027-02-23T16:00:00.000Z',
      dueAt: '2027-02-26T16:00:00.000Z',
      provisional: true,
    });
  });

  it('marks the default 60-day handling window from December provisional and rolls it', () => {
    // Prepare
    const startAt = '2026-12-01T02:00:00.000Z';

    // Act
    const deadline = defaultPlanner.plan('handling', startAt);

    // Assess
    // 12-01 + 30 = 12-31, + 30 = Sat 2027-01-30 → Mon 2027-02-01. Warning 3 days back: 01-29.
    expect(deadline).toEqual({
      step: 'handling',
      startAt,
      warnAt: '2027-01-29T16:00:00.000Z',
      dueAt: '2027-02-01T16:00:00.000Z',
      provisional: true,
    });
  });

  it('returns provisional only when the window reaches a year without data', () => {
    // Prepare
    const withinYear = '2026-12-10T02:00:00.000Z';
    const acrossYear = '2026-12-20T02:00:00.000Z';

    // Act
    const first = defaultPlanner.plan('forwarding', withinYear);
    const second = defaultPlanner.plan('forwarding', acrossYear);

    // Assess
    // 12-10 + 15 = Fri 12-25; 12-20 + 15 = Mon 2027-01-04.
    expect([first.dueAt, first.provisional]).toEqual(['2026-12-25T16:00:00.000Z', false]);
    expect([second.dueAt, second.provisional]).toEqual(['2027-01-04T16:00:00.000Z', true]);
  });

  it('plans with the province year instead of the national one', () => {
    // Prepare
    const provinceCalendar = createHolidayCalendar({
      timeZone: 'Asia/Shanghai',
      years: [{ year: 2026, source: 'province test arrangement', holidays: ['2026-03-02'], workdays: [] }],
    });
    const planner = createDeadlinePlanner(
      rulesWith('acceptance', {
        days: 15,
        dayKind: 'working',
        warning: { daysBefore: 1 },
        rollToWorkingDay: true,
      }),
      provinceCalendar,
    );

    // Act
    const deadline = planner.plan('acceptance', '2026-02-10T01:00:00.000Z');

    // Assess
    // No Spring Festival and no make-up days: 11,12,13 (3), 16–20 (8), 23–27 (13), Mar 2 off,
    // 3 (14), Wed 4 (15). Warning 1 working day back: Mar 3.
    expect(deadline.dueAt).toBe('2026-03-04T16:00:00.000Z');
    expect(deadline.warnAt).toBe('2026-03-03T16:00:00.000Z');
  });

  it('returns a share-of-window warning rounded to the minute', () => {
    // Prepare
    const planner = createDeadlinePlanner(
      rulesWith('verification', {
        days: 10,
        dayKind: 'calendar',
        warning: { shareOfWindow: 0.2 },
        rollToWorkingDay: true,
      }),
      nationalCalendar,
    );

    // Act
    const deadline = planner.plan('verification', '2026-03-10T01:00:20.000Z');

    // Assess
    // Due end of Fri 03-20 = 03-20T16:00Z; window 255 h − 20 s; 80 % = 204 h − 16 s;
    // start + that = 03-18T13:00:04Z → 13:00.
    expect(deadline.dueAt).toBe('2026-03-20T16:00:00.000Z');
    expect(deadline.warnAt).toBe('2026-03-18T13:00:00.000Z');
  });

  it('returns a days-before warning no earlier than the start', () => {
    // Prepare
    const planner = createDeadlinePlanner(
      rulesWith('signFor', {
        days: 1,
        dayKind: 'calendar',
        warning: { daysBefore: 3 },
        rollToWorkingDay: true,
      }),
      nationalCalendar,
    );

    // Act
    const deadline = planner.plan('signFor', '2026-03-10T01:00:00.000Z');

    // Assess
    // Due end of Wed 03-11; three days before would be 03-08T16:00Z, before the start.
    expect(deadline.dueAt).toBe('2026-03-11T16:00:00.000Z');
    expect(deadline.warnAt).toBe('2026-03-10T01:00:00.000Z');
  });

  it('returns startAt normalised to UTC when given with an offset', () => {
    // Prepare
    const startAt = '2026-03-10T09:00:00+08:00';

    // Act
    const deadline = defaultPlanner.plan('forwarding', startAt);

    // Assess
    expect(deadline.startAt).toBe('2026-03-10T01:00:00.000Z');
    expect(deadline.dueAt).toBe('2026-03-25T16:00:00.000Z');
  });

  it('throws when startAt is not an ISO instant with a time zone', () => {
    // Prepare
    const startAt = '2026-03-10 09:00';

    // Act
    const act = () => defaultPlanner.plan('forwarding', startAt);

    // Assess
    expect(act).toThrow(InvalidInstantError);
  });
});

describe('DeadlinePlanner.extend', () => {
  // Default handling from Tue 03-10: + 60 = Sat 05-09, a make-up working day, so no roll.
  const handling = defaultPlanner.plan('handling', '2026-03-10T01:00:00.000Z');

  it('returns the planned handling deadline on the make-up Saturday', () => {
    // Prepare
    const expected = { dueAt: '2026-05-09T16:00:00.000Z', warnAt: '2026-05-06T16:00:00.000Z' };

    // Act
    const { dueAt, warnAt } = handling;

    // Assess
    expect({ dueAt, warnAt }).toEqual(expected);
  });

  it('pushes a calendar-day deadline back from the old due day and keeps the start', () => {
    // Prepare
    const days = 30;

    // Act
    const extended = defaultPlanner.extend(handling, days);

    // Assess
    // 05-09 + 30 = Mon 06-08; warning 3 days back: 06-05.
    expect(extended).toEqual({
      step: 'handling',
      startAt: '2026-03-10T01:00:00.000Z',
      warnAt: '2026-06-05T16:00:00.000Z',
      dueAt: '2026-06-08T16:00:00.000Z',
      provisional: false,
    });
  });

  it('pushes a working-day deadline back by working days', () => {
    // Prepare
    const revisit = defaultPlanner.plan('revisit', '2026-09-28T02:00:00.000Z'); // due Fri 10-16

    // Act
    const extended = defaultPlanner.extend(revisit, 5);

    // Assess
    // After Fri 10-16: Mon 19 … Fri 23 (5); warning 1 working day back: 10-22.
    expect(extended.dueAt).toBe('2026-10-23T16:00:00.000Z');
    expect(extended.warnAt).toBe('2026-10-22T16:00:00.000Z');
    expect(extended.startAt).toBe('2026-09-28T02:00:00.000Z');
  });

  it('rolls an extension that ends on a holiday', () => {
    // Prepare
    const forwarding = defaultPlanner.plan('forwarding', '2026-09-10T02:00:00.000Z'); // due Fri 09-25 → 09-28

    // Act
    const extended = defaultPlanner.extend(forwarding, 3);

    // Assess
    // 09-10 + 15 = Fri 09-25 (中秋) → Mon 09-28; + 3 = Thu 10-01 (国庆) → Thu 10-08.
    expect(forwarding.dueAt).toBe('2026-09-28T16:00:00.000Z');
    expect(extended.dueAt).toBe('2026-10-08T16:00:00.000Z');
  });

  it.each([0, 31, -1, 2.5])('throws an ExtensionOutOfRangeError when days is %s', (days) => {
    // Prepare
    const act = () => defaultPlanner.extend(handling, days);

    // Act
    let error: unknown;
    try {
      act();
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(ExtensionOutOfRangeError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      name: 'ExtensionOutOfRangeError',
      code: 'DEADLINE_EXTENSION_OUT_OF_RANGE',
    });
  });

  it('accepts the bounds 1 and maxDays', () => {
    // Prepare
    const bounds = [1, defaultDeadlineRules.extension.maxDays];

    // Act
    const dues = bounds.map((days) => defaultPlanner.extend(handling, days).dueAt);

    // Assess
    // 05-09 + 1 = Sun 05-10 → Mon 05-11; 05-09 + 30 = Mon 06-08.
    expect(dues).toEqual(['2026-05-11T16:00:00.000Z', '2026-06-08T16:00:00.000Z']);
  });
});
