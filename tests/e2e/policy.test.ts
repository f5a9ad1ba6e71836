/**
 * What the policy promises the petitioner (issue 14), end to end on the local runtime over HTTP
 * and the runtime clock only: deadlines counted from receipt, the review and re-review decisions
 * in the public view and by SMS, a final conclusion that later petitions are told about, a late
 * rating refused with when its window closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSms, type SmsKind, smsKinds } from '../../domain/notifications/sms-templates.js';
import { beijingTime } from '../../domain/notifications/staff-alerts.js';
import type { SmsTemplateUse } from '../../domain/ports.js';
import { defaultSmsWebhookSecret } from '../../infra/local/platform.js';
import { provinceConfig } from '../../provinces/index.js';
import { bootPlatform, type Exchange, e2eClient, type Json } from '../support/e2e-client.js';
import { mismatches } from '../support/openapi-check.js';
import { signatureHeaders } from '../support/webhook-signing.js';

let stop: () => Promise<void>;
let client: ReturnType<typeof e2eClient>;
/** Every request of this suite and its response, checked against the API's document at the end. */
const exchanges: Exchange[] = [];

beforeAll(async () => {
  const booted = await bootPlatform('petition-policy-');
  stop = booted.stop;
  client = e2eClient(booted.platform, exchanges);
}, 240_000);

afterAll(async () => stop?.());

const ORGAN = '330106-zhujian';
const BUREAU = '330106-xinfang';
const leader = { personId: 'leader-1', name: '李局长' };
const handler = { personId: 'handler-1', name: '王科员' };
const DAY_MS = 86_400_000;
const http = (...args: Parameters<ReturnType<typeof e2eClient>['http']>) => client.http(...args);

interface Receipt {
  readonly trackingNumber: string;
  readonly queryCode: string;
}

async function submit(phone: string, content: string, title = '小区物业问题'): Promise<Receipt> {
  const response = await client.submit(phone, { title, content });
  expect(response.status).toBe(202);
  expect(await client.drained()).toBe(200);
  return response.body;
}

