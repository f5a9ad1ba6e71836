/**
 * The case lifecycle as one explicit transition table (DESIGN.md §2).
 *
 * Each command has one rule: the stages it is allowed in, who may issue it, and `apply`, which
 * checks the guards and returns the next state and the event payload. `decide` runs a rule and
 * stamps version, time and history. The clock is the context's `now`; nothing here reads time.
 */
import type { DeadlinePlanner, DeadlineStep } from '../deadlines/rules.js';
import type { CaseCommand, CaseCommandOn, CommandOf, CommandType } from './commands.js';
import { ActorNotPermittedError, CommandNotAllowedInStageError, GuardFailedError } from './errors.js';
import type { Actor, Case, CaseDeadline, Closure, RevisitTask, StaffRole, Stage } from './model.js';

/** What every transition needs besides the case and the command. */
export interface TransitionContext {
  /** ISO 8601 instant of the decision, from the injected clock. */
  readonly now: string;
  readonly actor: Actor;
  readonly planner: DeadlinePlanner;
}

/** The event a transition emits: the contract other parts of the system react to. */
export interface CaseEvent {
  readonly type: CaseEventType;
  readonly version: 1;
  readonly caseId: string;
  readonly trackingNumber: string;
  /** The case version this event produced: with caseId, a unique and ordered event id. */
  readonly caseVersion: number;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly fromStage: Stage | null;
  readonly toStage: Stage;
  readonly unitId: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** One line of the append-only case history (网上流转: who, when, what, why). */
export interface HistoryEntry {
  readonly caseId: string;
  readonly seq: number;
  readonly at: string;
  readonly actor: Actor;
  readonly command: CommandType;
  readonly reason?: string;
  readonly fromStage: Stage | null;
  readonly toStage: Stage;
  readonly event: CaseEvent['type'];
  readonly payload: Readonly<Record<string, unknown>>;
  /** Whether the petitioner sees this line in the public view (全程公开). */
  readonly visibility: 'public' | 'internal';
}

export interface TransitionOutcome {
  readonly case: Case;
  readonly event: CaseEvent;
  readonly history: HistoryEntry;
}

type Issuer = StaffRole | 'petitioner' | 'system';

interface Applied {
  readonly next: Case;
  readonly payload?: Readonly<Record<string, unknown>>;
}

interface Rule<T extends CommandType> {
  readonly from: readonly Stage[];
  readonly by: readonly Issuer[];
  readonly event: string;
  readonly visibility: 'public' | 'internal';
  apply(c: Case, command: CommandOf<T>, ctx: TransitionContext): Applied;
}

// ---------------------------------------------------------------------------------------------
// Deadline bookkeeping on the case

function openDeadline(
  c: Case,
  ctx: TransitionContext,
  spec: { key: string; step: DeadlineStep; kind: CaseDeadline['kind']; unitId?: string; startAt?: string },
): readonly CaseDeadline[] {
  const planned = ctx.planner.plan(spec.step, spec.startAt ?? ctx.now);
  const deadline: CaseDeadline = {
    key: spec.key,
    step: spec.step,
    kind: spec.kind,
    ...(spec.unitId === undefined ? {} : { unitId: spec.unitId }),
    startAt: planned.startAt,
    warnAt: planned.warnAt,
    dueAt: planned.dueAt,
    provisional: planned.provisional,
    status: 'open',
  };
  return [...c.deadlines, deadline];
}

function closeDeadlines(
  deadlines: readonly CaseDeadline[],
  now: string,
  match: (d: CaseDeadline) => boolean,
  status: CaseDeadline['status'] = 'met',
): readonly CaseDeadline[] {
  return deadlines.map((d) => (d.status === 'open' && match(d) ? { ...d, status, closedAt: now } : d));
}

const byKey = (key: string) => (d: CaseDeadline) => d.key === key;

/** The open deadline with that key, if any. */
export function openDeadlineByKey(c: Case, key: string): CaseDeadline | undefined {
  return c.deadlines.find((d) => d.key === key && d.status === 'open');
}

function closeCase(c: Case, reason: Closure['reason'], now: string): Case {
  return {
    ...c,
    stage: 'closed',
    closure: { reason, at: now },
    // Windows (the right to ask for review) and accountability proposals outlive closure; the
    // handling obligations end with it.
    deadlines: closeDeadlines(
      c.deadlines,
      now,
      (d) => d.kind === 'obligation' && d.step !== 'accountabilityProposal',
      'cancelled',
    ),
  };
}

function requireOpenWindow(c: Case, key: string, now: string, what: string): CaseDeadline {
  const window = openDeadlineByKey(c, key);
  if (!window) throw new GuardFailedError('window_closed', `the window to ${what} is not open on this case`);
  if (now >= window.dueAt) {
    throw new GuardFailedError('window_closed', `the window to ${what} closed at ${window.dueAt}`);
  }
  return window;
}

function planRevisits(
  c: Case,
  tasks: readonly { taskId: string; unitId: string; basis: RevisitTask['basis'] }[],
  ctx: TransitionContext,
): Pick<Case, 'revisits' | 'deadlines'> {
  if (tasks.length === 0) {
    throw new GuardFailedError(
      'revisit_tasks_required',
      'a dissatisfied or unrated case needs at least one revisit task',
    );
  }
  let deadlines = c.deadlines;
  for (const task of tasks) {
    deadlines = openDeadline({ ...c, deadlines }, ctx, {
      key: `revisit:${task.taskId}`,
      step: 'revisit',
      kind: 'obligation',
      unitId: task.unitId,
    });
  }
  return { revisits: [...c.revisits, ...tasks.map((t) => ({ ...t, status: 'open' as const }))], deadlines };
}

function actorLabel(actor: Actor): string {
  return actor.kind === 'staff' ? `${actor.personId} (${actor.role}, ${actor.unitId})` : actor.kind;
}

function actorId(actor: Actor): string {
  return actor.kind === 'staff'
    ? actor.personId
    : actor.kind === 'system'
      ? `system:${actor.process}`
      : 'petitioner';
}

/** Stages in which a unit owes work, so an overdue step can be supervised (督办) in place. */
const supervisableStages: readonly Stage[] = [
  'triage',
  'awaiting_sign_for',
  'awaiting_acceptance',
  'handling',
  'revisiting',
  'verifying',
  'under_review',
  'under_re_review',
];
const everyStageAfterRegistration: readonly Stage[] = [
  'registered',
  'screened_out',
  'repeat_linked',
  'triage',
  'awaiting_sign_for',
  'awaiting_acceptance',
  'declined',
  'handling',
  'awaiting_evaluation',
  'revisiting',
  'verifying',
  'supervising',
  'under_review',
  'under_re_review',
  'closed',
];
const stagesWithDeadlines: readonly Stage[] = [
  'triage',
  'awaiting_sign_for',
  'awaiting_acceptance',
  'handling',
  'awaiting_evaluation',
  'revisiting',
  'verifying',
  'supervising',
  'under_review',
  'under_re_review',
  'closed',
];

// ---------------------------------------------------------------------------------------------
// The table

type Table = { readonly [T in Exclude<CommandType, 'register'>]: Rule<T> };

/** Every transition of the lifecycle. A (stage, command) pair not listed here is refused. */
export const transitionTable: Table = {
  screenOut: {
    from: ['registered'],
    by: ['system', 'registrar', 'triage_officer'],
    event: 'CaseScreenedOut',
    visibility: 'public',
    apply: (c, cmd, ctx) => ({
      next: {
        ...c,
        stage: 'screened_out',
        screening: { channel: cmd.channel, ruleId: cmd.ruleId, guidance: cmd.guidance },
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('forwarding'), 'cancelled'),
      },
    }),
  },
  overturnScreening: {
    from: ['screened_out'],
    by: ['triage_officer', 'leader', 'admin'],
    event: 'ScreeningOverturned',
    visibility: 'public',
    apply: (c, _cmd, ctx) => {
      const { screening: _dropped, ...rest } = c;
      return {
        next: {
          ...rest,
          stage: 'triage',
          deadlines: openDeadline(c, ctx, {
            key: 'forwarding',
            step: 'forwarding',
            kind: 'obligation',
            unitId: c.currentUnitId,
          }),
        },
      };
    },
  },
  linkRepeat: {
    from: ['registered'],
    by: ['system', 'registrar', 'triage_officer'],
    event: 'CaseLinkedAsRepeat',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      if (cmd.originalCaseId === c.caseId)
        throw new GuardFailedError('repeat_of_itself', 'a case cannot repeat itself');
      return {
        next: {
          ...c,
          stage: 'repeat_linked',
          repeatOf: cmd.originalCaseId,
          deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('forwarding'), 'cancelled'),
        },
      };
    },
  },
  passScreening: {
    from: ['registered'],
    by: ['system', 'registrar', 'triage_officer'],
    event: 'CaseScreenedIn',
    visibility: 'internal',
    apply: (c) => ({ next: { ...c, stage: 'triage' } }),
  },
  route: {
    from: ['triage'],
    by: ['system', 'triage_officer'],
    event: 'CaseRouted',
    visibility: 'internal',
    apply: (c, cmd, ctx) => ({
      next: {
        ...c,
        categoryId: cmd.categoryId,
        routing: {
          categoryId: cmd.categoryId,
          ...(cmd.organUnitId === undefined ? {} : { organUnitId: cmd.organUnitId }),
          ruleId: cmd.ruleId,
          confidence: cmd.confidence,
          reason: cmd.reason,
          decidedAt: ctx.now,
        },
      },
    }),
  },
  forward: {
    from: ['triage'],
    by: ['system', 'triage_officer'],
    event: 'CaseForwarded',
    visibility: 'public',
    apply: (c, cmd, ctx) =>
      dispatch(c, ctx, { mode: 'forward', toUnitId: cmd.toUnitId, toUnitKind: cmd.toUnitKind }),
  },
  assign: {
    from: ['triage'],
    by: ['system', 'triage_officer'],
    event: 'CaseAssigned',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      if (cmd.dueAt <= ctx.now)
        throw new GuardFailedError('due_in_past', `the assignment is due at ${cmd.dueAt}, which has passed`);
      return dispatch(c, ctx, {
        mode: 'assign',
        toUnitId: cmd.toUnitId,
        toUnitKind: cmd.toUnitKind,
        dueAt: cmd.dueAt,
      });
    },
  },
  signFor: {
    from: ['awaiting_sign_for'],
    by: ['handler', 'leader', 'triage_officer'],
    event: 'CaseSigned',
    visibility: 'public',
    apply: (c, _cmd, ctx) => {
      const deadlines = closeDeadlines(c.deadlines, ctx.now, byKey('signFor'));
      if (c.dispatch?.toUnitKind === 'bureau') {
        // A subordinate bureau signs for an assignment: it triages the matter in its own region.
        const next = { ...c, deadlines };
        return {
          next: {
            ...next,
            stage: 'triage',
            deadlines: openDeadline(next, ctx, {
              key: 'forwarding',
              step: 'forwarding',
              kind: 'obligation',
              unitId: c.currentUnitId,
            }),
          },
        };
      }
      const next = { ...c, deadlines };
      return {
        next: {
          ...next,
          stage: 'awaiting_acceptance',
          deadlines: openDeadline(next, ctx, {
            key: 'acceptance',
            step: 'acceptance',
            kind: 'obligation',
            unitId: c.currentUnitId,
          }),
        },
      };
    },
  },
  returnCase: {
    from: ['awaiting_sign_for'],
    by: ['handler', 'leader', 'triage_officer'],
    event: 'CaseReturned',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const back = c.dispatch?.fromUnitId ?? c.receivingUnitId;
      const next: Case = {
        ...c,
        stage: 'triage',
        currentUnitId: back,
        returns: [...c.returns, { unitId: c.currentUnitId, reason: cmd.reason, at: ctx.now }],
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('signFor')),
      };
      return {
        next: {
          ...next,
          deadlines: openDeadline(next, ctx, {
            key: 'forwarding',
            step: 'forwarding',
            kind: 'obligation',
            unitId: back,
          }),
        },
        payload: { returnedBy: c.currentUnitId, to: back, reason: cmd.reason },
      };
    },
  },
  accept: {
    from: ['awaiting_acceptance'],
    by: ['leader', 'handler'],
    event: 'CaseAccepted',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      const base: Case = {
        ...c,
        stage: 'handling',
        acceptance: { decision: 'accepted', notice: cmd.notice, at: ctx.now },
        responsibility: { unitId: c.currentUnitId, leader: cmd.leader, handler: cmd.handler },
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('acceptance')),
      };
      let deadlines = openDeadline(base, ctx, {
        key: 'handling',
        step: 'handling',
        kind: 'obligation',
        unitId: c.currentUnitId,
      });
      // An assignment (交办) may set an earlier completion date than the statutory window.
      const assignedDue = c.dispatch?.mode === 'assign' ? c.dispatch.dueAt : undefined;
      if (assignedDue !== undefined) {
        deadlines = deadlines.map((d) =>
          d.key === 'handling' && d.status === 'open' && assignedDue < d.dueAt
            ? { ...d, dueAt: assignedDue, warnAt: d.warnAt < assignedDue ? d.warnAt : d.startAt }
            : d,
        );
      }
      return { next: { ...base, deadlines } };
    },
  },
  decline: {
    from: ['awaiting_acceptance'],
    by: ['leader', 'handler'],
    event: 'CaseDeclined',
    visibility: 'public',
    apply: (c, cmd, ctx) => ({
      next: {
        ...c,
        stage: 'declined',
        acceptance: { decision: 'declined', notice: cmd.notice, at: ctx.now },
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('acceptance')),
      },
    }),
  },
  assignResponsibility: {
    from: ['handling'],
    by: ['leader'],
    event: 'ResponsibilityAssigned',
    visibility: 'internal',
    apply: (c, cmd) => ({
      next: {
        ...c,
        responsibility: {
          unitId: c.responsibility?.unitId ?? c.currentUnitId,
          leader: cmd.leader,
          handler: cmd.handler,
        },
      },
    }),
  },
  recordHandlingNote: {
    from: ['handling'],
    by: ['handler', 'leader'],
    event: 'HandlingNoteRecorded',
    visibility: 'internal',
    apply: (c, cmd, ctx) => ({
      next: {
        ...c,
        handlingNotes: [
          ...c.handlingNotes,
          {
            kind: cmd.kind,
            unitId: unitOf(ctx.actor, c),
            by: actorId(ctx.actor),
            at: ctx.now,
            text: cmd.text,
          },
        ],
      },
    }),
  },
  addAssistingOrgan: {
    from: ['handling'],
    by: ['leader'],
    event: 'AssistingOrganAdded',
    visibility: 'public',
    apply: (c, cmd) => {
      if (cmd.unitId === c.currentUnitId || c.assistingUnitIds.includes(cmd.unitId)) {
        throw new GuardFailedError('already_handling', `${cmd.unitId} already handles this case`);
      }
      return { next: { ...c, assistingUnitIds: [...c.assistingUnitIds, cmd.unitId] } };
    },
  },
  recordContribution: {
    from: ['handling'],
    by: ['handler', 'leader'],
    event: 'ContributionRecorded',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const unitId = unitOf(ctx.actor, c);
      if (!c.assistingUnitIds.includes(unitId)) {
        throw new GuardFailedError(
          'not_assisting',
          `${unitId} is not an assisting organ (协办) of this case`,
        );
      }
      return {
        next: {
          ...c,
          handlingNotes: [
            ...c.handlingNotes,
            { kind: 'contribution', unitId, by: actorId(ctx.actor), at: ctx.now, text: cmd.text },
          ],
        },
      };
    },
  },
  requestExtension: {
    from: ['handling'],
    by: ['handler', 'leader'],
    event: 'ExtensionRequested',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      if (c.extensions.some((e) => e.status === 'requested')) {
        throw new GuardFailedError(
          'extension_pending',
          'an extension request is already waiting for the leader',
        );
      }
      if (c.extensions.some((e) => e.status === 'approved')) {
        throw new GuardFailedError('extension_used', 'the handling deadline has already been extended once');
      }
      const handling = openDeadlineByKey(c, 'handling');
      if (!handling)
        throw new GuardFailedError(
          'no_handling_deadline',
          'the case has no open handling deadline to extend',
        );
      // The planner enforces the province's maximum; checked here so a bad request is refused early.
      ctx.planner.extend(
        {
          step: 'handling',
          startAt: handling.startAt,
          warnAt: handling.warnAt,
          dueAt: handling.dueAt,
          provisional: handling.provisional,
        },
        cmd.days,
      );
      return {
        next: {
          ...c,
          extensions: [
            ...c.extensions,
            { days: cmd.days, reason: cmd.reason, requestedAt: ctx.now, status: 'requested' },
          ],
        },
      };
    },
  },
  approveExtension: {
    from: ['handling'],
    by: ['leader'],
    event: 'ExtensionApproved',
    visibility: 'public',
    apply: (c, _cmd, ctx) => {
      const pending = requirePendingExtension(c);
      const handling = openDeadlineByKey(c, 'handling');
      if (!handling)
        throw new GuardFailedError(
          'no_handling_deadline',
          'the case has no open handling deadline to extend',
        );
      const extended = ctx.planner.extend(
        {
          step: 'handling',
          startAt: handling.startAt,
          warnAt: handling.warnAt,
          dueAt: handling.dueAt,
          provisional: handling.provisional,
        },
        pending.days,
      );
      return {
        next: {
          ...c,
          extensions: c.extensions.map((e) =>
            e === pending
              ? { ...e, status: 'approved', decidedAt: ctx.now, decidedBy: actorId(ctx.actor) }
              : e,
          ),
          deadlines: c.deadlines.map((d) =>
            d === handling
              ? {
                  key: d.key,
                  step: d.step,
                  kind: d.kind,
                  ...(d.unitId ? { unitId: d.unitId } : {}),
                  startAt: d.startAt,
                  warnAt: extended.warnAt,
                  dueAt: extended.dueAt,
                  provisional: extended.provisional,
                  status: 'open' as const,
                }
              : d,
          ),
        },
        payload: { days: pending.days, reason: pending.reason, dueAt: extended.dueAt },
      };
    },
  },
  refuseExtension: {
    from: ['handling'],
    by: ['leader'],
    event: 'ExtensionRefused',
    visibility: 'internal',
    apply: (c, _cmd, ctx) => {
      const pending = requirePendingExtension(c);
      return {
        next: {
          ...c,
          extensions: c.extensions.map((e) =>
            e === pending
              ? { ...e, status: 'refused', decidedAt: ctx.now, decidedBy: actorId(ctx.actor) }
              : e,
          ),
        },
      };
    },
  },
  reply: {
    from: ['handling'],
    by: ['handler', 'leader'],
    event: 'CaseReplied',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      if (c.extensions.some((e) => e.status === 'requested')) {
        throw new GuardFailedError(
          'extension_pending',
          'the leader must decide the pending extension request before the reply',
        );
      }
      const base: Case = {
        ...c,
        stage: 'awaiting_evaluation',
        reply: { outcome: cmd.outcome, text: cmd.text, repliedAt: ctx.now, unitId: c.currentUnitId },
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('handling')),
      };
      const withEvaluation = {
        ...base,
        deadlines: openDeadline(base, ctx, { key: 'evaluation', step: 'evaluation', kind: 'window' }),
      };
      return {
        next: {
          ...withEvaluation,
          deadlines: openDeadline(withEvaluation, ctx, {
            key: 'reviewRequest',
            step: 'reviewRequest',
            kind: 'window',
          }),
        },
      };
    },
  },
  evaluate: {
    from: ['awaiting_evaluation'],
    by: ['petitioner'],
    event: 'CaseEvaluated',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      requireOpenWindow(c, 'evaluation', ctx.now, 'rate the reply');
      const rated: Case = {
        ...c,
        evaluation: {
          rating: cmd.rating,
          ...(cmd.comment ? { comment: cmd.comment } : {}),
          at: ctx.now,
          via: cmd.via,
        },
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('evaluation')),
      };
      if (cmd.rating !== 'dissatisfied')
        return { next: closeCase(rated, 'satisfied', ctx.now), payload: { rating: cmd.rating } };
      return {
        next: { ...rated, stage: 'revisiting', ...planRevisits(rated, cmd.revisitTasks, ctx) },
        payload: { rating: cmd.rating },
      };
    },
  },
  markUnrated: {
    from: ['awaiting_evaluation'],
    by: ['system'],
    event: 'CaseUnrated',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      const window = openDeadlineByKey(c, 'evaluation');
      if (window && ctx.now < window.dueAt) {
        throw new GuardFailedError('window_open', `the rating window is open until ${window.dueAt}`);
      }
      const unrated: Case = {
        ...c,
        evaluation: { rating: 'unrated', at: ctx.now },
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('evaluation'), 'lapsed'),
      };
      return { next: { ...unrated, stage: 'revisiting', ...planRevisits(unrated, cmd.revisitTasks, ctx) } };
    },
  },
  recordRevisit: {
    from: ['revisiting'],
    by: ['handler', 'leader', 'triage_officer', 'supervisor'],
    event: 'RevisitRecorded',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const task = c.revisits.find((t) => t.taskId === cmd.taskId);
      if (!task)
        throw new GuardFailedError('unknown_revisit_task', `no revisit task ${cmd.taskId} on this case`);
      if (task.status === 'done')
        throw new GuardFailedError('revisit_task_done', `revisit task ${cmd.taskId} is already recorded`);
      if (ctx.actor.kind === 'staff' && ctx.actor.unitId !== task.unitId) {
        throw new GuardFailedError('not_your_task', `revisit task ${cmd.taskId} belongs to ${task.unitId}`);
      }
      const revisits = c.revisits.map((t) =>
        t === task
          ? {
              ...t,
              status: 'done' as const,
              record: {
                method: cmd.method,
                by: actorId(ctx.actor),
                at: ctx.now,
                petitionerSaid: cmd.petitionerSaid,
                outcome: cmd.outcome,
              },
            }
          : t,
      );
      const next: Case = {
        ...c,
        revisits,
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey(`revisit:${task.taskId}`)),
      };
      if (revisits.some((t) => t.status === 'open')) return { next };
      if (revisits.some((t) => t.record?.outcome === 'problem_found')) {
        return {
          next: {
            ...next,
            stage: 'verifying',
            deadlines: openDeadline(next, ctx, {
              key: 'verification',
              step: 'verification',
              kind: 'obligation',
              unitId: c.receivingUnitId,
            }),
          },
        };
      }
      return { next: closeCase(next, 'revisits_resolved', ctx.now) };
    },
  },
  verify: {
    from: ['verifying'],
    by: ['supervisor', 'leader'],
    event: 'CaseVerified',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const by = actorId(ctx.actor);
      const verified: Case = { ...c, deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('verification')) };
      if (cmd.finding === 'unreasonable_demand') {
        return {
          next: closeCase(
            {
              ...verified,
              verification: {
                finding: cmd.finding,
                explanation: cmd.explanation,
                petitionerResponse: cmd.petitionerResponse,
                at: ctx.now,
                by,
              },
            },
            'demand_explained',
            ctx.now,
          ),
        };
      }
      const target = c.responsibility?.unitId ?? c.currentUnitId;
      const supervisingUnitId = unitOf(ctx.actor, c);
      const supervised: Case = {
        ...verified,
        stage: 'supervising',
        verification: { finding: cmd.finding, failureKind: cmd.failureKind, at: ctx.now, by },
        supervisions: [
          ...c.supervisions,
          {
            supervisionId: cmd.supervisionId,
            mode: cmd.mode,
            supervisingUnitId,
            targetUnitId: target,
            cause: 'organ_failure',
            openedAt: ctx.now,
            followUps: [],
          },
        ],
      };
      requireNewSupervision(c, cmd.supervisionId);
      // Seed §四(四): a verified organ failure is also a first-handling failure to be held to
      // account; the record names the first-handling unit, leader and handler, due in a week.
      const accountabilityId = `acc-${cmd.supervisionId}`;
      const held: Case = {
        ...supervised,
        accountabilities: [
          ...c.accountabilities,
          {
            accountabilityId,
            trigger: 'organ_failure',
            incidentAt: ctx.now,
            responsibleUnitId: target,
            ...(c.responsibility?.unitId === target
              ? { leader: c.responsibility.leader, handler: c.responsibility.handler }
              : {}),
            openedAt: ctx.now,
            steps: [],
          },
        ],
        deadlines: openDeadline(supervised, ctx, {
          key: `rectification:${cmd.supervisionId}`,
          step: 'rectification',
          kind: 'obligation',
          unitId: target,
        }),
      };
      return {
        next: {
          ...held,
          deadlines: openDeadline(held, ctx, {
            key: `accountabilityProposal:${accountabilityId}`,
            step: 'accountabilityProposal',
            kind: 'obligation',
            unitId: supervisingUnitId,
          }),
        },
        payload: { ...payloadOf(cmd), accountabilityId },
      };
    },
  },
  openSupervision: {
    from: supervisableStages,
    by: ['system', 'supervisor'],
    event: 'SupervisionOpened',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      requireNewSupervision(c, cmd.supervisionId);
      const supervised: Case = {
        ...c,
        supervisions: [
          ...c.supervisions,
          {
            supervisionId: cmd.supervisionId,
            mode: cmd.mode,
            supervisingUnitId: cmd.supervisingUnitId,
            targetUnitId: cmd.targetUnitId,
            cause: 'overdue',
            openedAt: ctx.now,
            followUps: [],
          },
        ],
      };
      const marked: Case = cmd.deadlineKey
        ? {
            ...supervised,
            deadlines: markOpenDeadline(supervised, cmd.deadlineKey, { supervisedAt: ctx.now }),
          }
        : supervised;
      return {
        next: {
          ...marked,
          deadlines: openDeadline(marked, ctx, {
            key: `rectification:${cmd.supervisionId}`,
            step: 'rectification',
            kind: 'obligation',
            unitId: cmd.targetUnitId,
          }),
        },
      };
    },
  },
  recordSupervisionFollowUp: {
    from: [...supervisableStages, 'supervising'],
    by: ['supervisor'],
    event: 'SupervisionFollowedUp',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const supervision = requireOpenSupervision(c, cmd.supervisionId);
      return {
        next: {
          ...c,
          supervisions: c.supervisions.map((s) =>
            s === supervision
              ? { ...s, followUps: [...s.followUps, { at: ctx.now, by: actorId(ctx.actor), note: cmd.note }] }
              : s,
          ),
        },
      };
    },
  },
  confirmRectification: {
    from: [...supervisableStages, 'supervising'],
    by: ['supervisor'],
    event: 'RectificationConfirmed',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      const supervision = requireOpenSupervision(c, cmd.supervisionId);
      const next: Case = {
        ...c,
        supervisions: c.supervisions.map((s) =>
          s === supervision
            ? {
                ...s,
                rectifiedAt: ctx.now,
                followUps: [...s.followUps, { at: ctx.now, by: actorId(ctx.actor), note: cmd.note }],
              }
            : s,
        ),
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey(`rectification:${cmd.supervisionId}`)),
      };
      const stillOpen = next.supervisions.some(
        (s) => s.rectifiedAt === undefined && s.cause === 'organ_failure',
      );
      if (c.stage === 'supervising' && !stillOpen)
        return { next: closeCase(next, 'supervision_rectified', ctx.now) };
      return { next };
    },
  },
  flagDeadlineWarning: {
    from: stagesWithDeadlines,
    by: ['system'],
    event: 'CaseDeadlineWarned',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const d = requireObligation(c, cmd.key);
      if (d.warnedAt)
        throw new GuardFailedError(
          'already_flagged',
          `deadline ${cmd.key} was already warned at ${d.warnedAt}`,
        );
      if (ctx.now < d.warnAt)
        throw new GuardFailedError('not_due', `deadline ${cmd.key} warns at ${d.warnAt}`);
      return {
        next: { ...c, deadlines: c.deadlines.map((x) => (x === d ? { ...x, warnedAt: ctx.now } : x)) },
        payload: { key: d.key, step: d.step, unitId: d.unitId, dueAt: d.dueAt },
      };
    },
  },
  flagDeadlineOverdue: {
    from: stagesWithDeadlines,
    by: ['system'],
    event: 'CaseDeadlineMissed',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      const d = requireObligation(c, cmd.key);
      if (d.overdueAt)
        throw new GuardFailedError(
          'already_flagged',
          `deadline ${cmd.key} was already flagged overdue at ${d.overdueAt}`,
        );
      if (ctx.now < d.dueAt)
        throw new GuardFailedError('not_due', `deadline ${cmd.key} is due at ${d.dueAt}`);
      const after = (days: number | undefined) =>
        days === undefined ? undefined : new Date(Date.parse(d.dueAt) + days * 86_400_000).toISOString();
      const superviseAt = escalatesBySupervision.has(d.step) ? after(cmd.superviseAfterDays) : undefined;
      // A late accountability proposal is flagged, not escalated again: that would chain records.
      const accountableAt = d.step === 'accountabilityProposal' ? undefined : after(cmd.accountableAfterDays);
      return {
        next: {
          ...c,
          deadlines: c.deadlines.map((x) =>
            x === d
              ? {
                  ...x,
                  overdueAt: ctx.now,
                  warnedAt: x.warnedAt ?? ctx.now,
                  ...(superviseAt ? { superviseAt } : {}),
                  ...(accountableAt ? { accountableAt } : {}),
                }
              : x,
          ),
        },
        payload: { key: d.key, step: d.step, unitId: d.unitId, dueAt: d.dueAt },
      };
    },
  },
  openAccountability: {
    from: everyStageAfterRegistration,
    by: ['system', 'supervisor'],
    event: 'AccountabilityOpened',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      if (c.accountabilities.some((a) => a.accountabilityId === cmd.accountabilityId)) {
        throw new GuardFailedError(
          'duplicate_record',
          `accountability ${cmd.accountabilityId} already exists`,
        );
      }
      const responsible = c.responsibility?.unitId === cmd.responsibleUnitId ? c.responsibility : undefined;
      const next: Case = {
        ...c,
        ...(cmd.deadlineKey
          ? { deadlines: markOpenDeadline(c, cmd.deadlineKey, { accountabilityOpenedAt: ctx.now }) }
          : {}),
        accountabilities: [
          ...c.accountabilities,
          {
            accountabilityId: cmd.accountabilityId,
            trigger: cmd.trigger,
            incidentAt: cmd.incidentAt,
            responsibleUnitId: cmd.responsibleUnitId,
            ...(responsible ? { leader: responsible.leader, handler: responsible.handler } : {}),
            openedAt: ctx.now,
            steps: [],
          },
        ],
      };
      return {
        next: {
          ...next,
          // The seed: propose accountability within one week of the incident, not of its discovery.
          deadlines: openDeadline(next, ctx, {
            key: `accountabilityProposal:${cmd.accountabilityId}`,
            step: 'accountabilityProposal',
            kind: 'obligation',
            unitId: cmd.proposingUnitId,
            startAt: cmd.incidentAt,
          }),
        },
      };
    },
  },
  recordAccountabilityStep: {
    from: everyStageAfterRegistration,
    by: ['supervisor', 'admin'],
    event: 'AccountabilityStepRecorded',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const record = c.accountabilities.find((a) => a.accountabilityId === cmd.accountabilityId);
      if (!record)
        throw new GuardFailedError(
          'unknown_accountability',
          `no accountability record ${cmd.accountabilityId} on this case`,
        );
      if (record.steps.some((s) => s.step === cmd.step)) {
        throw new GuardFailedError(
          'step_recorded',
          `step '${cmd.step}' of ${cmd.accountabilityId} is already recorded`,
        );
      }
      const next: Case = {
        ...c,
        accountabilities: c.accountabilities.map((a) =>
          a === record
            ? {
                ...a,
                steps: [...a.steps, { step: cmd.step, at: ctx.now, by: actorId(ctx.actor), text: cmd.text }],
              }
            : a,
        ),
      };
      const proposalMade = cmd.step === 'proposal';
      return {
        next: proposalMade
          ? {
              ...next,
              deadlines: closeDeadlines(
                next.deadlines,
                ctx.now,
                byKey(`accountabilityProposal:${cmd.accountabilityId}`),
              ),
            }
          : next,
      };
    },
  },
  requestReview: {
    from: ['awaiting_evaluation', 'revisiting', 'closed'],
    by: ['petitioner', 'registrar'],
    event: 'ReviewRequested',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      if (c.reviews.length > 0)
        throw new GuardFailedError(
          'review_exists',
          'this case has already been reviewed; request re-review instead',
        );
      requireOpenWindow(c, 'reviewRequest', ctx.now, 'request review');
      const base: Case = {
        ...c,
        stage: 'under_review',
        reviews: [{ level: 'review', unitId: cmd.reviewUnitId, requestedAt: ctx.now, reason: cmd.reason }],
        deadlines: closeDeadlines(
          closeDeadlines(c.deadlines, ctx.now, byKey('reviewRequest')),
          ctx.now,
          byKey('evaluation'),
          'cancelled',
        ),
      };
      return {
        next: {
          ...base,
          deadlines: openDeadline(base, ctx, {
            key: 'reviewDecision',
            step: 'reviewDecision',
            kind: 'obligation',
            unitId: cmd.reviewUnitId,
          }),
        },
      };
    },
  },
  decideReview: {
    from: ['under_review'],
    by: ['leader', 'supervisor'],
    event: 'ReviewDecided',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      const decided: Case = {
        ...c,
        reviews: c.reviews.map((r) =>
          r.level === 'review' ? { ...r, decidedAt: ctx.now, decision: cmd.decision, text: cmd.text } : r,
        ),
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('reviewDecision')),
      };
      const closed = closeCase(decided, 'review_decided', ctx.now);
      return {
        next: {
          ...closed,
          deadlines: openDeadline(closed, ctx, {
            key: 'reReviewRequest',
            step: 'reReviewRequest',
            kind: 'window',
          }),
        },
      };
    },
  },
  requestReReview: {
    from: ['closed'],
    by: ['petitioner', 'registrar'],
    event: 'ReReviewRequested',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      if (!c.reviews.some((r) => r.level === 'review' && r.decidedAt)) {
        throw new GuardFailedError('review_required', 'a re-review needs a decided review first');
      }
      if (c.reviews.some((r) => r.level === 're_review'))
        throw new GuardFailedError('re_review_exists', 'this case has already been re-reviewed');
      requireOpenWindow(c, 'reReviewRequest', ctx.now, 'request re-review');
      const { closure: _reopened, ...rest } = c;
      const base: Case = {
        ...rest,
        stage: 'under_re_review',
        reviews: [
          ...c.reviews,
          { level: 're_review', unitId: cmd.reviewUnitId, requestedAt: ctx.now, reason: cmd.reason },
        ],
        deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('reReviewRequest')),
      };
      return {
        next: {
          ...base,
          deadlines: openDeadline(base, ctx, {
            key: 'reReviewDecision',
            step: 'reReviewDecision',
            kind: 'obligation',
            unitId: cmd.reviewUnitId,
          }),
        },
      };
    },
  },
  decideReReview: {
    from: ['under_re_review'],
    by: ['leader', 'supervisor'],
    event: 'ReReviewDecided',
    visibility: 'public',
    apply: (c, cmd, ctx) => ({
      next: closeCase(
        {
          ...c,
          concluded: true,
          reviews: c.reviews.map((r) =>
            r.level === 're_review'
              ? { ...r, decidedAt: ctx.now, decision: cmd.decision, text: cmd.text }
              : r,
          ),
          deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('reReviewDecision')),
        },
        're_review_final',
        ctx.now,
      ),
    }),
  },
};

