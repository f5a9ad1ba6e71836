/**
 * The staff API (issue #5): registration for the other channels (`POST /staff/cases`), the inbox
 * (`GET /staff/cases`), one case with its timeline (`GET /staff/cases/{caseId}`), the check of its
 * history's hash chain (`GET /staff/cases/{caseId}/integrity`) and every case
 * action (`POST /staff/cases/{caseId}/actions/{command}`). Who is asking comes from the verified
 * bearer JWT; what they may do is decided in the application layer.
 */
import * as z from 'zod/mini';
import { type CheckIntegrityPorts, checkIntegrity } from '../../application/staff/check-integrity.js';
import { type LedgerPorts, readLedger } from '../../application/staff/ledgers.js';
import { type ReadCasesPorts, readCase, readInbox } from '../../application/staff/read-cases.js';
import { type RegisterCasePorts, registerCase } from '../../application/staff/register-case.js';
import {
  type SearchCasesPorts,
  searchByPhone,
  searchByWords,
  searchSimilar,
} from '../../application/staff/search-cases.js';
import { runStaffCommand, type StaffCommandPorts } from '../../application/staff/staff-commands.js';
import { stages } from '../../domain/case/model.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { submissionStore } from '../adapters/dynamodb/submission-store.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import { auditTrail } from '../runtime/audit.js';
import type { Env } from '../runtime/environment.js';
import {
  HttpError,
  type HttpEvent,
  header,
  httpFunction,
  json,
  jsonText,
  parseJson,
  parseOr400,
} from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { provinceOf } from '../runtime/province.js';
import { principalOf } from './principal.js';

export type StaffApiPorts = StaffCommandPorts &
  ReadCasesPorts &
  RegisterCasePorts &
  CheckIntegrityPorts &
  SearchCasesPorts &
  LedgerPorts;

const searchQuerySchema = z.union([
  z.strictObject({ phone: z.string().check(z.minLength(1), z.maxLength(32)) }),
  z.strictObject({ q: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)) }),
  z.strictObject({ similar: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)) }),
]);

const inboxQuerySchema = z.object({
  unit: z.optional(z.string().check(z.minLength(1))),
  stage: z.optional(z.enum(stages)),
  dueBefore: z.optional(z.iso.datetime({ offset: true })),
  overdue: z.optional(z.enum(['true', 'false'])),
  category: z.optional(z.string().check(z.minLength(1))),
  mine: z.optional(z.enum(['true', 'false'])),
  limit: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(100))), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

/** The case version in `If-Match`, if sent. */
function ifMatch(event: HttpEvent): number | undefined {
  const raw = header(event, 'if-match');
  if (raw === undefined) return undefined;
  const version = Number(raw.replace(/^W\//, '').replaceAll('"', ''));
  if (!Number.isInteger(version) || version < 1)
    throw new HttpError(400, 'invalid_request', 'If-Match must hold the case version');
  return version;
}

/** A JSON object body, or `{}` when there is none. */
function objectBody(event: HttpEvent): Record<string, unknown> {
  const body = event.body ? parseJson(jsonText(event)) : {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError(400, 'invalid_request', 'body must be a JSON object');
  return body as Record<string, unknown>;
}

const withVersion = (view: { version: number }) => ({ etag: `"${view.version}"` });

export function createStaffApi(ports: StaffApiPorts) {
  return httpFunction(async (event) => {
    const staff = principalOf(event, ports.province.config.staffClaims);
    const method = event.requestContext.http.method;
    const caseId = event.pathParameters?.['caseId'];
    const command = event.pathParameters?.['command'];
    if (method === 'POST' && caseId && command) {
      const expectedVersion = ifMatch(event);
      const view = await runStaffCommand(ports, staff, {
        caseId,
        command,
        body: objectBody(event),
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
      });
      return json(200, view, withVersion(view));
    }
    if (method === 'GET' && caseId && event.rawPath.endsWith('/integrity'))
      return json(200, await checkIntegrity(ports, staff, caseId));
    if (event.routeKey === 'GET /staff/search') {
      const query = parseOr400(searchQuerySchema, event.queryStringParameters, 'query');
      const found =
        'phone' in query
          ? await searchByPhone(ports, staff, query.phone)
          : 'q' in query
            ? await searchByWords(ports, staff, query.q)
            : await searchSimilar(ports, staff, query.similar);
      return json(200, found, { 'cache-control': 'no-store' });
    }
    const ledger = event.pathParameters?.['kind'];
    if (method === 'GET' && ledger !== undefined)
      return json(200, await readLedger(ports, staff, ledger), { 'cache-control': 'no-store' });
    if (method === 'GET' && caseId) {
      const view = await readCase(ports, staff, caseId);
      return json(200, view, withVersion(view));
    }
    if (method === 'GET') {
      const query = parseOr400(inboxQuerySchema, event.queryStringParameters, 'query');
      return json(
        200,
        await readInbox(ports, staff, {
          ...query,
          dueBefore: query.dueBefore ? new Date(Date.parse(query.dueBefore)).toISOString() : undefined,
          overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
          mine: query.mine === 'true',
        }),
      );
    }
    if (method === 'POST') {
      const receipt = await registerCase(ports, staff, () => parseJson(jsonText(event)));
      return json(receipt.created ? 201 : 200, {
        trackingNumber: receipt.trackingNumber,
        queryCode: receipt.queryCode,
        status: 'received',
      });
    }
    throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here`);
  }, ports.logger);
}

export async function composeStaffApi(env: Env, local: LocalServices = {}): Promise<StaffApiPorts> {
  const logger = local.logger ?? lambdaLogger('staff-api');
  return {
    cases: caseRepository(env),
    submissions: submissionStore(env),
    queue: messageQueue(env, ['intake']),
    personalData: await personalDataProtector(env),
    province: await provinceOf(env),
    clock: local.clock ?? systemClock,
    logger,
    audit: auditTrail(logger),
  };
}

export const handler = onLambda(() => composeStaffApi(process.env), createStaffApi);
