/**
 * The OpenAPI 3.1 document of the platform, generated from the zod schemas the handlers parse
 * with and the routes of the HTTP API contract (events/http-api.ts), so it cannot drift from what
 * the API accepts.
 */
import * as z from 'zod/mini';
import { staffCommands } from '../../application/staff/staff-commands.js';
import { commandSchemas } from '../../domain/case/commands.js';
import { httpApi } from '../../events/http-api.js';
import {
  errorBodySchema,
  pageSchema,
  publicViewSchema,
  smsReceiptSchema,
  staffCaseSchema,
  webReceiptSchema,
} from '../../events/http-responses.js';
import {
  evaluationSchema,
  lookupSchema,
  reviewRequestSchema,
  trackingNumberSchema,
} from '../../events/public-requests.js';
import { smsMessageSchema, staffRegistrationSchema, webSubmissionSchema } from '../../events/submissions.js';

const schema = (s: z.ZodMiniType) =>
  z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
/** A response body's schema: what the handler sends (the output side of the schema). */
const output = (s: z.ZodMiniType) =>
  z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
const errorBody = output(errorBodySchema);
const answer = (description: string, s: z.ZodMiniType) => ({
  description,
  content: { 'application/json': { schema: output(s) } },
});
/** The command's schema without its `type` field, which the path carries. */
function withoutTypeField(json: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, ...rest } = json;
  const strip = (node: Record<string, unknown>): Record<string, unknown> => {
    const properties = node['properties'] as Record<string, unknown> | undefined;
    const required = node['required'] as string[] | undefined;
    const branches = (node['oneOf'] ?? node['anyOf']) as Record<string, unknown>[] | undefined;
    const { type: _type, ...others } = properties ?? {};
    return {
      ...node,
      ...(properties ? { properties: others } : {}),
      ...(required ? { required: required.filter((r) => r !== 'type') } : {}),
      ...(branches ? { [node['oneOf'] ? 'oneOf' : 'anyOf']: branches.map(strip) } : {}),
    };
  };
  return strip(rest);
}
/** The error responses of an operation; any operation may also answer 500 (no detail). */
const errors = (...codes: number[]) =>
  Object.fromEntries(
    [...codes, 500].map((code) => [
      String(code),
      { description: httpReasons[code] ?? 'error', content: { 'application/json': { schema: errorBody } } },
    ]),
  );
