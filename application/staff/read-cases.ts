/**
 * What staff read of cases: a unit's inbox (by stage and due time, from the index) and one case
 * with its whole timeline. A case or an inbox outside the staff member's remit is refused (403,
 * audited at the edge); every read of a case is audited here.
 */
import { canSee, canSeeInboxOf, type StaffPrincipal } from '../../domain/access/jurisdiction.js';
import type { Case, Stage } from '../../domain/case/model.js';
import type { CaseRepository, CaseSummary, Page } from '../../domain/case/repository.js';
import type { ProvinceDirectory } from '../../domain/province/directory.js';
import { AccessDeniedError, NotFoundError } from '../errors.js';
import type { AuditTrail, Clock, ProvinceContext } from '../ports.js';
import { staffCaseDetail } from './case-detail.js';

export interface ReadCasesPorts {
  readonly cases: Pick<CaseRepository, 'get' | 'history' | 'inbox'>;
  readonly province: Pick<ProvinceContext, 'directory'>;
  readonly clock: Clock;
  readonly audit: AuditTrail;
}

/** The staff member as an audit record names them. */
function who(staff: StaffPrincipal) {
  return { personId: staff.personId, unitId: staff.unitId, role: staff.role };
}

/** Refuses a case outside the staff member's remit (403, audited at the edge as `what`). */
export function assertVisible(
  staff: StaffPrincipal,
  c: Case,
  directory: ProvinceDirectory,
  what = 'read',
): void {
  if (!canSee(staff, c, directory))
    throw new AccessDeniedError(
      staff,
      what,
      `case ${c.caseId} is outside the remit of ${staff.unitId}`,
      c.caseId,
    );
}

/** The case, when it exists and is within the staff member's remit. */
export async function loadVisibleCase(
  ports: {
    readonly cases: Pick<CaseRepository, 'get'>;
    readonly province: Pick<ProvinceContext, 'directory'>;
  },
  staff: StaffPrincipal,
  caseId: string,
  /** What the staff member is about to do with it, for the audit record of a refusal. */
  what = 'read',
): Promise<Case> {
  const c = await ports.cases.get(caseId);
  if (!c) throw new NotFoundError('case_not_found', `no case ${caseId}`);
  assertVisible(staff, c, ports.province.directory, what);
  return c;
}

/** One case as staff see it, with its version for `If-Match` and the actions they may take. */
export async function readCase(ports: ReadCasesPorts, staff: StaffPrincipal, caseId: string) {
  const c = await loadVisibleCase(ports, staff, caseId);
  // The view shows the petitioner's name, masked numbers and the matter: every read is on record.
  ports.audit.record({ action: 'read', outcome: 'allowed', ...who(staff), caseId: c.caseId });
  const history = await ports.cases.history(caseId);
  return staffCaseDetail(staff, c, history, ports.clock.now(), ports.province.directory);
}

export interface InboxRequest {
  readonly unit?: string | undefined;
  readonly stage?: Stage | undefined;
  readonly dueBefore?: string | undefined;
  readonly overdue?: boolean | undefined;
  readonly category?: string | undefined;
  /** Only the cases the caller is the responsible leader or handler of (我的案件). */
  readonly mine?: boolean | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** A unit's cases, a page at a time: the staff member's own unit unless they may read another. */
export async function readInbox(
  ports: ReadCasesPorts,
  staff: StaffPrincipal,
  request: InboxRequest,
): Promise<{ unitId: string } & Page<CaseSummary>> {
  const unitId = request.unit ?? staff.unitId;
  if (!canSeeInboxOf(staff, unitId, ports.province.directory))
    throw new AccessDeniedError(
      staff,
      'inbox',
      `the inbox of ${unitId} is outside the remit of ${staff.unitId}`,
    );
  const page = await ports.cases.inbox({
    unitId,
    limit: request.limit,
    ...(request.stage ? { stage: request.stage } : {}),
    ...(request.dueBefore ? { dueBefore: request.dueBefore } : {}),
    ...(request.cursor ? { cursor: request.cursor } : {}),
  });
  // Overdue, category and mine narrow the page the index returned; they are not index keys.
  const items = page.items.filter(
    (s) =>
      (request.overdue === undefined || s.overdue === request.overdue) &&
      (request.category === undefined || s.categoryId === request.category) &&
      (!request.mine || (s.responsiblePersonIds ?? []).includes(staff.personId)),
  );
  return { unitId, items, ...(page.cursor ? { cursor: page.cursor } : {}) };
}
