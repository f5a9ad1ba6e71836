/**
 * Open311 GeoReport v2 contract, endpoint by endpoint and error by error, on DynamoDB Local:
 * discovery, services, service definitions, filing (form-encoded and JSON), reading by key and by
 * query code, the specification's filters, the error form, jurisdiction and per-key rate limits.
 */
import type { Context, APIGatewayProxyStructuredResultV2 as Result } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIntakeConsumer } from '../../functions/intake/intake-consumer.js';
import { createOpen311Api } from '../../functions/public/open311-api.js';
import type { Json } from '../support/e2e-client.js';
import {
  httpEvent,
  otherPartnerKey,
  partnerKey,
  type TestPlatform,
  testPlatform,
} from '../support/test-platform.js';

const context = {} as Context;
let platform: TestPlatform;
let api: ReturnType<typeof createOpen311Api>;

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const filing = (overrides: Record<string, string> = {}) => ({
  api_key: partnerKey,
  jurisdiction_id: 'zhejiang',
  service_code: 'property-management',
  description: '小区物业公司擅自提高物业费，业主多次反映无果，请住建部门调查处理。',
  first_name: '三',
  last_name: '张',
  phone: '13812345678',
  address_string: '杭州市西湖区文三路100号',
  'attribute[region_code]': '330106',
  ...overrides,
});

async function call(
  method: string,
  path: string,
  options: {
    query?: Record<string, string>;
    body?: string;
    type?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: Json; headers: Record<string, unknown> }> {
  const [resource, ...rest] = path.replace('/open311/v2/', '').split('/');
  const pathParameters: Record<string, string> | undefined =
    resource === 'services' && rest[0]
      ? { serviceFile: rest[0] }
      : resource === 'requests' && rest[0]
        ? { requestFile: rest[0] }
        : undefined;
  const result = (await api(
    httpEvent(method, path, {
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
      headers: {
        ...(options.body !== undefined
          ? { 'content-type': options.type ?? 'application/x-www-form-urlencoded' }
          : {}),
        ...options.headers,
      },
      ...(pathParameters ? { pathParameters } : {}),
    }),
    context,
  )) as Result;
  return {
    status: result.statusCode ?? 0,
    body: JSON.parse(String(result.body)),
    headers: result.headers ?? {},
  };
}

const file = (fields: Record<string, string> = {}) =>
  call('POST', '/open311/v2/requests.json', { body: form(filing(fields)) });

async function register() {
  await createIntakeConsumer(platform.deps)(platform.queue.drain('intake'), context);
}

beforeEach(async () => {
  platform = await testPlatform();
  api = createOpen311Api({ ...platform.deps, wallClock: platform.clock });
});
afterEach(async () => platform.dispose());

describe('discovery and services', () => {
  it('GET discovery.json names the specification, the endpoint and JSON', async () => {
    // Act
    const { status, body } = await call('GET', '/open311/v2/discovery.json');
    // Assess
    expect(status).toBe(200);
    expect(body.endpoints).toEqual([
      expect.objectContaining({
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'http://127.0.0.1:3000/open311/v2',
        formats: ['application/json'],
      }),
    ]);
  });

  it('GET services.json lists the province’s categories with group and keywords', async () => {
    // Act
    const { status, body } = await call('GET', '/open311/v2/services.json', {
      query: { jurisdiction_id: 'zhejiang' },
    });
    // Assess
    expect(status).toBe(200);
    expect(body).toHaveLength(platform.deps.province.config.categories.length);
    expect(body).toContainEqual({
      service_code: 'property-management',
      service_name: '物业管理',
      description: expect.any(String),
      metadata: true,
      type: 'realtime',
      keywords: expect.stringContaining('物业'),
      group: '城乡建设',
    });
  });

  it('GET services/{code}.json defines the region_code list, title and id_number attributes', async () => {
    // Act
    const { status, body } = await call('GET', '/open311/v2/services/property-management.json');
    // Assess
    expect(status).toBe(200);
    expect(body.service_code).toBe('property-management');
    const region = body.attributes.find((a: { code: string }) => a.code === 'region_code');
    expect(region).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true });
    expect(region.values).toContainEqual({ key: '330106', name: '西湖区' });
    expect(body.attributes.map((a: { code: string }) => a.code)).toEqual([
      'region_code',
      'title',
      'id_number',
    ]);
  });

  it.each([
    ['an unknown service code', '/open311/v2/services/no-such.json', {}, 404],
    ['the XML format', '/open311/v2/services/property-management.xml', {}, 400],
    ['another jurisdiction', '/open311/v2/services.json', { jurisdiction_id: 'anhui' }, 404],
  ])('answers %s with the specification’s error form', async (_what, path, query, status) => {
    // Act
    const answer = await call('GET', path, { query });
    // Assess
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual([{ code: status, description: expect.any(String) }]);
  });
});

