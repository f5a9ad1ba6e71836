/**
 * What a transition rule is, and the helpers the phases share. A rule names the stages it is
 * allowed in, who may issue it and the event it emits (a literal: a misspelt event is a compile
 * error); `apply` checks the guards and returns the next case, the event payload, and which
 * deadlines close and open. Only the runner (../transitions.ts) touches the deadline list for
 * those: a rule declares them, it does not edit them.
 */
import type { DeadlinePlanner, DeadlineStep } from '../../deadlines/rules.js';
import type { CommandOf, CommandType } from '../commands.js';
import { GuardFailedError, WindowClosedError } from '../errors.js';
import type { CaseEventPayload, CaseEventType } from '../events.js';
import type { Actor, Case, CaseDeadline, Closure, StaffRole, Stage } from '../model.js';

/** What every transition needs besides the case and the command. */
export interface TransitionContext {
  /** ISO 8601 instant of the decision, from the injected clock. */
  readonly now: string;
  readonly actor: Actor;
  readonly planner: DeadlinePlanner;
}

export type Issuer = StaffRole | 'petitioner' | 'system';

/** A deadline the transition closes: met unless it says otherwise. */
export interface DeadlineClose {
  readonly key: string;
  readonly status?: Exclude<CaseDeadline['status'], 'open'>;
}

/**
 * A deadline the transition opens; the province's rules plan it from `startAt`. Every rule names
 * the start: the event the regulation counts from (docs/deadlines.md), which is not always the
 * transition itself (the organ's 15 days to accept run from the forward, not from its sign-for).
 */
export interface DeadlineOpen {
  readonly key: string;
  readonly step: DeadlineStep;
  readonly kind: CaseDeadline['kind'];
  /** The unit that must act before it (obligations). */
  readonly unitId?: string;
  /** The instant the period runs from (its day is not counted): see docs/deadlines.md. */
  readonly startAt: string;
  /** An earlier due time that overrides the planned one (an assignment's completion date). */
  readonly dueNoLaterThan?: string;
}

/** What a rule decides. */
export interface Applied<E extends CaseEventType> {
  /** The next case; its deadline list is the one it was given. */
  readonly next: Case;
  readonly payload: CaseEventPayload<E>;
  readonly closes?: readonly DeadlineClose[];
  readonly opens?: readonly DeadlineOpen[];
}

export interface Rule<C extends Exclude<CommandType, 'register'>, E extends CaseEventType> {
  readonly from: readonly Stage[];
  readonly by: readonly Issuer[];
  readonly event: E;
  /** Whether the petitioner sees the history line in the public view (全程公开). */
  readonly visibility: 'public' | 'internal';
  apply(c: Case, command: CommandOf<C>, ctx: TransitionContext): Applied<E>;
}

/** The event each command emits: the one place the pairing is written. */
const commandEvents = {
  screenOut: 'CaseScreenedOut',
  overturnScreening: 'ScreeningOverturned',
  linkRepeat: 'CaseLinkedAsRepeat',
  refuseConcludedMatter: 'CaseRefusedAsConcluded',
  passScreening: 'CaseScreenedIn',
  route: 'CaseRouted',
  forward: 'CaseForwarded',
  assign: 'CaseAssigned',
  signFor: 'CaseSigned',
  returnCase: 'CaseReturned',
  accept: 'CaseAccepted',
  decline: 'CaseDeclined',
  assignResponsibility: 'ResponsibilityAssigned',
  recordHandlingNote: 'HandlingNoteRecorded',
  addAssistingOrgan: 'AssistingOrganAdded',
  recordContribution: 'ContributionRecorded',
  requestExtension: 'ExtensionRequested',
  approveExtension: 'ExtensionApproved',
  refuseExtension: 'ExtensionRefused',
  reply: 'CaseReplied',
  evaluate: 'CaseEvaluated',
  markUnrated: 'CaseUnrated',
  recordRevisit: 'RevisitRecorded',
  verify: 'CaseVerified',
  openSupervision: 'SupervisionOpened',
  recordSupervisionFollowUp: 'SupervisionFollowedUp',
  confirmRectification: 'RectificationConfirmed',
  flagDeadlineWarning: 'CaseDeadlineWarned',
  flagDeadlineOverdue: 'CaseDeadlineMissed',
  openAccountability: 'AccountabilityOpened',
  recordAccountabilityStep: 'AccountabilityStepRecorded',
  requestReview: 'ReviewRequested',
  decideReview: 'ReviewDecided',
  requestReReview: 'ReReviewRequested',
  decideReReview: 'ReReviewDecided',
} as const satisfies Record<Exclude<CommandType, 'register'>, CaseEventType>;

