/**
 * `GET /openapi.json` documents every route of the HTTP API contract, and the petitioner's page
 * and Open311 endpoints of issue 15 with their bodies, answers, errors and limits.
 */
import { describe, expect, it } from 'vitest';
import { httpApi } from '../../events/http-api.js';
import { openApiDocument } from '../../functions/public/openapi-document.js';

// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON, walked only by assertions
type Json = Record<string, any>;
const document = openApiDocument('http://127.0.0.1:3000') as Json;
const operation = (method: string, path: string): Json => document['paths'][path][method];

describe('the OpenAPI document', () => {
  it('describes every route of the HTTP API contract with its own operation', () => {
    // Act
    const routes = Object.values(httpApi).flat();
    const undocumented = routes
      .filter((r) => operation(r.method.toLowerCase(), r.path)['summary'] === `${r.method} ${r.path}`)
      .map((r) => `${r.method} ${r.path}`);
    // Assess
    expect(routes.length).toBeGreaterThan(10);
    expect(undocumented).toEqual([]);
  });

  it('documents POST /public/verification-codes: {phone} → 202, and 429 with Retry-After', () => {
    // Act
    const op = operation('post', '/public/verification-codes');
    // Assess
    expect(op['requestBody'].content['application/json'].schema.required).toEqual(['phone']);
    expect(Object.keys(op['responses'])).toEqual(expect.arrayContaining(['202', '400', '429']));
    expect(op['responses']['429'].headers['Retry-After'].schema.type).toBe('integer');
  });

  it('documents POST /public/petitions: the webhook’s fields without submissionId, the code and the key', () => {
    // Act
    const op = operation('post', '/public/petitions');
    const body = op['requestBody'].content['application/json'].schema;
    // Assess
    expect(body.required).toEqual(expect.arrayContaining(['petitioner', 'regionCode', 'title', 'content']));
    expect(body.required).toContain('verificationCode');
    expect(body.properties).not.toHaveProperty('submissionId');
    expect(op['parameters']).toEqual([expect.objectContaining({ name: 'Idempotency-Key', required: true })]);
    expect(op['responses']['202'].content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['trackingNumber', 'queryCode']),
    );
    expect(op['responses']['400'].description).toContain('verificationCode');
    expect(op['responses']).toHaveProperty('409');
  });

  it('documents the rating and the request for review or re-review the page uses', () => {
    // Act
    const rate = operation('post', '/public/cases/{trackingNumber}/evaluation');
    const review = operation('post', '/public/cases/{trackingNumber}/review');
    // Assess
    expect(rate['requestBody'].content['application/json'].schema.properties.rating.enum).toEqual([
      'satisfied',
      'basically_satisfied',
      'dissatisfied',
    ]);
    expect(review['requestBody'].content['application/json'].schema.required).toEqual(['code', 'reason']);
    expect(Object.keys(review['responses'])).toEqual(expect.arrayContaining(['200', '409', '429']));
  });

  it('documents the six Open311 operations with the specification’s error form', () => {
    // Act
    const open311 = Object.entries(document['paths'] as Json)
      .filter(([path]) => path.startsWith('/open311/v2/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const post = operation('post', '/open311/v2/requests.json');
    // Assess
    expect(open311.sort()).toEqual([
      'GET /open311/v2/discovery.json',
      'GET /open311/v2/requests.json',
      'GET /open311/v2/requests/{requestFile}',
      'GET /open311/v2/services.json',
      'GET /open311/v2/services/{serviceFile}',
      'POST /open311/v2/requests.json',
    ]);
    expect(Object.keys(post['requestBody'].content)).toEqual([
      'application/x-www-form-urlencoded',
      'application/json',
    ]);
    expect(post['responses']['403'].content['application/json'].schema.items.required).toEqual([
      'code',
      'description',
    ]);
    expect(post['responses']['429'].headers).toHaveProperty('Retry-After');
    const filters = operation('get', '/open311/v2/requests.json')['parameters'].map((p: Json) => p['name']);
    expect(filters).toEqual(
      expect.arrayContaining(['service_request_id', 'service_code', 'start_date', 'end_date', 'status']),
    );
  });
});
