/**
 * The local control surface (`/_local/*`) answers the developer, not a web page (issue 12, item 10):
 * over real HTTP to a running platform, a DNS-rebinding page (a foreign Host), a cross-origin page
 * (a foreign Origin) and a form or `text/plain` body are refused, and the clock does not move.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../../infra/local/platform.js';
import type { SentSms } from '../../infra/local/sms-outbox.js';
import { bootPlatform, e2eClient } from '../support/e2e-client.js';

let platform: RunningPlatform;
let stop: () => Promise<void>;
const phone = '13900001234';

beforeAll(async () => {
  ({ platform, stop } = await bootPlatform('petition-control-guard-'));
  // One petition, so that the outbox holds a phone number and a query code worth stealing.
  const client = e2eClient(platform);
  expect((await client.submit(phone)).status).toBe(202);
  expect(await client.drained()).toBe(200);
});

afterAll(async () => {
  await stop?.();
});

/** A raw HTTP request to the platform, with exactly these headers (Host and Origin included). */
function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: platform.port,
        method,
        path,
        headers: { host: `127.0.0.1:${platform.port}`, ...headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.once('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

async function clockNow(): Promise<number> {
  return Date.parse((JSON.parse((await send('GET', '/_local/clock')).text) as { now: string }).now);
}

const dayMs = 86_400_000;
const advanceTwoDays = JSON.stringify({ advanceDays: 2 });

describe('local control surface', () => {
  it('answers a DNS-rebinding page (a Host that is not loopback) with 421 and no SMS, and a loopback Host with them', async () => {
    // Act
    const rebound = await send('GET', '/_local/sms', { host: `attacker.example:${platform.port}` });
    const lookalike = await send('GET', '/_local/sms', {
      host: `127.0.0.1.attacker.example:${platform.port}`,
    });
    const viaLocalhost = await send('GET', '/_local/sms', { host: `localhost:${platform.port}` });
    const viaIpv6 = await send('GET', '/_local/sms', { host: `[::1]:${platform.port}` });

    // Assess
    expect([rebound.status, lookalike.status]).toEqual([421, 421]);
    expect(rebound.text + lookalike.text).not.toContain(phone);
    expect([viaLocalhost.status, viaIpv6.status]).toEqual([200, 200]);
    expect(
      (JSON.parse(viaLocalhost.text) as SentSms[]).some((sms) => JSON.stringify(sms).includes(phone)),
    ).toBe(true);
  });

  it('does not move the clock for a page under a foreign Host, even with a JSON body', async () => {
    // Prepare
    const before = await clockNow();

    // Act
    const refused = await send(
      'POST',
      '/_local/clock',
      { host: `rebound.attacker.example:${platform.port}`, 'content-type': 'application/json' },
      advanceTwoDays,
    );
    const after = await clockNow();

    // Assess
    expect(refused.status).toBe(421);
    expect(after - before).toBeLessThan(dayMs);
  });

  it('refuses a cross-origin text/plain POST to the clock with 403 and does not move it', async () => {
    // Prepare
    const before = await clockNow();

    // Act
    const refused = await send(
      'POST',
      '/_local/clock',
      { origin: 'https://attacker.example', 'content-type': 'text/plain;charset=UTF-8' },
      advanceTwoDays,
    );
    const after = await clockNow();

    // Assess
    expect(refused.status).toBe(403);
    expect(after - before).toBeLessThan(dayMs);
  });

  it('refuses a foreign or opaque Origin with 403 on every control, and accepts its own origin', async () => {
    // Act
    const foreign = await Promise.all([
      send('GET', '/_local/sms', { origin: 'http://attacker.example' }),
      send('GET', '/_local/queues', { origin: 'http://127.0.0.1:1' }),
      send('GET', '/_local/health', { origin: 'null' }),
      send('POST', '/_local/drain', { origin: `https://127.0.0.1:${platform.port}` }),
      send(
        'POST',
        '/_local/clock',
        { origin: 'http://attacker.example', 'content-type': 'application/json' },
        '{}',
      ),
    ]);
    const own = await Promise.all([
      send('GET', '/_local/sms', { origin: `http://127.0.0.1:${platform.port}` }),
      send('GET', '/_local/health', { origin: `http://localhost:${platform.port}` }),
    ]);

    // Assess
    expect(foreign.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(foreign.map((r) => r.text).join('')).not.toContain(phone);
    expect(own.map((r) => r.status)).toEqual([200, 200]);
  });

  it('refuses a POST body that is not declared JSON with 415 (curl -d, a form, text/plain) and takes it as application/json', async () => {
    // Prepare
    const before = await clockNow();

    // Act
    const refused = await Promise.all([
      send('POST', '/_local/clock', {}, advanceTwoDays),
      send('POST', '/_local/clock', { 'content-type': 'application/x-www-form-urlencoded' }, advanceTwoDays),
      send('POST', '/_local/clock', { 'content-type': 'text/plain' }, advanceTwoDays),
      send('POST', '/_local/clock', { 'content-type': 'application/jsonp' }, advanceTwoDays),
    ]);
    const unmoved = await clockNow();
    const accepted = await send(
      'POST',
      '/_local/clock',
      { 'content-type': 'Application/JSON; charset=utf-8', origin: `http://127.0.0.1:${platform.port}` },
      advanceTwoDays,
    );
    const moved = await clockNow();
    const bodiless = await send('POST', '/_local/schedules/no-such-schedule');

    // Assess
    expect(refused.map((r) => r.status)).toEqual([415, 415, 415, 415]);
    expect(unmoved - before).toBeLessThan(dayMs);
    expect(accepted.status).toBe(200);
    expect(moved - before).toBeGreaterThanOrEqual(2 * dayMs);
    expect(bodiless.status).toBe(404);
  });
});
