import { describe, expect, it } from 'vitest';
import {
  InvalidScheduleExpressionError,
  nextFireTime,
  parseScheduleExpression,
} from '../../infra/local/schedule-expression.js';

interface FireCase {
  readonly name: string;
  readonly expression: string;
  readonly after: string;
  readonly expected: string | undefined;
  readonly timeZone?: string;
}

const rateCases: readonly FireCase[] = [
  {
    name: 'every 5 minutes from mid-interval',
    expression: 'rate(5 minutes)',
    after: '2025-03-14T10:02:30Z',
    expected: '2025-03-14T10:05:00Z',
  },
  {
    name: 'every 5 minutes strictly after a fire',
    expression: 'rate(5 minutes)',
    after: '2025-03-14T10:05:00Z',
    expected: '2025-03-14T10:10:00Z',
  },
  {
    name: 'every minute',
    expression: 'rate(1 minute)',
    after: '2025-03-14T10:00:59.999Z',
    expected: '2025-03-14T10:01:00Z',
  },
  {
    name: 'every hour',
    expression: 'rate(1 hour)',
    after: '2025-03-14T10:00:00Z',
    expected: '2025-03-14T11:00:00Z',
  },
  {
    name: 'every 2 hours on even epoch hours',
    expression: 'rate(2 hours)',
    after: '2025-03-14T11:30:00Z',
    expected: '2025-03-14T12:00:00Z',
  },
  {
    name: 'every day at UTC midnight',
    expression: 'rate(1 day)',
    after: '2025-03-14T10:00:00Z',
    expected: '2025-03-15T00:00:00Z',
  },
  {
    name: 'every day regardless of time zone',
    expression: 'rate(1 day)',
    after: '2025-03-14T10:00:00Z',
    expected: '2025-03-15T00:00:00Z',
    timeZone: 'Asia/Shanghai',
  },
  {
    name: 'every 7 days on epoch Thursdays',
    expression: 'rate(7 days)',
    after: '2025-03-14T00:00:00Z',
    expected: '2025-03-20T00:00:00Z',
  },
];

