import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  CalendarDataError,
  createHolidayCalendar,
  endOfShanghaiDay,
  InvalidCalendarDateError,
  InvalidInstantError,
  nationalHolidayYears,
  shanghaiDateOf,
  statutoryHolidays,
} from '../../domain/calendar/index.js';
import {
  firstLunarHolidayYear,
  lastLunarHolidayYear,
  lunarHolidays,
} from '../../domain/calendar/lunar-holidays.js';
import { computeLunarHolidays } from '../../tools/lunar-holidays-source.js';

const datesOfYear = (year: number): string[] => {
  const dates: string[] = [];
  for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addCalendarDays(date, 1)) {
    dates.push(date);
  }
  return dates;
};

describe('lunarHolidays', () => {
  it('equals the lunar computation it was generated from, for every year of the table', () => {
    // Prepare
    const years = Array.from(
      { length: lastLunarHolidayYear - firstLunarHolidayYear + 1 },
      (_, i) => firstLunarHolidayYear + i,
    );

    // Act
    const mismatches = years.filter(
      (year) => JSON.stringify(lunarHolidays(year)) !== JSON.stringify(computeLunarHolidays(year)),
    );

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('returns undefined outside the table, and the calendar refuses to guess there', () => {
    // Prepare
    const calendar = createHolidayCalendar({ timeZone: 'Asia/Shanghai', years: [] });

    // Act
    const outside = lunarHolidays(lastLunarHolidayYear + 1);

    // Assess
    expect(outside).toBeUndefined();
    expect(() => statutoryHolidays(lastLunarHolidayYear + 1)).toThrow(CalendarDataError);
    expect(() => calendar.isWorkingDay(`${lastLunarHolidayYear + 1}-02-01`)).toThrow(CalendarDataError);
  });
});

describe('nationalHolidayYears', () => {
  it.each([2025, 2026])('matches chinese-days on every day of %i', (year) => {
    // Prepare
    const calendar = createHolidayCalendar({ timeZone: 'Asia/Shanghai', years: [] });
    const dates = datesOfYear(year);

    // Act
    const ours = dates.map((date) => [date, calendar.isWorkingDay(date)]);

    // Assess
    expect(dates).toHaveLength(365);
    expect(ours).toEqual(dates.map((date) => [date, chineseDays.isWorkday(date)]));
  });

  it('cites the notice of each year', () => {
    // Prepare
    const byYear = new Map(nationalHolidayYears.map((year) => [year.year, year.source]));

    // Act
    const sources = [byYear.get(2025), byYear.get(2026)];

    // Assess
    expect(sources[0]).toContain('国办发明电〔2024〕12号');
    expect(sources[1]).toContain('国办发明电〔2025〕7号');
  });
});

describe('createHolidayCalendar', () => {
  const calendar = createHolidayCalendar({ timeZone: 'Asia/Shanghai', years: [] });

  it.each([
    ['2025-01-26'], // Sun, 春节
    ['2025-02-08'], // Sat, 春节
    ['2025-04-27'], // Sun, 劳动节
    ['2025-09-28'], // Sun, 国庆节
    ['2025-10-11'], // Sat, 国庆节
    ['2026-01-04'], // Sun, 元旦
    ['2026-02-14'], // Sat, 春节
    ['2026-02-28'], // Sat, 春节
    ['2026-05-09'], // Sat, 劳动节
    ['2026-09-20'], // Sun, 国庆节
    ['2026-10-10'], // Sat, 国庆节
  ])('returns true for the weekend make-up working day %s', (date) => {
    // Prepare
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();

    // Act
    const working = calendar.isWorkingDay(date);

    // Assess
    expect([0, 6]).toContain(weekday);
    expect(working).toBe(true);
  });

  it('returns false for weekdays inside the 2026 Spring Festival and National Day holidays', () => {
    // Prepare
    const dates = ['2026-02-16', '2026-02-23', '2026-10-01', '2026-10-07'];

    // Act
    const working = dates.map((date) => calendar.isWorkingDay(date));

    // Assess
    expect(working).toEqual([false, false, false, false]);
  });

  it('reports official data for 2025 and 2026 only', () => {
    // Prepare
    const years = [2024, 2025, 2026, 2027];

    // Act
    const official = years.map((year) => calendar.hasOfficialData(year));

    // Assess
    expect(official).toEqual([false, true, true, false]);
  });

  it('marks days of a year without data as provisional', () => {
    // Prepare
    const dates = ['2026-12-31', '2027-01-01'];

    // Act
    const provisional = dates.map((date) => calendar.isProvisional(date));

    // Assess
    expect(provisional).toEqual([false, true]);
  });

  it('computes the 2027 statutory holidays from the lunar calendar and the solar terms', () => {
    // Prepare
    // 2027: 正月初一 = Sat 02-06, so 除夕 Fri 02-05 to 初三 Mon 02-08; 清明 Mon 04-05;
    // 端午 (5/5) Wed 06-09; 中秋 (8/15) Wed 09-15.
    const expected = [
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ];

    // Act
    const holidays = statutoryHolidays(2027);

    // Assess
    expect(holidays).toEqual(expected);
  });

  it('computes the 2028 Spring Festival from 除夕 on 2028-01-25', () => {
    // Prepare
    // 2028: 正月初一 = Wed 01-26; 清明 Tue 04-04; 中秋 falls on 10-03, inside 国庆.
    const dates = ['2028-01-24', '2028-01-25', '2028-01-26', '2028-01-28', '2028-01-31', '2028-04-04'];

    // Act
    const working = dates.map((date) => calendar.isWorkingDay(date));

    // Assess
    expect(working).toEqual([true, false, false, false, true, false]);
    expect(statutoryHolidays(2028)).toContain('2028-10-03');
    expect(statutoryHolidays(2028)).toHaveLength(12);
  });

  it('returns true for a weekday after the computed 2027 Spring Festival and false for its weekdays', () => {
    // Prepare
    const dates = ['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-13'];

    // Act
    const working = dates.map((date) => calendar.isWorkingDay(date));

    // Assess
    // 02-13 is a Saturday: no make-up day is assumed for a year without data.
    expect(working).toEqual([true, false, false, true, false]);
  });

  it.each([2025, 2026])(
    'computes statutory holidays of %i that the official notice also gives off',
    (year) => {
      // Prepare
      const official = nationalHolidayYears.find((holidayYear) => holidayYear.year === year);

      // Act
      const computed = statutoryHolidays(year);

      // Assess
      expect(official?.holidays).toEqual(expect.arrayContaining(computed));
    },
  );

  it('replaces the national year when the province configures the same year', () => {
    // Prepare
    const province = createHolidayCalendar({
      timeZone: 'Asia/Shanghai',
      years: [{ year: 2026, source: 'province test arrangement', holidays: ['2026-03-02'], workdays: [] }],
    });

    // Act
    const working = ['2026-02-16', '2026-02-14', '2026-03-02', '2025-02-03'].map((date) =>
      province.isWorkingDay(date),
    );

    // Assess
    // 02-16 (Mon) is no longer off, 02-14 (Sat) is no longer a make-up day, 2025 is untouched.
    expect(working).toEqual([true, false, false, false]);
    expect(province.hasOfficialData(2026)).toBe(true);
  });

  it('makes a configured year official, so its days are not provisional', () => {
    // Prepare
    const province = createHolidayCalendar({
      timeZone: 'Asia/Shanghai',
      years: [{ year: 2027, source: 'province test arrangement', holidays: [], workdays: ['2027-02-13'] }],
    });

    // Act
    const provisional = province.isProvisional('2027-02-05');

    // Assess
    // With official 2027 data the computed 除夕 is not applied and 02-13 (Sat) is worked.
    expect(provisional).toBe(false);
    expect(province.isWorkingDay('2027-02-05')).toBe(true);
    expect(province.isWorkingDay('2027-02-13')).toBe(true);
  });

  it('throws when a configured day is both off and worked', () => {
    // Prepare
    const config = {
      timeZone: 'Asia/Shanghai' as const,
      years: [{ year: 2027, source: 'broken', holidays: ['2027-02-08'], workdays: ['2027-02-08'] }],
    };

    // Act
    const act = () => createHolidayCalendar(config);

    // Assess
    expect(act).toThrow(CalendarDataError);
  });

  it('throws when a date does not exist', () => {
    // Prepare
    const dates = ['2027-02-29', '2026-13-01', '2026-2-1'];

    // Act
    const acts = dates.map((date) => () => calendar.isWorkingDay(date));

    // Assess
    for (const act of acts) expect(act).toThrow(InvalidCalendarDateError);
  });

  it('returns true for the leap day 2028-02-29, a Tuesday', () => {
    // Prepare
    const date = '2028-02-29';

    // Act
    const working = calendar.isWorkingDay(date);

    // Assess
    expect(working).toBe(true);
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('adds working days across the 2026 Spring Festival, not counting the start day', () => {
    // Prepare
    // After Fri 02-13: Sat 02-14 (make-up) is 1, 02-15..23 off, Tue 02-24 is 2.
    const start = '2026-02-13';

    // Act
    const result = [calendar.addWorkingDays(start, 1), calendar.addWorkingDays(start, 2)];

    // Assess
    expect(result).toEqual(['2026-02-14', '2026-02-24']);
    expect(calendar.addWorkingDays('2026-02-24', -2)).toBe('2026-02-13');
    expect(calendar.addWorkingDays('2026-02-15', 0)).toBe('2026-02-15');
  });

  it('returns the first working day on or after a date', () => {
    // Prepare
    const dates = ['2026-10-02', '2026-10-08'];

    // Act
    const next = dates.map((date) => calendar.nextWorkingDay(date));

    // Assess
    expect(next).toEqual(['2026-10-08', '2026-10-08']);
  });
});

describe('Shanghai days', () => {
  it('returns the Shanghai day of an instant, which can be the next UTC day', () => {
    // Prepare
    const instants = ['2026-03-10T15:59:00.000Z', '2026-03-10T16:01:00.000Z', '2026-03-11T00:01:00+08:00'];

    // Act
    const days = instants.map(shanghaiDateOf);

    // Assess
    expect(days).toEqual(['2026-03-10', '2026-03-11', '2026-03-11']);
  });

  it('returns 24:00 Shanghai time as 16:00Z of the same date', () => {
    // Prepare
    const date = '2026-03-02';

    // Act
    const end = endOfShanghaiDay(date);

    // Assess
    expect(end).toBe('2026-03-02T16:00:00.000Z');
  });

  it('throws when an instant has no time zone or names a day that does not exist', () => {
    // Prepare
    const instants = ['2026-03-10T10:00:00', '2026-03-10', '2026-02-30T01:00:00Z', 'yesterday'];

    // Act
    const acts = instants.map((instant) => () => shanghaiDateOf(instant));

    // Assess
    for (const act of acts) expect(act).toThrow(InvalidInstantError);
  });
});
