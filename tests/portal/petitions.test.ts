/**
 * POST /public/petitions on DynamoDB Local: the SMS code proves the phone, the petition enters the
 * web webhook's pipeline (channel `web`), the Idempotency-Key makes a retry answer the same, and
 * a refused petition writes nothing and leaves the code usable.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, APIGatewayProxyStructuredResultV2 as Result } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIntakeConsumer } from '../../functions/intake/intake-consumer.js';
import { createPetitionsApi } from '../../functions/public/petitions-api.js';
import { createVerificationCodesApi } from '../../functions/public/verification-codes-api.js';
import { httpEvent, type TestPlatform, testPlatform } from '../support/test-platform.js';

const context = {} as Context;
const phone = '13812345678';
let platform: TestPlatform;
let petitions: ReturnType<typeof createPetitionsApi>;
let codes: ReturnType<typeof createVerificationCodesApi>;

const petition = (code: string, overrides: Record<string, unknown> = {}) => ({
  petitioner: { name: '张三', phone },
  regionCode: '330106',
  title: '小区物业乱收费',
  content: '我们小区物业公司擅自提高物业费，业主多次反映无果，请相关部门调查处理。',
  category: 'property-management',
  verificationCode: code,
  ...overrides,
});

async function post(body: unknown, key: string | null = 'key-0001-abcdef'): Promise<Result> {
  return (await petitions(
    httpEvent('POST', '/public/petitions', {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    }),
    context,
  )) as Result;
}

/** Asks for a code and reads it from the SMS the petitioner received. */
async function codeFor(number = phone): Promise<string> {
  const answer = (await codes(
    httpEvent('POST', '/public/verification-codes', {
      body: JSON.stringify({ phone: number }),
      headers: { 'content-type': 'application/json' },
    }),
    context,
  )) as Result;
  expect(answer.statusCode).toBe(202);
  await platform.sendQueuedSms();
  const texts = platform.sms.sent.filter((m) => m.to === number).map((m) => m.text);
  return /验证码为(\d{6})/.exec(texts.at(-1) ?? '')![1]!;
}

async function items(entity: string) {
  const all = (await platform.table.client.send(new ScanCommand({ TableName: platform.table.tableName })))
    .Items!;
  return all.filter((i) => i['entity'] === entity);
}

beforeEach(async () => {
  platform = await testPlatform();
  const ports = { ...platform.deps, wallClock: platform.clock };
  petitions = createPetitionsApi(ports);
  codes = createVerificationCodesApi(ports);
});
afterEach(async () => platform.dispose());

