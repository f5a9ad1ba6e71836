// @vitest-environment happy-dom
/** An action's form: it validates before sending, sends the version it saw, and shows refusals. */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseView } from '../src/api/types';
import ActionDialog from '../src/components/ActionDialog';
import { browserShims, renderInApp } from './render';

const c = {
  caseId: 'XF20261202000001',
  trackingNumber: 'XF20261202000001',
  version: 3,
  regionCode: '330106',
  currentUnitId: '330106-zhujian',
  supervisions: [],
  accountabilities: [],
  deadlines: [],
  allowedActions: ['signFor', 'returnCase'],
} as unknown as CaseView;

type Call = { url: string; init: RequestInit | undefined };
let calls: Call[];
let answer: { status: number; body: unknown };

beforeAll(browserShims);
beforeEach(() => {
  calls = [];
  answer = { status: 200, body: { ...c, version: 4 } };
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (url.endsWith('config.json'))
      return new Response(JSON.stringify({ apiBaseUrl: '', auth: { kind: 'local' } }), { status: 200 });
    calls.push({ url, init });
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('an action dialog', () => {
  it('refuses to send without the required reason', async () => {
    // Prepare
    const onClose = vi.fn();
    renderInApp(<ActionDialog action="returnCase" c={c} onClose={onClose} />);
    // Act
    fireEvent.click(await screen.findByRole('button', { name: '确认退回' }));
    // Assess
    expect(await screen.findByText('请填写退回理由')).toBeTruthy();
    expect(calls).toEqual([]);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('sends the reason with the version the user saw, and closes', async () => {
    // Prepare
    const onClose = vi.fn();
    renderInApp(<ActionDialog action="returnCase" c={c} onClose={onClose} />);
    // Act
    fireEvent.change(await screen.findByLabelText('退回理由'), { target: { value: '不属于本单位职责' } });
    fireEvent.click(screen.getByRole('button', { name: '确认退回' }));
    // Assess
    await waitFor(() => expect(onClose).toHaveBeenCalledWith(true));
    expect(calls[0]!.url).toBe('/staff/cases/XF20261202000001/actions/returnCase');
    expect(JSON.parse(String(calls[0]!.init?.body))).toEqual({ reason: '不属于本单位职责' });
    expect((calls[0]!.init!.headers as Record<string, string>)['if-match']).toBe('"3"');
  });

  it('says the case was changed by someone else on a stale version', async () => {
    // Prepare
    answer = { status: 412, body: { error: 'stale_version', message: 'case XF… is at version 4, not 3' } };
    renderInApp(<ActionDialog action="signFor" c={c} onClose={() => {}} />);
    // Act
    fireEvent.click(await screen.findByRole('button', { name: '确认签收' }));
    // Assess
    expect((await screen.findByRole('alert')).textContent).toContain('该案件已被他人修改');
  });

  it('shows the API’s reason when the action is refused', async () => {
    // Prepare
    answer = {
      status: 409,
      body: { error: 'no_extension_requested', message: 'no extension is awaiting a decision' },
    };
    renderInApp(<ActionDialog action="signFor" c={c} onClose={() => {}} />);
    // Act
    fireEvent.click(await screen.findByRole('button', { name: '确认签收' }));
    // Assess
    expect((await screen.findByRole('alert')).textContent).toContain('no extension is awaiting a decision');
  });
});