/** A staff action that must succeed; returns the case after it. */
async function act(id: string, command: string, unitId: string, role: string, body: unknown = {}) {
  const response = await client.act(id, command, unitId, role, body);
  expect(response.status, `${command}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body as Json;
}

const staffView = (id: string) => client.staffView(id, BUREAU);
const publicView = async (r: Receipt) =>
  (await http('GET', `/public/cases/${r.trackingNumber}?code=${r.queryCode}`)).body as Json;
const deadline = (view: Json, key: string) => view.deadlines.find((d: { key: string }) => d.key === key);

async function smsTo(phone: string): Promise<string[]> {
  expect(await client.drained()).toBe(200);
  return (await http('GET', '/_local/sms')).body
    .filter((m: { to: string }) => m.to === phone)
    .map((m: { text: string }) => m.text);
}

async function replied(phone: string, content: string): Promise<Receipt> {
  const receipt = await submit(phone, content);
  await act(receipt.trackingNumber, 'signFor', ORGAN, 'handler');
  await act(receipt.trackingNumber, 'accept', ORGAN, 'leader', { notice: '予以受理', leader, handler });
  await act(receipt.trackingNumber, 'reply', ORGAN, 'handler', {
    outcome: 'not_supported',
    text: '经核查，物业费调整已经业主大会表决通过。',
  });
  return receipt;
}

describe('deadlines counted from receipt', () => {
  it('counts the organ’s 15 days to decide on acceptance from the forward, not from its sign-for (failed before: from the sign-for)', async () => {
    // Prepare
    const receipt = await submit('13833330001', '小区地下车库长期积水，物业不予处理，请住建部门督促整改。');
    const id = receipt.trackingNumber;
    const forwarded = (await staffView(id)).timeline.find(
      (t: { event: string }) => t.event === 'CaseForwarded',
    );
    // Act
    await http('POST', '/_local/clock', { advanceDays: 2 });
    await act(id, 'signFor', ORGAN, 'handler');
    const after = await staffView(id);
    // Assess
    const acceptance = deadline(after, 'acceptance');
    expect(acceptance.startAt).toBe(forwarded.at);
    expect(deadline(after, 'signFor').startAt).toBe(forwarded.at);
    // 15 days after the forward's day, moved at most past a holiday to a working day.
    const days = (Date.parse(acceptance.dueAt) - Date.parse(forwarded.at)) / DAY_MS;
    expect(days).toBeGreaterThanOrEqual(15);
    expect(days).toBeLessThan(24);
  });

  it('counts the revisits of an unrated case from the end of the rating window, not from the sweep that noticed it (failed before: from the sweep)', async () => {
    // Prepare
    const receipt = await replied('13833330002', '小区绿化带被改建为停车位，请住建部门查处。');
    const window = deadline(await staffView(receipt.trackingNumber), 'evaluation');
    // Act
    await http('POST', '/_local/clock', {
      set: new Date(Date.parse(window.dueAt) + 3 * DAY_MS).toISOString(),
    });
    await http('POST', '/_local/schedules/deadline-sweep');
    const after = await staffView(receipt.trackingNumber);
    // Assess
    expect(after.stage).toBe('revisiting');
    const revisits = after.deadlines.filter((d: { step: string }) => d.step === 'revisit');
    expect(revisits.length).toBeGreaterThan(0);
    for (const d of revisits) expect(d.startAt).toBe(window.dueAt);
  });
});

describe('review and re-review decisions reach the petitioner, and a concluded matter stays concluded', () => {
  it('shows the review and re-review decisions with their opinions in the public view and by SMS, then answers a later petition that the matter is concluded (failed before: only "已出具复查意见", and the later petition was merged as an open repeat)', async () => {
    // Prepare
    const phone = '13833330003';
    const content = '小区电梯维修费用按户平摊，低层住户不服，请求重新核定分摊方式。';
    const receipt = await replied(phone, content);
    const id = receipt.trackingNumber;
    await http('POST', `/public/cases/${id}/review`, { code: receipt.queryCode, reason: '不服答复' });
    // Act: the review changes the reply, the re-review upholds the review.
    await act(id, 'decideReview', '330100-zhujian', 'leader', {
      decision: 'changed',
      text: '经复查，电梯维修费应按楼层系数分摊，责成物业重新核算。',
    });
    const reviewed = await publicView(receipt);
    const afterReview = await smsTo(phone);
    await http('POST', `/public/cases/${id}/review`, { code: receipt.queryCode, reason: '不服复查意见' });
    await act(id, 'decideReReview', '330000-zhujian', 'leader', {
      decision: 'upheld',
      text: '经复核，维持复查意见。',
    });
    const final = await publicView(receipt);
    const afterReReview = await smsTo(phone);
    const later = await submit(phone, content);
    const laterView = await publicView(later);
    const laterSms = await smsTo(phone);
    // Assess: the review opinion, in the public view and by SMS.
    expect(reviewed.reviews).toEqual([
      expect.objectContaining({
        level: 'review',
        reviewUnit: '杭州市住房和城乡建设局',
        decision: 'changed',
        decisionLabel: '变更原处理意见',
        text: '经复查，电梯维修费应按楼层系数分摊，责成物业重新核算。',
        final: false,
      }),
    ]);
    expect(reviewed.timeline.at(-1)).toMatchObject({
      event: 'ReviewDecided',
      detail: '变更原处理意见：经复查，电梯维修费应按楼层系数分摊，责成物业重新核算。',
    });
    const reviewSms = afterReview.find((t) => t.includes('复查意见'));
    expect(reviewSms).toContain('变更原处理意见');
    expect(reviewSms).toContain('按楼层系数分摊');
    expect(reviewSms).toContain(`/public/cases/${id}`);
    expect(reviewSms).toContain('申请复核');
    // The re-review opinion is final, and says so.
    expect(final.reviews[1]).toMatchObject({
      level: 're_review',
      decisionLabel: '维持复查意见',
      text: '经复核，维持复查意见。',
      final: true,
    });
    expect(final.concluded.notice).toContain('不再受理');
    const reReviewSms = afterReReview.find((t) => t.includes('复核意见已由'));
    expect(reReviewSms).toContain('维持复查意见');
    expect(reReviewSms).toContain('经复核，维持复查意见。');
    expect(reReviewSms).toContain('不再受理');
    // A later petition on the same matter: concluded, not accepted again, with the original's number.
    expect(laterView).toMatchObject({
      stage: 'concluded_matter',
      stageLabel: '该事项已终结，不再受理',
      repeatOf: id,
      concludedMatter: { originalTrackingNumber: id },
    });
    const staff = await staffView(later.trackingNumber);
    expect(staff).toMatchObject({ stage: 'concluded_matter', concluded: true, repeatOf: id });
    const refusal = laterSms.find((t) => t.includes(later.trackingNumber) && t.includes('终结'));
    expect(refusal).toContain(id);
    expect(refusal).toContain('不再受理');
    expect(refusal).not.toContain('并入原事项办理');
  });
});

describe('personal numbers in what the petitioner reads', () => {
  it('masks mobile and identity numbers that staff typed into the notice and the reply, in the public view and by SMS (failed before: shown in full)', async () => {
    // Prepare
    const phone = '13833330004';
    const receipt = await submit(phone, '小区健身器材损坏多时无人维修，请住建部门督促物业维修。');
    const id = receipt.trackingNumber;
    await act(id, 'signFor', ORGAN, 'handler');
    // Act
    await act(id, 'accept', ORGAN, 'leader', {
      notice: '予以受理，承办人手机13912345678，可来电联系。',
      leader,
      handler,
    });
    await act(id, 'reply', ORGAN, 'handler', {
      outcome: 'supported',
      text: '已联系业主张某（身份证330106199001011234，电话139 1234 5678）核实，器材已修复。咨询电话0571-87001234。',
    });
    const shown = JSON.stringify(await publicView(receipt));
    const texts = (await smsTo(phone)).join('\n');
    // Assess
    for (const seen of [shown, texts]) {
      expect(seen).not.toContain('13912345678');
      expect(seen).not.toContain('139 1234 5678');
      expect(seen).not.toContain('330106199001011234');
      expect(seen).toContain('139****5678');
      expect(seen).toContain('330106********4');
      expect(seen).toContain('0571-87001234');
    }
    // Staff still read what was typed.
    expect((await staffView(id)).reply.text).toContain('330106199001011234');
  });
});

describe('a late rating', () => {
  it('is refused saying the rating window closed and when, not with a stage conflict (failed before: 409 stage_conflict)', async () => {
    // Prepare
    const receipt = await replied('13833330005', '小区垃圾分类点设在单元门口，异味严重，请求迁移。');
    const window = deadline(await staffView(receipt.trackingNumber), 'evaluation');
    await http('POST', '/_local/clock', { set: new Date(Date.parse(window.dueAt) + DAY_MS).toISOString() });
    await http('POST', '/_local/schedules/deadline-sweep');
    // Act
    const late = await http('POST', `/public/cases/${receipt.trackingNumber}/evaluation`, {
      code: receipt.queryCode,
      rating: 'satisfied',
    });
    // Assess
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'window_closed', closedAt: window.dueAt });
    expect(late.body.message).toContain(`the window to rate the reply closed at ${window.dueAt}`);
    expect((await publicView(receipt)).stage).toBe('revisiting');
  });

  it('is answered by SMS with when the window closed, from the province template for it', async () => {
    // Prepare
    const phone = '13833330008';
    const receipt = await replied(phone, '小区路灯损坏半年无人维修，夜间出行不便，请求修复。');
    const window = deadline(await staffView(receipt.trackingNumber), 'evaluation');
    const now = new Date(Date.parse(window.dueAt) + DAY_MS).toISOString();
    await http('POST', '/_local/clock', { set: now });
    await http('POST', '/_local/schedules/deadline-sweep');
    const body = JSON.stringify({ messageId: 'late-rating-1', from: phone, text: '1', receivedAt: now });
    // Act
    const answer = await http('POST', '/webhooks/sms', body, signatureHeaders(defaultSmsWebhookSecret, body));
    const texts = await smsTo(phone);
    // Assess
    expect(answer.status).toBe(202);
    const refusal = texts.find((t) => t.includes('评价期限'));
    expect(refusal).toBe(
      `【浙江信访】事项${receipt.trackingNumber}的评价期限已于${beijingTime(window.dueAt)}届满，不能再评价。`,
    );
    expect(texts.some((t) => t.includes('没有待评价'))).toBe(false);
  });
});

describe('what is stored and shown of a petition', () => {
  it('stores the text as the petitioner wrote it, full-width punctuation kept (failed before: "，" became ",")', async () => {
    // Prepare
    const content = '小区门口道路破损：坑洼积水，行人摔倒（已有两人受伤）！请尽快修复。';
    // Act
    const receipt = await submit('13833330006', content, '道路破损，请求修复');
    const staff = await staffView(receipt.trackingNumber);
    const shown = await publicView(receipt);
    // Assess
    expect(staff.content).toBe(content);
    expect(staff.title).toBe('道路破损，请求修复');
    expect(shown.title).toBe('道路破损，请求修复');
  });

  it('withholds the keyed hashes of identity and phone from the staff timeline’s registration line (failed before: identityKey and phoneKey shown)', async () => {
    // Prepare
    const response = await client.submit('13833330007', {
      petitioner: { name: '测试信访人', phone: '13833330007', idNumber: '33010619900101123X' },
      content: '小区外墙脱落砸坏车辆，请住建部门督促物业维修。',
    });
    expect(response.status).toBe(202);
    expect(await client.drained()).toBe(200);
    // Act
    const staff = await staffView(response.body.trackingNumber);
    // Assess
    const registered = staff.timeline.find((t: { event: string }) => t.event === 'CaseRegistered');
    expect(registered.payload.petitioner).toBeDefined();
    expect(registered.payload.petitioner).not.toHaveProperty('identityKey');
    expect(registered.payload.petitioner).not.toHaveProperty('phoneKey');
    expect(JSON.stringify(staff)).not.toMatch(/identityKey|phoneKey/);
  });
});

describe('who decides on acceptance', () => {
  it('refuses a handler’s acceptance with a 403 naming the role, and takes the leader’s (failed before: a handler could accept)', async () => {
    // Prepare
    const receipt = await submit('13833330008', '小区消防通道被私家车长期占用，请住建部门督促物业清理。');
    const id = receipt.trackingNumber;
    await act(id, 'signFor', ORGAN, 'handler');
    const body = { notice: '予以受理', leader, handler };
    // Act
    const byHandler = await client.act(id, 'accept', ORGAN, 'handler', body);
    const byLeader = await client.act(id, 'accept', ORGAN, 'leader', body);
    // Assess
    expect(byHandler.status).toBe(403);
    expect(byHandler.body.message).toContain("may not issue 'accept'");
    expect(byHandler.body.message).toContain('handler');
    expect(byLeader.status).toBe(200);
    expect(byLeader.body.stage).toBe('handling');
  });
});

describe('the API document', () => {
  it('describes every request this suite sent and every response it got, error bodies included (failed before: no request body for the evaluation or the review, the review with the lookup’s summary and only a 200)', async () => {
    // Prepare: the requests of every test above (run in order), and a few refusals.
    const receipt = await submit('13833330009', '小区路灯损坏多日无人修理，请住建部门督促物业维修。');
    await http('POST', `/public/cases/${receipt.trackingNumber}/evaluation`, {
      code: receipt.queryCode,
      rating: 'great',
    });
    await http('POST', `/public/cases/${receipt.trackingNumber}/review`, {
      code: receipt.queryCode,
      reason: '不服',
    });
    await http('GET', `/public/cases/${receipt.trackingNumber}?code=000000`);
    // Act
    const document = (await http('GET', '/openapi.json')).body;
    // Assess
    expect(exchanges.filter((x) => !x.path.startsWith('/_local/')).length).toBeGreaterThan(20);
    expect(mismatches(document, exchanges)).toEqual([]);
  });
});

describe('the SMS of these scenarios', () => {
  it('sent each, the review decisions, the concluded matter and the late rating among them, as a template of the province, rendered exactly as the provider renders it', async () => {
    // Prepare
    const { sms } = provinceConfig('zhejiang');
    const kinds = new Map(smsKinds.map((kind) => [sms.templates[kind].code, kind]));
    // Act
    expect(await client.drained()).toBe(200);
    const sent = (await http('GET', '/_local/sms')).body as { text: string; template?: SmsTemplateUse }[];
    // Assess
    for (const message of sent) {
      expect(message.template?.signName).toBe(sms.signName);
      const kind = kinds.get(message.template?.code ?? '');
      expect(kind, `template ${message.template?.code}`).toBeDefined();
      expect(renderSms(sms.signName, sms.templates[kind!].body, message.template!.params)).toBe(message.text);
    }
    const used = new Set(sent.map((m) => kinds.get(m.template!.code)));
    for (const kind of [
      'review_decided',
      're_review_decided',
      'refused_as_concluded',
      'rating_window_closed',
    ])
      expect(used.has(kind as SmsKind), kind).toBe(true);
  });
});
