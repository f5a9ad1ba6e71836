// @vitest-environment happy-dom
/** Registration hints while typing: earlier cases of the phone number, and cases with a similar title. */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import Register from '../src/pages/Register';
import { browserShims, renderInApp } from './render';

const earlier = {
  caseId: 'XF20261120000007',
  trackingNumber: 'XF20261120000007',
  stage: 'handling',
  currentUnitId: '330106-zhujian',
  regionCode: '330106',
  title: '来访反映家庭赡养问题',
  petitionerName: '赵六',
  registeredAt: '2026-11-20T02:00:00.000Z',
  overdue: false,
  version: 5,
};
let asked: string[];

beforeAll(browserShims);
beforeEach(() => {
  asked = [];
  sessionStorage.setItem(
    'console.session',
    JSON.stringify({
      token: 'x.e30.y',
      unitId: '330106-xinfang',
      unitName: '西湖区信访局',
      role: 'registrar',
      name: '登记员',
    }),
  );
  vi.stubGlobal('fetch', async (url: string) => {
    if (url.endsWith('config.json'))
      return new Response(JSON.stringify({ apiBaseUrl: '', auth: { kind: 'local' } }), { status: 200 });
    asked.push(url);
    const items = url.includes('similar=')
      ? [{ ...earlier, similarity: 0.88 }]
      : url.includes('phone=')
        ? [earlier]
        : [];
    return new Response(JSON.stringify({ items, complete: true }), { status: 200 });
  });
});
afterEach(() => {
  cleanup();
  sessionStorage.clear();
  vi.unstubAllGlobals();
});

describe('the registration form', () => {
  it('shows the cases with a similar title once the typing pauses', async () => {
    // Prepare
    renderInApp(<Register />);
    // Act
    fireEvent.change(await screen.findByLabelText('标题'), { target: { value: '反映家庭赡养问题' } });
    // Assess
    expect(
      await screen.findByText(/可能重复：已有 1 件标题相近的信访件/, {}, { timeout: 5000 }),
    ).toBeTruthy();
    expect(screen.getByText(/相似度 88%/)).toBeTruthy();
    expect(asked.some((u) => u.includes('similar='))).toBe(true);
  });

  it('shows the petitioner’s earlier cases once a whole phone number is typed', async () => {
    // Prepare
    renderInApp(<Register />);
    // Act
    fireEvent.change(await screen.findByLabelText('联系电话'), { target: { value: '13900001111' } });
    // Assess
    expect(await screen.findByText(/该电话已有 1 件信访记录/, {}, { timeout: 5000 })).toBeTruthy();
  });
});
