/**
 * Issue #6 end to end on the local runtime, over HTTP and the runtime clock only: dissatisfied →
 * revisit → problem → verification → organ failure → supervision → rectified; late handling →
 * accountability record due in 7 days; reply → review → re-review → final, then a repeat
 * petition on the same matter is answered that it is concluded (终结) and not accepted again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, e2eClient, type Json } from '../support/e2e-client.js';

let stop: () => Promise<void>;
let client: ReturnType<typeof e2eClient>;

beforeAll(async () => {
  const booted = await bootPlatform('petition-after-reply-');
  stop = booted.stop;
  client = e2eClient(booted.platform);
}, 240_000);

afterAll(async () => stop?.());

const ORGAN = '330106-zhujian';
const BUREAU = '330106-xinfang';
const leader = { personId: 'leader-1', name: '李局长' };
const handler = { personId: 'handler-1', name: '王科员' };
const http = (...args: Parameters<ReturnType<typeof e2eClient>['http']>) => client.http(...args);

async function submit(
  phone: string,
  content: string,
): Promise<{ trackingNumber: string; queryCode: string }> {
  const response = await client.submit(phone, { title: '小区物业问题', content });
  expect(response.status).toBe(202);
  expect(await client.drained()).toBe(200);
  return response.body;
}

/** A staff action that must succeed; returns the case after it. */
async function act(
  id: string,
  command: string,
  unitId: string,
  role: string,
  body: unknown = {},
): Promise<Json> {
  const response = await client.act(id, command, unitId, role, body);
  expect(response.status, `${command}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
}

const staffView = (id: string) => client.staffView(id, BUREAU);

async function accepted(phone: string, content: string) {
  const receipt = await submit(phone, content);
  await act(receipt.trackingNumber, 'signFor', ORGAN, 'handler');
  await act(receipt.trackingNumber, 'accept', ORGAN, 'leader', { notice: '予以受理', leader, handler });
  return receipt;
}

describe('after the reply, on the local runtime', () => {
  it('supervises an organ failure found on revisit until it is rectified', async () => {
    // Prepare
    const receipt = await accepted('13822220001', '物业公司拒不公开维修基金使用情况，请住建部门责令公开。');
    const id = receipt.trackingNumber;
    await act(id, 'reply', ORGAN, 'handler', { outcome: 'explained', text: '已要求物业公开。' });
    // Act
    await http('POST', `/public/cases/${id}/evaluation`, { code: receipt.queryCode, rating: 'dissatisfied' });
    await act(id, 'recordRevisit', ORGAN, 'handler', {
      method: 'phone',
      petitionerSaid: '物业仍未公开',
      outcome: 'problem_found',
    });
    await act(id, 'recordRevisit', BUREAU, 'triage_officer', {
      method: 'on_site',
      petitionerSaid: '问题依旧',
      outcome: 'problem_found',
    });
    const verified = await act(id, 'verify', BUREAU, 'supervisor', {
      finding: 'organ_failure',
      failureKind: 'slow_action',
      mode: 'cross',
      reason: '答复后未督促落实',
    });
    const supervisionId = verified.supervisions[0].supervisionId;
    await act(id, 'recordSupervisionFollowUp', BUREAU, 'supervisor', {
      supervisionId,
      note: '交叉督查，限期十日整改',
    });
    const rectified = await act(id, 'confirmRectification', BUREAU, 'supervisor', {
      supervisionId,
      note: '物业已公开维修基金明细',
    });
    // Assess
    expect(verified.stage).toBe('supervising');
    expect(verified.accountabilities[0]).toMatchObject({
      trigger: 'organ_failure',
      responsibleUnitId: ORGAN,
    });
    expect(rectified).toMatchObject({ stage: 'closed', closure: { reason: 'supervision_rectified' } });
    const shown = (await http('GET', `/public/cases/${id}?code=${receipt.queryCode}`)).body;
    expect(shown.closed.reason).toBe('督办整改完成');
  });

  it('opens an accountability record due 7 days on when handling runs late, by the clock alone', async () => {
    // Prepare
    const receipt = await accepted('13822220002', '小区消防通道被长期占用停车，请住建部门督促物业清理。');
    const handling = (await staffView(receipt.trackingNumber)).deadlines.find(
      (d: { key: string }) => d.key === 'handling',
    );
    // Act
    await http('POST', '/_local/clock', {
      set: new Date(Date.parse(handling.dueAt) + 7 * 86_400_000 + 60_000).toISOString(),
    });
    await http('POST', '/_local/schedules/deadline-sweep');
    const after = await staffView(receipt.trackingNumber);
    // Assess
    const record = after.accountabilities.find((a: { trigger: string }) => a.trigger === 'step_overdue');
    expect(record).toMatchObject({ responsibleUnitId: ORGAN, leader, handler });
    const proposal = after.deadlines.find(
      (d: { key: string }) => d.key === `accountabilityProposal:${record.accountabilityId}`,
    );
    const days = (Date.parse(proposal.dueAt) - Date.parse(record.incidentAt)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(7);
    expect(days).toBeLessThanOrEqual(8);
    expect(proposal.status).toBe('open');
  });

  it('takes a reply through review and final re-review, and answers a later petition on the same matter that it is concluded', async () => {
    // Prepare
    const content = '小区电梯维修费用分摊不合理，物业按户平摊，低层住户不服，请求重新核定。';
    const receipt = await accepted('13822220003', content);
    const id = receipt.trackingNumber;
    await act(id, 'reply', ORGAN, 'handler', { outcome: 'not_supported', text: '分摊方式经业主大会表决。' });
    // Act
    const review = await http('POST', `/public/cases/${id}/review`, {
      code: receipt.queryCode,
      reason: '不服答复',
    });
    await act(id, 'decideReview', '330100-zhujian', 'leader', { decision: 'upheld', text: '维持原答复' });
    const reReview = await http('POST', `/public/cases/${id}/review`, {
      code: receipt.queryCode,
      reason: '不服复查意见',
    });
    const final = await act(id, 'decideReReview', '330000-zhujian', 'leader', {
      decision: 'upheld',
      text: '复核维持，终结',
    });
    const later = await submit('13822220003', content);
    // Assess
    expect([review.body.stage, reReview.body.stage, final.stage]).toEqual([
      'under_review',
      'under_re_review',
      'closed',
    ]);
    expect(final.concluded).toBe(true);
    const repeat = (await http('GET', `/public/cases/${later.trackingNumber}?code=${later.queryCode}`)).body;
    expect(repeat).toMatchObject({ stage: 'concluded_matter', repeatOf: id });
  });
});