const httpReasons: Record<number, string> = {
  400: 'invalid request: names each failing field',
  401: 'missing or invalid signature or token',
  403: 'outside the staff member’s remit or role',
  404: 'not found',
  409: 'not allowed in the case’s current stage, or a window closed (`window_closed` with `closedAt`)',
  412: 'the case changed (stale If-Match version)',
  413: 'body larger than 64 KB',
  415: 'content type is not application/json',
  422: 'the domain refused the request for a reason of its own (the message says which)',
  429: 'too many wrong query codes (Retry-After says when to try again)',
  500: 'internal error: no detail is given',
};
const signatureHeaders = [
  {
    name: 'X-Signature-Timestamp',
    in: 'header',
    required: true,
    schema: { type: 'string' },
    description: 'Unix seconds; within 300 s of now',
  },
  {
    name: 'X-Signature',
    in: 'header',
    required: true,
    schema: { type: 'string' },
    description: 'lowercase hex HMAC-SHA256(secret, `<timestamp>.<raw body>`)',
  },
];
const json = (s: z.ZodMiniType) => ({
  required: true,
  content: { 'application/json': { schema: schema(s) } },
});
const path = (name: string, s?: z.ZodMiniType) => ({
  name,
  in: 'path',
  required: true,
  schema: s ? schema(s) : { type: 'string' },
});
/** The query parameters of an object schema, each with its own schema. */
const queryOf = (s: z.ZodMiniType, only?: readonly string[]) => {
  const json = schema(s) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {})
    .filter(([name]) => !only || only.includes(name))
    .map(([name, property]) => ({
      name,
      in: 'query',
      required: json.required?.includes(name) ?? false,
      schema: property,
    }));
};

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const operations: Record<string, Record<string, unknown>> = {
    'POST /webhooks/web': {
      summary: 'Submit a petition from the web portal (signed webhook)',
      parameters: signatureHeaders,
      requestBody: json(webSubmissionSchema),
      responses: {
        202: answer('accepted: the tracking number and query code to follow the case', webReceiptSchema),
        ...errors(400, 401, 413, 415),
      },
    },
    'POST /webhooks/sms': {
      summary: 'Inbound SMS: a petition, a rating reply (1/2/3) or a status query (查询 <trackingNumber>)',
      parameters: signatureHeaders,
      requestBody: json(smsMessageSchema),
      responses: {
        202: answer('accepted: what was done with the message', smsReceiptSchema),
        ...errors(400, 401, 413, 415),
      },
    },
    'GET /public/cases/{trackingNumber}': {
      summary: 'The petitioner’s view of a case: stage, deadlines, timeline, reply, review opinions',
      parameters: [path('trackingNumber', trackingNumberSchema), ...queryOf(lookupSchema, ['code'])],
      responses: { 200: answer('the public view', publicViewSchema), ...errors(400, 404, 429) },
    },
    'POST /public/cases/{trackingNumber}/evaluation': {
      summary: 'Rate the reply (满意度评价) within the rating window',
      parameters: [path('trackingNumber', trackingNumberSchema)],
      requestBody: json(evaluationSchema),
      responses: {
        200: answer('rated: the public view after the rating', publicViewSchema),
        ...errors(400, 404, 409, 413, 415, 429),
      },
    },
    'POST /public/cases/{trackingNumber}/review': {
      summary: 'Ask for review (复查) of the reply, or for re-review (复核) of the review opinion',
      parameters: [path('trackingNumber', trackingNumberSchema)],
      requestBody: json(reviewRequestSchema),
      responses: {
        200: answer('requested: the public view after the request', publicViewSchema),
        ...errors(400, 404, 409, 413, 415, 429),
      },
    },
    'POST /staff/cases': {
      summary: 'Register a letter, visit, phone call, fax or email (registrar)',
      security: [{ staff: [] }],
      requestBody: json(staffRegistrationSchema),
      responses: {
        201: { description: 'registered: the tracking number' },
        200: { description: 'already registered (the same reference): the tracking number' },
        ...errors(400, 401, 403),
      },
    },
    'GET /staff/cases': {
      summary: 'A unit’s inbox by stage, due time, overdue and category (cursor pagination)',
      security: [{ staff: [] }],
      parameters: ['unit', 'stage', 'dueBefore', 'overdue', 'category', 'limit', 'cursor'].map((name) => ({
        name,
        in: 'query',
        required: false,
        schema: { type: 'string' },
      })),
      responses: { 200: answer('a page of case summaries', pageSchema), ...errors(400, 401, 403) },
    },
    'GET /staff/cases/{caseId}': {
      summary: 'Case detail with the full timeline; ETag is the case version',
      security: [{ staff: [] }],
      parameters: [path('caseId')],
      responses: { 200: answer('the case', staffCaseSchema), ...errors(401, 403, 404) },
    },
    'GET /staff/cases/{caseId}/integrity': {
      summary:
        'Checks the hash chain of the case history (supervisors and administrators): intact, or the ' +
        'first line that was changed, removed or cannot be read (`brokenAtSeq`, null for the case item)',
      security: [{ staff: [] }],
      parameters: [path('caseId')],
      responses: { 200: { description: 'the result of the check' }, ...errors(401, 403, 404) },
    },
    'GET /staff/notifications': {
      summary:
        'A unit’s notification feed, newest first: deadline warnings, overdue steps, supervision, ' +
        'accountability, revisit tasks, received cases, review requests, and the daily digest',
      security: [{ staff: [] }],
      parameters: ['unit', 'since', 'limit', 'cursor'].map((name) => ({
        name,
        in: 'query',
        required: false,
        schema: { type: 'string' },
      })),
      responses: { 200: answer('a page of feed entries', pageSchema), ...errors(400, 401, 403) },
    },
    'GET /staff/assessment': {
      summary:
        'Assessment (目标管理考核) per unit of a region and the region total, for a range of months: ' +
        'counters and on-time, satisfaction, revisit, repeat and skip-level rates; `half=2026H1` is the ' +
        'half-yearly report, `format=csv` one row per unit',
      security: [{ staff: [] }],
      parameters: ['region', 'unit', 'from', 'to', 'half', 'format'].map((name) => ({
        name,
        in: 'query',
        required: false,
        schema: { type: 'string' },
      })),
      responses: {
        200: { description: 'counters and rates per unit and in total (JSON), or a CSV sheet' },
        ...errors(400, 401, 403, 404),
      },
    },
    'POST /staff/cases/{caseId}/actions/{command}': {
      summary: `A case action: ${staffCommands.join(', ')}`,
      security: [{ staff: [] }],
      parameters: [
        path('caseId'),
        { ...path('command'), schema: { type: 'string', enum: staffCommands } },
        { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } },
      ],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: {
              // The command is the path's; the body is the command's fields. Bodies of different
              // commands may look alike (`{}`), so any one of them, not exactly one.
              anyOf: staffCommands.map((type) => ({
                title: type,
                ...withoutTypeField(schema(commandSchemas[type])),
              })),
            },
          },
        },
      },
      responses: {
        200: answer('the case after the action', staffCaseSchema),
        ...errors(400, 401, 403, 404, 409, 412, 413, 415, 422),
      },
    },
    'GET /openapi.json': {
      summary: 'This document (OpenAPI 3.1)',
      responses: { 200: { description: 'the OpenAPI document', content: { 'application/json': {} } } },
    },
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const routes of Object.values(httpApi)) {
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      paths[route.path] ??= {};
      const operation = operations[key];
      // Every route of the contract is described here: a new route without a description fails at once.
      if (!operation) throw new Error(`the OpenAPI document does not describe ${key}`);
      paths[route.path]![route.method.toLowerCase()] = operation;
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Petition platform API (初次信访事项首办责任)', version: '1' },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { staff: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
