import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  type CompiledRoute,
  compileRoutes,
  matchRoute,
  requestTime,
  toApiGatewayEvent,
  toHttpResponse,
} from '../../infra/local/http-gateway.js';
import type { FunctionSpec, HttpRoute } from '../../infra/topology.js';

function httpFunction(name: string, routes: HttpRoute[]): FunctionSpec {
  return {
    name,
    description: name,
    entry: `functions/${name}.ts`,
    factory: 'create',
    compose: 'compose',
    trigger: { kind: 'http', routes },
    timeoutSeconds: 10,
    memoryMb: 256,
    bundleBudgetKiB: 10,
    access: {
      province: false,
      routingModel: false,
      table: 'none',
      sendTo: [],
      publishEvents: false,
      webhookSecrets: false,
      personalDataKey: 'none',
      sendsSms: false,
      redrivesDeadLetters: false,
      open311PartnerKeys: false,
    },
  };
}

const routes = compileRoutes([
  httpFunction('case-api', [
    { method: 'GET', path: '/staff/cases/{caseId}', auth: 'staff' },
    { method: 'POST', path: '/staff/cases/{caseId}/commands', auth: 'staff' },
  ]),
  httpFunction('search', [{ method: 'GET', path: '/staff/cases/search', auth: 'staff' }]),
  httpFunction('public-api', [{ method: 'GET', path: '/public/cases/{trackingNumber}', auth: 'none' }]),
  httpFunction('files', [{ method: 'GET', path: '/files/{key+}', auth: 'none' }]),
  {
    ...httpFunction('sweep', []),
    trigger: { kind: 'schedule', name: 'sweep', expression: 'rate(1 hour)', description: 'not a route' },
  },
]);

function found(
  method: string,
  path: string,
): { route: CompiledRoute; pathParameters: Readonly<Record<string, string>> } {
  const match = matchRoute(routes, method, path);
  if (match.kind !== 'found') throw new Error(`expected a route for ${method} ${path}, got ${match.kind}`);
  return match;
}

describe('route matching', () => {
  it('matches a literal path before a parameter, whatever the listing order', () => {
    // Act
    const match = found('GET', '/staff/cases/search');

    // Assess
    expect(match.route.functionName).toBe('search');
    expect(match.pathParameters).toEqual({});
  });

  it('extracts and decodes path parameters', () => {
    // Act
    const match = found('POST', '/staff/cases/PC%2D2026%2D01/commands');

    // Assess
    expect(match.route.routeKey).toBe('POST /staff/cases/{caseId}/commands');
    expect(match.pathParameters).toEqual({ caseId: 'PC-2026-01' });
  });

  it('matches a greedy parameter over several segments', () => {
    // Act
    const match = found('GET', '/files/a/b/c.pdf');

    // Assess
    expect(match.pathParameters).toEqual({ key: 'a/b/c.pdf' });
  });

  it('answers method-not-allowed with the methods the path has', () => {
    // Act
    const match = matchRoute(routes, 'DELETE', '/staff/cases/PC-1');

    // Assess
    expect(match).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] });
  });

  it.each(['/staff/cases', '/staff/cases/PC-1/commands/extra', '/public/cases/', '/nothing', '/'])(
    'finds no route for %s',
    (path) => {
      // Act
      const match = matchRoute(routes, 'GET', path);

      // Assess
      expect(match.kind).toBe('not-found');
    },
  );

  it('ignores functions that are not triggered over HTTP', () => {
    // Assess
    expect(routes.map((r) => r.functionName)).not.toContain('sweep');
  });
});

