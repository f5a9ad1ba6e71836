/**
 * POST /public/verification-codes on DynamoDB Local: a six-digit code by SMS through the SMS queue,
 * stored only as a keyed digest, and the limits per phone and per address, atomic under parallel
 * requests.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, APIGatewayProxyStructuredResultV2 as Result } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide } from '../../functions/adapters/dynamodb/rate-limiter.js';
import { createVerificationCodesApi } from '../../functions/public/verification-codes-api.js';
import { httpEvent, type TestPlatform, testPlatform } from '../support/test-platform.js';

const context = {} as Context;
let platform: TestPlatform;
let api: ReturnType<typeof createVerificationCodesApi>;

async function ask(phone: string, sourceIp = '203.0.113.7'): Promise<Result> {
  return (await api(
    httpEvent('POST', '/public/verification-codes', {
      body: JSON.stringify({ phone }),
      headers: { 'content-type': 'application/json' },
      sourceIp,
    }),
    context,
  )) as Result;
}

beforeEach(async () => {
  platform = await testPlatform();
  // The limits and the code's validity run on the wall clock; here the test moves it.
  api = createVerificationCodesApi({ ...platform.deps, wallClock: platform.clock });
});
afterEach(async () => platform.dispose());

describe('POST /public/verification-codes', () => {
  it('answers 202 and sends a six-digit code by SMS through the SMS queue', async () => {
    // Act
    const response = await ask('138 1234 5678');
    await platform.sendQueuedSms();
    // Assess
    expect(response.statusCode).toBe(202);
    expect(platform.sms.sent).toEqual([
      expect.objectContaining({
        to: '13812345678',
        text: expect.stringMatching(/验证码为\d{6}，10分钟内有效/),
      }),
    ]);
  });

  it('stores the code only as a keyed digest, never the code or the number', async () => {
    // Act
    await ask('13812345678');
    await platform.sendQueuedSms();
    // Assess
    const code = /验证码为(\d{6})/.exec(platform.sms.sent[0]!.text)![1]!;
    const items = (await platform.table.client.send(new ScanCommand({ TableName: platform.table.tableName })))
      .Items!;
    const stored = JSON.stringify(items);
    expect(items.filter((i) => i['entity'] === 'verificationCode')).toHaveLength(1);
    expect(stored).not.toContain(code);
    expect(stored).not.toContain('13812345678');
  });

  it('refuses a second code for the same phone within a minute with 429 and Retry-After', async () => {
    // Prepare
    await ask('13812345678');
    platform.clock.advanceHours(30 / 3600);
    // Act
    const again = await ask('13812345678');
    // Assess
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers?.['retry-after'])).toBe(30);
  });

  it('allows five codes per phone in any hour, then refuses until the oldest leaves the hour', async () => {
    // Prepare
    const answers: number[] = [];
    // Act
    for (let i = 0; i < 6; i++) {
      answers.push((await ask('13812345678', `198.51.100.${i}`)).statusCode ?? 0);
      platform.clock.advanceHours(61 / 3600);
    }
    const sixth = await ask('13812345678', '198.51.100.99');
    // Assess
    expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers?.['retry-after'])).toBeGreaterThan(3_000);
  });

  it('never sends more than one code when ten requests for one phone arrive at once', async () => {
    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => ask('13812345678', `192.0.2.${i}`)),
    );
    await platform.sendQueuedSms();
    // Assess
    expect(answers.filter((r) => r.statusCode === 202)).toHaveLength(1);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(9);
    expect(platform.sms.sent).toHaveLength(1);
  });

  it('limits one address to twenty codes an hour across phones, also in parallel', async () => {
    // Act
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => ask(`1381234${String(1000 + i)}`, '203.0.113.50')),
    );
    // Assess
    expect(answers.map((r) => r.statusCode).sort()).toEqual([...Array(20).fill(202), ...Array(5).fill(429)]);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(5);
  });

  it.each([
    ['not a mobile number', JSON.stringify({ phone: '12345' }), 'phone'],
    ['no phone', JSON.stringify({}), 'phone'],
  ])('refuses %s with 400 naming the field and sends nothing', async (_what, body, field) => {
    // Act
    const response = (await api(
      httpEvent('POST', '/public/verification-codes', {
        body,
        headers: { 'content-type': 'application/json' },
      }),
      context,
    )) as Result;
    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(String(response.body)).details[0].field).toBe(field);
    expect(platform.queue.sent).toEqual([]);
  });
});

describe('the sliding window', () => {
  it('counts only what is inside the window and says when the next event fits', () => {
    // Act
    const inside = decide([1_000, 50_000], { limit: 2, windowSeconds: 60 }, 60_500);
    const afterOldest = decide([1_000, 50_000], { limit: 2, windowSeconds: 60 }, 61_001);
    // Assess
    expect(inside).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(afterOldest).toEqual({ allowed: true, times: [50_000, 61_001] });
  });
});
