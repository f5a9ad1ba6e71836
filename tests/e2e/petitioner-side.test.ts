/**
 * The petitioner's side end to end on the local runtime, over HTTP only: a petition from the
 * page's API with the SMS code read from the outbox, and a partner app's Open311 request followed
 * to closure (staff act through the staff API, the petitioner rates through the public API).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOpen311ApiKey, type RunningPlatform } from '../../infra/local/platform.js';
import { bootPlatform, e2eClient, type Json } from '../support/e2e-client.js';

let platform: RunningPlatform;
let stop: () => Promise<void>;
let client: ReturnType<typeof e2eClient>;

beforeAll(async () => {
  ({ platform, stop } = await bootPlatform('petition-petitioner-side-'));
  client = e2eClient(platform);
}, 60_000);
afterAll(async () => stop?.());

const ORGAN = '330106-zhujian';

async function smsTo(phone: string): Promise<string[]> {
  return (await client.http('GET', '/_local/sms')).body
    .filter((m: { to: string }) => m.to === phone)
    .map((m: { text: string }) => m.text);
}

async function open311(
  method: string,
  path: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: Json }> {
  const query = new URLSearchParams(fields).toString();
  const response = await fetch(`${platform.url}/open311/v2/${path}${method === 'GET' ? `?${query}` : ''}`, {
    method,
    ...(method === 'POST'
      ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: query }
      : {}),
  });
  return { status: response.status, body: await response.json() };
}

describe('the petitioner’s page API', () => {
  it('sends a code, accepts the petition with it, and the receipt SMS carries the query code', async () => {
    // Prepare
    const phone = '13822220001';
    expect((await client.http('POST', '/public/verification-codes', { phone })).status).toBe(202);
    await client.drained();
    const code = /验证码为(\d{6})/.exec((await smsTo(phone))[0] ?? '')?.[1];
    // Act
    const answer = await client.http(
      'POST',
      '/public/petitions',
      {
        petitioner: { name: '李四', phone },
        regionCode: '330106',
        title: '小区物业乱收费',
        content: '物业公司擅自提高物业费，请调查处理。',
        verificationCode: code,
      },
      { 'idempotency-key': 'e2e-portal-0001' },
    );
    await client.drained();
    // Assess
    expect(answer.status).toBe(202);
    const texts = await smsTo(phone);
    expect(
      texts.some((t) => t.includes(answer.body.trackingNumber) && t.includes(answer.body.queryCode)),
    ).toBe(true);
    const view = await client.http(
      'GET',
      `/public/cases/${answer.body.trackingNumber}?code=${answer.body.queryCode}`,
    );
    expect(view.body.stageLabel).toBeTruthy();
  });
});

describe('Open311 for partner apps', () => {
  it('files a request, and follows it to closure through staff actions and the petitioner’s rating', async () => {
    // Prepare
    const phone = '13822220002';
    const filed = await open311('POST', 'requests.json', {
      api_key: defaultOpen311ApiKey,
      jurisdiction_id: 'zhejiang',
      service_code: 'property-management',
      description: '小区物业公司擅自提高物业费，业主多次反映无果，请住建部门调查处理。',
      last_name: '王',
      first_name: '五',
      phone,
      address_string: '杭州市西湖区文三路100号',
      'attribute[region_code]': '330106',
    });
    expect(filed.status).toBe(201);
    const id = filed.body[0].service_request_id;
    await client.drained();
    const read = () => open311('GET', `requests/${id}.json`, { api_key: defaultOpen311ApiKey });
    const routed = await read();
    // Act
    const leader = { personId: 'leader-1', name: '李局长' };
    const handler = { personId: 'handler-1', name: '王科员' };
    const steps = [
      await client.act(id, 'signFor', ORGAN, 'handler'),
      await client.act(id, 'accept', ORGAN, 'leader', { notice: '您反映的问题已受理。', leader, handler }),
      await client.act(id, 'reply', ORGAN, 'handler', {
        outcome: 'supported',
        text: '已责令物业按原标准收费。',
      }),
    ];
    await client.drained();
    const replied = await read();
    const queryCode = /查询码(\d{6})/.exec((await smsTo(phone)).find((t) => t.includes('查询码')) ?? '')?.[1];
    const rated = await client.http('POST', `/public/cases/${id}/evaluation`, {
      code: queryCode,
      rating: 'satisfied',
    });
    await client.drained();
    const closed = await read();
    // Assess
    expect(routed.body[0]).toMatchObject({ status: 'open', agency_responsible: '西湖区住房和城乡建设局' });
    expect(steps.map((s) => s.status)).toEqual([200, 200, 200]);
    expect(replied.body[0]).toMatchObject({
      status: 'open',
      status_notes: expect.stringContaining('已责令物业按原标准收费'),
      extended_attributes: { stage: 'awaiting_evaluation' },
    });
    expect(rated.status).toBe(200);
    expect(closed.body[0]).toMatchObject({ status: 'closed', extended_attributes: { stage: 'closed' } });
    const listed = await open311('GET', 'requests.json', { api_key: defaultOpen311ApiKey, status: 'closed' });
    expect(listed.body.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
  });
});