describe('POST /public/petitions', () => {
  it('answers 202 with a receipt, registers a web case and sends the receipt SMS', async () => {
    // Prepare
    const code = await codeFor();
    // Act
    const response = await post(petition(code));
    await createIntakeConsumer(platform.deps)(platform.queue.drain('intake'), context);
    await platform.sendQueuedSms();
    // Assess
    expect(response.statusCode).toBe(202);
    const receipt = JSON.parse(String(response.body));
    expect(receipt).toEqual({
      trackingNumber: expect.stringMatching(/^XF\d{14}$/),
      queryCode: expect.stringMatching(/^\d{6}$/),
      status: 'received',
    });
    const c = await platform.deps.cases.get(receipt.trackingNumber);
    expect(c).toMatchObject({
      channel: 'web',
      receivingUnitId: '330106-xinfang',
      categoryId: 'property-management',
    });
    expect(platform.sms.sent.at(-1)?.text).toContain(receipt.queryCode);
  });

  it('gives the same answer to the same key and creates one case, even in parallel', async () => {
    // Prepare
    const code = await codeFor();
    // Act
    const answers = await Promise.all([post(petition(code)), post(petition(code)), post(petition(code))]);
    const later = await post(petition(code));
    // Assess
    const bodies = [...answers, later].map((r) => JSON.parse(String(r.body)));
    expect([...answers, later].map((r) => r.statusCode)).toEqual([202, 202, 202, 202]);
    expect(new Set(bodies.map((b) => `${b.trackingNumber}/${b.queryCode}`)).size).toBe(1);
    expect(await items('submission')).toHaveLength(1);
  });

  it('refuses a used code for a new key: a code is single-use', async () => {
    // Prepare
    const code = await codeFor();
    await post(petition(code), 'first-key-0001');
    // Act
    const second = await post(petition(code, { title: '另一件事' }), 'second-key-0002');
    // Assess
    expect(second.statusCode).toBe(400);
    expect(JSON.parse(String(second.body)).details).toEqual([
      { field: 'verificationCode', problem: expect.stringContaining('already been used') },
    ]);
  });

  it('refuses the same key with a different petition with 409', async () => {
    // Prepare
    const code = await codeFor();
    await post(petition(code));
    // Act
    const changed = await post(petition(code, { content: '内容不同的另一份信件，请调查处理。' }));
    // Assess
    expect(changed.statusCode).toBe(409);
  });

  it('refuses the same key with another name with 409 about the key, naming no internal id', async () => {
    // Prepare
    const code = await codeFor();
    await post(petition(code));
    // Act
    const renamed = await post(petition(code, { petitioner: { name: '李四', phone } }));
    // Assess
    expect(renamed.statusCode).toBe(409);
    const body = JSON.parse(String(renamed.body));
    expect(body.error).toBe('idempotency_key_reused');
    expect(body.message).not.toContain('portal-');
  });

  it.each([
    ['a wrong code', (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0'), 'wrong'],
    ['a code of the wrong shape', () => '12ab', 'expected the 6-digit code'],
  ])('refuses %s with 400 naming verificationCode and writes nothing', async (_what, alter, problem) => {
    // Prepare
    const code = await codeFor();
    // Act
    const response = await post(petition(alter(code)));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(String(response.body)).details[0]).toEqual({
      field: 'verificationCode',
      problem: expect.stringContaining(problem),
    });
    expect(await items('submission')).toEqual([]);
    expect((await post(petition(code))).statusCode).toBe(202);
  });

  it('refuses an expired code (after 10 minutes) with 400', async () => {
    // Prepare
    const code = await codeFor();
    platform.clock.advanceHours(10 / 60 + 1 / 3600);
    // Act
    const response = await post(petition(code));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(String(response.body)).details[0].problem).toContain('expired');
  });

  it('voids a code after five wrong tries', async () => {
    // Prepare
    const code = await codeFor();
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) await post(petition(wrong));
    // Act
    const right = await post(petition(code));
    // Assess
    expect(right.statusCode).toBe(400);
    expect(JSON.parse(String(right.body)).details[0].problem).toContain('too often');
  });

  it('refuses a code sent to another phone', async () => {
    // Prepare
    const code = await codeFor('13900001111');
    // Act
    const response = await post(petition(code));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(String(response.body)).details[0].field).toBe('verificationCode');
  });

  it.each([
    ['title', { title: '   ' }],
    ['title', { title: '\u200B\u200B' }],
    ['content', { content: '\u3000\n\u200D\uFEFF' }],
    ['content', { content: '' }],
    ['regionCode', { regionCode: '110101' }],
    ['category', { category: 'no-such-category' }],
    ['petitioner.phone', { petitioner: { name: '张三', phone: '12345' } }],
  ])('refuses an invalid %s with 400, keeps the code usable and writes nothing', async (field, overrides) => {
    // Prepare
    const code = await codeFor();
    // Act
    const response = await post(petition(code, overrides));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(String(response.body)).details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await items('submission')).toEqual([]);
    expect((await post(petition(code))).statusCode).toBe(202);
  });

  it('requires the Idempotency-Key header', async () => {
    // Prepare
    const code = await codeFor();
    // Act
    const response = await post(petition(code), null);
    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(String(response.body)).details[0].field).toBe('Idempotency-Key');
  });
});
