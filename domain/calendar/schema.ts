import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/**
 * One year's official holiday arrangement (国务院办公厅关于某年部分节假日安排的通知): the days off
 * and the adjusted working days (调休 make-up days that fall on a weekend).
 */
export const holidayYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    source: z.string().min(1),
    holidays: z.array(isoDate),
    workdays: z.array(isoDate),
  })
  .strict();
export type HolidayYear = z.infer<typeof holidayYearSchema>;

/** A province's calendar: the years it overrides or adds on top of the shipped national data. */
export const calendarConfigSchema = z
  .object({
    timeZone: z.literal('Asia/Shanghai').default('Asia/Shanghai'),
    years: z.array(holidayYearSchema).default([]),
  })
  .strict();
export type CalendarConfig = z.infer<typeof calendarConfigSchema>;
