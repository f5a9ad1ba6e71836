/**
 * The staff API (issue #5): registration for the other channels, the inbox, case detail with the
 * whole timeline, and every case action. Who is asking comes from the verified bearer JWT
 * (`principal.ts`).
 */
import middy from '@middy/core';
import * as z from 'zod/mini';
import {
  canSee,
  canSeeInboxOf,
  jurisdictionRefusal,
  type StaffPrincipal,
} from '../../domain/access/jurisdiction.js';
import { type CaseCommandOn, type CommandType, commandSchemas } from '../../domain/case/commands.js';
import { StaleCaseVersionError } from '../../domain/case/errors.js';
import { type Case, stages } from '../../domain/case/model.js';
import { reviewUnitFor } from '../../domain/case/review-unit.js';
import { decide } from '../../domain/case/transitions.js';
import { staffRegistrationSchema } from '../../events/submissions.js';
import { acceptSubmission, normaliseMatter } from '../intake/accept-submission.js';
import { caseCommitter } from '../runtime/case-commit.js';
import type { Dependencies } from '../runtime/dependencies.js';
import {
  HttpError,
  type HttpEvent,
  type HttpResult,
  header,
  httpErrors,
  json,
  jsonText,
  parseJson,
  parseOr400,
} from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { staffCaseView } from './case-view.js';
import { denyAccess, principalOf } from './principal.js';

export { principalOf } from './principal.js';

const inboxQuerySchema = z.object({
  unit: z.optional(z.string().check(z.minLength(1))),
  stage: z.optional(z.enum(stages)),
  dueBefore: z.optional(z.iso.datetime({ offset: true })),
  overdue: z.optional(z.enum(['true', 'false'])),
  category: z.optional(z.string().check(z.minLength(1))),
  limit: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(100))), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

/** Commands staff issue through `POST /staff/cases/{caseId}/actions/{command}`. */
export const staffCommands = Object.keys(commandSchemas).filter(
  (t) => !['register', 'evaluate', 'markUnrated', 'flagDeadlineWarning', 'flagDeadlineOverdue'].includes(t),
) as Exclude<
  CommandType,
  'register' | 'evaluate' | 'markUnrated' | 'flagDeadlineWarning' | 'flagDeadlineOverdue'
>[];