function dispatch(
  c: Case,
  ctx: TransitionContext,
  d: { mode: 'forward' | 'assign'; toUnitId: string; toUnitKind: 'bureau' | 'organ'; dueAt?: string },
): Applied {
  if (d.toUnitId === c.currentUnitId)
    throw new GuardFailedError('dispatch_to_self', `the case is already at ${d.toUnitId}`);
  const next: Case = {
    ...c,
    stage: 'awaiting_sign_for',
    currentUnitId: d.toUnitId,
    dispatch: {
      mode: d.mode,
      fromUnitId: c.currentUnitId,
      toUnitId: d.toUnitId,
      toUnitKind: d.toUnitKind,
      at: ctx.now,
      ...(d.dueAt ? { dueAt: d.dueAt } : {}),
    },
    deadlines: closeDeadlines(c.deadlines, ctx.now, byKey('forwarding')),
  };
  return {
    next: {
      ...next,
      deadlines: openDeadline(next, ctx, {
        key: 'signFor',
        step: 'signFor',
        kind: 'obligation',
        unitId: d.toUnitId,
      }),
    },
    payload: {
      from: c.currentUnitId,
      to: d.toUnitId,
      toUnitKind: d.toUnitKind,
      ...(d.dueAt ? { dueAt: d.dueAt } : {}),
    },
  };
}

