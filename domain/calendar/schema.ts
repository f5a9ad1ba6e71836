import '../zod-messages.js';
import * as z from 'zod/mini';

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'));

/**
 * One year's official holiday arrangement (国务院办公厅关于某年部分节假日安排的通知): the days off
 * and the adjusted working days (调休 make-up days that fall on a weekend).
 */
const holidayYearSchema = z.strictObject({
  year: z.int().check(z.minimum(2000), z.maximum(2100)),
  source: z.string().check(z.minLength(1)),
  holidays: z.array(isoDate),
  workdays: z.array(isoDate),
});
export type HolidayYear = z.infer<typeof holidayYearSchema>;

/** A province's calendar: the years it overrides or adds on top of the shipped national data. */
export const calendarConfigSchema = z.strictObject({
  timeZone: z._default(z.literal('Asia/Shanghai'), 'Asia/Shanghai'),
  years: z._default(z.array(holidayYearSchema), []),
});
export type CalendarConfig = z.infer<typeof calendarConfigSchema>;
