/**
 * EventBridge / EventBridge Scheduler schedule expressions for the local runtime:
 * `rate(value unit)`, `cron(Minutes Hours Day-of-month Month Day-of-week Year)` and the Scheduler's
 * one-time `at(yyyy-mm-ddThh:mm:ss)`.
 *
 * Choices for the local runtime (AWS leaves these to the service):
 * - a rate schedule fires at whole multiples of its period counted from the Unix epoch (UTC), so
 *   `rate(5 minutes)` fires at :00, :05, :10 … and `rate(1 day)` at 00:00 UTC; its time zone is
 *   irrelevant because a rate is a fixed duration;
 * - cron and `at` are evaluated in the given IANA time zone (default `UTC`). As EventBridge
 *   Scheduler documents for daylight saving time: a cron time that does not exist (spring forward)
 *   is skipped, and a repeated wall-clock time (fall back) fires only once, on its first occurrence;
 * - `nextFireTime` returns `undefined` when the schedule has no fire time left (the year field is
 *   exhausted, a cron date never occurs before 2199, or an `at` time is in the past).
 */

/** Raised when an expression (or a time zone) is not valid; the message names what is wrong. */
export class InvalidScheduleExpressionError extends Error {
  readonly expression: string;
  constructor(expression: string, reason: string) {
    super(`Invalid schedule expression ${JSON.stringify(expression)}: ${reason}`);
    this.name = 'InvalidScheduleExpressionError';
    this.expression = expression;
  }
}

/** Unit of a rate expression. */
type RateUnit = 'minute' | 'hour' | 'day';

/** `rate(value unit)`: fires every `periodMs`, aligned on the Unix epoch. */
interface RateSchedule {
  readonly kind: 'rate';
  readonly expression: string;
  readonly value: number;
  readonly unit: RateUnit;
  readonly periodMs: number;
}

/** Day-of-month constraint of a cron expression (the day-of-week field was `?`). */
interface DayOfMonthRule {
  readonly field: 'day-of-month';
  /** Plain days 1–31. */
  readonly days: ReadonlySet<number>;
  /** `L` (0) and `L-n` (n): the day n days before the month's last day. */
  readonly fromLast: ReadonlySet<number>;
  /** `LW`: the last weekday (Mon–Fri) of the month. */
  readonly lastWeekday: boolean;
  /** `nW`: the weekday nearest to day n, within the same month. */
  readonly nearestWeekday: ReadonlySet<number>;
}

/** Day-of-week constraint of a cron expression (the day-of-month field was `?`); 1 = Sunday. */
interface DayOfWeekRule {
  readonly field: 'day-of-week';
  /** Plain weekdays 1–7 (`L` alone means 7, Saturday, the last day of the week). */
  readonly days: ReadonlySet<number>;
  /** `nL`: the last weekday n of the month. */
  readonly lastOfMonth: ReadonlySet<number>;
  /** `n#k`: the k-th weekday n of the month. */
  readonly nth: { readonly weekday: number; readonly occurrence: number } | undefined;
}

/** `cron(...)`: the set of wall-clock minutes it fires on. */
interface CronSchedule {
  readonly kind: 'cron';
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number>;
  readonly day: DayOfMonthRule | DayOfWeekRule;
}

/** `at(yyyy-mm-ddThh:mm:ss)`: a one-time schedule in the evaluation time zone. */
interface AtSchedule {
  readonly kind: 'at';
  readonly expression: string;
  /** The wall-clock time as milliseconds since the epoch, read as if it were UTC. */
  readonly wallClockMs: number;
}

/** A parsed schedule expression. */
export type Schedule = RateSchedule | CronSchedule | AtSchedule;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const RATE_PERIODS: Record<RateUnit, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };
const MIN_YEAR = 1970;
const MAX_YEAR = 2199;

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly step: boolean;
}

const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59, step: true },
  hours: { name: 'hours', min: 0, max: 23, step: true },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31, step: true },
  month: { name: 'month', min: 1, max: 12, names: MONTH_NAMES, step: true },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES, step: false },
  year: { name: 'year', min: MIN_YEAR, max: MAX_YEAR, step: true },
} satisfies Record<string, FieldSpec>;

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * Parses `rate(...)`, `cron(...)` or `at(...)`. Throws {@link InvalidScheduleExpressionError}
 * naming the offending part.
 */
export function parseScheduleExpression(expr: string): Schedule {
  const expression = expr.trim();
  const wrapped = /^(rate|cron|at)\((.*)\)$/s.exec(expression);
  if (!wrapped) {
    throw new InvalidScheduleExpressionError(expr, 'expected rate(...), cron(...) or at(...)');
  }
  const [, kind, body] = wrapped as unknown as [string, 'rate' | 'cron' | 'at', string];
  if (kind === 'rate') return parseRate(expression, body);
  if (kind === 'cron') return parseCron(expression, body);
  return parseAt(expression, body);
}

