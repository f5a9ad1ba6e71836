/**
 * Cases in every stage, built by walking the real transition table from registration, so a
 * fixture can never be in a state the lifecycle cannot reach.
 */
import type { CaseCommandOn, CommandOf } from '../../domain/case/commands.js';
import type { Actor, Case, Stage } from '../../domain/case/model.js';
import {
  decide,
  registerCase,
  type TransitionContext,
  type TransitionOutcome,
} from '../../domain/case/transitions.js';
import type { DeadlinePlanner, DeadlineStep, PlannedDeadline } from '../../domain/deadlines/rules.js';

const DAY = 86_400_000;

/** Calendar days per step, so case tests do not depend on the holiday calendar. */
const fixtureWindowDays: Record<DeadlineStep, number> = {
  forwarding: 15,
  signFor: 3,
  acceptance: 15,
  handling: 60,
  evaluation: 7,
  revisit: 10,
  verification: 15,
  rectification: 30,
  accountabilityProposal: 7,
  reviewRequest: 30,
  reviewDecision: 30,
  reReviewRequest: 30,
  reReviewDecision: 30,
};

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY).toISOString();
}

export function addHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}

/** A planner that counts plain calendar days and warns one day before. */
const fixturePlanner: DeadlinePlanner = {
  plan(step, startAt): PlannedDeadline {
    const dueAt = addDays(startAt, fixtureWindowDays[step]);
    return { step, startAt, dueAt, warnAt: addDays(dueAt, -1), provisional: false };
  },
  extend(deadline, days): PlannedDeadline {
    if (days < 1 || days > 30) throw new Error(`extension of ${days} days is out of bounds`);
    const dueAt = addDays(deadline.dueAt, days);
    return { ...deadline, dueAt, warnAt: addDays(dueAt, -1) };
  },
};

export const T0 = '2026-03-02T01:00:00.000Z';
export const BUREAU = '330106-xinfang';
export const ORGAN = '330106-zhujian';
export const CITY_BUREAU = '330100-xinfang';

export const system: Actor = { kind: 'system', process: 'test' };
export const petitioner: Actor = { kind: 'petitioner' };
export function staff(
  role: Extract<Actor, { kind: 'staff' }>['role'],
  unitId: string,
  personId = `${role}-1`,
): Actor {
  return { kind: 'staff', personId, role, unitId };
}

export function ctx(now: string, actor: Actor): TransitionContext {
  return { now, actor, planner: fixturePlanner };
}

export function registerCommand(overrides: Partial<CommandOf<'register'>> = {}): CommandOf<'register'> {
  return {
    type: 'register',
    caseId: 'case-1',
    trackingNumber: 'ZJ2026030200001',
    queryCodeDigest: 'digest-of-the-query-code',
    channel: 'web',
    receivedAt: T0,
    receivingUnitId: BUREAU,
    regionCode: '330106',
    petitioner: {
      name: '张三',
      maskedPhone: '138****5678',
      identityKey: 'identity-key-1',
      phoneKey: 'phone-key-1',
    },
    title: '小区物业乱收费',
    content: '我们小区物业公司擅自提高物业费，业主多次反映无果。',
    skipLevel: false,
    ...overrides,
    attachments: overrides.attachments ?? [],
    registeredLate: overrides.registeredLate ?? false,
  };
}

interface Step {
  readonly command: CaseCommandOn;
  readonly actor: Actor;
}

const leader = { personId: 'leader-1', name: '李局长' };
const handler = { personId: 'handler-1', name: '王科员' };

