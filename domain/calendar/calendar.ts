/**
 * The province's holiday calendar: which Asia/Shanghai calendar days are working days.
 *
 * - A year with official data (shipped national data, or a province year that replaces it as a
 *   whole) follows its notice: listed days off are off, listed make-up days (调休) are worked, and
 *   any other Saturday or Sunday is off.
 * - A year without data (the State Council publishes each arrangement only late in the year
 *   before) is computed: weekends plus the statutory holidays of the 全国年节及纪念日放假办法 as
 *   amended in 2024 (元旦, 春节 = 除夕 to 正月初三, 清明, 劳动节 May 1–2, 端午, 中秋, 国庆 Oct 1–3).
 *   No make-up days are assumed, so such days are provisional until the notice is added.
 *
 * Dates are 'YYYY-MM-DD' strings; instants are ISO 8601 strings. China has had no daylight saving
 * time since 1991, so Shanghai days are fixed UTC+8 and computed without a time-zone database.
 */
import { DomainError } from '../errors.js';
import { firstLunarHolidayYear, lastLunarHolidayYear, lunarHolidays } from './lunar-holidays.js';
import { nationalHolidayYears } from './national-holidays.js';
import type { CalendarConfig, HolidayYear } from './schema.js';

const dayMs = 86_400_000;
const shanghaiOffsetMs = 8 * 3_600_000;
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoInstantPattern = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
// A calendar that marks a whole year off is a configuration error, not a reason to loop forever.
const maxDaysWithoutWorkingDay = 366;

/** A value that is not a real calendar date in the YYYY-MM-DD form (e.g. 2026-02-30). */
export class InvalidCalendarDateError extends DomainError {
  constructor(value: string) {
    super('CALENDAR_INVALID_DATE', `Not a calendar date (YYYY-MM-DD): ${value}`);
  }
}

/** A value that is not an ISO 8601 instant with a UTC designator or offset. */
export class InvalidInstantError extends DomainError {
  constructor(value: string) {
    super('CALENDAR_INVALID_INSTANT', `Not an ISO 8601 instant with a time zone: ${value}`);
  }
}

/** Holiday data that contradicts itself, or leaves no working day to end a deadline on. */
export class CalendarDataError extends DomainError {
  constructor(message: string) {
    super('CALENDAR_DATA_INVALID', message);
  }
}

/** Days since 1970-01-01 of a YYYY-MM-DD date; rejects impossible dates such as 2027-02-29. */
function toDayNumber(date: string): number {
  const match = isoDatePattern.exec(date);
  if (!match) throw new InvalidCalendarDateError(date);
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC silently carries overflow (Feb 30 → Mar 2), so a round trip catches it.
  if (fromDayNumber(ms / dayMs) !== date) throw new InvalidCalendarDateError(date);
  return ms / dayMs;
}

/** The YYYY-MM-DD date of a day number (days since 1970-01-01). */
function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * dayMs).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addCalendarDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** The Asia/Shanghai calendar day an instant falls on. */
export function shanghaiDateOf(instant: string): string {
  return fromDayNumber(Math.floor((parseInstant(instant) + shanghaiOffsetMs) / dayMs));
}

/** 00:00 Asia/Shanghai of `date`, as an ISO UTC instant (16:00Z on the day before). */
function startOfShanghaiDay(date: string): string {
  return new Date(toDayNumber(date) * dayMs - shanghaiOffsetMs).toISOString();
}

/** 24:00 Asia/Shanghai of `date`, i.e. the start of the next day, as an ISO UTC instant. */
export function endOfShanghaiDay(date: string): string {
  return startOfShanghaiDay(addCalendarDays(date, 1));
}

/** Milliseconds since the epoch of an ISO 8601 instant; rejects dates that do not exist. */
export function parseInstant(instant: string): number {
  const match = isoInstantPattern.exec(instant);
  const ms = Date.parse(instant);
  if (!match || Number.isNaN(ms)) throw new InvalidInstantError(instant);
  // Date.parse carries overflow like Date.UTC does; validating the written date part catches it.
  try {
    toDayNumber(match[1]!);
  } catch {
    throw new InvalidInstantError(instant);
  }
  return ms;
}

/**
 * The statutory days off of `year` when no official arrangement is known: 元旦 Jan 1; 春节 除夕 and
 * 正月初一–初三 (the four-day rule since 2025); 清明 on the solar term's day; 劳动节 May 1–2; 端午
 * lunar 5/5; 中秋 lunar 8/15; 国庆 Oct 1–3. Sorted, without duplicates (中秋 can fall on 国庆).
 */