describe('request to API Gateway payload 2.0 event', () => {
  const request = {
    method: 'POST',
    url: '/staff/cases/PC-1/commands?tag=a&tag=b&q=%E4%BD%8F%E6%88%BF',
    rawHeaders: [
      'Host',
      '127.0.0.1:3000',
      'Content-Type',
      'application/json',
      'X-Trace',
      'one',
      'x-trace',
      'two',
      'Cookie',
      'session=abc; theme=dark',
      'User-Agent',
      'curl/8.0',
    ],
    body: Buffer.from('{"type":"sign-for"}'),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
  };

  it('builds the event API Gateway sends, with a text body', () => {
    // Prepare
    const match = found('POST', '/staff/cases/PC-1/commands');

    // Act
    const event = toApiGatewayEvent(request, match, {
      requestId: 'req-1',
      receivedAtMs: Date.parse('2026-03-12T19:03:58.123Z'),
    });

    // Assess
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'POST /staff/cases/{caseId}/commands',
      rawPath: '/staff/cases/PC-1/commands',
      rawQueryString: 'tag=a&tag=b&q=%E4%BD%8F%E6%88%BF',
      cookies: ['session=abc', 'theme=dark'],
      headers: {
        host: '127.0.0.1:3000',
        'content-type': 'application/json',
        'x-trace': 'one,two',
        'user-agent': 'curl/8.0',
      },
      queryStringParameters: { tag: 'a,b', q: '住房' },
      pathParameters: { caseId: 'PC-1' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1:3000',
        domainPrefix: '127',
        http: {
          method: 'POST',
          path: '/staff/cases/PC-1/commands',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/8.0',
        },
        requestId: 'req-1',
        routeKey: 'POST /staff/cases/{caseId}/commands',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: Date.parse('2026-03-12T19:03:58.123Z'),
      },
      body: '{"type":"sign-for"}',
      isBase64Encoded: false,
    });
  });

  it('encodes a binary body as base64', () => {
    // Prepare
    const bytes = Buffer.from([0, 255, 1, 254]);
    const binary = { ...request, rawHeaders: ['Content-Type', 'application/octet-stream'], body: bytes };

    // Act
    const event = toApiGatewayEvent(binary, found('POST', '/staff/cases/PC-1/commands'), {
      requestId: 'r',
      receivedAtMs: 0,
    });

    // Assess
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('leaves out the body, query, cookies and path parameters a request does not have', () => {
    // Prepare
    const bare = {
      ...request,
      method: 'GET',
      url: '/staff/cases/search',
      rawHeaders: [],
      body: Buffer.alloc(0),
    };

    // Act
    const event = toApiGatewayEvent(bare, found('GET', '/staff/cases/search'), {
      requestId: 'r',
      receivedAtMs: 0,
    });

    // Assess
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.rawQueryString).toBe('');
  });

  it('passes verified claims as the JWT authorizer does, every value a string', () => {
    // Prepare
    const claims = {
      sub: 'p-1',
      unit: '330106-xinfang',
      role: 'triage_officer',
      exp: 1_900_000_000,
      aud: ['petition-staff'],
    };

    // Act
    const event = toApiGatewayEvent(request, found('POST', '/staff/cases/PC-1/commands'), {
      requestId: 'r',
      receivedAtMs: 0,
      claims,
    }) as APIGatewayProxyEventV2WithJWTAuthorizer;

    // Assess
    expect(event.requestContext.authorizer.jwt).toEqual({
      claims: {
        sub: 'p-1',
        unit: '330106-xinfang',
        role: 'triage_officer',
        exp: '1900000000',
        aud: '[petition-staff]',
      },
      scopes: null,
    });
  });

  it('formats the request time as API Gateway does', () => {
    // Assess
    expect(requestTime(Date.parse('2026-01-05T03:04:05Z'))).toBe('05/Jan/2026:03:04:05 +0000');
  });
});

describe('function result to response', () => {
  it('writes a structured result: status, headers, cookies and body', () => {
    // Act
    const response = toHttpResponse({
      statusCode: 202,
      headers: { 'Content-Type': 'application/json', 'X-Count': 3 },
      cookies: ['a=1; HttpOnly', 'b=2'],
      body: '{"ok":true}',
    });

    // Assess
    expect(response.statusCode).toBe(202);
    expect(response.headers).toEqual({
      'content-type': 'application/json',
      'x-count': '3',
      'set-cookie': ['a=1; HttpOnly', 'b=2'],
    });
    expect(response.body.toString()).toBe('{"ok":true}');
  });

  it('decodes a base64 body', () => {
    // Act
    const response = toHttpResponse({
      statusCode: 200,
      body: Buffer.from('%PDF').toString('base64'),
      isBase64Encoded: true,
    });

    // Assess
    expect(response.body.toString()).toBe('%PDF');
  });

  it('answers 200 JSON with the value itself for a string result', () => {
    // Act
    const response = toHttpResponse('"hello"');

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString()).toBe('"hello"');
  });

  it('answers 200 with the object as JSON when it has no statusCode', () => {
    // Act
    const response = toHttpResponse({ trackingNumber: 'ZJ-1', body: 'not a body' });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ trackingNumber: 'ZJ-1', body: 'not a body' });
  });

  it.each([{ statusCode: '200' }, { statusCode: 42 }, { statusCode: 200.5 }])(
    'answers 500 for the unusable result %j',
    (result) => {
      // Act
      const response = toHttpResponse(result);

      // Assess
      expect(response.statusCode).toBe(500);
      expect(JSON.parse(response.body.toString())).toEqual({ message: 'Internal Server Error' });
    },
  );
});

describe('bearer token', () => {
  it.each([
    { authorization: 'Bearer abc.def.ghi', expected: 'abc.def.ghi' },
    { authorization: 'bearer   abc.def.ghi ', expected: 'abc.def.ghi' },
    { authorization: 'abc.def.ghi', expected: 'abc.def.ghi' },
    { authorization: 'Bearer ', expected: undefined },
    { authorization: undefined, expected: undefined },
  ])('reads $authorization as $expected', ({ authorization, expected }) => {
    // Act
    const token = bearerToken({ authorization });

    // Assess
    expect(token).toBe(expected);
  });
});