function unitOf(actor: Actor, c: Case): string {
  return actor.kind === 'staff' ? actor.unitId : c.currentUnitId;
}

function requirePendingExtension(c: Case) {
  const pending = c.extensions.find((e) => e.status === 'requested');
  if (!pending) throw new GuardFailedError('no_pending_extension', 'there is no extension request to decide');
  return pending;
}

function requireNewSupervision(c: Case, supervisionId: string): void {
  if (c.supervisions.some((s) => s.supervisionId === supervisionId)) {
    throw new GuardFailedError('duplicate_record', `supervision ${supervisionId} already exists`);
  }
}

function requireOpenSupervision(c: Case, supervisionId: string) {
  const supervision = c.supervisions.find((s) => s.supervisionId === supervisionId);
  if (!supervision)
    throw new GuardFailedError('unknown_supervision', `no supervision ${supervisionId} on this case`);
  if (supervision.rectifiedAt)
    throw new GuardFailedError(
      'supervision_closed',
      `supervision ${supervisionId} was rectified at ${supervision.rectifiedAt}`,
    );
  return supervision;
}

/** Steps whose overdue escalates to supervision; the others go straight to accountability. */
const escalatesBySupervision: ReadonlySet<DeadlineStep> = new Set([
  'forwarding',
  'signFor',
  'acceptance',
  'handling',
  'revisit',
  'verification',
  'reviewDecision',
  'reReviewDecision',
]);

