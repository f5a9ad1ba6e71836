/**
 * Running a case action for a staff member (`POST /staff/cases/{caseId}/actions/{command}`): the
 * case must be within their remit, the command one their unit may issue on it, the version the one
 * they saw; what the server knows (ids, units, kinds) is filled into the body from one table, the
 * command is parsed with the domain's schema and carried out, and the answer is the staff view.
 */
import { jurisdictionRefusal, type StaffPrincipal } from '../../domain/access/jurisdiction.js';
import { type CaseCommandOn, commandSchemas } from '../../domain/case/commands.js';
import { ActorNotPermittedError, StaleCaseVersionError } from '../../domain/case/errors.js';
import type { Case } from '../../domain/case/model.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import { reviewUnitFor } from '../../domain/case/review-unit.js';
import type { ProvinceDirectory } from '../../domain/province/directory.js';
import { CommandExecutor, type CommandExecutorPorts } from '../command-executor.js';
import { AccessDeniedError, InvalidRequestError, NotFoundError, PreconditionFailedError } from '../errors.js';
import type { ProvinceContext } from '../ports.js';
import { parseOrRefuse } from '../validation.js';
import { staffCaseDetail } from './case-detail.js';
import { assertVisible } from './read-cases.js';
import { type StaffCommand, staffCommands } from './staff-command-list.js';

export { staffCommands } from './staff-command-list.js';

export interface StaffCommandPorts extends CommandExecutorPorts {
  readonly cases: CommandExecutorPorts['cases'] & Pick<CaseRepository, 'history'>;
  readonly province: ProvinceContext;
}

export interface StaffAction {
  readonly caseId: string;
  readonly command: string;
  readonly body: Readonly<Record<string, unknown>>;
  /** The case version the staff member saw (`If-Match`), if they sent it. */
  readonly expectedVersion?: number;
}

interface FillContext {
  readonly staff: StaffPrincipal;
  readonly c: Case;
  readonly directory: ProvinceDirectory;
  readonly now: string;
}

type Body = Readonly<Record<string, unknown>>;

/** A record id the case does not have yet: the prefix and the next case version. */
const nextId = (c: Case, prefix: string) => `${prefix}-${c.version + 1}`;
/** The unit a supervision or accountability record targets by default: the first-handling unit. */
const firstHandlingUnit = (c: Case) => c.responsibility?.unitId ?? c.currentUnitId;

function dispatchTarget(body: Body, { staff, c, directory }: FillContext): Body {
  const to = directory.findUnit(String(body['toUnitId'] ?? ''));
  if (!to)
    throw new InvalidRequestError([
      { field: 'toUnitId', problem: `unknown unit ${String(body['toUnitId'] ?? '')}` },
    ]);
  const own = directory.findUnit(staff.unitId);
  if (own?.kind === 'bureau' && !directory.isWithin(to.regionCode, own.regionCode))
    throw new AccessDeniedError(staff, 'dispatch', `${to.id} is outside the region of ${own.id}`, c.caseId);
  return { toUnitKind: to.kind === 'bureau' ? 'bureau' : 'organ' };
}

/** What the server fills into a staff command's body, per command (absent: the body as sent). */
const serverFilled: Partial<Record<StaffCommand, (body: Body, ctx: FillContext) => Body>> = {
  forward: dispatchTarget,
  assign: dispatchTarget,
  addAssistingOrgan: (body, { directory }) => {
    const unit = directory.findUnit(String(body['unitId'] ?? ''));
    if (unit === undefined || unit.kind === 'bureau')
      throw new InvalidRequestError([
        {
          field: 'unitId',
          problem: `${String(body['unitId'] ?? '')} is not an organ or department of this province`,
        },
      ]);
    return {};
  },
  openSupervision: (body, { staff, c }) => ({
    supervisionId: body['supervisionId'] ?? nextId(c, 'sv'),
    supervisingUnitId: staff.unitId,
    targetUnitId: body['targetUnitId'] ?? firstHandlingUnit(c),
  }),
  verify: (body, { c }) =>
    body['finding'] === 'organ_failure' ? { supervisionId: body['supervisionId'] ?? nextId(c, 'sv') } : {},
  openAccountability: (body, { staff, c, now }) => ({
    accountabilityId: body['accountabilityId'] ?? nextId(c, 'acc'),
    trigger: body['trigger'] ?? 'manual',
    incidentAt: body['incidentAt'] ?? now,
    responsibleUnitId: body['responsibleUnitId'] ?? firstHandlingUnit(c),
    proposingUnitId: staff.unitId,
  }),
  recordRevisit: (body, { staff, c }) => ({
    taskId:
      body['taskId'] ?? c.revisits.find((t) => t.unitId === staff.unitId && t.status === 'open')?.taskId,
  }),
  requestReview: (body, { c, directory }) => ({
    reviewUnitId: body['reviewUnitId'] ?? reviewUnitFor(firstHandlingUnit(c), directory),
  }),
  requestReReview: (body, { c, directory }) => ({
    reviewUnitId:
      body['reviewUnitId'] ?? reviewUnitFor(c.reviews[0]?.unitId ?? firstHandlingUnit(c), directory),
  }),
};

export async function runStaffCommand(ports: StaffCommandPorts, staff: StaffPrincipal, action: StaffAction) {
  const type = staffCommands.find((t) => t === action.command);
  if (!type)
    throw new NotFoundError(
      'unknown_action',
      `no action '${action.command}'; actions: ${staffCommands.join(', ')}`,
    );
  const { directory } = ports.province;
  // A copy at least as new as the version the staff member saw serves the read (half the read
  // units); a refusal or a conflict on it is decided again on the case read consistently.
  const decider = (c: Case, now: string): CaseCommandOn => {
    assertVisible(staff, c, directory, type);
    const refusal = jurisdictionRefusal(staff, c, type, directory);
    if (refusal) throw new AccessDeniedError(staff, type, refusal, c.caseId);
    if (action.expectedVersion !== undefined && action.expectedVersion !== c.version)
      throw new PreconditionFailedError(
        `case ${c.caseId} is at version ${c.version}, not ${action.expectedVersion}`,
      );
    const filled = serverFilled[type]?.(action.body, { staff, c, directory, now }) ?? {};
    return parseOrRefuse(commandSchemas[type], { ...action.body, ...filled, type }) as CaseCommandOn;
  };
  let run: Awaited<ReturnType<CommandExecutor['run']>>;
  try {
    run = await new CommandExecutor(ports).run(action.caseId, decider, {
      actor: { kind: 'staff', ...staff },
      onStale: 'fail',
      atLeastVersion: action.expectedVersion ?? 0,
    });
  } catch (error) {
    // The transition table refuses the role (a handler approving an extension): audited as a refusal.
    if (error instanceof ActorNotPermittedError)
      throw new AccessDeniedError(staff, type, error.message, action.caseId);
    if (error instanceof StaleCaseVersionError)
      throw new PreconditionFailedError(
        `case ${action.caseId} changed while the action was being taken; reload and retry`,
      );
    throw error;
  }
  if (!run) throw new NotFoundError('case_not_found', `no case ${action.caseId}`);
  // The answer's timeline: the lines just written, and the earlier ones read eventually consistent.
  const history = await ports.cases.history(run.case.caseId, {
    version: run.case.version,
    known: run.outcomes.map((o) => o.history),
  });
  return staffCaseDetail(staff, run.case, history, ports.clock.now(), directory);
}
