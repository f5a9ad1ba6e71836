/**
 * The OpenAPI 3.1 document of the platform, generated from the zod schemas the handlers parse
 * with and the routes of the HTTP API contract (events/http-api.ts), so it cannot drift from what
 * the API accepts.
 */
import * as z from 'zod/mini';
import { staffCommands } from '../../application/staff/staff-commands.js';
import { commandSchemas } from '../../domain/case/commands.js';
import { httpApi } from '../../events/http-api.js';
import { smsMessageSchema, staffRegistrationSchema, webSubmissionSchema } from '../../events/submissions.js';

const schema = (s: z.ZodMiniType) =>
  z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
const errorBody = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' }, details: {} },
  required: ['error', 'message'],
};
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      { description: httpReasons[code] ?? 'error', content: { 'application/json': { schema: errorBody } } },
    ]),
  );
const httpReasons: Record<number, string> = {
  400: 'invalid request: names each failing field',
  401: 'missing or invalid signature or token',
  403: 'outside the staff member’s remit or role',
  404: 'not found',
  409: 'not allowed in the case’s current stage',
  412: 'the case changed (stale If-Match version)',
  413: 'body larger than 64 KB',
  415: 'content type is not application/json',
  429: 'too many wrong query codes',
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
const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const operations: Record<string, Record<string, unknown>> = {
    'POST /webhooks/web': {
      summary: 'Submit a petition from the web portal (signed webhook)',
      parameters: signatureHeaders,
      requestBody: json(webSubmissionSchema),
      responses: {
        202: { description: 'accepted: trackingNumber and queryCode' },
        ...errors(400, 401, 413, 415),
      },
    },
    'POST /webhooks/sms': {
      summary: 'Inbound SMS: a petition, a rating reply (1/2/3) or a status query (查询 <trackingNumber>)',
      parameters: signatureHeaders,
      requestBody: json(smsMessageSchema),
      responses: { 202: { description: 'accepted' }, ...errors(400, 401, 413, 415) },
    },
    'GET /public/cases/{trackingNumber}': {
      summary: 'The petitioner’s view of a case',
      parameters: [
        path('trackingNumber'),
        { name: 'code', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{6}$' } },
      ],
      responses: { 200: { description: 'the public view' }, ...errors(400, 404, 429) },
    },
    'POST /public/cases/{trackingNumber}/evaluation': {
      summary: 'Rate the reply (满意度评价)',
      parameters: [path('trackingNumber')],
      responses: { 200: { description: 'rated' }, ...errors(400, 404, 409, 429) },
    },
    'POST /staff/cases': {
      summary: 'Register a letter, visit, phone call, fax or email (registrar)',
      security: [{ staff: [] }],
      requestBody: json(staffRegistrationSchema),
      responses: {
        201: { description: 'registered' },
        200: { description: 'already registered' },
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
      responses: { 200: { description: 'a page of case summaries' }, ...errors(400, 401, 403) },
    },
    'GET /staff/cases/{caseId}': {
      summary:
        'Case detail with the full timeline and `allowedActions` (the actions the caller may take now, ' +
        'from the transition table and jurisdiction); ETag is the case version',
      security: [{ staff: [] }],
      parameters: [path('caseId')],
      responses: { 200: { description: 'the case' }, ...errors(401, 403, 404) },
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
      responses: { 200: { description: 'a page of feed entries' }, ...errors(400, 401, 403) },
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
              oneOf: staffCommands.map((type) => ({ title: type, ...schema(commandSchemas[type]) })),
            },
          },
        },
      },
      responses: {
        200: { description: 'the case after the action' },
        ...errors(400, 401, 403, 404, 409, 412),
      },
    },
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const routes of Object.values(httpApi)) {
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      paths[route.path] ??= {};
      paths[route.path]![route.method.toLowerCase()] = operations[key] ?? {
        summary: key,
        responses: { 200: { description: 'ok' } },
      };
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
