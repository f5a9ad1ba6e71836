/** A hot issue's cases per day with the quiet days filled in, for its chart. */
const DAY_MS = 86_400_000;
/** A chart shows at least a week, so that one busy day reads as a spike. */
const minDays = 7;

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Every day from the first with cases (or a week before `through`, whichever is earlier) to
 * `through`, the end of the range asked for, with the cases of each.
 */
export function everyDay(
  daily: readonly { readonly day: string; readonly count: number }[],
  through: string,
): { days: string[]; counts: number[] } {
  const counts = new Map(daily.map((d) => [d.day, d.count]));
  const first = daily[0]?.day;
  const end = Date.parse(`${through}T00:00:00Z`);
  if (!first || Number.isNaN(end)) return { days: [], counts: [] };
  const start = Math.min(Date.parse(`${first}T00:00:00Z`), end - (minDays - 1) * DAY_MS);
  const days: string[] = [];
  for (let t = start; t <= end; t += DAY_MS) days.push(dayOf(t));
  return { days, counts: days.map((d) => counts.get(d) ?? 0) };
}
