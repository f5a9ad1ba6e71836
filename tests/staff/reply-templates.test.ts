/**
 * Reply templates through the real handler on DynamoDB Local: every staff member reads them with
 * the text each outcome and category starts from; only the province admin stores or removes one,
 * every change is audited, and a wrong outcome, category or text is refused naming the field.
 */
import type {
  APIGatewayProxyEventV2,
  Context,
  APIGatewayProxyStructuredResultV2 as Result,
} from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../domain/case/model.js';
import { defaultReplyTexts } from '../../domain/replies/templates.js';
import { createReplyTemplatesApi } from '../../functions/staff/reply-templates-api.js';
import { type TestPlatform, testPlatform } from '../support/test-platform.js';

const context = {} as Context;
const PROVINCE_BUREAU = '330000-xinfang';
const ORGAN = '330106-zhujian';

let platform: TestPlatform;

beforeEach(async () => {
  platform = await testPlatform('2026-03-02T02:00:00.000Z');
});
afterEach(async () => platform.dispose());

function request(
  method: 'GET' | 'PUT' | 'DELETE',
  unit: string,
  role: StaffRole,
  outcome?: string,
  categoryId?: string,
  body?: unknown,
): APIGatewayProxyEventV2 {
  const path = outcome ? `/staff/reply-templates/${outcome}/${categoryId}` : '/staff/reply-templates';
  return {
    version: '2.0',
    routeKey: `${method} ${outcome ? '/staff/reply-templates/{outcome}/{categoryId}' : '/staff/reply-templates'}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    ...(outcome ? { pathParameters: { outcome, categoryId: categoryId ?? '' } } : {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: `req-${Math.random()}`,
      authorizer: { jwt: { claims: { sub: `${role}@${unit}`, unit, role }, scopes: [] } },
    },
  } as unknown as APIGatewayProxyEventV2;
}

async function call(event: APIGatewayProxyEventV2) {
  const response = (await createReplyTemplatesApi(platform.deps)(event, context)) as Result;
  const text = String(response.body ?? '');
  return { status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined };
}

interface Effective {
  outcome: string;
  categoryId: string;
  text: string;
  stored: boolean;
}
const effectiveText = (body: { effective: Effective[] }, outcome: string, categoryId: string) =>
  body.effective.find((e) => e.outcome === outcome && e.categoryId === categoryId)?.text;

describe('reply templates', () => {
  it('starts every outcome and category from the platform default when none is stored', async () => {
    // Act
    const listed = await call(request('GET', ORGAN, 'handler'));

    // Assess
    expect(listed.status).toBe(200);
    expect(listed.body.canEdit).toBe(false);
    expect(listed.body.templates).toEqual([]);
    expect(effectiveText(listed.body, 'explained', 'property-management')).toBe(defaultReplyTexts.explained);
    expect(effectiveText(listed.body, 'supported', '*')).toBe(defaultReplyTexts.supported);
  });

  it('prefers the category’s template to the outcome’s general one, once the province admin stores them', async () => {
    // Prepare
    const general = await call(
      request('PUT', PROVINCE_BUREAU, 'admin', 'supported', '*', {
        text: '经核实，您的诉求合理，已予解决。',
      }),
    );
    const housing = await call(
      request('PUT', PROVINCE_BUREAU, 'admin', 'supported', 'property-management', {
        text: '  经核实，物业服务问题已责成整改。  ',
      }),
    );

    // Act
    const listed = await call(request('GET', ORGAN, 'handler'));
    const admin = await call(request('GET', PROVINCE_BUREAU, 'admin'));

    // Assess
    expect(general.status).toBe(200);
    expect(housing.status).toBe(200);
    expect(housing.body).toMatchObject({
      outcome: 'supported',
      categoryId: 'property-management',
      text: '经核实，物业服务问题已责成整改。',
      updatedBy: `admin@${PROVINCE_BUREAU}`,
      updatedAt: '2026-03-02T02:00:00.000Z',
    });
    expect(effectiveText(listed.body, 'supported', 'property-management')).toBe(
      '经核实，物业服务问题已责成整改。',
    );
    expect(effectiveText(listed.body, 'supported', 'transport')).toBe('经核实，您的诉求合理，已予解决。');
    expect(effectiveText(listed.body, 'not_supported', 'property-management')).toBe(
      defaultReplyTexts.not_supported,
    );
    expect(listed.body.templates).toHaveLength(2);
    expect(admin.body.canEdit).toBe(true);
    // Both changes are on the audit trail, with the template they changed
    const audits = platform.logLines
      .filter((l) => l.includes('"action":"saveReplyTemplate"'))
      .map((l) => JSON.parse(l));
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({
      audit: true,
      outcome: 'allowed',
      unitId: PROVINCE_BUREAU,
      role: 'admin',
      details: { replyOutcome: 'supported', categoryId: 'property-management' },
    });
  });

  it('refuses a change by anyone but the province admin', async () => {
    // Act
    const byOrganAdmin = await call(request('PUT', ORGAN, 'admin', 'supported', '*', { text: '文本' }));
    const byProvinceHandler = await call(
      request('PUT', PROVINCE_BUREAU, 'handler', 'supported', '*', { text: '文本' }),
    );
    const deleteByDistrictBureau = await call(request('DELETE', '330106-xinfang', 'admin', 'supported', '*'));

    // Assess
    expect([byOrganAdmin.status, byProvinceHandler.status, deleteByDistrictBureau.status]).toEqual([
      403, 403, 403,
    ]);
    expect((await call(request('GET', ORGAN, 'handler'))).body.templates).toEqual([]);
  });

  it('refuses an unknown outcome or category and an empty text, naming each', async () => {
    // Act
    const badKey = await call(
      request('PUT', PROVINCE_BUREAU, 'admin', 'approved', 'nosuch', { text: '文本' }),
    );
    const blank = await call(request('PUT', PROVINCE_BUREAU, 'admin', 'explained', '*', { text: '   ' }));

    // Assess
    expect(badKey.status).toBe(400);
    expect(JSON.stringify(badKey.body)).toContain('outcome');
    expect(JSON.stringify(badKey.body)).toContain('categoryId');
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body)).toContain('text');
  });

  it('removes a template, after which the outcome’s text is the default again; a second removal is 404', async () => {
    // Prepare
    await call(request('PUT', PROVINCE_BUREAU, 'admin', 'explained', '*', { text: '政策解释如下：' }));

    // Act
    const removed = await call(request('DELETE', PROVINCE_BUREAU, 'admin', 'explained', '*'));
    const again = await call(request('DELETE', PROVINCE_BUREAU, 'admin', 'explained', '*'));
    const listed = await call(request('GET', ORGAN, 'handler'));

    // Assess
    expect(removed.status).toBe(204);
    expect(again.status).toBe(404);
    expect(effectiveText(listed.body, 'explained', '*')).toBe(defaultReplyTexts.explained);
  });
});
