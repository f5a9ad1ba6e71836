/**
 * The supervision and accountability ledgers (督办台账、责任追究台账, `GET /staff/ledgers/{kind}`):
 * every supervision or accountability record of the cases in the caller's inboxes (a bureau's:
 * every unit of its region), with its deadline (整改 for a supervision, the one-week proposal for
 * an accountability) and that deadline's state. Only cases whose summary says they carry such
 * records are opened, and the inboxes are read up to a bound (`complete` says whether it held).
 */
import { canSee, type StaffPrincipal } from '../../domain/access/jurisdiction.js';
import type { Case, CaseDeadline } from '../../domain/case/model.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import { InvalidRequestError } from '../errors.js';
import type { Clock, ProvinceContext } from '../ports.js';
import { summariesInRemit } from './search-cases.js';

export interface LedgerPorts {
  readonly cases: Pick<CaseRepository, 'get' | 'inbox'>;
  readonly province: Pick<ProvinceContext, 'directory'>;
  readonly clock: Clock;
}

const ledgerKinds = ['supervision', 'accountability'] as const;
type LedgerKind = (typeof ledgerKinds)[number];

/** A deadline as a ledger row shows it. */
function deadlineState(d: CaseDeadline | undefined, now: string) {
  if (!d) return {};
  return {
    dueAt: d.dueAt,
    deadlineStatus: d.status,
    overdue: d.kind === 'obligation' && d.status === 'open' && now >= d.dueAt,
  };
}

const caseColumns = (c: Case) => ({
  caseId: c.caseId,
  trackingNumber: c.trackingNumber,
  title: c.title,
  stage: c.stage,
});

function supervisionRows(c: Case, now: string) {
  return c.supervisions.map((s) => ({
    ...caseColumns(c),
    id: s.supervisionId,
    mode: s.mode,
    cause: s.cause,
    supervisingUnitId: s.supervisingUnitId,
    targetUnitId: s.targetUnitId,
    openedAt: s.openedAt,
    followUps: s.followUps.length,
    ...(s.rectifiedAt ? { closedAt: s.rectifiedAt } : {}),
    ...deadlineState(
      c.deadlines.find((d) => d.key === `rectification:${s.supervisionId}`),
      now,
    ),
  }));
}

function accountabilityRows(c: Case, now: string) {
  return c.accountabilities.map((a) => {
    const last = a.steps.at(-1);
    return {
      ...caseColumns(c),
      id: a.accountabilityId,
      trigger: a.trigger,
      responsibleUnitId: a.responsibleUnitId,
      openedAt: a.openedAt,
      steps: a.steps.length,
      ...(last ? { lastStep: last.step, lastStepAt: last.at } : {}),
      ...(a.steps.some((s) => s.step === 'outcome')
        ? { closedAt: a.steps.find((s) => s.step === 'outcome')!.at }
        : {}),
      ...deadlineState(
        c.deadlines.find((d) => d.key === `accountabilityProposal:${a.accountabilityId}`),
        now,
      ),
    };
  });
}

type LedgerRow = ReturnType<typeof supervisionRows>[number] | ReturnType<typeof accountabilityRows>[number];

export async function readLedger(ports: LedgerPorts, staff: StaffPrincipal, kind: string) {
  if (!(ledgerKinds as readonly string[]).includes(kind))
    throw new InvalidRequestError(
      [{ field: 'kind', problem: `expected one of ${ledgerKinds.join(', ')}` }],
      'path',
    );
  const read = await summariesInRemit(ports, staff);
  const flagged = read.summaries.filter((s) =>
    (kind as LedgerKind) === 'supervision' ? (s.supervisions ?? 0) > 0 : (s.accountabilities ?? 0) > 0,
  );
  const cases = await Promise.all(flagged.map((s) => ports.cases.get(s.caseId)));
  const now = ports.clock.now();
  const visible = cases.filter(
    (c): c is Case => c !== undefined && canSee(staff, c, ports.province.directory),
  );
  const rows: LedgerRow[] =
    kind === 'supervision'
      ? visible.flatMap((c) => supervisionRows(c, now))
      : visible.flatMap((c) => accountabilityRows(c, now));
  // Open records first, nearest deadline first; then closed ones, newest first.
  rows.sort(
    (a, b) =>
      Number(a.closedAt !== undefined) - Number(b.closedAt !== undefined) ||
      (a.closedAt === undefined
        ? (a.dueAt ?? '~').localeCompare(b.dueAt ?? '~')
        : b.openedAt.localeCompare(a.openedAt)),
  );
  return { kind, items: rows, complete: read.complete };
}
