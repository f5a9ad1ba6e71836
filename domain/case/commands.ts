import '../zod-messages.js';
import * as z from 'zod/mini';
import {
  accountabilityTriggers,
  channels,
  organFailureKinds,
  ratings,
  replyOutcomes,
  reviewDecisions,
  revisitMethods,
  statutoryChannels,
  supervisionModes,
} from './model.js';

const id = z.string().check(z.minLength(1), z.maxLength(128));
const text = z.string().check(z.trim(), z.minLength(1), z.maxLength(20_000));
const reason = z.string().check(z.trim(), z.minLength(1), z.maxLength(2_000));
const isoInstant = z.iso.datetime({ offset: true });
/** A revisit task as the caller plans it (see domain/case/revisit-plan.ts). */
const revisitTask = z.strictObject({
  taskId: id,
  unitId: id,
  basis: z.enum(['handling_organ', 'filing_bureau', 'dispatching_bureau']),
});
const person = z.strictObject({
  personId: id,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
});

/**
 * Every command a case understands, by `type`. These are the contracts of the use cases; the HTTP
 * and queue edges parse their bodies with the same schemas.
 */
export const commandSchemas = {
  /** 接收登记: creates the case. Intake computes the petitioner's keys and the tracking number. */
  register: z.strictObject({
    type: z.literal('register'),
    caseId: id,
    trackingNumber: z.string().check(z.minLength(6), z.maxLength(32)),
    queryCodeDigest: z.string().check(z.minLength(16), z.maxLength(256)),
    channel: z.enum(channels),
    receivedAt: isoInstant,
    receivingUnitId: id,
    regionCode: z.string().check(z.regex(/^\d{6}$/)),
    petitioner: z.strictObject({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
      maskedPhone: z.optional(z.string().check(z.maxLength(32))),
      maskedIdNumber: z.optional(z.string().check(z.maxLength(32))),
      identityKey: z.string().check(z.minLength(8), z.maxLength(128)),
      phoneKey: z.optional(z.string().check(z.minLength(8), z.maxLength(128))),
      sealedContact: z.optional(z.string().check(z.maxLength(4_096))),
    }),
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    content: text,
    attachments: z._default(
      z
        .array(z.strictObject({ name: z.string().check(z.minLength(1), z.maxLength(200)), url: z.url() }))
        .check(z.maxLength(20)),
      [],
    ),
    categoryId: z.optional(id),
    skipLevel: z._default(z.boolean(), false),
    /**
     * Registered later than the province's grace period after receipt: the bureau's forwarding
     * window then runs from registration, so a back-dated entry is not born overdue.
     */
    registeredLate: z._default(z.boolean(), false),
  }),
  /** 诉访分离: the matter belongs to a statutory channel. */
  screenOut: z.strictObject({
    type: z.literal('screenOut'),
    channel: z.enum(statutoryChannels),
    ruleId: id,
    guidance: text,
  }),
  /** A person overturns a screening decision: the matter is a petition after all. */
  overturnScreening: z.strictObject({ type: z.literal('overturnScreening'), reason }),
  /** 重复件: same petitioner, same matter, earlier case still open or under review. */
  linkRepeat: z.strictObject({
    type: z.literal('linkRepeat'),
    originalCaseId: id,
    similarity: z.number().check(z.minimum(0), z.maximum(1)),
  }),
  /** 甄别通过: a first-time petition matter, to triage. */
  passScreening: z.strictObject({ type: z.literal('passScreening') }),
  /** The routing decision (rule, confidence, reason); a staff override must give a reason. */
  route: z.strictObject({
    type: z.literal('route'),
    categoryId: id,
    organUnitId: z.optional(id),
    ruleId: id,
    confidence: z.number().check(z.minimum(0), z.maximum(1)),
    reason,
    /** The router forwards it next (false: a person decides): what a resumed routing completes. */
    forwardsNext: z.optional(z.boolean()),
  }),
  /** 转送 to the competent organ. */
  forward: z.strictObject({
    type: z.literal('forward'),
    toUnitId: id,
    toUnitKind: z.enum(['bureau', 'organ']),
    reason: z.optional(reason),
  }),
  /** 交办 to a subordinate bureau or an organ, with a due date. */
  assign: z.strictObject({
    type: z.literal('assign'),
    toUnitId: id,
    toUnitKind: z.enum(['bureau', 'organ']),
    dueAt: isoInstant,
    reason: z.optional(reason),
  }),
  /** 签收 by the receiving unit. */
  signFor: z.strictObject({ type: z.literal('signFor') }),
  /** 退回: misrouted, back to the sending bureau's triage. */
  returnCase: z.strictObject({ type: z.literal('returnCase'), reason }),
  /** 受理, naming the responsible leader and handler (首办责任). */
  accept: z.strictObject({ type: z.literal('accept'), notice: text, leader: person, handler: person }),
  /** 不予受理, with the written notice. */
  decline: z.strictObject({ type: z.literal('decline'), notice: text, reason }),
  /** Change the responsible leader or handler, with a reason. */
  assignResponsibility: z.strictObject({
    type: z.literal('assignResponsibility'),
    leader: person,
    handler: person,
    reason,
  }),
  /** 办理记录 / 办理联系. */
  recordHandlingNote: z.strictObject({
    type: z.literal('recordHandlingNote'),
    kind: z.enum(['note', 'contact']),
    text,
  }),
  /** 协办: an assisting organ joins the lead organ. */
  addAssistingOrgan: z.strictObject({ type: z.literal('addAssistingOrgan'), unitId: id, reason }),
  /** An assisting organ's contribution. */
  recordContribution: z.strictObject({ type: z.literal('recordContribution'), text }),
  /** 延期申请: bounded, once, shown to the petitioner. */
  requestExtension: z.strictObject({
    type: z.literal('requestExtension'),
    days: z.int().check(z.minimum(1), z.maximum(90)),
    reason,
  }),
  approveExtension: z.strictObject({ type: z.literal('approveExtension') }),
  refuseExtension: z.strictObject({ type: z.literal('refuseExtension'), reason }),
  /** 答复 with an outcome and text. */
  reply: z.strictObject({ type: z.literal('reply'), outcome: z.enum(replyOutcomes), text }),
  /** 满意度评价 by the petitioner. Revisit tasks are planned by the caller for a dissatisfied rating. */
  evaluate: z.strictObject({
    type: z.literal('evaluate'),
    rating: z.enum(ratings),
    comment: z.optional(z.string().check(z.trim(), z.maxLength(2_000))),
    via: z.enum(['web', 'sms']),
    revisitTasks: z._default(z.array(revisitTask), []),
  }),
  /** 未评价: the rating window closed without a rating. */
  markUnrated: z.strictObject({
    type: z.literal('markUnrated'),
    revisitTasks: z.array(revisitTask).check(z.minLength(1)),
  }),
  /** 回访 record for one task. */
  recordRevisit: z.strictObject({
    type: z.literal('recordRevisit'),
    taskId: id,
    method: z.enum(revisitMethods),
    petitionerSaid: text,
    outcome: z.enum(['resolved', 'problem_found']),
  }),
  /** 核查 finding; an organ failure opens supervision in the same step. */
  verify: z.discriminatedUnion('finding', [
    z.strictObject({
      type: z.literal('verify'),
      finding: z.literal('unreasonable_demand'),
      explanation: text,
      petitionerResponse: text,
    }),
    z.strictObject({
      type: z.literal('verify'),
      finding: z.literal('organ_failure'),
      failureKind: z.enum(organFailureKinds),
      supervisionId: id,
      mode: z.enum(supervisionModes),
      reason,
    }),
  ]),
  /** 督办 of an overdue step by the supervising bureau; the case stays where it is. */
  openSupervision: z.strictObject({
    type: z.literal('openSupervision'),
    supervisionId: id,
    mode: z.enum(supervisionModes),
    supervisingUnitId: id,
    targetUnitId: id,
    /** The overdue deadline this supervision escalates, if any. */
    deadlineKey: z.optional(z.string().check(z.minLength(1))),
    reason,
  }),
  recordSupervisionFollowUp: z.strictObject({
    type: z.literal('recordSupervisionFollowUp'),
    supervisionId: id,
    note: text,
  }),
  confirmRectification: z.strictObject({
    type: z.literal('confirmRectification'),
    supervisionId: id,
    note: text,
  }),
  /** A sweep found a deadline at its warning point (预警). */
  flagDeadlineWarning: z.strictObject({
    type: z.literal('flagDeadlineWarning'),
    key: z.string().check(z.minLength(1)),
  }),
  /** A sweep found a deadline past due (超期). */
  flagDeadlineOverdue: z.strictObject({
    type: z.literal('flagDeadlineOverdue'),
    key: z.string().check(z.minLength(1)),
    /** The escalation ladder of the province: days after the due time to supervise, and to hold accountable. */
    superviseAfterDays: z.optional(z.number().check(z.minimum(0), z.maximum(365))),
    accountableAfterDays: z.optional(z.number().check(z.minimum(0), z.maximum(365))),
  }),
  /** 责任追究: opens a record with a proposal due 7 days after the incident. */
  openAccountability: z.strictObject({
    type: z.literal('openAccountability'),
    accountabilityId: id,
    trigger: z.enum(accountabilityTriggers),
    incidentAt: isoInstant,
    responsibleUnitId: id,
    /** The bureau that must circulate the criticism and propose accountability. */
    proposingUnitId: id,
    /** The overdue deadline this record escalates, if any. */
    deadlineKey: z.optional(z.string().check(z.minLength(1))),
    reason,
  }),
  /** 通报批评 / 责任追究建议 / 移交 / 处理结果 / 公开. */
  recordAccountabilityStep: z.strictObject({
    type: z.literal('recordAccountabilityStep'),
    accountabilityId: id,
    step: z.enum(['criticism', 'proposal', 'transfer', 'outcome', 'publication']),
    text,
  }),
  /** 复查申请, to the next level up from the handling organ. */
  requestReview: z.strictObject({ type: z.literal('requestReview'), reviewUnitId: id, reason }),
  /** 复查意见: uphold, change or revoke the handling opinion, with the written opinion. */
  decideReview: z.strictObject({
    type: z.literal('decideReview'),
    decision: z.enum(reviewDecisions),
    text,
  }),
  /** 复核申请 after a review decision. */
  requestReReview: z.strictObject({ type: z.literal('requestReReview'), reviewUnitId: id, reason }),
  /** 复核意见: final for the same facts and reasons. */
  decideReReview: z.strictObject({
    type: z.literal('decideReReview'),
    decision: z.enum(reviewDecisions),
    text,
  }),
  /**
   * 不再受理: the same matter was concluded by a final re-review (终结); a later petition on it is
   * answered so, with the original's tracking number, and not accepted again.
   */
  refuseConcludedMatter: z.strictObject({
    type: z.literal('refuseConcludedMatter'),
    originalCaseId: id,
    originalTrackingNumber: id,
    /** When the re-review concluded the original. */
    concludedAt: isoInstant,
    similarity: z.number().check(z.minimum(0), z.maximum(1)),
  }),
} as const;

export type CommandType = keyof typeof commandSchemas;
export const commandTypes = Object.keys(commandSchemas) as CommandType[];
export type CommandOf<T extends CommandType> = z.infer<(typeof commandSchemas)[T]>;
export type CaseCommand = { [T in CommandType]: CommandOf<T> }[CommandType];
/** Commands that act on an existing case. */
export type CaseCommandOn = Exclude<CaseCommand, { type: 'register' }>;
