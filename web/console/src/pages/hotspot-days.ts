/** A hot issue's cases per day with the quiet days between filled in, for its chart. */
const DAY_MS = 86_400_000;

export function everyDay(daily: readonly { readonly day: string; readonly count: number }[]): {
  days: string[];
  counts: number[];
} {
  const counts = new Map(daily.map((d) => [d.day, d.count]));
  const first = daily[0]?.day;
  const last = daily.at(-1)?.day;
  const days: string[] = [];
  if (first && last)
    for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY_MS)
      days.push(new Date(t).toISOString().slice(0, 10));
  return { days, counts: days.map((d) => counts.get(d) ?? 0) };
}