describe('POST requests.json', () => {
  it('files a form-encoded request as a web case and answers with the tracking number', async () => {
    // Act
    const { status, body } = await file();
    await register();
    await platform.sendQueuedSms();
    // Assess
    expect(status).toBe(201);
    expect(body).toEqual([
      { service_request_id: expect.stringMatching(/^XF\d{14}$/), service_notice: expect.any(String) },
    ]);
    const c = await platform.deps.cases.get(body[0].service_request_id);
    expect(c).toMatchObject({ channel: 'web', regionCode: '330106', categoryId: 'property-management' });
    expect(c?.petitioner.name).toBe('张三');
    expect(platform.sms.sent.at(-1)?.text).toContain(body[0].service_request_id);
  });

  it('takes JSON with an attribute object as well', async () => {
    // Prepare
    const { 'attribute[region_code]': region, ...rest } = filing();
    // Act
    const { status } = await call('POST', '/open311/v2/requests.json', {
      body: JSON.stringify({
        ...rest,
        lat: 30.27,
        long: 120.13,
        attribute: { region_code: region, title: '物业费' },
      }),
      type: 'application/json',
    });
    // Assess
    expect(status).toBe(201);
  });

  it('files once for a retried POST with the same Idempotency-Key', async () => {
    // Act
    const headers = { 'idempotency-key': 'partner-retry-0001' };
    const first = await call('POST', '/open311/v2/requests.json', { body: form(filing()), headers });
    const again = await call('POST', '/open311/v2/requests.json', { body: form(filing()), headers });
    // Assess
    expect(again.body[0].service_request_id).toBe(first.body[0].service_request_id);
  });

  it('refuses the same Idempotency-Key with another request with 409 about the key', async () => {
    // Prepare
    const headers = { 'idempotency-key': 'partner-retry-0002' };
    await call('POST', '/open311/v2/requests.json', { body: form(filing()), headers });
    // Act
    const changed = await call('POST', '/open311/v2/requests.json', {
      body: form(filing({ first_name: '四', last_name: '李' })),
      headers,
    });
    // Assess
    expect(changed.status).toBe(409);
    expect(changed.body).toEqual([{ code: 409, description: expect.stringContaining('Idempotency-Key') }]);
    expect(changed.body[0].description).not.toContain('open311-');
  });

  it.each([
    ['no api_key', { api_key: '' }, 403],
    ['no service_code', { service_code: '' }, 400],
    ['an unknown api_key', { api_key: 'not-a-partner-key-000' }, 403],
    ['another jurisdiction', { jurisdiction_id: 'anhui' }, 404],
    ['an unknown service_code', { service_code: 'no-such' }, 404],
    ['no region_code attribute', { 'attribute[region_code]': '' }, 400],
    ['a region_code of another province', { 'attribute[region_code]': '340100' }, 400],
    ['no location', { address_string: '' }, 400],
    ['no name', { first_name: '', last_name: '' }, 400],
    ['a phone that is no mobile number', { phone: '12345' }, 400],
    ['a zero-width description', { description: '\u200B\u200B' }, 400],
    ['an unknown attribute', { 'attribute[colour]': 'red' }, 400],
  ])(
    'refuses %s with the right status in the specification’s form and files nothing',
    async (_what, fields, status) => {
      // Prepare
      const given = filing(fields);
      if ((fields as Record<string, string>)['api_key'] === '')
        delete (given as Record<string, string>)['api_key'];
      // Act
      const answer = await call('POST', '/open311/v2/requests.json', { body: form(given) });
      // Assess
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual(
        expect.arrayContaining([{ code: status, description: expect.any(String) }]),
      );
      expect(platform.queue.sent).toEqual([]);
    },
  );

  it('refuses a body that is neither form-encoded nor JSON with 415', async () => {
    // Act
    const answer = await call('POST', '/open311/v2/requests.json', { body: 'x', type: 'text/plain' });
    // Assess
    expect(answer.status).toBe(415);
    expect(answer.body[0].code).toBe(415);
  });
});

