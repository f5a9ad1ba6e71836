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
  hotspotsReportSchema,
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
} from '../../events/public-cases.js';

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
import { open311QuerySchema, open311RequestSchema } from '../../events/open311.js';
import {
  portalPetitionSchema,
  smsMessageSchema,
  staffRegistrationSchema,
  verificationCodeRequestSchema,
  webSubmissionSchema,
} from '../../events/submissions.js';

/** A 429 says in `Retry-After` when to try again. */
const retryAfter = (code: number) =>
  code === 429
    ? {
        headers: {
          'Retry-After': {
            description: 'seconds until the limit allows the next request',
            schema: { type: 'integer', minimum: 1 },
          },
        },
      }
    : {};
const errors = (...codes: number[]) =>
  Object.fromEntries(
    [...codes, 500].map((code) => [
      String(code),
      {
        description: httpReasons[code] ?? 'error',
        ...retryAfter(code),
        content: { 'application/json': { schema: errorBody } },
      },
    ]),
  );
/** An error whose meaning on this operation is narrower than the general one. */
const error = (code: number, description: string) => ({
  [String(code)]: {
    description,
    ...retryAfter(code),
    content: { 'application/json': { schema: errorBody } },
  },
});
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
  429: 'too many attempts: see Retry-After (seconds)',
  500: 'internal error: no detail is given',
};
const open311Reasons: Record<number, string> = {
  400: 'a missing or invalid field (one entry each), or a format other than .json',
  403: 'api_key missing or not valid',
  404: 'unknown service_code or request, another jurisdiction_id, or a request not readable with this key or code',
  409: 'the Idempotency-Key was used for a different request',
  415: 'body neither application/x-www-form-urlencoded nor application/json',
  429: 'this api_key (or, with code, this address) is over its rate: see Retry-After (seconds)',
};
/** Open311 GeoReport v2 errors: `[{"code": <status>, "description": …}]`. */
const open311Error = {
  type: 'array',
  items: {
    type: 'object',
    properties: { code: { type: 'integer' }, description: { type: 'string' } },
    required: ['code', 'description'],
  },
};
const open311Errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: open311Reasons[code] ?? httpReasons[code] ?? 'error',
        ...retryAfter(code),
        content: { 'application/json': { schema: open311Error } },
      },
    ]),
  );