export function statutoryHolidays(year: number): string[] {
  const lunar = lunarHolidays(year);
  if (!lunar)
    throw new CalendarDataError(
      `No lunar holiday dates for ${year}: the calendar covers ${firstLunarHolidayYear}–${lastLunarHolidayYear}`,
    );
  const { springFestival } = lunar;
  const days = [
    `${year}-01-01`,
    addCalendarDays(springFestival, -1),
    springFestival,
    addCalendarDays(springFestival, 1),
    addCalendarDays(springFestival, 2),
    lunar.qingming,
    `${year}-05-01`,
    `${year}-05-02`,
    lunar.dragonBoat,
    lunar.midAutumn,
    `${year}-10-01`,
    `${year}-10-02`,
    `${year}-10-03`,
  ];
  return [...new Set(days)].sort();
}

/** Working-day questions about Asia/Shanghai calendar days, answered from the holiday data. */
export interface HolidayCalendar {
  /** Whether staff work on `date` (make-up days count; weekends and days off do not). */
  isWorkingDay(date: string): boolean;
  /** Whether the official arrangement of `year` is known (national or province data). */
  hasOfficialData(year: number): boolean;
  /** Whether the answer for `date` is computed and may change when the year's notice is added. */
  isProvisional(date: string): boolean;
  /** `date` itself if it is a working day, else the first working day after it. */
  nextWorkingDay(date: string): string;
  /**
   * The `days`-th working day after `date` (before it when negative); `date` itself is not
   * counted, and 0 returns `date` unchanged.
   */
  addWorkingDays(date: string, days: number): string;
}

/**
 * Builds the calendar of one province: its configured years replace the national data of the same
 * year as a whole (a province arrangement is complete, not a patch); every other year falls back
 * to the shipped national data, then to computed statutory holidays.
 */
export function createHolidayCalendar(
  config: CalendarConfig,
  national: readonly HolidayYear[] = nationalHolidayYears,
): HolidayCalendar {
  const officialYears = new Map<number, HolidayYear>();
  for (const holidayYear of national) officialYears.set(holidayYear.year, holidayYear);
  for (const holidayYear of config.years) officialYears.set(holidayYear.year, holidayYear);

  const daysOff = new Set<string>();
  const makeUpDays = new Set<string>();
  for (const { holidays, workdays } of officialYears.values()) {
    for (const date of holidays) {
      toDayNumber(date);
      daysOff.add(date);
    }
    for (const date of workdays) {
      toDayNumber(date);
      if (daysOff.has(date)) throw new CalendarDataError(`${date} is both a day off and a working day`);
      makeUpDays.add(date);
    }
  }

  const computedYears = new Map<number, ReadonlySet<string>>();
  const computedDaysOff = (year: number): ReadonlySet<string> => {
    let days = computedYears.get(year);
    if (!days) {
      days = new Set(statutoryHolidays(year));
      computedYears.set(year, days);
    }
    return days;
  };

  const hasOfficialData = (year: number): boolean => officialYears.has(year);

  const isWorkingDay = (date: string): boolean => {
    const dayNumber = toDayNumber(date);
    // A notice may reach into a neighbouring year (a 元旦 bridge), so listed days win outright.
    if (makeUpDays.has(date)) return true;
    if (daysOff.has(date)) return false;
    const year = Number(date.slice(0, 4));
    if (!hasOfficialData(year) && computedDaysOff(year).has(date)) return false;
    // 1970-01-01 was a Thursday: (n + 4) mod 7 gives 0 = Sunday … 6 = Saturday.
    const weekday = (((dayNumber + 4) % 7) + 7) % 7;
    return weekday !== 0 && weekday !== 6;
  };

  const step = (date: string, direction: 1 | -1): string => {
    let current = date;
    for (let i = 0; i < maxDaysWithoutWorkingDay; i++) {
      current = addCalendarDays(current, direction);
      if (isWorkingDay(current)) return current;
    }
    throw new CalendarDataError(`No working day within a year of ${date}`);
  };

  return {
    isWorkingDay,
    hasOfficialData,
    isProvisional: (date) => {
      toDayNumber(date);
      return !hasOfficialData(Number(date.slice(0, 4)));
    },
    nextWorkingDay: (date) => (isWorkingDay(date) ? date : step(date, 1)),
    addWorkingDays: (date, days) => {
      if (!Number.isInteger(days)) throw new RangeError(`Working days must be an integer: ${days}`);
      toDayNumber(date);
      let current = date;
      for (let i = 0; i < Math.abs(days); i++) current = step(current, days > 0 ? 1 : -1);
      return current;
    },
  };
}