describe('GET requests', () => {
  it('shows the filing partner its request, open, with the stage as an extended attribute', async () => {
    // Prepare
    const id = (await file()).body[0].service_request_id;
    const before = await call('GET', `/open311/v2/requests/${id}.json`, { query: { api_key: partnerKey } });
    await register();
    // Act
    const { status, body } = await call('GET', `/open311/v2/requests/${id}.json`, {
      query: { api_key: partnerKey },
    });
    // Assess
    expect(before.body[0]).toMatchObject({ status: 'open', extended_attributes: { stage: 'received' } });
    expect(status).toBe(200);
    expect(body[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'property-management',
      service_name: '物业管理',
      address: '杭州市西湖区文三路100号',
      requested_datetime: expect.stringMatching(/\+08:00$/),
      extended_attributes: { stage: expect.any(String), stage_label: expect.any(String) },
    });
  });

  it('hides a request from another partner’s key (404) and shows it with its query code', async () => {
    // Prepare
    const id = (await file()).body[0].service_request_id;
    await register();
    await platform.sendQueuedSms();
    const code = /查询码(\d{6})/.exec(platform.sms.sent.at(-1)!.text)![1]!;
    // Act
    const other = await call('GET', `/open311/v2/requests/${id}.json`, {
      query: { api_key: otherPartnerKey },
    });
    const byCode = await call('GET', `/open311/v2/requests/${id}.json`, { query: { code } });
    const wrong = await call('GET', `/open311/v2/requests/${id}.json`, { query: { code: '000000' } });
    const none = await call('GET', `/open311/v2/requests/${id}.json`);
    // Assess
    expect(other.status).toBe(404);
    expect(byCode.status).toBe(200);
    expect(byCode.body[0].service_request_id).toBe(id);
    expect(wrong.status).toBe(code === '000000' ? 200 : 404);
    expect(none.status).toBe(403);
  });

  it('lists only the partner’s requests, with the service_code, status and date filters', async () => {
    // Prepare
    const mine = (await file()).body[0].service_request_id;
    const labour = (
      await file({ service_code: 'labour-wages', description: '公司拖欠工资三个月，请劳动部门处理。' })
    ).body[0].service_request_id;
    await register();
    // Act
    const all = await call('GET', '/open311/v2/requests.json', { query: { api_key: partnerKey } });
    const bycode = await call('GET', '/open311/v2/requests.json', {
      query: { api_key: partnerKey, service_code: 'labour-wages' },
    });
    const closed = await call('GET', '/open311/v2/requests.json', {
      query: { api_key: partnerKey, status: 'closed' },
    });
    const later = await call('GET', '/open311/v2/requests.json', {
      query: {
        api_key: partnerKey,
        start_date: '2026-03-03T00:00:00+08:00',
        end_date: '2026-03-31T00:00:00+08:00',
      },
    });
    const ids = await call('GET', '/open311/v2/requests.json', {
      query: { api_key: partnerKey, service_request_id: mine },
    });
    const others = await call('GET', '/open311/v2/requests.json', { query: { api_key: otherPartnerKey } });
    // Assess
    expect(all.body.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual(
      [mine, labour].sort(),
    );
    expect(bycode.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([labour]);
    expect(closed.body).toEqual([]);
    expect(later.body).toEqual([]);
    expect(ids.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([mine]);
    expect(others.body).toEqual([]);
  });

  it.each([
    ['a malformed start_date', { api_key: partnerKey, start_date: 'yesterday' }, 400],
    ['an unknown status', { api_key: partnerKey, status: 'pending' }, 400],
    ['no key and no code', {}, 403],
  ])('refuses %s', async (_what, query, status) => {
    // Act
    const answer = await call('GET', '/open311/v2/requests.json', { query });
    // Assess
    expect(answer.status).toBe(status);
    expect(answer.body[0]).toEqual({ code: status, description: expect.any(String) });
  });

  it('holds each key to its own rate: 429 with Retry-After past it, other keys unaffected', async () => {
    // Act
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        call('GET', '/open311/v2/requests.json', { query: { api_key: otherPartnerKey } }),
      ),
    );
    const mainKey = await call('GET', '/open311/v2/requests.json', { query: { api_key: partnerKey } });
    // Assess
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 429, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body[0].code).toBe(429);
    expect(mainKey.status).toBe(200);
  });
});
