import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, APIGatewayProxyStructuredResultV2 as Result } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIntakeConsumer } from '../../functions/intake/intake-consumer.js';
import { createWebWebhook } from '../../functions/intake/web-webhook.js';
import { createNotifier } from '../../functions/notifications/notifier.js';
import { createPublicApi } from '../../functions/public/public-api.js';
import {
  httpEvent,
  signedRequest,
  sqsEvent,
  type TestPlatform,
  testPlatform,
  webSecret,
} from '../support/test-platform.js';

const context = {} as Context;
const body = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    submissionId: 'portal-0001',
    petitioner: { name: '张三', phone: '138 1234 5678', idNumber: '11010519491231002X' },
    regionCode: '330106',
    title: '小区物业乱收费',
    content: '我们小区物业公司擅自提高物业费，业主多次反映无果，请相关部门调查处理。',
    ...overrides,
  });

let platform: TestPlatform;
let webhook: ReturnType<typeof createWebWebhook>;
let consumer: ReturnType<typeof createIntakeConsumer>;

async function post(text: string, options: Parameters<typeof signedRequest>[3] = {}): Promise<Result> {
  return (await webhook(signedRequest('/webhooks/web', text, webSecret, options), context)) as Result;
}

async function storedItems(): Promise<Record<string, unknown>[]> {
  const result = await platform.table.client.send(new ScanCommand({ TableName: platform.table.tableName }));
  return result.Items ?? [];
}

beforeEach(async () => {
  platform = await testPlatform();
  webhook = createWebWebhook(platform.deps);
  consumer = createIntakeConsumer(platform.deps);
});
afterEach(async () => platform.dispose());

describe('POST /webhooks/web', () => {
  it('answers 202 with a tracking number and a 6-digit query code before registration', async () => {
    // Act
    const response = await post(body());
    // Assess
    expect(response.statusCode).toBe(202);
    const receipt = JSON.parse(String(response.body));
    expect(receipt.trackingNumber).toMatch(/^XF20260302\d{6}$/);
    expect(receipt.queryCode).toMatch(/^\d{6}$/);
    expect(platform.queue.sent).toEqual([
      {
        queue: 'intake',
        message: { kind: 'submission.accepted', version: 1, channel: 'web', submissionId: 'portal-0001' },
      },
    ]);
    expect(await platform.deps.cases.get(receipt.trackingNumber)).toBeUndefined();
  });

  it('registers exactly one case when the submission arrives three times and the consumer crashes mid-batch', async () => {
    // Prepare
    const answers = [await post(body()), await post(body()), await post(body())].map((r) =>
      JSON.parse(String(r.body)),
    );
    const messages = platform.queue.drain('intake');
    platform.bus.failing = false;
    const crashing = {
      ...platform.deps,
      queue: { send: async () => Promise.reject(new Error('queue down')) },
    };
    // Act: the first consumer registers but crashes before marking; the redeliveries finish the work.
    const first = await createIntakeConsumer(crashing)(
      sqsEvent([JSON.parse(messages.Records[0]!.body)]),
      context,
    );
    const second = await consumer(messages, context);
    // Assess
    expect(new Set(answers.map((a) => `${a.trackingNumber}/${a.queryCode}`)).size).toBe(1);
    expect(first?.batchItemFailures).toHaveLength(1);
    expect(second?.batchItemFailures).toEqual([]);
    const cases = (await storedItems()).filter((i) => i['entity'] === 'case');
    expect(cases).toHaveLength(1);
    expect(cases[0]?.['version']).toBe(2);
    expect((await platform.deps.cases.history(answers[0].trackingNumber)).map((h) => h.event)).toEqual([
      'CaseRegistered',
      'CaseScreenedIn',
    ]);
    await platform.sendQueuedSms();
    expect(platform.sms.sent).toHaveLength(1);
  });

  it('registers the case at the county bureau with its deadlines and sends the receipt by SMS', async () => {
    // Prepare
    const receipt = JSON.parse(String((await post(body())).body));
    // Act
    const result = await consumer(platform.queue.drain('intake'), context);
    // Assess
    expect(result?.batchItemFailures).toEqual([]);
    const c = await platform.deps.cases.get(receipt.trackingNumber);
    expect(c).toMatchObject({
      stage: 'triage',
      receivingUnitId: '330106-xinfang',
      channel: 'web',
      skipLevel: false,
    });
    expect(c?.deadlines.find((d) => d.key === 'forwarding')).toMatchObject({
      status: 'open',
      unitId: '330106-xinfang',
    });
    await platform.sendQueuedSms();
    expect(platform.sms.sent).toEqual([
      expect.objectContaining({
        to: '13812345678',
        messageId: `receipt:${receipt.trackingNumber}`,
        text: expect.stringContaining(receipt.queryCode),
      }),
    ]);
  });

  it.each([
    ['a wrong signature', () => ({ signature: 'ab'.repeat(32) }), 401],
    ['a timestamp 301 s old', () => ({ timestamp: Math.floor(Date.now() / 1000) - 301 }), 401],
    ['a timestamp 301 s ahead', () => ({ timestamp: Math.floor(Date.now() / 1000) + 302 }), 401],
    ['a text/plain body', () => ({ contentType: 'text/plain' }), 415],
  ])('refuses %s and stores nothing', async (_what, options, status) => {
    // Act
    const response = await post(body(), options());
    // Assess
    expect(response.statusCode).toBe(status);
    expect(await storedItems()).toEqual([]);
    expect(platform.queue.sent).toEqual([]);
  });

  it('refuses a body over 64 KB with 413', async () => {
    // Act
    const response = await post(body({ content: '长'.repeat(22_000) }));
    // Assess
    expect(response.statusCode).toBe(413);
    expect(await storedItems()).toEqual([]);
  });

  it('names each failing field in a 400 and stores nothing', async () => {
    // Act
    const response = await post(
      JSON.stringify({ submissionId: '', petitioner: { name: '李四' }, regionCode: '33', content: 'x' }),
    );
    // Assess
    expect(response.statusCode).toBe(400);
    const fields = JSON.parse(String(response.body)).details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['submissionId', 'petitioner.phone', 'regionCode', 'title']),
    );
    expect(await storedItems()).toEqual([]);
  });

  it.each([
    [
      'petitioner.idNumber',
      { petitioner: { name: '张三', phone: '13812345678', idNumber: '110105194912310021' } },
    ],
    ['petitioner.phone', { petitioner: { name: '张三', phone: '12345' } }],
    ['regionCode', { regionCode: '110101' }],
  ])('refuses an invalid %s with 400', async (field, overrides) => {
    // Act
    const response = await post(body(overrides));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(String(response.body)).details[0].field).toBe(field);
    expect(await storedItems()).toEqual([]);
  });
});