const cronCases: readonly FireCase[] = [
  {
    name: 'every 5 minutes (0/5)',
    expression: 'cron(0/5 * * * ? *)',
    after: '2025-03-14T10:02:00Z',
    expected: '2025-03-14T10:05:00Z',
  },
  {
    name: 'every 5 minutes (*/5) across the hour',
    expression: 'cron(*/5 * * * ? *)',
    after: '2025-03-14T10:57:10Z',
    expected: '2025-03-14T11:00:00Z',
  },
  {
    name: 'increments from an offset (1/10)',
    expression: 'cron(1/10 * * * ? *)',
    after: '2025-03-14T10:02:00Z',
    expected: '2025-03-14T10:11:00Z',
  },
  {
    name: 'hourly at :00 strictly after a fire',
    expression: 'cron(0 * * * ? *)',
    after: '2025-03-14T10:00:00Z',
    expected: '2025-03-14T11:00:00Z',
  },
  {
    name: 'hourly at :00 with * day-of-week',
    expression: 'cron(0 * ? * * *)',
    after: '2025-03-14T10:59:59Z',
    expected: '2025-03-14T11:00:00Z',
  },
  {
    name: 'daily 01:00 Asia/Shanghai = 17:00 UTC the day before',
    expression: 'cron(0 1 * * ? *)',
    after: '2025-03-14T12:00:00Z',
    expected: '2025-03-14T17:00:00Z',
    timeZone: 'Asia/Shanghai',
  },
  {
    name: "daily 01:00 Asia/Shanghai after today's fire",
    expression: 'cron(0 1 * * ? *)',
    after: '2025-03-14T17:00:00Z',
    expected: '2025-03-15T17:00:00Z',
    timeZone: 'Asia/Shanghai',
  },
  {
    name: 'daily 01:00 UTC',
    expression: 'cron(0 1 * * ? *)',
    after: '2025-03-14T12:00:00Z',
    expected: '2025-03-15T01:00:00Z',
  },
  {
    name: 'weekdays from Friday after the fire',
    expression: 'cron(0 9 ? * MON-FRI *)',
    after: '2025-03-14T09:00:00Z',
    expected: '2025-03-17T09:00:00Z',
  },
  {
    name: 'weekdays from Saturday',
    expression: 'cron(0 9 ? * MON-FRI *)',
    after: '2025-03-15T08:00:00Z',
    expected: '2025-03-17T09:00:00Z',
  },
  {
    name: 'weekdays on Wednesday morning',
    expression: 'cron(0 9 ? * 2-6 *)',
    after: '2025-03-19T08:00:00Z',
    expected: '2025-03-19T09:00:00Z',
  },
  {
    name: 'weekdays in Shanghai (Monday 09:00 = Monday 01:00 UTC)',
    expression: 'cron(0 9 ? * MON-FRI *)',
    after: '2025-03-14T02:00:00Z',
    expected: '2025-03-17T01:00:00Z',
    timeZone: 'Asia/Shanghai',
  },
  {
    name: 'last day of February',
    expression: 'cron(0 0 L * ? *)',
    after: '2025-02-10T00:00:00Z',
    expected: '2025-02-28T00:00:00Z',
  },
  {
    name: 'last day of February in a leap year',
    expression: 'cron(0 0 L * ? *)',
    after: '2024-02-10T00:00:00Z',
    expected: '2024-02-29T00:00:00Z',
  },
  {
    name: 'last day of May after April',
    expression: 'cron(0 0 L * ? *)',
    after: '2025-04-30T00:00:00Z',
    expected: '2025-05-31T00:00:00Z',
  },
  {
    name: 'two days before the last day (L-2)',
    expression: 'cron(0 0 L-2 * ? *)',
    after: '2025-02-01T00:00:00Z',
    expected: '2025-02-26T00:00:00Z',
  },
  {
    name: 'third Friday (6#3)',
    expression: 'cron(0 10 ? * 6#3 *)',
    after: '2025-03-01T00:00:00Z',
    expected: '2025-03-21T10:00:00Z',
  },
  {
    name: 'third Friday of the next month',
    expression: 'cron(0 10 ? * FRI#3 *)',
    after: '2025-03-21T10:00:00Z',
    expected: '2025-04-18T10:00:00Z',
  },
  {
    name: 'last Friday (6L)',
    expression: 'cron(0 0 ? * 6L *)',
    after: '2025-03-01T00:00:00Z',
    expected: '2025-03-28T00:00:00Z',
  },
  {
    name: 'last day of the week (L = Saturday)',
    expression: 'cron(0 0 ? * L *)',
    after: '2025-03-14T00:00:00Z',
    expected: '2025-03-15T00:00:00Z',
  },
  {
    name: 'nearest weekday to a Sunday 15th (15W)',
    expression: 'cron(0 9 15W * ? *)',
    after: '2025-06-01T00:00:00Z',
    expected: '2025-06-16T09:00:00Z',
  },
  {
    name: 'last weekday of May 2025 (LW)',
    expression: 'cron(0 18 LW * ? *)',
    after: '2025-05-01T00:00:00Z',
    expected: '2025-05-30T18:00:00Z',
  },
  {
    name: 'Feb 29 from a common year',
    expression: 'cron(0 12 29 2 ? *)',
    after: '2025-01-01T00:00:00Z',
    expected: '2028-02-29T12:00:00Z',
  },
  {
    name: 'Feb 29 strictly after a leap-day fire',
    expression: 'cron(0 12 29 FEB ? *)',
    after: '2024-02-29T12:00:00Z',
    expected: '2028-02-29T12:00:00Z',
  },
  {
    name: 'month names in a list',
    expression: 'cron(30 8 1 JAN,JUL ? *)',
    after: '2025-03-01T00:00:00Z',
    expected: '2025-07-01T08:30:00Z',
  },
  {
    name: 'year increments',
    expression: 'cron(0 0 1 1 ? 2030/5)',
    after: '2026-06-01T00:00:00Z',
    expected: '2030-01-01T00:00:00Z',
  },
  {
    name: 'exhausted year range',
    expression: 'cron(0 0 1 1 ? 2020-2024)',
    after: '2024-06-01T00:00:00Z',
    expected: undefined,
  },
  {
    name: 'a date that never occurs (Feb 31)',
    expression: 'cron(0 0 31 2 ? *)',
    after: '2025-01-01T00:00:00Z',
    expected: undefined,
  },
  {
    name: 'skipped spring-forward time in New York',
    expression: 'cron(30 2 * * ? *)',
    after: '2025-03-08T12:00:00Z',
    expected: '2025-03-10T06:30:00Z',
    timeZone: 'America/New_York',
  },
  {
    name: 'first of two fall-back times in New York',
    expression: 'cron(30 1 * * ? *)',
    after: '2025-11-02T04:00:00Z',
    expected: '2025-11-02T05:30:00Z',
    timeZone: 'America/New_York',
  },
  {
    name: 'no repeat of a fall-back time',
    expression: 'cron(30 1 * * ? *)',
    after: '2025-11-02T05:30:00Z',
    expected: '2025-11-03T06:30:00Z',
    timeZone: 'America/New_York',
  },
];

