// @vitest-environment happy-dom
/** The work queue: a row per case with its countdown, and the keyboard moves and opens. */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../src/api/types';
import { CaseQueue } from '../src/components/CaseQueue';
import { byNearestDeadline } from '../src/pages/queue-definitions';
import { browserShims, renderInApp } from './render';

const summary = (n: number, nextDueAt?: string): CaseSummary => ({
  caseId: `XF2026120200000${n}`,
  trackingNumber: `XF2026120200000${n}`,
  stage: 'awaiting_sign_for',
  currentUnitId: '330106-zhujian',
  regionCode: '330106',
  title: `案件${n}`,
  petitionerName: '张三',
  maskedPhone: '138****5678',
  registeredAt: '2026-11-20T02:00:00.000Z',
  ...(nextDueAt ? { nextDueAt } : {}),
  overdue: false,
  version: 2,
});

beforeAll(browserShims);
afterEach(cleanup);

describe('the case queue', () => {
  it('sorts by the nearest deadline, cases without one last', () => {
    // Act
    const sorted = [
      summary(1),
      summary(2, '2026-12-10T15:59:59.999Z'),
      summary(3, '2026-12-03T15:59:59.999Z'),
    ].sort(byNearestDeadline);
    // Assess
    expect(sorted.map((s) => s.title)).toEqual(['案件3', '案件2', '案件1']);
  });

  it('shows each case with its working-day countdown', () => {
    // Act
    renderInApp(<CaseQueue items={[summary(1, '2026-12-07T15:59:59.999Z')]} caption="待签收" />);
    // Assess: Wed 2 Dec to Mon 7 Dec, with the weekend off, is 3 working days
    expect(screen.getByRole('row', { name: /XF20261202000001 案件1/ })).toBeTruthy();
    expect(screen.getByText('剩3个工作日')).toBeTruthy();
  });

  it('moves through the rows with the arrow keys and opens a case with Enter', async () => {
    // Prepare
    renderInApp(<CaseQueue items={[summary(1), summary(2)]} caption="待签收" />);
    const [first, second] = [
      screen.getByRole('row', { name: /案件1/ }),
      screen.getByRole('row', { name: /案件2/ }),
    ] as [HTMLElement, HTMLElement];
    first.focus();
    // Act
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    const focused = document.activeElement;
    fireEvent.keyDown(second, { key: 'Enter' });
    // Assess
    expect(focused).toBe(second);
    expect(await screen.findByText('opened case')).toBeTruthy();
  });
});
