/**
 * Beijing time and working-day countdowns. China has no daylight saving time, so Beijing is fixed
 * UTC+8. Which days are working days comes from the province's calendar through the staff
 * directory (`calendar.daysOff`), so 调休 and holidays count as the server counts them.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

const beijingOffsetMinutes = 8 * 60;
const dayMs = 86_400_000;

export const beijing = (instant: string | number | Date) => dayjs(instant).utcOffset(beijingOffsetMinutes);

/** `2026-12-02 14:30` in Beijing time. */
export function formatBeijing(instant: string | undefined): string {
  return instant ? beijing(instant).format('YYYY-MM-DD HH:mm') : '—';
}

/**
 * A deadline as staff read it: a deadline that ends with a day (Beijing midnight) is shown as
 * that day's 24:00, `2026-12-17 24:00`, not as the next day's 00:00.
 */
export function formatDue(instant: string | undefined): string {
  if (!instant) return '—';
  const at = beijing(instant);
  return at.format('HH:mm:ss') === '00:00:00'
    ? `${at.subtract(1, 'day').format('YYYY-MM-DD')} 24:00`
    : at.format('YYYY-MM-DD HH:mm');
}

/** `2026-12-02` in Beijing time. */
function beijingDate(instant: string | number | Date): string {
  return beijing(instant).format('YYYY-MM-DD');
}

/** The Beijing date `days` calendar days after `date`. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

export interface WorkingDays {
  readonly daysOff: ReadonlySet<string>;
}

function isWorkingDay(calendar: WorkingDays, date: string): boolean {
  return !calendar.daysOff.has(date);
}

/**
 * Working days from today until the due instant's day: 0 when due today, negative when overdue
 * (working days late), counted in Beijing dates.
 */
export function workingDaysLeft(calendar: WorkingDays, now: string | number, dueAt: string): number {
  const today = beijingDate(now);
  // A deadline at Beijing midnight ends the day before it.
  const due = beijingDate(Date.parse(dueAt) - 1);
  if (due === today) return Date.parse(dueAt) < Number(new Date(now)) ? -1 : 0;
  const forward = due > today;
  let count = 0;
  let date = today;
  for (let i = 0; i < 800 && date !== due; i++) {
    date = addDays(date, forward ? 1 : -1);
    if (isWorkingDay(calendar, date)) count++;
  }
  return forward ? count : -Math.max(count, 1);
}

/** The instant that ends the `n`-th working day after today (Beijing). */
export function endOfWorkingDaysAhead(calendar: WorkingDays, now: string | number, n: number): string {
  let date = beijingDate(now);
  let left = n;
  for (let i = 0; i < 800 && left > 0; i++) {
    date = addDays(date, 1);
    if (isWorkingDay(calendar, date)) left--;
  }
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();
}

/** 剩3个工作日 / 今日到期 / 超期2个工作日. */
export function countdownText(days: number): string {
  if (days > 0) return `剩${days}个工作日`;
  if (days === 0) return '今日到期';
  return `超期${-days}个工作日`;
}