const atCases: readonly FireCase[] = [
  {
    name: 'one-time in Shanghai',
    expression: 'at(2025-03-15T01:00:00)',
    after: '2025-03-14T00:00:00Z',
    expected: '2025-03-14T17:00:00Z',
    timeZone: 'Asia/Shanghai',
  },
  {
    name: 'one-time already passed',
    expression: 'at(2025-03-15T01:00:00)',
    after: '2025-03-14T17:00:00Z',
    expected: undefined,
    timeZone: 'Asia/Shanghai',
  },
  {
    name: 'one-time in UTC',
    expression: 'at(2025-03-15T01:00:00)',
    after: '2025-03-14T00:00:00Z',
    expected: '2025-03-15T01:00:00Z',
  },
];

describe('nextFireTime', () => {
  describe.each([
    ['rate', rateCases],
    ['cron', cronCases],
    ['at', atCases],
  ] as const)('%s expressions', (_kind, rows) => {
    it.each(rows)('returns $expected for $name', ({ expression, after, expected, timeZone }) => {
      const next = nextFireTime(parseScheduleExpression(expression), new Date(after), timeZone);
      expect(next?.toISOString()).toBe(expected === undefined ? undefined : new Date(expected).toISOString());
    });
  });

  it('walks a weekday schedule across a weekend', () => {
    // Prepare
    const schedule = parseScheduleExpression('cron(0 9 ? * MON-FRI *)');
    const fires: string[] = [];
    let cursor: Date | undefined = new Date('2025-03-13T12:00:00Z');

    // Act
    for (let i = 0; i < 4 && cursor; i++) {
      cursor = nextFireTime(schedule, cursor);
      if (cursor) fires.push(cursor.toISOString());
    }

    // Assess
    expect(fires).toEqual([
      '2025-03-14T09:00:00.000Z',
      '2025-03-17T09:00:00.000Z',
      '2025-03-18T09:00:00.000Z',
      '2025-03-19T09:00:00.000Z',
    ]);
  });

  it('rejects an unknown time zone', () => {
    // Prepare
    const schedule = parseScheduleExpression('cron(0 1 * * ? *)');

    // Act
    const act = () => nextFireTime(schedule, new Date('2025-03-14T00:00:00Z'), 'Mars/Olympus_Mons');

    // Assess
    expect(act).toThrow(InvalidScheduleExpressionError);
    expect(act).toThrow(/unknown time zone/);
  });

  it('rejects an invalid date', () => {
    // Prepare
    const schedule = parseScheduleExpression('rate(1 hour)');

    // Act
    const act = () => nextFireTime(schedule, new Date('not a date'));

    // Assess
    expect(act).toThrow(RangeError);
  });
});

