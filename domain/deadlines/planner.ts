/**
 * Deadline arithmetic for case steps. Semantics, which every caller relies on:
 *
 * - Instants are ISO 8601 (output always UTC, `…Z` with milliseconds); days are Asia/Shanghai
 *   calendar days (UTC+8, no DST). A day ends at 24:00 Shanghai time, so a deadline instant is
 *   the start of the following Shanghai day: a window ending on 2026-03-02 is due at
 *   2026-03-02T16:00:00.000Z.
 * - The day of the start is not counted (期间开始之日不计算在内): an n-day window starting at any
 *   time on day D ends with day D+n (calendar) or with the n-th working day after D (working).
 *   23:59 and 00:00 on the same Shanghai day start the same window.
 * - A calendar-day window whose last day is not a working day ends on the next working day when
 *   the rule says `rollToWorkingDay` (期间届满的最后一日是法定休假日的，以休假日后的第一日为期间届满的日期).
 * - Warning point: `daysBefore` n is the due instant moved back n days counted like the rule
 *   (working days back for a working-day rule); `shareOfWindow` s is
 *   startAt + (1 − s) × (dueAt − startAt), rounded to the minute. Never before startAt.
 * - `provisional` when any counted day of the window lies in a year without official holiday
 *   data: such deadlines are recomputed once the State Council's notice for that year is added.
 * - An extension counts `days` like the step's rule from the old due day and keeps startAt. How
 *   many extensions a case has had is the case's business (`rules.extension.maxCount`): a planned
 *   deadline does not carry that count.
 */
import {
  addCalendarDays,
  endOfShanghaiDay,
  type HolidayCalendar,
  parseInstant,
  shanghaiDateOf,
} from '../calendar/calendar.js';
import { DomainError } from '../errors.js';
import type { DeadlinePlanner, DeadlineRule, DeadlineRules, DeadlineStep, PlannedDeadline } from './rules.js';

const minuteMs = 60_000;

/** An extension shorter than a day or longer than the province allows. */
export class ExtensionOutOfRangeError extends DomainError {
  readonly days: number;
  readonly maxDays: number;
  constructor(days: number, maxDays: number) {
    super('DEADLINE_EXTENSION_OUT_OF_RANGE', `An extension must be 1 to ${maxDays} whole days, got ${days}`);
    this.days = days;
    this.maxDays = maxDays;
  }
}

/** Plans step deadlines from the province's rules and holiday calendar. Pure. */
export function createDeadlinePlanner(rules: DeadlineRules, calendar: HolidayCalendar): DeadlinePlanner {
  const lastDay = (rule: DeadlineRule, from: string, days: number): string => {
    if (rule.dayKind === 'working') return calendar.addWorkingDays(from, days);
    const last = addCalendarDays(from, days);
    return rule.rollToWorkingDay ? calendar.nextWorkingDay(last) : last;
  };

  const warningAt = (rule: DeadlineRule, startMs: number, dueDay: string, dueMs: number): number => {
    const { warning } = rule;
    if ('daysBefore' in warning) {
      const warnDay =
        rule.dayKind === 'working'
          ? calendar.addWorkingDays(dueDay, -warning.daysBefore)
          : addCalendarDays(dueDay, -warning.daysBefore);
      return Math.max(startMs, Date.parse(endOfShanghaiDay(warnDay)));
    }
    const raw = startMs + (1 - warning.shareOfWindow) * (dueMs - startMs);
    return Math.max(startMs, Math.round(raw / minuteMs) * minuteMs);
  };

  const isProvisional = (startDay: string, dueDay: string): boolean => {
    const firstYear = Number(addCalendarDays(startDay, 1).slice(0, 4));
    const lastYear = Number(dueDay.slice(0, 4));
    for (let year = firstYear; year <= lastYear; year++) {
      if (!calendar.hasOfficialData(year)) return true;
    }
    return false;
  };

  const build = (step: DeadlineStep, startMs: number, dueDay: string): PlannedDeadline => {
    const rule = rules.steps[step];
    const dueMs = Date.parse(endOfShanghaiDay(dueDay));
    const startAt = new Date(startMs).toISOString();
    return {
      step,
      startAt,
      warnAt: new Date(warningAt(rule, startMs, dueDay, dueMs)).toISOString(),
      dueAt: new Date(dueMs).toISOString(),
      provisional: isProvisional(shanghaiDateOf(startAt), dueDay),
    };
  };

  return {
    plan(step, startAt) {
      const startMs = parseInstant(startAt);
      const rule = rules.steps[step];
      return build(step, startMs, lastDay(rule, shanghaiDateOf(startAt), rule.days));
    },

    extend(deadline, days) {
      const { maxDays } = rules.extension;
      if (!Number.isInteger(days) || days < 1 || days > maxDays) {
        throw new ExtensionOutOfRangeError(days, maxDays);
      }
      // dueAt is the first instant after the due day, so the due day is the Shanghai day just before.
      const oldDueDay = shanghaiDateOf(new Date(parseInstant(deadline.dueAt) - 1).toISOString());
      const rule = rules.steps[deadline.step];
      return build(deadline.step, parseInstant(deadline.startAt), lastDay(rule, oldDueDay, days));
    },
  };
}