const query = (name: string, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  schema: { type: 'string' },
  description,
});
const jurisdiction = query('jurisdiction_id', 'the province id (e.g. zhejiang); another answers 404');
const open311Access = [
  query('api_key', 'the partner key: reads only requests it filed'),
  query('code', 'extension: the request’s query code, instead of a key'),
];
/** The filters of GET requests.json, from the same schema the function parses with. */
const open311Filters = Object.keys(
  (schema(open311QuerySchema) as { properties: Record<string, unknown> }).properties,
).map((name) => query(name, 'GeoReport v2 filter (comma-delimited lists)'));
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
const object = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const answerJson = (description: string, body: Record<string, unknown>) => ({
  description,
  content: { 'application/json': { schema: body } },
});
const string = { type: 'string' };
const receipt = object({
  trackingNumber: { type: 'string', pattern: '^XF\\d{14}$', description: '受理编号' },
  queryCode: { type: 'string', pattern: '^\\d{6}$', description: '查询码 (also sent by SMS)' },
  status: { const: 'received' },
});
const open311Requests = {
  type: 'array',
  items: object(
    {
      service_request_id: { ...string, description: 'the tracking number' },
      status: { enum: ['open', 'closed'] },
      status_notes: string,
      service_name: string,
      service_code: string,
      description: string,
      agency_responsible: string,
      service_notice: string,
      requested_datetime: { ...string, format: 'date-time' },
      updated_datetime: { ...string, format: 'date-time' },
      expected_datetime: { ...string, format: 'date-time' },
      address: string,
      lat: { type: 'number' },
      long: { type: 'number' },
      media_url: string,
      extended_attributes: object({
        stage: { ...string, description: 'the platform’s stage' },
        stage_label: { ...string, description: 'the stage in Chinese' },
      }),
    },
    [
      'service_request_id',
      'status',
      'status_notes',
      'service_code',
      'requested_datetime',
      'updated_datetime',
      'extended_attributes',
    ],
  ),
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
        ...errors(400, 404),
        ...error(
          409,
          'no reply to rate, already rated, or the rating window has closed (`window_closed` with `closedAt`)',
        ),
        ...errors(413, 415, 429),
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
    'POST /public/verification-codes': {
      summary:
        'Send a six-digit code by SMS to the phone that will petition (valid 10 minutes; one per phone a minute and five an hour, and limits per address)',
      requestBody: json(verificationCodeRequestSchema),
      responses: {
        202: answerJson(
          'sent (through the SMS queue); a new code replaces an earlier one',
          object({ sent: { const: true }, validUntil: { ...string, format: 'date-time' } }),
        ),
        ...error(400, 'phone is not a mainland mobile number'),
        ...errors(413, 415),
        ...error(429, 'over the limit of this phone or this address: see Retry-After (seconds)'),
      },
    },
    'POST /public/petitions': {
      summary:
        'Submit a petition from the petitioner’s page, its phone proven by the SMS code; the same pipeline as POST /webhooks/web',
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
          description: 'scoped to the phone: the same key gives the same answer',
        },
      ],
      requestBody: json(portalPetitionSchema),
      responses: {
        202: answerJson('accepted (or the same answer again for the same key)', receipt),
        ...error(
          400,
          'a field is invalid, or the verificationCode is wrong, expired, used or void (details name verificationCode)',
        ),
        ...error(409, 'the Idempotency-Key was used for a different petition from this phone'),
        ...errors(413, 415),
      },
    },
    'GET /open311/v2/discovery.json': {
      summary: 'Open311 GeoReport v2 discovery',
      tags: ['Open311'],
      responses: { 200: { description: 'the endpoint and its formats' } },
    },
    'GET /open311/v2/services.json': {
      summary: 'Open311: the province’s categories as services, with group and keywords',
      tags: ['Open311'],
      parameters: [jurisdiction],
      responses: { 200: { description: 'the service list' }, ...open311Errors(404) },
    },
    'GET /open311/v2/services/{serviceFile}': {
      summary:
        'Open311: a service definition (`{service_code}.json`): region_code (required), title, id_number',
      tags: ['Open311'],
      parameters: [path('serviceFile'), jurisdiction],
      responses: { 200: { description: 'the attributes' }, ...open311Errors(400, 404) },
    },
    'POST /open311/v2/requests.json': {
      summary:
        'Open311: file a petition; service_request_id is the tracking number; the petitioner gets the query code by SMS',
      tags: ['Open311'],
      parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': { schema: schema(open311RequestSchema) },
          'application/json': { schema: schema(open311RequestSchema) },
        },
        description:
          'plus api_key, jurisdiction_id and attribute[region_code] (required), attribute[title], attribute[id_number]',
      },
      responses: {
        201: answerJson('filed: service_request_id is the tracking number', {
          type: 'array',
          items: object({ service_request_id: string, service_notice: string }),
        }),
        ...open311Errors(400, 403, 404, 409, 413, 415, 429),
      },
    },
    'GET /open311/v2/requests.json': {
      summary: 'Open311: the partner’s requests, newest first (default the last 90 days, at most 1000)',
      tags: ['Open311'],
      parameters: [jurisdiction, ...open311Access, ...open311Filters],
      responses: {
        200: answerJson('service requests', open311Requests),
        ...open311Errors(400, 403, 404, 429),
      },
    },
    'GET /open311/v2/requests/{requestFile}': {
      summary:
        'Open311: one request (`{service_request_id}.json`), status open/closed, status_notes, the stage in extended_attributes',
      tags: ['Open311'],
      parameters: [path('requestFile'), jurisdiction, ...open311Access],
      responses: {
        200: answerJson(
          'one service request (an array of one, as the specification has it)',
          open311Requests,
        ),
        ...open311Errors(400, 403, 404, 429),
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
      summary:
        'A unit’s inbox by stage, due time, overdue, category and `mine` (the caller is the responsible ' +
        'leader or handler) (cursor pagination)',
      security: [{ staff: [] }],
      parameters: ['unit', 'stage', 'dueBefore', 'overdue', 'category', 'mine', 'limit', 'cursor'].map(
        (name) => ({
          name,
          in: 'query',
          required: false,
          schema: { type: 'string' },
        }),
      ),
      responses: { 200: answer('a page of case summaries', pageSchema), ...errors(400, 401, 403) },
    },
    'GET /staff/cases/{caseId}': {
      summary:
        'Case detail with the full timeline and `allowedActions` (the actions the caller may take now, ' +
        'from the transition table and jurisdiction); ETag is the case version',
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
    'GET /staff/search': {
      summary:
        'A petitioner’s cases by phone number (`phone`), through its keyed hash, within the caller’s remit, ' +
        'every look-up audited; or the cases in the caller’s inboxes whose title or content holds every word of `q` ' +
        '(`complete` is false when the search stopped at its bound); or, for duplicate hints while registering, ' +
        'the cases whose title is as similar to `similar` as the province’s repeat rule asks',
      security: [{ staff: [] }],
      parameters: [
        { name: 'phone', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'q', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'similar', in: 'query', required: false, schema: { type: 'string' } },
      ],
      responses: { 200: { description: 'the case summaries found' }, ...errors(400, 401) },
    },
    'GET /staff/ledgers/{kind}': {
      summary:
        'The supervision (`supervision`, 督办台账) or accountability (`accountability`, 责任追究台账) ledger of the ' +
        'cases in the caller’s inboxes: each record with its deadline and that deadline’s state, open ones first',
      security: [{ staff: [] }],
      parameters: [{ ...path('kind'), schema: { type: 'string', enum: ['supervision', 'accountability'] } }],
      responses: { 200: { description: 'the ledger rows' }, ...errors(400, 401) },
    },
    'GET /staff/directory': {
      summary:
        'The province’s units, regions and categories, the roles and stages with their Chinese names, ' +
        'the days that are not working days around today, and the platform’s clock: for forms and countdowns',
      security: [{ staff: [] }],
      responses: { 200: { description: 'the directory' }, ...errors(401) },
    },
    'GET /staff/cases/{caseId}/petitioner': {
      summary:
        'The petitioner’s contact in full (phone, identity number, address) for the staff who must reach them ' +
        '(`mayRevealPetitioner` on the case detail); every reveal is audited',
      security: [{ staff: [] }],
      parameters: [path('caseId')],
      responses: { 200: { description: 'the contact' }, ...errors(401, 403, 404) },
    },
    'GET /staff/reply-templates': {
      summary:
        'Reply templates (答复模板): the stored ones, and the text each outcome and category starts from ' +
        '(the category’s, else the outcome’s general one `*`, else the platform’s default); `canEdit` for the province admin',
      security: [{ staff: [] }],
      responses: { 200: { description: 'the templates' }, ...errors(401) },
    },
    'PUT /staff/reply-templates/{outcome}/{categoryId}': {
      summary:
        'Store the reply template of an outcome and a category (`*` for every category): the province admin only, audited',
      security: [{ staff: [] }],
      parameters: [path('outcome'), path('categoryId')],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['text'],
              properties: { text: { type: 'string', maxLength: 2000 } },
            },
          },
        },
      },
      responses: { 200: { description: 'the stored template' }, ...errors(400, 401, 403) },
    },
    'DELETE /staff/reply-templates/{outcome}/{categoryId}': {
      summary: 'Remove a reply template: the province admin only, audited',
      security: [{ staff: [] }],
      parameters: [path('outcome'), path('categoryId')],
      responses: { 204: { description: 'removed' }, ...errors(400, 401, 403, 404) },
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
        'half-yearly report, `format=csv` one row per unit, `format=xlsx` the same as an Excel workbook',
      security: [{ staff: [] }],
      parameters: ['region', 'unit', 'from', 'to', 'half', 'format'].map((name) => ({
        name,
        in: 'query',
        required: false,
        schema: { type: 'string' },
      })),
      responses: {
        200: { description: 'counters and rates per unit and in total (JSON), or a CSV or XLSX sheet' },
        ...errors(400, 401, 403, 404),
      },
    },
    'GET /staff/dead-letters': {
      summary:
        'The dead-letter state (supervisors, administrators): per queue, how many messages it gave up on ' +
        'and what the first 20 refer to (kind, case, tracking number, submission; never personal data)',
      security: [{ staff: [] }],
      responses: { 200: { description: 'dead letters per queue, and the total' }, ...errors(401, 403) },
    },
    'POST /staff/dead-letters/{queue}/redrive': {
      summary:
        'Moves a queue’s dead letters back to it once the cause is fixed (administrators); each message ' +
        'is handled once, as every consumer is idempotent. Body: optional `{"max": n}`',
      security: [{ staff: [] }],
      parameters: [path('queue')],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              properties: { max: { type: 'integer', minimum: 1, maximum: 10_000 } },
            },
          },
        },
      },
      responses: {
        200: { description: 'how many were moved back, and how many could not be' },
        ...errors(400, 401, 403, 404),
      },
    },
    'GET /staff/hotspots': {
      summary:
        'Hot issues (热点) of a region subtree whose cases fall in a range of Beijing days, hottest ' +
        'first: clusters of two or more similar cases in one region, each with its title, keywords, ' +
        'topic, size, distinct petitioners, first and last time, heat, growth, tracking numbers and cases ' +
        'per day. ' +
        'Petition bureaus only: a bureau reads its region and the regions below (default its own ' +
        'region and the last 30 days; at most 366 days)',
      security: [{ staff: [] }],
      parameters: [
        { name: 'region', in: 'query', required: false, schema: { type: 'string', pattern: '^\\d{6}$' } },
        { name: 'from', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
        { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
      ],
      responses: {
        200: answer('the hot issues, hottest first (at most 50)', hotspotsReportSchema),
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
