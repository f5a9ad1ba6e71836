// @vitest-environment happy-dom
/** The reply form starts from the reply template of the chosen outcome and the case's category. */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseView, ReplyTemplateList } from '../src/api/types';
import ActionDialog from '../src/components/ActionDialog';
import { browserShims, renderInApp } from './render';

const c = {
  caseId: 'XF20261202000001',
  trackingNumber: 'XF20261202000001',
  version: 7,
  regionCode: '330106',
  categoryId: 'property-management',
  currentUnitId: '330106-zhujian',
  supervisions: [],
  accountabilities: [],
  deadlines: [],
  allowedActions: ['reply'],
} as unknown as CaseView;

const entry = (outcome: string, categoryId: string, text: string, stored = true) => ({
  outcome,
  categoryId,
  text,
  stored,
});
const templates = {
  canEdit: false,
  templates: [],
  effective: [
    entry('supported', '*', '通用支持模板'),
    entry('supported', 'property-management', '物业类支持模板'),
    entry('explained', '*', '通用解释模板'),
    entry('explained', 'property-management', '通用解释模板', false),
  ],
} as unknown as ReplyTemplateList;

let sent: unknown[];

beforeAll(browserShims);
beforeEach(() => {
  sent = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (url.endsWith('config.json'))
      return new Response(JSON.stringify({ apiBaseUrl: '', auth: { kind: 'local' } }), { status: 200 });
    if (url === '/staff/reply-templates') return new Response(JSON.stringify(templates), { status: 200 });
    sent.push(JSON.parse(String(init?.body)));
    return new Response(JSON.stringify({ ...c, version: 8 }), { status: 200 });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function chooseOutcome(label: string) {
  fireEvent.mouseDown(screen.getByRole('combobox', { name: '答复结果' }));
  fireEvent.click(await screen.findByTitle(label));
}

describe('the reply form', () => {
  it('fills the category’s template for the chosen outcome, and follows a change of outcome', async () => {
    // Prepare
    renderInApp(<ActionDialog action="reply" c={c} onClose={() => {}} />);
    const text = (await screen.findByLabelText('答复意见')) as HTMLTextAreaElement;
    await waitFor(() => expect(screen.getByRole('combobox', { name: '答复结果' })).toBeTruthy());
    // Act
    await chooseOutcome('支持');
    // Assess
    await waitFor(() => expect(text.value).toBe('物业类支持模板'));
    // Act
    await chooseOutcome('解释说明');
    // Assess
    await waitFor(() => expect(text.value).toBe('通用解释模板'));
  });

  it('keeps what the handler wrote when the outcome changes, and sends it', async () => {
    // Prepare
    const onClose = vi.fn();
    renderInApp(<ActionDialog action="reply" c={c} onClose={onClose} />);
    const text = (await screen.findByLabelText('答复意见')) as HTMLTextAreaElement;
    await chooseOutcome('支持');
    await waitFor(() => expect(text.value).toBe('物业类支持模板'));
    fireEvent.change(text, { target: { value: '经查，物业已退还多收费用。' } });
    // Act
    await chooseOutcome('解释说明');
    fireEvent.click(screen.getByRole('button', { name: '确认答复' }));
    // Assess
    await waitFor(() => expect(onClose).toHaveBeenCalledWith(true));
    expect(sent).toEqual([{ outcome: 'explained', text: '经查，物业已退还多收费用。' }]);
  });
});
