// @vitest-environment happy-dom
/** The triage queue: a row opens to the router's candidates, and a candidate's organ fills the forwarding form. */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import Triage from '../src/pages/Triage';
import { browserShims, renderInApp } from './render';

const waiting = {
  caseId: 'XF20261202000009',
  trackingNumber: 'XF20261202000009',
  stage: 'triage',
  currentUnitId: '330106-xinfang',
  regionCode: '330106',
  title: '小区物业乱收停车费并占道经营',
  petitionerName: '钱八',
  registeredAt: '2026-12-02T01:00:00.000Z',
  overdue: false,
  version: 4,
};
const detail = {
  ...waiting,
  returns: [],
  routing: {
    categoryId: 'property-management',
    organUnitId: '330106-zhujian',
    ruleId: 'property-fees',
    confidence: 0.42,
    reason: '关键词“物业”“停车费”',
    decidedAt: '2026-12-02T01:01:00.000Z',
    candidates: [
      { categoryId: 'property-management', score: 6, organUnitId: '330106-zhujian' },
      { categoryId: 'urban-management', score: 3 },
    ],
    model: { topic: '城乡建设', probability: 0.71 },
    rules: { categoryId: 'property-management', confidence: 0.4, ruleId: 'property-fees' },
  },
};
let asked: { url: string; method: string; body?: string }[];

beforeAll(browserShims);
beforeEach(() => {
  asked = [];
  sessionStorage.setItem(
    'console.session',
    JSON.stringify({
      token: 'x.e30.y',
      unitId: '330106-xinfang',
      unitName: '西湖区信访局',
      role: 'triage_officer',
      name: '分流员',
    }),
  );
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (url.endsWith('config.json'))
      return new Response(JSON.stringify({ apiBaseUrl: '', auth: { kind: 'local' } }), { status: 200 });
    asked.push({ url, method: init?.method ?? 'GET', ...(init?.body ? { body: String(init.body) } : {}) });
    if (url.includes('/actions/'))
      return new Response(JSON.stringify({ ...detail, version: 5 }), { status: 200 });
    if (url.includes(`/staff/cases/${waiting.trackingNumber}`))
      return new Response(JSON.stringify(detail), { status: 200 });
    return new Response(JSON.stringify({ unitId: '330106-xinfang', items: [waiting] }), { status: 200 });
  });
});
afterEach(() => {
  cleanup();
  sessionStorage.clear();
  vi.unstubAllGlobals();
});

describe('the triage queue', () => {
  it('opens a row to the router’s candidates with their organs and the model’s and rules’ parts', async () => {
    // Prepare
    renderInApp(<Triage />);
    // Act
    fireEvent.click(await screen.findByRole('button', { name: `分流候选：${waiting.trackingNumber}` }));
    // Assess
    const panel = await screen.findByRole('region', { name: `${waiting.trackingNumber} 的分流建议` });
    const candidates = within(panel).getAllByRole('listitem');
    expect(candidates).toHaveLength(2);
    expect(candidates[0]!.textContent).toContain('物业管理');
    expect(candidates[0]!.textContent).toContain('西湖区住房和城乡建设局');
    expect(candidates[0]!.textContent).toContain('系统建议');
    expect(candidates[1]!.textContent).toContain('本区域无对口机关');
    expect(panel.textContent).toContain('模型判断主题“城乡建设”（概率 71%）');
    expect(panel.textContent).toContain('置信度 40%，规则 property-fees');
    // Reading the case opens nothing else: the row stays in the queue
    expect(asked.filter((a) => a.method !== 'GET')).toEqual([]);
  });

  it('forwards the case to a candidate’s organ from the form it fills', async () => {
    // Prepare
    renderInApp(<Triage />);
    fireEvent.click(await screen.findByRole('button', { name: `分流候选：${waiting.trackingNumber}` }));
    // Act
    fireEvent.click(await screen.findByRole('button', { name: '转送至此：西湖区住房和城乡建设局' }));
    const dialog = await screen.findByRole('dialog', { name: '转送/交办 1 件' });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认' }));
    // Assess
    await waitFor(() => expect(asked.some((a) => a.method === 'POST')).toBe(true));
    const sent = asked.find((a) => a.method === 'POST')!;
    expect(sent.url).toContain(`/staff/cases/${waiting.caseId}/actions/forward`);
    expect(JSON.parse(sent.body!)).toEqual({ toUnitId: '330106-zhujian' });
    expect(await screen.findByText('已处理 1 件')).toBeTruthy();
  });
});
