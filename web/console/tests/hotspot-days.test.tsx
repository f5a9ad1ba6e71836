/** The days of a hot issue's chart: quiet days filled in, at least a week, up to the range's end. */
import { describe, expect, it } from 'vitest';
import { everyDay } from '../src/pages/hotspot-days';

describe('a hot issue’s days', () => {
  it('fills the quiet days between the first with cases and the end of the range', () => {
    // Act
    const { days, counts } = everyDay(
      [
        { day: '2026-11-20', count: 2 },
        { day: '2026-11-23', count: 3 },
      ],
      '2026-11-28',
    );
    // Assess
    expect(days[0]).toBe('2026-11-20');
    expect(days.at(-1)).toBe('2026-11-28');
    expect(days).toHaveLength(9);
    expect(counts).toEqual([2, 0, 0, 3, 0, 0, 0, 0, 0]);
  });

  it('shows a week when all cases came on one day, across a month’s end', () => {
    // Act
    const { days, counts } = everyDay([{ day: '2026-12-03', count: 5 }], '2026-12-03');
    // Assess
    expect(days).toEqual([
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
    ]);
    expect(counts).toEqual([0, 0, 0, 0, 0, 0, 5]);
  });

  it('draws nothing for a hot issue without cases in the range', () => {
    expect(everyDay([], '2026-12-03')).toEqual({ days: [], counts: [] });
  });
});