describe('the intake pipeline', () => {
  it('screens out a litigation matter, and the petitioner is told the channel by SMS', async () => {
    // Prepare
    const receipt = JSON.parse(
      String(
        (await post(body({ title: '不服法院判决', content: '法院判决不公，我要求重新审理此案。' }))).body,
      ),
    );
    // Act
    await consumer(platform.queue.drain('intake'), context);
    await createNotifier(platform.deps)(sqsEvent(platform.bus.envelopes(['CaseScreenedOut'])), context);
    await platform.sendQueuedSms();
    // Assess
    const c = await platform.deps.cases.get(receipt.trackingNumber);
    expect(c?.stage).toBe('screened_out');
    expect(c?.screening?.channel).toBe('litigation');
    // Queued messages are sent in no particular order, as from any SQS queue.
    const texts = platform.sms.sent.map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('受理编号'),
        expect.stringContaining(c!.screening!.guidance),
      ]),
    );
  });

  it('links a repeat of an open matter by the same petitioner to the original', async () => {
    // Prepare
    const first = JSON.parse(String((await post(body())).body));
    await consumer(platform.queue.drain('intake'), context);
    platform.clock.advanceHours(48);
    const again = JSON.parse(
      String(
        (
          await post(
            body({
              submissionId: 'portal-0002',
              content: '我们小区物业公司擅自提高物业费，业主多次反映仍然无果，请调查处理。',
            }),
          )
        ).body,
      ),
    );
    // Act
    await consumer(platform.queue.drain('intake'), context);
    // Assess
    const repeat = await platform.deps.cases.get(again.trackingNumber);
    expect(repeat?.stage).toBe('repeat_linked');
    expect(repeat?.repeatOf).toBe(first.trackingNumber);
  });

  it('treats a different matter by the same petitioner as a new case', async () => {
    // Prepare
    await post(body());
    await consumer(platform.queue.drain('intake'), context);
    const other = JSON.parse(
      String(
        (
          await post(
            body({
              submissionId: 'portal-0003',
              title: '公交线路调整',
              content: '建议增加夜间公交班次，方便下班群众出行。',
            }),
          )
        ).body,
      ),
    );
    // Act
    await consumer(platform.queue.drain('intake'), context);
    // Assess
    expect((await platform.deps.cases.get(other.trackingNumber))?.stage).toBe('triage');
  });

  it('keeps the raw phone and identity number out of every stored item and every log line', async () => {
    // Prepare
    await post(body());
    // Act
    await consumer(platform.queue.drain('intake'), context);
    await post(
      body({
        submissionId: 'portal-0004',
        petitioner: { name: '张三', phone: '13812345678', idNumber: 'bad' },
      }),
    );
    // Assess
    const stored = JSON.stringify(await storedItems());
    expect(stored).toContain('138****5678');
    expect(stored).not.toContain('13812345678');
    expect(stored).not.toContain('11010519491231002X');
    expect(platform.logLines.join('\n')).not.toMatch(/13812345678|11010519491231002X/);
  });
});