function parseRate(expression: string, body: string): RateSchedule {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(body);
  if (!match) throw new InvalidScheduleExpressionError(expression, 'a rate needs exactly "value unit"');
  const [, rawValue, rawUnit] = match as unknown as [string, string, string];
  if (!/^[1-9]\d*$/.test(rawValue)) {
    throw new InvalidScheduleExpressionError(
      expression,
      `rate value ${JSON.stringify(rawValue)} is not a positive integer`,
    );
  }
  const value = Number(rawValue);
  const unitMatch = /^(minute|hour|day)(s?)$/.exec(rawUnit);
  if (!unitMatch) {
    throw new InvalidScheduleExpressionError(expression, `unknown rate unit ${JSON.stringify(rawUnit)}`);
  }
  const unit = unitMatch[1] as RateUnit;
  const plural = unitMatch[2] === 's';
  if (value === 1 && plural) {
    throw new InvalidScheduleExpressionError(expression, `a value of 1 needs the singular unit "${unit}"`);
  }
  if (value !== 1 && !plural) {
    throw new InvalidScheduleExpressionError(
      expression,
      `a value of ${value} needs the plural unit "${unit}s"`,
    );
  }
  const periodMs = value * RATE_PERIODS[unit];
  if (!Number.isSafeInteger(periodMs))
    throw new InvalidScheduleExpressionError(expression, 'rate is too large');
  return { kind: 'rate', expression, value, unit, periodMs };
}

function parseAt(expression: string, body: string): AtSchedule {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!match) throw new InvalidScheduleExpressionError(expression, 'at() needs yyyy-mm-ddThh:mm:ss');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wallClockMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wallClockMs);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw new InvalidScheduleExpressionError(expression, `${body} is not a real date and time`);
  }
  return { kind: 'at', expression, wallClockMs };
}

function parseCron(expression: string, body: string): CronSchedule {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new InvalidScheduleExpressionError(expression, `cron needs 6 fields, got ${parts.length}`);
  }
  const [minutesText, hoursText, domText, monthText, dowText, yearText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const fail = (reason: string): never => {
    throw new InvalidScheduleExpressionError(expression, reason);
  };
  if (domText === '?' && dowText === '?') fail('day-of-month and day-of-week cannot both be "?"');
  if (domText !== '?' && dowText !== '?') fail('one of day-of-month or day-of-week must be "?"');
  return {
    kind: 'cron',
    expression,
    minutes: parseField(minutesText, FIELDS.minutes, fail),
    hours: parseField(hoursText, FIELDS.hours, fail),
    months: parseField(monthText, FIELDS.month, fail),
    years: parseField(yearText, FIELDS.year, fail),
    day: domText === '?' ? parseDayOfWeek(dowText, fail) : parseDayOfMonth(domText, fail),
  };
}

type Fail = (reason: string) => never;

function parseValue(token: string, spec: FieldSpec, fail: Fail): number {
  let value: number | undefined;
  if (/^\d+$/.test(token)) value = Number(token);
  else if (spec.names) {
    const index = spec.names.indexOf(token.toUpperCase());
    if (index >= 0) value = index + spec.min;
  }
  if (value === undefined) return fail(`${spec.name} value ${JSON.stringify(token)} is not recognised`);
  if (value < spec.min || value > spec.max) {
    return fail(`${spec.name} value ${token} is outside ${spec.min}-${spec.max}`);
  }
  return value;
}

/** Adds the values of one plain item (`*`, `a`, `a-b`, with an optional `/step`) to `into`. */
function addPlainItem(item: string, spec: FieldSpec, into: Set<number>, fail: Fail): void {
  const slash = item.split('/');
  if (slash.length > 2) fail(`${spec.name} item ${JSON.stringify(item)} has more than one "/"`);
  const [rangeText = '', stepText] = slash;
  let step = 1;
  if (stepText !== undefined) {
    if (!spec.step) fail(`${spec.name} does not support "/"`);
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
      fail(`${spec.name} increment ${JSON.stringify(stepText)} must be a positive integer`);
    }
    step = Number(stepText);
  }
  let start: number;
  let end: number;
  if (rangeText === '*') {
    start = spec.min;
    end = spec.max;
  } else {
    const dash = rangeText.split('-');
    if (dash.length > 2) fail(`${spec.name} item ${JSON.stringify(item)} is not a valid range`);
    start = parseValue(dash[0] ?? '', spec, fail);
    end = dash[1] !== undefined ? parseValue(dash[1], spec, fail) : stepText !== undefined ? spec.max : start;
    if (start > end) fail(`${spec.name} range ${rangeText} starts after it ends`);
  }
  for (let value = start; value <= end; value += step) into.add(value);
}

