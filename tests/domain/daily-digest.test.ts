import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../domain/case/repository.js';
import { beijingDay, dailyDigestFor } from '../../domain/notifications/daily-digest.js';

const unit = { id: '330106-zhujian', name: '西湖区住房和城乡建设局' };
const now = '2026-03-10T00:00:00.000Z'; // 08:00 in Beijing

function summary(n: number, fields: Partial<CaseSummary> = {}): CaseSummary {
  return {
    caseId: `XF2026030100000${n}`,
    trackingNumber: `XF2026030100000${n}`,
    stage: 'handling',
    currentUnitId: unit.id,
    regionCode: '330106',
    title: '小区物业乱收费',
    petitionerName: '张三',
    registeredAt: '2026-03-01T01:00:00.000Z',
    overdue: false,
    version: 5,
    ...fields,
  };
}

describe('dailyDigestFor', () => {
  it('returns nothing for a unit with no open case', () => {
    // Act
    const digest = dailyDigestFor(unit, [], now);

    // Assess
    expect(digest).toBeUndefined();
  });

  it.each([
    {
      name: 'counts an overdue case as overdue, not as due soon',
      open: [summary(1, { overdue: true, nextDueAt: '2026-03-09T00:00:00.000Z' })],
      expected: { openCases: 1, overdue: 1, dueSoon: 0, byStage: { handling: 1 } },
    },
    {
      name: 'counts a case due within three days as due soon',
      open: [
        summary(1, { nextDueAt: '2026-03-12T23:59:00.000Z' }),
        summary(2, { nextDueAt: '2026-03-13T00:00:00.000Z', stage: 'awaiting_acceptance' }),
        summary(3, { nextDueAt: '2026-03-13T00:01:00.000Z', stage: 'awaiting_acceptance' }),
      ],
      expected: { openCases: 3, overdue: 0, dueSoon: 2, byStage: { awaiting_acceptance: 2, handling: 1 } },
    },
    {
      name: 'falls back to the next checkpoint for a summary without a due time',
      open: [summary(1, { nextCheckpointAt: '2026-03-11T00:00:00.000Z' }), summary(2)],
      expected: { openCases: 2, overdue: 0, dueSoon: 1, byStage: { handling: 2 } },
    },
  ])('$name', ({ open, expected }) => {
    // Act
    const digest = dailyDigestFor(unit, open, now);

    // Assess
    expect(digest).toMatchObject({ unitId: unit.id, kind: 'digest', ...expected });
    expect(Object.keys(digest!.byStage)).toEqual(Object.keys(expected.byStage));
  });

  it('names the five most urgent cases: overdue first, then by due time, undated last', () => {
    // Prepare
    const open = [
      summary(1),
      summary(2, { nextDueAt: '2026-03-20T00:00:00.000Z' }),
      summary(3, { nextDueAt: '2026-03-11T00:00:00.000Z' }),
      summary(4, { overdue: true, nextDueAt: '2026-03-08T00:00:00.000Z' }),
      summary(5, { nextDueAt: '2026-03-15T00:00:00.000Z' }),
      summary(6, { overdue: true, nextDueAt: '2026-03-01T00:00:00.000Z' }),
    ];

    // Act
    const digest = dailyDigestFor(unit, open, now)!;

    // Assess
    expect(digest.mostUrgent.map((u) => u.trackingNumber.slice(-1))).toEqual(['6', '4', '3', '5', '2']);
    expect(digest.mostUrgent[0]).toEqual({
      caseId: 'XF20260301000006',
      trackingNumber: 'XF20260301000006',
      stage: 'handling',
      dueAt: '2026-03-01T00:00:00.000Z',
      overdue: true,
    });
    expect(digest.title).toBe('今日待办：在办6件，超期2件');
    expect(digest.detail).toContain('XF20260301000006、XF20260301000004');
  });

  it.each([
    ['2026-03-02T23:30:00.000Z', '2026-03-03', '2026-03-03T00:00:00.000Z'],
    ['2026-03-02T15:59:00.000Z', '2026-03-02', '2026-03-02T00:00:00.000Z'],
    ['2026-03-02T16:00:00.000Z', '2026-03-03', '2026-03-03T00:00:00.000Z'],
  ])('dates a digest made at %s to the Beijing day %s, at 08:00 (%s)', (at, day, instant) => {
    // Act
    const digest = dailyDigestFor(unit, [summary(1)], at)!;

    // Assess
    expect(beijingDay(at)).toBe(day);
    expect(digest.day).toBe(day);
    expect(digest.at).toBe(instant);
  });
});