describe('GET /public/cases/{trackingNumber}', () => {
  const lookup = (
    api: ReturnType<typeof createPublicApi>,
    trackingNumber: string,
    code: string,
    sourceIp = '10.0.0.1',
  ) =>
    api(
      httpEvent('GET', `/public/cases/${trackingNumber}`, {
        pathParameters: { trackingNumber },
        query: { code },
        sourceIp,
      }),
      context,
    ) as Promise<Result>;

  it('shows the registered case with its deadlines and public timeline', async () => {
    // Prepare
    const receipt = JSON.parse(String((await post(body())).body));
    await consumer(platform.queue.drain('intake'), context);
    // Act
    const response = await lookup(createPublicApi(platform.deps), receipt.trackingNumber, receipt.queryCode);
    // Assess
    expect(response.statusCode).toBe(200);
    const view = JSON.parse(String(response.body));
    expect(view).toMatchObject({ trackingNumber: receipt.trackingNumber, stage: 'triage', overdue: false });
    expect(view.deadlines).toEqual([
      expect.objectContaining({ step: 'forwarding', status: 'open', overdue: false }),
    ]);
    expect(view.timeline.map((t: { event: string }) => t.event)).toEqual(['CaseRegistered']);
    expect(JSON.stringify(view)).not.toContain('identityKey');
  });

  it('answers a wrong code exactly like an unknown number', async () => {
    // Prepare
    const receipt = JSON.parse(String((await post(body())).body));
    await consumer(platform.queue.drain('intake'), context);
    const api = createPublicApi(platform.deps);
    const wrong = receipt.queryCode === '000000' ? '000001' : '000000';
    // Act
    const wrongCode = await lookup(api, receipt.trackingNumber, wrong);
    const unknown = await lookup(api, 'XF20260302999999', receipt.queryCode);
    // Assess
    expect(wrongCode.statusCode).toBe(404);
    expect(wrongCode.body).toBe(unknown.body);
  });

  /** A web petition registered, and the public API to look it up with. */
  async function registeredCase() {
    const receipt = JSON.parse(String((await post(body())).body));
    await consumer(platform.queue.drain('intake'), context);
    return { receipt, api: createPublicApi(platform.deps) };
  }
  /** A six-digit code that is not the case's own. */
  const wrongCodeFor = (receipt: { queryCode: string }) =>
    receipt.queryCode === '000000' ? '000001' : '000000';

  it('throttles an address after too many wrong codes on any cases, even for the right one', async () => {
    // Prepare: wrong codes on as many unknown cases as the address may try.
    const { receipt, api } = await registeredCase();
    const { limit } = platform.deps.province.config.publicAccess.wrongCodesPerAddress;
    for (let i = 0; i < limit; i++)
      await lookup(api, `XF2026030290${String(i).padStart(4, '0')}`, '123456', '10.9.9.9');
    // Act
    const throttled = await lookup(api, receipt.trackingNumber, receipt.queryCode, '10.9.9.9');
    const other = await lookup(api, receipt.trackingNumber, receipt.queryCode, '10.1.1.1');
    // Assess
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(other.statusCode).toBe(200);
  });

  it('lets 64 parallel wrong codes from one address check at most the per-case limit', async () => {
    // Prepare
    const { receipt, api } = await registeredCase();
    const { limit } = platform.deps.province.config.publicAccess.wrongCodesPerCase;
    const wrong = wrongCodeFor(receipt);
    // Act
    const answers = await Promise.all(
      Array.from({ length: 64 }, () => lookup(api, receipt.trackingNumber, wrong, '10.7.7.7')),
    );
    // Assess: each 404 is a code that was checked; the rest were refused before any check.
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 404)).toHaveLength(limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(64 - limit);
  });

  it('lets 64 parallel wrong codes from 64 addresses on one case check at most the per-case limit', async () => {
    // Prepare
    const { receipt, api } = await registeredCase();
    const { limit } = platform.deps.province.config.publicAccess.wrongCodesPerCase;
    const wrong = wrongCodeFor(receipt);
    // Act
    const answers = await Promise.all(
      Array.from({ length: 64 }, (_, i) => lookup(api, receipt.trackingNumber, wrong, `10.8.0.${i + 1}`)),
    );
    const afterwards = await lookup(api, receipt.trackingNumber, receipt.queryCode, '10.8.1.1');
    // Assess
    expect(answers.filter((a) => a.statusCode === 404)).toHaveLength(limit);
    expect(afterwards.statusCode).toBe(429);
  });

  it('does not count right codes against the address or the case', async () => {
    // Prepare
    const { receipt, api } = await registeredCase();
    const { limit } = platform.deps.province.config.publicAccess.wrongCodesPerAddress;
    // Act: one after another (a check in flight holds an attempt until it gives it back).
    const statuses: number[] = [];
    for (let i = 0; i < limit + 5; i++)
      statuses.push(
        (await lookup(api, receipt.trackingNumber, receipt.queryCode, '10.6.6.6')).statusCode ?? 0,
      );
    // Assess
    expect(statuses).toEqual(Array(limit + 5).fill(200));
  });
});
