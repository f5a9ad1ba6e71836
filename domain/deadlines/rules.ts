import '../zod-messages.js';
import * as z from 'zod/mini';

/**
 * The steps of a case that run against a statutory deadline. Each has one rule in the province
 * configuration; the defaults follow the national 信访工作条例 (2022) and the seed's 7-day rule.
 */
export const deadlineSteps = [
  'forwarding', // bureau forwards / assigns after receipt (转送、交办)
  'signFor', // organ signs for or returns a dispatched case (签收 / 退回)
  'acceptance', // organ decides on acceptance and notifies the petitioner (受理告知)
  'handling', // handling and reply after acceptance (办理答复)
  'evaluation', // petitioner's rating window after the reply (满意度评价)
  'revisit', // revisit of a dissatisfied or unrated case (回访)
  'verification', // bureau verifies a problem a revisit found (核查)
  'rectification', // organ rectifies under supervision (督办整改)
  'accountabilityProposal', // proposal within one week of the incident (责任追究建议)
  'reviewRequest', // window to request review after the reply (复查申请)
  'reviewDecision', // review decision (复查意见)
  'reReviewRequest', // window to request re-review after the review (复核申请)
  'reReviewDecision', // re-review decision, final (复核意见)
] as const;

export type DeadlineStep = (typeof deadlineSteps)[number];

/** How a window is counted: every calendar day, or working days of the province calendar. */
const dayKindSchema = z.enum(['calendar', 'working']);

/**
 * The warning point (预警) before a deadline: a number of days before the due time, or a share of
 * the whole window (0.2 = when 80 % of the window has passed). Exactly one of the two.
 */
const warningRuleSchema = z.union([
  z.strictObject({ daysBefore: z.int().check(z.minimum(0), z.maximum(60)) }),
  z.strictObject({ shareOfWindow: z.number().check(z.gt(0), z.lt(1)) }),
]);

export const deadlineRuleSchema = z.strictObject({
  days: z.int().check(z.minimum(1), z.maximum(365)),
  dayKind: dayKindSchema,
  warning: warningRuleSchema,
  /** A calendar-day window whose last day is not a working day ends on the next working day. */
  rollToWorkingDay: z._default(z.boolean(), true),
});
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;

const extensionRuleSchema = z.strictObject({
  maxDays: z.int().check(z.minimum(1), z.maximum(90)),
  maxCount: z.int().check(z.minimum(0), z.maximum(3)),
});

export const deadlineRulesSchema = z.strictObject({
  steps: z.object(
    Object.fromEntries(deadlineSteps.map((step) => [step, deadlineRuleSchema])) as Record<
      DeadlineStep,
      typeof deadlineRuleSchema
    >,
  ),
  extension: extensionRuleSchema,
});
export type DeadlineRules = z.infer<typeof deadlineRulesSchema>;

/** A deadline as planned on a case: all instants are ISO 8601 UTC strings. */
export interface PlannedDeadline {
  readonly step: DeadlineStep;
  readonly startAt: string;
  readonly warnAt: string;
  readonly dueAt: string;
  /** True when the window runs into a year whose official holiday arrangement is not known yet. */
  readonly provisional: boolean;
}

/** Plans deadlines from the province rules and calendar. Pure; implemented in this folder. */
export interface DeadlinePlanner {
  plan(step: DeadlineStep, startAt: string): PlannedDeadline;
  /** The same deadline pushed back by an approved extension of `days` (counted like the step). */
  extend(deadline: PlannedDeadline, days: number): PlannedDeadline;
}