function parseIfMatch(event: HttpEvent): number | undefined {
  const raw = header(event, 'if-match');
  if (raw === undefined) return undefined;
  const version = Number(raw.replace(/^W\//, '').replaceAll('"', ''));
  if (!Number.isInteger(version) || version < 1)
    throw new HttpError(400, 'invalid_request', 'If-Match must hold the case version');
  return version;
}

export function createStaffApi(deps: Dependencies) {
  const { directory, planner } = deps.province;
  const commit = caseCommitter(deps);

  function deny(staff: StaffPrincipal, what: string, reason: string, caseId?: string): never {
    return denyAccess(deps.logger, staff, what, reason, caseId);
  }

  async function loadVisible(staff: StaffPrincipal, caseId: string): Promise<Case> {
    const c = await deps.cases.get(caseId);
    if (!c) throw new HttpError(404, 'case_not_found', `no case ${caseId}`);
    if (!canSee(staff, c, directory))
      deny(staff, 'read', `case ${caseId} is outside the remit of ${staff.unitId}`, caseId);
    return c;
  }

  /** Fills what the server knows (ids, units, kinds) into a staff command body. */
  function completeCommand(
    staff: StaffPrincipal,
    c: Case,
    type: CommandType,
    body: Record<string, unknown>,
  ): Record<string, unknown> {
    const filled: Record<string, unknown> = { ...body, type };
    const nextId = (prefix: string) => `${prefix}-${c.version + 1}`;
    const target = c.responsibility?.unitId ?? c.currentUnitId;
    if (type === 'forward' || type === 'assign') {
      const to = directory.findUnit(String(body['toUnitId'] ?? ''));
      if (!to)
        throw new HttpError(
          400,
          'invalid_request',
          `invalid body: toUnitId: unknown unit ${String(body['toUnitId'] ?? '')}`,
        );
      const own = directory.findUnit(staff.unitId);
      if (own?.kind === 'bureau' && !directory.isWithin(to.regionCode, own.regionCode)) {
        deny(staff, type, `${to.id} is outside the region of ${own.id}`, c.caseId);
      }
      filled['toUnitKind'] = to.kind === 'bureau' ? 'bureau' : 'organ';
    }
    if (type === 'openSupervision') {
      filled['supervisionId'] ??= nextId('sv');
      filled['supervisingUnitId'] = staff.unitId;
      filled['targetUnitId'] ??= target;
    }
    if (type === 'verify' && body['finding'] === 'organ_failure') filled['supervisionId'] ??= nextId('sv');
    if (type === 'openAccountability') {
      filled['accountabilityId'] ??= nextId('acc');
      filled['trigger'] ??= 'manual';
      filled['incidentAt'] ??= deps.clock.now();
      filled['responsibleUnitId'] ??= target;
      filled['proposingUnitId'] = staff.unitId;
    }
    if (type === 'recordRevisit' && filled['taskId'] === undefined) {
      filled['taskId'] = c.revisits.find((t) => t.unitId === staff.unitId && t.status === 'open')?.taskId;
    }
    if ((type === 'requestReview' || type === 'requestReReview') && filled['reviewUnitId'] === undefined) {
      filled['reviewUnitId'] = reviewUnitFor(
        type === 'requestReview' ? target : (c.reviews[0]?.unitId ?? target),
        directory,
      );
    }
    return filled;
  }

  async function register(staff: StaffPrincipal, event: HttpEvent): Promise<HttpResult> {
    if (staff.role !== 'registrar')
      deny(staff, 'register', `only a registrar may register cases, not a ${staff.role}`);
    const bureau = directory.findUnit(staff.unitId);
    if (bureau?.kind !== 'bureau') deny(staff, 'register', `${staff.unitId} is not a petition bureau`);
    const body = parseOr400(staffRegistrationSchema, parseJson(jsonText(event)));
    const matter = normaliseMatter(body, directory);
    const receipt = await acceptSubmission(deps, {
      channel: body.channel,
      submissionId: `${staff.unitId}:${body.reference}`,
      receivedAt: new Date(Date.parse(body.receivedAt)).toISOString(),
      receivingUnitId: bureau.id,
      ...matter,
    });
    return json(receipt.created ? 201 : 200, {
      trackingNumber: receipt.trackingNumber,
      queryCode: receipt.queryCode,
      status: 'received',
    });
  }

  async function inbox(staff: StaffPrincipal, event: HttpEvent): Promise<HttpResult> {
    const query = parseOr400(inboxQuerySchema, event.queryStringParameters ?? {}, 'query');
    const unitId = query.unit ?? staff.unitId;
    if (!canSeeInboxOf(staff, unitId, directory))
      deny(staff, 'inbox', `the inbox of ${unitId} is outside the remit of ${staff.unitId}`);
    const page = await deps.cases.inbox({
      unitId,
      limit: query.limit,
      ...(query.stage ? { stage: query.stage } : {}),
      ...(query.dueBefore ? { dueBefore: new Date(Date.parse(query.dueBefore)).toISOString() } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    // Overdue and category narrow the page the index returned; they are not index keys.
    const items = page.items.filter(
      (s) =>
        (query.overdue === undefined || s.overdue === (query.overdue === 'true')) &&
        (query.category === undefined || s.categoryId === query.category),
    );
    return json(200, { unitId, items, ...(page.cursor ? { cursor: page.cursor } : {}) });
  }

  async function detail(staff: StaffPrincipal, caseId: string): Promise<HttpResult> {
    const c = await loadVisible(staff, caseId);
    const history = await deps.cases.history(caseId);
    return json(200, staffCaseView(c, history, deps.clock.now(), directory), { etag: `"${c.version}"` });
  }

  async function act(
    staff: StaffPrincipal,
    caseId: string,
    type: string,
    event: HttpEvent,
  ): Promise<HttpResult> {
    if (!(staffCommands as string[]).includes(type))
      throw new HttpError(404, 'unknown_action', `no action '${type}'; actions: ${staffCommands.join(', ')}`);
    const commandType = type as (typeof staffCommands)[number];
    const body = event.body ? parseJson(jsonText(event)) : {};
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new HttpError(400, 'invalid_request', 'body must be a JSON object');
    const expected = parseIfMatch(event);
    const c = await loadVisible(staff, caseId);
    const refusal = jurisdictionRefusal(staff, c, commandType, directory);
    if (refusal) deny(staff, commandType, refusal, caseId);
    if (expected !== undefined && expected !== c.version) {
      throw new HttpError(412, 'stale_version', `case ${caseId} is at version ${c.version}, not ${expected}`);
    }
    const command = parseOr400(
      commandSchemas[commandType],
      completeCommand(staff, c, commandType, body as Record<string, unknown>),
    ) as CaseCommandOn;
    const outcome = decide(c, command, {
      now: deps.clock.now(),
      actor: { kind: 'staff', ...staff },
      planner,
    });
    try {
      await commit(outcome, false);
    } catch (error) {
      if (error instanceof StaleCaseVersionError)
        throw new HttpError(
          412,
          'stale_version',
          `case ${caseId} changed while the action was being taken; reload and retry`,
        );
      throw error;
    }
    const history = await deps.cases.history(caseId);
    return json(200, staffCaseView(outcome.case, history, deps.clock.now(), directory), {
      etag: `"${outcome.case.version}"`,
    });
  }

  const route = async (event: HttpEvent): Promise<HttpResult> => {
    const staff = principalOf(event);
    const method = event.requestContext.http.method;
    const caseId = event.pathParameters?.['caseId'];
    const command = event.pathParameters?.['command'];
    if (method === 'POST' && caseId && command) return act(staff, caseId, command, event);
    if (method === 'GET' && caseId) return detail(staff, caseId);
    if (method === 'GET') return inbox(staff, event);
    if (method === 'POST') return register(staff, event);
    throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here`);
  };

  return middy<HttpEvent, HttpResult>(route).use(httpErrors(deps.logger));
}

export const handler = onLambda(createStaffApi);
