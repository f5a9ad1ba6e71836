/**
 * The case lifecycle as one explicit transition table (DESIGN.md §2), assembled from its phases
 * (./lifecycle: screening, dispatch, handling, after the reply, oversight, review), and its runner.
 *
 * `decide` checks the rule's stages and issuers, lets the rule check its guards and decide, then
 * does what every transition does: closes and opens the deadlines the rule declared (planned by the
 * province's rules), ends the handling obligations of a case that closes, and stamps version, time,
 * event and history line. The clock is the context's `now`; nothing here reads time.
 */
import type { CaseCommand, CaseCommandOn, CommandOf } from './commands.js';
import { ActorNotPermittedError, CommandNotAllowedInStageError } from './errors.js';
import type { CaseEvent, CaseEventPayload, CaseEventType } from './events.js';
import { chainStart, lineHash } from './history-chain.js';
import { afterReplyRules } from './lifecycle/after-reply.js';
import { dispatchRules } from './lifecycle/dispatch.js';
import { handlingRules } from './lifecycle/handling.js';
import { oversightRules } from './lifecycle/oversight.js';
import { reviewRules } from './lifecycle/review.js';
import {
  actorLabel,
  type CommandOnCase,
  closureCancels,
  type DeadlineClose,
  type DeadlineOpen,
  type Issuer,
  type Rule,
  type Rules,
  type TransitionContext,
} from './lifecycle/rule.js';
import { screeningRules } from './lifecycle/screening.js';
import { eventOfLine } from './line-event.js';
import type { Actor, Case, CaseDeadline, Stage } from './model.js';

export type { CaseEvent } from './events.js';
export type { TransitionContext } from './lifecycle/rule.js';

/** One line of the append-only case history (网上流转: who, when, what, why). */
export type HistoryEntry = {
  [T in CaseEventType]: {
    readonly caseId: string;
    readonly seq: number;
    readonly at: string;
    readonly actor: Actor;
    readonly command: CaseCommand['type'];
    readonly reason?: string;
    readonly fromStage: Stage | null;
    readonly toStage: Stage;
    readonly event: T;
    readonly payload: Readonly<CaseEventPayload<T>>;
    /** Whether the petitioner sees this line in the public view (全程公开). */
    readonly visibility: 'public' | 'internal';
    /** The hash of the line before (history-chain.ts); absent on lines written before the chain. */
    readonly prevHash?: string;
    /** SHA-256 of this line's content, `prevHash` included. */
    readonly hash?: string;
  };
}[CaseEventType];

export interface TransitionOutcome {
  readonly case: Case;
  readonly event: CaseEvent;
  readonly history: HistoryEntry;
}

/** Every transition of the lifecycle. A (stage, command) pair not listed here is refused. */
export const transitionTable: Rules<CommandOnCase> = {
  ...screeningRules,
  ...dispatchRules,
  ...handlingRules,
  ...afterReplyRules,
  ...oversightRules,
  ...reviewRules,
};

/** The stages a command is allowed in. */
export function stagesAllowing(type: CommandOnCase): readonly Stage[] {
  return transitionTable[type].from;
}

/**
 * Decides a command on a case: checks the stage, the actor and the guards, and returns the next
 * case (version + 1), its event and its history line. Throws a named DomainError otherwise.
 */