const steps = {
  passScreening: { command: { type: 'passScreening' }, actor: system },
  forward: { command: { type: 'forward', toUnitId: ORGAN, toUnitKind: 'organ' }, actor: system },
  signFor: { command: { type: 'signFor' }, actor: staff('handler', ORGAN) },
  accept: { command: { type: 'accept', notice: '予以受理', leader, handler }, actor: staff('leader', ORGAN) },
  reply: {
    command: { type: 'reply', outcome: 'explained', text: '经调查，物业费调整已按规定公示。' },
    actor: staff('handler', ORGAN),
  },
  dissatisfied: {
    command: {
      type: 'evaluate',
      rating: 'dissatisfied',
      via: 'web',
      revisitTasks: [
        { taskId: 'rv-organ', unitId: ORGAN, basis: 'handling_organ' },
        { taskId: 'rv-bureau', unitId: BUREAU, basis: 'filing_bureau' },
      ],
    },
    actor: petitioner,
  },
  satisfied: {
    command: { type: 'evaluate', rating: 'satisfied', via: 'web', revisitTasks: [] },
    actor: petitioner,
  },
  revisitProblem: {
    command: {
      type: 'recordRevisit',
      taskId: 'rv-organ',
      method: 'phone',
      petitionerSaid: '问题没有解决',
      outcome: 'problem_found',
    },
    actor: staff('handler', ORGAN),
  },
  revisitResolved: {
    command: {
      type: 'recordRevisit',
      taskId: 'rv-bureau',
      method: 'phone',
      petitionerSaid: '理解',
      outcome: 'resolved',
    },
    actor: staff('triage_officer', BUREAU),
  },
  organFailure: {
    command: {
      type: 'verify',
      finding: 'organ_failure',
      failureKind: 'slow_action',
      supervisionId: 'sv-1',
      mode: 'leader',
      reason: '拖延办理',
    },
    actor: staff('supervisor', BUREAU),
  },
  requestReview: {
    command: { type: 'requestReview', reviewUnitId: '330100-zhujian', reason: '不服答复' },
    actor: petitioner,
  },
  decideReview: {
    command: { type: 'decideReview', decision: 'upheld', text: '维持原答复' },
    actor: staff('leader', '330100-zhujian'),
  },
  requestReReview: {
    command: { type: 'requestReReview', reviewUnitId: '330000-zhujian', reason: '不服复查' },
    actor: petitioner,
  },
} satisfies Record<string, Step>;

/** The path from registration to each stage. */
export const pathTo: Record<Stage | 'closed_after_review', readonly Step[]> = {
  registered: [],
  screened_out: [
    {
      command: {
        type: 'screenOut',
        channel: 'litigation',
        ruleId: 'screen-litigation',
        guidance: '请向人民法院提起诉讼',
      },
      actor: system,
    },
  ],
  repeat_linked: [
    { command: { type: 'linkRepeat', originalCaseId: 'case-0', similarity: 0.9 }, actor: system },
  ],
  concluded_matter: [
    {
      command: {
        type: 'refuseConcludedMatter',
        originalCaseId: 'case-0',
        originalTrackingNumber: 'XF20260101000001',
        concludedAt: '2026-02-01T02:00:00.000Z',
        similarity: 0.9,
      },
      actor: system,
    },
  ],
  triage: [steps.passScreening],
  awaiting_sign_for: [steps.passScreening, steps.forward],
  awaiting_acceptance: [steps.passScreening, steps.forward, steps.signFor],
  declined: [
    steps.passScreening,
    steps.forward,
    steps.signFor,
    {
      command: { type: 'decline', notice: '不予受理告知书', reason: '已经处理' },
      actor: staff('leader', ORGAN),
    },
  ],
  handling: [steps.passScreening, steps.forward, steps.signFor, steps.accept],
  awaiting_evaluation: [steps.passScreening, steps.forward, steps.signFor, steps.accept, steps.reply],
  revisiting: [
    steps.passScreening,
    steps.forward,
    steps.signFor,
    steps.accept,
    steps.reply,
    steps.dissatisfied,
  ],
  verifying: [
    steps.passScreening,
    steps.forward,
    steps.signFor,
    steps.accept,
    steps.reply,
    steps.dissatisfied,
    steps.revisitProblem,
    steps.revisitResolved,
  ],
  supervising: [
    steps.passScreening,
    steps.forward,
    steps.signFor,
    steps.accept,
    steps.reply,
    steps.dissatisfied,
    steps.revisitProblem,
    steps.revisitResolved,
    steps.organFailure,
  ],
  under_review: [
    steps.passScreening,
    steps.forward,
    steps.signFor,
    steps.accept,
    steps.reply,
    steps.requestReview,
  ],
  under_re_review: [
    steps.passScreening,
    steps.forward,
    steps.signFor,
    steps.accept,
    steps.reply,
    steps.requestReview,
    steps.decideReview,
    steps.requestReReview,
  ],
  closed: [steps.passScreening, steps.forward, steps.signFor, steps.accept, steps.reply, steps.satisfied],
  closed_after_review: [
    steps.passScreening,
    steps.forward,
    steps.signFor,
    steps.accept,
    steps.reply,
    steps.requestReview,
    steps.decideReview,
  ],
};

/** A case walked to `stage`, one hour per step from T0; returns the case and the time of its last step. */
export function caseIn(
  stage: keyof typeof pathTo,
  register = registerCommand(),
): { case: Case; now: string; outcomes: TransitionOutcome[] } {
  let now = addHours(T0, 1);
  const outcomes = [registerCase(register, ctx(now, system))];
  let current = outcomes[0]!.case;
  for (const step of pathTo[stage]) {
    now = addHours(now, 1);
    const outcome = decide(current, step.command, ctx(now, step.actor));
    outcomes.push(outcome);
    current = outcome.case;
  }
  return { case: current, now, outcomes };
}
