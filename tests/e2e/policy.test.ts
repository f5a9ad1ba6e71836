/**
 * What the policy promises the petitioner (issue 14), end to end on the local runtime over HTTP
 * and the runtime clock only: deadlines counted from receipt, the review and re-review decisions
 * in the public view and by SMS, a final conclusion that later petitions are told about, a late
 * rating refused with when its window closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, e2eClient, type Json } from '../support/e2e-client.js';

let stop: () => Promise<void>;
let client: ReturnType<typeof e2eClient>;

beforeAll(async () => {
  const booted = await bootPlatform('petition-policy-');
  stop = booted.stop;
  client = e2eClient(booted.platform);
}, 60_000);

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
const deadline = (view: Json, key: string) => view.deadlines.find((d: { key: string }) => d.key === key);

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