function markOpenDeadline(
  c: Case,
  key: string,
  marks: Pick<CaseDeadline, 'supervisedAt'> | Pick<CaseDeadline, 'accountabilityOpenedAt'>,
): readonly CaseDeadline[] {
  const d = c.deadlines.find((x) => x.key === key && x.status === 'open');
  if (!d) throw new GuardFailedError('unknown_deadline', `no open deadline ${key} on this case`);
  return c.deadlines.map((x) => (x === d ? { ...x, ...marks } : x));
}

function requireObligation(c: Case, key: string): CaseDeadline {
  const d = openDeadlineByKey(c, key);
  if (!d) throw new GuardFailedError('unknown_deadline', `no open deadline ${key} on this case`);
  if (d.kind !== 'obligation')
    throw new GuardFailedError('not_an_obligation', `deadline ${key} is a window, not an obligation`);
  return d;
}

// ---------------------------------------------------------------------------------------------
// Running the table

export const caseEventTypes = [
  'CaseRegistered',
  ...Object.values(transitionTable).map((rule) => rule.event),
] as const;
export type CaseEventType = string;

function reasonOf(command: CaseCommand): string | undefined {
  return 'reason' in command && typeof command.reason === 'string' ? command.reason : undefined;
}

function payloadOf(command: CaseCommand): Record<string, unknown> {
  const { type: _type, ...rest } = command;
  return rest;
}