export function decide(c: Case, command: CaseCommandOn, ctx: TransitionContext): TransitionOutcome {
  const rule = transitionTable[command.type] as unknown as Rule<CommandOnCase, CaseEventType>;
  if (!rule.from.includes(c.stage)) throw new CommandNotAllowedInStageError(c.stage, command.type);
  if (!permits(rule.by, ctx.actor)) throw new ActorNotPermittedError(command.type, actorLabel(ctx.actor));
  const applied = rule.apply(c, command as never, ctx);
  const next = withDeadlines(c, applied.next, applied.closes ?? [], applied.opens ?? [], ctx);
  return stamp(c, next, command, ctx, rule, applied.payload);
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
    attachments: command.attachments,
    ...(command.categoryId === undefined ? {} : { categoryId: command.categoryId }),
    skipLevel: command.skipLevel,
    ...(command.registeredLate ? { registeredLate: true } : {}),
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
  // The bureau's 15 days run from receipt; a matter registered late (back-dated by a registrar) has
  // them from registration, so that the entry is not born overdue and escalated on its own.
  const created = withDeadlines(
    base,
    base,
    [],
    [
      {
        key: 'forwarding',
        step: 'forwarding',
        kind: 'obligation',
        unitId: command.receivingUnitId,
        startAt: command.registeredLate ? ctx.now : command.receivedAt,
      },
    ],
    ctx,
  );
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

// ---------------------------------------------------------------------------------------------
// What every transition does

function permits(by: readonly Issuer[], actor: Actor): boolean {
  if (actor.kind === 'staff') return by.includes(actor.role);
  return by.includes(actor.kind);
}

/**
 * The deadlines after a transition: the declared ones closed, the handling obligations of a case
 * that closes ended, then the declared ones opened (planned by the province's rules).
 */
function withDeadlines(
  before: Case,
  after: Case,
  closes: readonly DeadlineClose[],
  opens: readonly DeadlineOpen[],
  ctx: TransitionContext,
): Case {
  const closing = new Map(closes.map((close) => [close.key, close.status ?? 'met']));
  const closesCase = after.stage === 'closed' && before.stage !== 'closed';
  let deadlines: readonly CaseDeadline[] = after.deadlines.map((d) => {
    if (d.status !== 'open') return d;
    const status = closing.get(d.key) ?? (closesCase && closureCancels(d) ? 'cancelled' : undefined);
    return status === undefined ? d : { ...d, status, closedAt: ctx.now };
  });
  for (const open of opens) deadlines = [...deadlines, planned(open, ctx)];
  return deadlines === after.deadlines ? after : { ...after, deadlines };
}

function planned(open: DeadlineOpen, ctx: TransitionContext): CaseDeadline {
  const plan = ctx.planner.plan(open.step, open.startAt);
  const cap = open.dueNoLaterThan;
  const capped = cap !== undefined && cap < plan.dueAt;
  return {
    key: open.key,
    step: open.step,
    kind: open.kind,
    ...(open.unitId === undefined ? {} : { unitId: open.unitId }),
    startAt: plan.startAt,
    warnAt: capped ? (plan.warnAt < cap ? plan.warnAt : plan.startAt) : plan.warnAt,
    dueAt: capped ? cap : plan.dueAt,
    provisional: plan.provisional,
    status: 'open',
  };
}

function reasonOf(command: CaseCommand): string | undefined {
  return 'reason' in command && typeof command.reason === 'string' ? command.reason : undefined;
}

function stamp(
  before: Case | null,
  after: Case,
  command: CaseCommand,
  ctx: TransitionContext,
  rule: { readonly event: CaseEventType; readonly visibility: 'public' | 'internal' },
  payload: CaseEventPayload<CaseEventType>,
): TransitionOutcome {
  const version = (before?.version ?? 0) + 1;
  const reason = reasonOf(command);
  const line = {
    caseId: after.caseId,
    seq: version,
    at: ctx.now,
    actor: ctx.actor,
    command: command.type,
    ...(reason === undefined ? {} : { reason }),
    fromStage: before?.stage ?? null,
    toStage: after.stage,
    event: rule.event,
    payload,
    visibility: rule.visibility,
    // A case from before the chain starts one at its next line.
    prevHash: before?.historyHash ?? chainStart,
  } as HistoryEntry;
  const event = eventOfLine(line, { trackingNumber: after.trackingNumber, unitId: after.currentUnitId });
  const hash = lineHash(line);
  const history = { ...line, hash } as HistoryEntry;
  const next: Case = { ...after, version, updatedAt: ctx.now, historyHash: hash };
  return { case: next, event, history };
}