describe('parseScheduleExpression', () => {
  it('parses a rate into its period', () => {
    // Act
    const schedule = parseScheduleExpression('rate(2 hours)');

    // Assess
    expect(schedule).toEqual({
      kind: 'rate',
      expression: 'rate(2 hours)',
      value: 2,
      unit: 'hour',
      periodMs: 7_200_000,
    });
  });

  it('parses a cron into its fields', () => {
    // Act
    const schedule = parseScheduleExpression('cron(0 9 ? * MON-FRI *)');

    // Assess
    expect(schedule.kind).toBe('cron');
    if (schedule.kind !== 'cron') return;
    expect([...schedule.minutes]).toEqual([0]);
    expect([...schedule.hours]).toEqual([9]);
    expect(schedule.day).toMatchObject({ field: 'day-of-week', days: new Set([2, 3, 4, 5, 6]) });
    expect(schedule.years.size).toBe(2199 - 1970 + 1);
  });

  it.each([
    { expression: 'rate(5 minute)', reason: 'plural unit "minutes"' },
    { expression: 'rate(1 minutes)', reason: 'singular unit "minute"' },
    { expression: 'rate(1 days)', reason: 'singular unit "day"' },
    { expression: 'rate(0 minutes)', reason: 'not a positive integer' },
    { expression: 'rate(-5 minutes)', reason: 'not a positive integer' },
    { expression: 'rate(1.5 hours)', reason: 'not a positive integer' },
    { expression: 'rate(5 seconds)', reason: 'unknown rate unit' },
    { expression: 'rate(5)', reason: 'exactly "value unit"' },
    { expression: 'every 5 minutes', reason: 'expected rate(...), cron(...) or at(...)' },
    { expression: 'cron(0 9 * * ?)', reason: 'cron needs 6 fields, got 5' },
    { expression: 'cron(0 9 * * MON *)', reason: 'one of day-of-month or day-of-week must be "?"' },
    { expression: 'cron(0 9 ? * ? *)', reason: 'cannot both be "?"' },
    { expression: 'cron(60 * * * ? *)', reason: 'minutes value 60 is outside 0-59' },
    { expression: 'cron(0 24 * * ? *)', reason: 'hours value 24 is outside 0-23' },
    { expression: 'cron(0 0 32 * ? *)', reason: 'day-of-month value 32 is outside 1-31' },
    { expression: 'cron(0 0 ? * 8 *)', reason: 'day-of-week value 8 is outside 1-7' },
    { expression: 'cron(0 0 1 13 ? *)', reason: 'month value 13 is outside 1-12' },
    { expression: 'cron(0 0 1 FOO ? *)', reason: 'month value "FOO" is not recognised' },
    { expression: 'cron(0 0 1 1 ? 1969)', reason: 'year value 1969 is outside 1970-2199' },
    { expression: 'cron(0 0 1 1 ? 2200)', reason: 'year value 2200 is outside 1970-2199' },
    { expression: 'cron(0 0 10-5 * ? *)', reason: 'range 10-5 starts after it ends' },
    { expression: 'cron(0/0 * * * ? *)', reason: 'increment "0" must be a positive integer' },
    { expression: 'cron(0 ? * * ? *)', reason: '"?" is only allowed alone in day-of-month or day-of-week' },
    { expression: 'cron(0 0 ? * MON/2 *)', reason: 'day-of-week does not support "/"' },
    { expression: 'cron(0 0 ? * 6#6 *)', reason: 'occurrence in 6#6 must be 1-5' },
    { expression: 'cron(0 0 ? * 3#1,6#3 *)', reason: 'may hold only that one expression' },
    { expression: 'cron(0 0 LX * ? *)', reason: 'day-of-month item "LX" is not valid' },
    { expression: 'cron(0 0 1,,2 * ? *)', reason: 'has an empty item' },
    { expression: 'at(2025-02-30T00:00:00)', reason: 'not a real date and time' },
    { expression: 'at(2025-02-03 00:00)', reason: 'at() needs yyyy-mm-ddThh:mm:ss' },
  ])('rejects $expression', ({ expression, reason }) => {
    const act = () => parseScheduleExpression(expression);
    expect(act).toThrow(InvalidScheduleExpressionError);
    expect(act).toThrow(reason);
  });
});