function splitItems(text: string, spec: FieldSpec, fail: Fail): string[] {
  const items = text.split(',');
  if (items.some((item) => item === '')) fail(`${spec.name} field ${JSON.stringify(text)} has an empty item`);
  if (items.includes('?')) fail(`"?" is only allowed alone in day-of-month or day-of-week`);
  return items;
}

function parseField(text: string, spec: FieldSpec, fail: Fail): ReadonlySet<number> {
  const values = new Set<number>();
  for (const item of splitItems(text, spec, fail)) addPlainItem(item, spec, values, fail);
  return values;
}

function parseDayOfMonth(text: string, fail: Fail): DayOfMonthRule {
  const spec = FIELDS.dayOfMonth;
  const days = new Set<number>();
  const fromLast = new Set<number>();
  const nearestWeekday = new Set<number>();
  let lastWeekday = false;
  for (const item of splitItems(text, spec, fail)) {
    const upper = item.toUpperCase();
    const lastOffset = /^L(?:-(\d+))?$/.exec(upper);
    const nearest = /^(\d+)W$/.exec(upper);
    if (lastOffset) {
      const offset = Number(lastOffset[1] ?? 0);
      if (offset > 30) fail(`day-of-month offset ${item} must be at most L-30`);
      fromLast.add(offset);
    } else if (upper === 'LW') {
      lastWeekday = true;
    } else if (nearest) {
      nearestWeekday.add(parseValue(nearest[1] as string, spec, fail));
    } else if (/[LW#]/i.test(item)) {
      fail(`day-of-month item ${JSON.stringify(item)} is not valid`);
    } else {
      addPlainItem(item, spec, days, fail);
    }
  }
  return { field: 'day-of-month', days, fromLast, lastWeekday, nearestWeekday };
}

function parseDayOfWeek(text: string, fail: Fail): DayOfWeekRule {
  const spec = FIELDS.dayOfWeek;
  const items = splitItems(text, spec, fail);
  const days = new Set<number>();
  const lastOfMonth = new Set<number>();
  let nth: DayOfWeekRule['nth'];
  for (const item of items) {
    const hash = /^([^#]+)#(.*)$/.exec(item);
    const lastOf = /^(.+)L$/i.exec(item);
    if (hash) {
      if (items.length > 1) fail('a day-of-week field using "#" may hold only that one expression');
      const weekday = parseValue(hash[1] as string, spec, fail);
      const occurrence = hash[2] as string;
      if (!/^[1-5]$/.test(occurrence)) fail(`day-of-week occurrence in ${item} must be 1-5`);
      nth = { weekday, occurrence: Number(occurrence) };
    } else if (item.toUpperCase() === 'L') {
      days.add(7);
    } else if (lastOf) {
      lastOfMonth.add(parseValue(lastOf[1] as string, spec, fail));
    } else {
      addPlainItem(item, spec, days, fail);
    }
  }
  return { field: 'day-of-week', days, lastOfMonth, nth };
}

// ---------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------

type OffsetAt = (instantMs: number) => number;

const zoneCache = new Map<string, OffsetAt>();

const UTC_ZONES = new Set(['UTC', 'ETC/UTC', 'GMT', 'ETC/GMT', 'Z']);

/** Returns a function giving the zone's UTC offset (ms, wall − UTC) at an instant. */
function zoneOffsets(timeZone: string): OffsetAt {
  const cached = zoneCache.get(timeZone);
  if (cached) return cached;
  let offsetAt: OffsetAt;
  if (UTC_ZONES.has(timeZone.toUpperCase())) {
    offsetAt = () => 0;
  } else {
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new InvalidScheduleExpressionError(timeZone, 'unknown time zone');
    }
    offsetAt = (instantMs) => {
      const wholeSecond = Math.floor(instantMs / 1000) * 1000;
      const parts: Record<string, number> = {};
      for (const part of format.formatToParts(new Date(wholeSecond))) {
        if (part.type !== 'literal') parts[part.type] = Number(part.value);
      }
      const wall = Date.UTC(
        parts['year'] ?? 0,
        (parts['month'] ?? 1) - 1,
        parts['day'] ?? 1,
        parts['hour'] ?? 0,
        parts['minute'] ?? 0,
        parts['second'] ?? 0,
      );
      return wall - wholeSecond;
    };
  }
  zoneCache.set(timeZone, offsetAt);
  return offsetAt;
}

/**
 * The earliest instant whose wall-clock time in the zone is `wallMs`, or `undefined` when that
 * wall-clock time does not exist (a daylight-saving gap).
 */
function wallToInstant(wallMs: number, offsetAt: OffsetAt): number | undefined {
  const candidates = new Set(
    [offsetAt(wallMs - DAY_MS), offsetAt(wallMs), offsetAt(wallMs + DAY_MS)].map((offset) => wallMs - offset),
  );
  let best: number | undefined;
  for (const instant of candidates) {
    if (instant + offsetAt(instant) === wallMs && (best === undefined || instant < best)) best = instant;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Next fire time
// ---------------------------------------------------------------------------------------------

/**
 * The first fire time strictly after `after`, evaluating cron and `at` expressions in `timeZone`
 * (any IANA zone, default `UTC`). Returns `undefined` when the schedule never fires again.
 */
export function nextFireTime(schedule: Schedule, after: Date, timeZone = 'UTC'): Date | undefined {
  const afterMs = after.getTime();
  if (Number.isNaN(afterMs)) throw new RangeError('nextFireTime needs a valid "after" date');
  const offsetAt = zoneOffsets(timeZone);
  switch (schedule.kind) {
    case 'rate':
      return new Date((Math.floor(afterMs / schedule.periodMs) + 1) * schedule.periodMs);
    case 'at': {
      const instant =
        wallToInstant(schedule.wallClockMs, offsetAt) ??
        schedule.wallClockMs - offsetAt(schedule.wallClockMs - DAY_MS);
      return instant > afterMs ? new Date(instant) : undefined;
    }
    case 'cron':
      return nextCronTime(schedule, afterMs, offsetAt);
  }
}

function nextCronTime(schedule: CronSchedule, afterMs: number, offsetAt: OffsetAt): Date | undefined {
  const floorToMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  let cursor = Math.max(floorToMinute(afterMs + offsetAt(afterMs)), Date.UTC(MIN_YEAR, 0, 1));
  for (;;) {
    const wall = nextWallMatch(schedule, cursor);
    if (wall === undefined) return undefined;
    const instant = wallToInstant(wall, offsetAt);
    if (instant !== undefined && instant > afterMs) return new Date(instant);
    cursor = wall + MINUTE_MS;
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = Sunday … 7 = Saturday. */
function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function nearestWeekdayTo(year: number, month: number, day: number): number | undefined {
  const last = daysInMonth(year, month);
  if (day > last) return undefined;
  const weekday = weekdayOf(year, month, day);
  if (weekday === 7) return day === 1 ? 3 : day - 1;
  if (weekday === 1) return day === last ? day - 2 : day + 1;
  return day;
}

function dayMatches(rule: DayOfMonthRule | DayOfWeekRule, year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month);
  if (rule.field === 'day-of-month') {
    if (rule.days.has(day) || rule.fromLast.has(last - day)) return true;
    if (rule.lastWeekday && nearestWeekdayTo(year, month, last) === day) return true;
    for (const target of rule.nearestWeekday) if (nearestWeekdayTo(year, month, target) === day) return true;
    return false;
  }
  const weekday = weekdayOf(year, month, day);
  if (rule.days.has(weekday)) return true;
  if (rule.lastOfMonth.has(weekday) && day + 7 > last) return true;
  return rule.nth !== undefined && rule.nth.weekday === weekday && Math.ceil(day / 7) === rule.nth.occurrence;
}

/** The first wall-clock minute at or after `fromWall` (ms, read as UTC) the cron fields accept. */
function nextWallMatch(schedule: CronSchedule, fromWall: number): number | undefined {
  let t = fromWall;
  for (;;) {
    const date = new Date(t);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    const hour = date.getUTCHours();
    const minute = date.getUTCMinutes();
    if (year > MAX_YEAR) return undefined;
    if (!schedule.years.has(year)) {
      let next = year + 1;
      while (next <= MAX_YEAR && !schedule.years.has(next)) next++;
      if (next > MAX_YEAR) return undefined;
      t = Date.UTC(next, 0, 1);
    } else if (!schedule.months.has(month)) {
      t = Date.UTC(year, month, 1);
    } else if (!dayMatches(schedule.day, year, month, day)) {
      t = Date.UTC(year, month - 1, day + 1);
    } else if (!schedule.hours.has(hour)) {
      t = Date.UTC(year, month - 1, day, hour + 1);
    } else if (!schedule.minutes.has(minute)) {
      t = Date.UTC(year, month - 1, day, hour, minute + 1);
    } else {
      return Date.UTC(year, month - 1, day, hour, minute);
    }
  }
}