function permits(by: readonly Issuer[], actor: Actor): boolean {
  if (actor.kind === 'staff') return by.includes(actor.role);
  return by.includes(actor.kind);
}

function stamp(
  before: Case | null,
  after: Case,
  command: CaseCommand,
  ctx: TransitionContext,
  rule: { event: string; visibility: 'public' | 'internal' },
  payload: Readonly<Record<string, unknown>>,
): TransitionOutcome {
  const version = (before?.version ?? 0) + 1;
  const next: Case = { ...after, version, updatedAt: ctx.now };
  const reason = reasonOf(command);
  const event: CaseEvent = {
    type: rule.event,
    version: 1,
    caseId: next.caseId,
    trackingNumber: next.trackingNumber,
    caseVersion: version,
    occurredAt: ctx.now,
    actor: ctx.actor,
    fromStage: before?.stage ?? null,
    toStage: next.stage,
    unitId: next.currentUnitId,
    payload,
  };
  const history: HistoryEntry = {
    caseId: next.caseId,
    seq: version,
    at: ctx.now,
    actor: ctx.actor,
    command: command.type,
    ...(reason === undefined ? {} : { reason }),
    fromStage: before?.stage ?? null,
    toStage: next.stage,
    event: rule.event,
    payload,
    visibility: rule.visibility,
  };
  return { case: next, event, history };
}