export type CommandOnCase = keyof typeof commandEvents;

/** The rules of some commands, each bound to its own event. */
export type Rules<C extends CommandOnCase> = { readonly [K in C]: Rule<K, (typeof commandEvents)[K]> };

// ---------------------------------------------------------------------------------------------
// Helpers the phases share

/** The command without its `type`: the payload of the events that carry the command as given. */
export function withoutType<T extends { readonly type: string }>(command: T): Omit<T, 'type'> {
  const { type: _type, ...rest } = command;
  return rest;
}

/** The open deadline with that key, if any. */
export function openDeadlineByKey(c: Case, key: string): CaseDeadline | undefined {
  return c.deadlines.find((d) => d.key === key && d.status === 'open');
}

/** A closed case. The runner ends its handling obligations (see `closureCancels`). */
export function closeCase(c: Case, reason: Closure['reason'], now: string): Case {
  return { ...c, stage: 'closed', closure: { reason, at: now } };
}

/**
 * The obligations a closure ends: every open obligation but an accountability proposal. Windows
 * (the right to ask for review) and accountability proposals outlive closure.
 */
export function closureCancels(d: CaseDeadline): boolean {
  return d.kind === 'obligation' && d.step !== 'accountabilityProposal';
}

/** Refuses a right whose window is not open or has passed. */
export function requireOpenWindow(c: Case, key: string, now: string, what: string): CaseDeadline {
  const window = openDeadlineByKey(c, key);
  if (!window) {
    const ended = c.deadlines.findLast((d) => d.key === key);
    const at = ended?.closedAt ?? ended?.dueAt;
    throw new WindowClosedError(
      at ? `the window to ${what} closed at ${at}` : `the window to ${what} is not open on this case`,
      at,
    );
  }
  if (now >= window.dueAt)
    throw new WindowClosedError(`the window to ${what} closed at ${window.dueAt}`, window.dueAt);
  return window;
}

/** The open obligation with that key; a window or an unknown key is refused. */
export function requireObligation(c: Case, key: string): CaseDeadline {
  const d = openDeadlineByKey(c, key);
  if (!d) throw new GuardFailedError('unknown_deadline', `no open deadline ${key} on this case`);
  if (d.kind !== 'obligation')
    throw new GuardFailedError('not_an_obligation', `deadline ${key} is a window, not an obligation`);
  return d;
}

/** The deadlines with marks set on the open deadline `key` (supervision or accountability opened). */
export function markOpenDeadline(
  c: Case,
  key: string,
  marks: Pick<CaseDeadline, 'supervisedAt'> | Pick<CaseDeadline, 'accountabilityOpenedAt'>,
): readonly CaseDeadline[] {
  const d = openDeadlineByKey(c, key);
  if (!d) throw new GuardFailedError('unknown_deadline', `no open deadline ${key} on this case`);
  return c.deadlines.map((x) => (x === d ? { ...x, ...marks } : x));
}

export function actorLabel(actor: Actor): string {
  return actor.kind === 'staff' ? `${actor.personId} (${actor.role}, ${actor.unitId})` : actor.kind;
}

/** Who did it, as the case records it: a person id, `system:<process>` or `petitioner`. */
export function actorId(actor: Actor): string {
  return actor.kind === 'staff'
    ? actor.personId
    : actor.kind === 'system'
      ? `system:${actor.process}`
      : 'petitioner';
}

/** The unit acting: the staff member's, else the unit holding the case. */
export function unitOf(actor: Actor, c: Case): string {
  return actor.kind === 'staff' ? actor.unitId : c.currentUnitId;
}

/** Stages in which a unit owes work, so an overdue step can be supervised (督办) in place. */
export const supervisableStages: readonly Stage[] = [
  'triage',
  'awaiting_sign_for',
  'awaiting_acceptance',
  'handling',
  'revisiting',
  'verifying',
  'under_review',
  'under_re_review',
];

export const everyStageAfterRegistration: readonly Stage[] = [
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
  'concluded_matter',
];

export const stagesWithDeadlines: readonly Stage[] = [
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