/** The stages a command is allowed in. */
export function stagesAllowing(type: Exclude<CommandType, 'register'>): readonly Stage[] {
  return transitionTable[type].from;
}

/**
 * Decides a command on a case: checks the stage, the actor and the guards, and returns the next
 * case (version + 1), its event and its history line. Throws a named DomainError otherwise.
 */
export function decide(c: Case, command: CaseCommandOn, ctx: TransitionContext): TransitionOutcome {
  const rule = transitionTable[command.type] as Rule<typeof command.type>;
  if (!rule.from.includes(c.stage)) throw new CommandNotAllowedInStageError(c.stage, command.type);
  if (!permits(rule.by, ctx.actor)) throw new ActorNotPermittedError(command.type, actorLabel(ctx.actor));
  const applied = rule.apply(c, command as never, ctx);
  return stamp(c, applied.next, command, ctx, rule, applied.payload ?? payloadOf(command));
}

/** 接收登记: the first transition, creating the case with its forwarding deadline. */
export function registerCase(command: CommandOf<'register'>, ctx: TransitionContext): TransitionOutcome {
  if (!permits(['system', 'registrar'], ctx.actor))
    throw new ActorNotPermittedError('register', actorLabel(ctx.actor));
  const base: Case = {
    caseId: command.caseId,
    trackingNumber: command.trackingNumber,
    queryCodeDigest: command.queryCodeDigest,
    version: 0,
    stage: 'registered',
    channel: command.channel,
    receivedAt: command.receivedAt,
    registeredAt: ctx.now,
    updatedAt: ctx.now,
    receivingUnitId: command.receivingUnitId,
    currentUnitId: command.receivingUnitId,
    regionCode: command.regionCode,
    petitioner: command.petitioner,
    title: command.title,
    content: command.content,
    ...(command.categoryId === undefined ? {} : { categoryId: command.categoryId }),
    skipLevel: command.skipLevel,
    returns: [],
    assistingUnitIds: [],
    handlingNotes: [],
    extensions: [],
    revisits: [],
    supervisions: [],
    accountabilities: [],
    reviews: [],
    concluded: false,
    deadlines: [],
  };
  // The bureau's 15 days run from receipt, not from registration: late registration costs the bureau.
  const created: Case = {
    ...base,
    deadlines: openDeadline(base, ctx, {
      key: 'forwarding',
      step: 'forwarding',
      kind: 'obligation',
      unitId: command.receivingUnitId,
      startAt: command.receivedAt,
    }),
  };
  const { sealedContact: _secret, ...petitioner } = command.petitioner;
  const { type: _type, queryCodeDigest: _digest, ...rest } = command;
  return stamp(
    null,
    created,
    command,
    ctx,
    { event: 'CaseRegistered', visibility: 'public' },
    { ...rest, petitioner },
  );
}
