import { z } from 'zod';
import {
  accountabilityTriggers,
  channels,
  organFailureKinds,
  ratings,
  replyOutcomes,
  revisitMethods,
  statutoryChannels,
  supervisionModes,
} from './model.js';

const id = z.string().min(1).max(128);
const text = z.string().trim().min(1).max(20_000);
const reason = z.string().trim().min(1).max(2_000);
const isoInstant = z.iso.datetime({ offset: true });
/** A revisit task as the caller plans it (see domain/case/revisit-plan.ts). */
const revisitTask = z
  .object({
    taskId: id,
    unitId: id,
    basis: z.enum(['handling_organ', 'filing_bureau', 'dispatching_bureau']),
  })
  .strict();
const person = z.object({ personId: id, name: z.string().trim().min(1).max(64) }).strict();

/**
 * Every command a case understands, by `type`. These are the contracts of the use cases; the HTTP
 * and queue edges parse their bodies with the same schemas.
 */
export const commandSchemas = {
  /** 接收登记: creates the case. Intake computes the petitioner's keys and the tracking number. */
  register: z
    .object({
      type: z.literal('register'),
      caseId: id,
      trackingNumber: z.string().min(6).max(32),
      queryCodeDigest: z.string().min(16).max(256),
      channel: z.enum(channels),
      receivedAt: isoInstant,
      receivingUnitId: id,
      regionCode: z.string().regex(/^\d{6}$/),
      petitioner: z
        .object({
          name: z.string().trim().min(1).max(64),
          maskedPhone: z.string().max(32).optional(),
          maskedIdNumber: z.string().max(32).optional(),
          identityKey: z.string().min(8).max(128),
          phoneKey: z.string().min(8).max(128).optional(),
          sealedContact: z.string().max(4_096).optional(),
        })
        .strict(),
      title: z.string().trim().min(1).max(200),
      content: text,
      categoryId: id.optional(),
      skipLevel: z.boolean().default(false),
    })
    .strict(),
  /** 诉访分离: the matter belongs to a statutory channel. */
  screenOut: z
    .object({ type: z.literal('screenOut'), channel: z.enum(statutoryChannels), ruleId: id, guidance: text })
    .strict(),
  /** A person overturns a screening decision: the matter is a petition after all. */
  overturnScreening: z.object({ type: z.literal('overturnScreening'), reason }).strict(),
  /** 重复件: same petitioner, same matter, earlier case still open or under review. */
  linkRepeat: z
    .object({ type: z.literal('linkRepeat'), originalCaseId: id, similarity: z.number().min(0).max(1) })
    .strict(),
  /** 甄别通过: a first-time petition matter, to triage. */
  passScreening: z.object({ type: z.literal('passScreening') }).strict(),
  /** The routing decision (rule, confidence, reason); a staff override must give a reason. */
  route: z
    .object({
      type: z.literal('route'),
      categoryId: id,
      organUnitId: id.optional(),
      ruleId: id,
      confidence: z.number().min(0).max(1),
      reason,
    })
    .strict(),
  /** 转送 to the competent organ. */
  forward: z
    .object({
      type: z.literal('forward'),
      toUnitId: id,
      toUnitKind: z.enum(['bureau', 'organ']),
      reason: reason.optional(),
    })
    .strict(),
  /** 交办 to a subordinate bureau or an organ, with a due date. */
  assign: z
    .object({
      type: z.literal('assign'),
      toUnitId: id,
      toUnitKind: z.enum(['bureau', 'organ']),
      dueAt: isoInstant,
      reason: reason.optional(),
    })
    .strict(),
  /** 签收 by the receiving unit. */
  signFor: z.object({ type: z.literal('signFor') }).strict(),
  /** 退回: misrouted, back to the sending bureau's triage. */
  returnCase: z.object({ type: z.literal('returnCase'), reason }).strict(),
  /** 受理, naming the responsible leader and handler (首办责任). */
  accept: z.object({ type: z.literal('accept'), notice: text, leader: person, handler: person }).strict(),
  /** 不予受理, with the written notice. */
  decline: z.object({ type: z.literal('decline'), notice: text, reason }).strict(),
  /** Change the responsible leader or handler, with a reason. */
  assignResponsibility: z
    .object({ type: z.literal('assignResponsibility'), leader: person, handler: person, reason })
    .strict(),
  /** 办理记录 / 办理联系. */
  recordHandlingNote: z
    .object({ type: z.literal('recordHandlingNote'), kind: z.enum(['note', 'contact']), text })
    .strict(),
  /** 协办: an assisting organ joins the lead organ. */
  addAssistingOrgan: z.object({ type: z.literal('addAssistingOrgan'), unitId: id, reason }).strict(),
  /** An assisting organ's contribution. */
  recordContribution: z.object({ type: z.literal('recordContribution'), text }).strict(),
  /** 延期申请: bounded, once, shown to the petitioner. */
  requestExtension: z
    .object({ type: z.literal('requestExtension'), days: z.number().int().min(1).max(90), reason })
    .strict(),
  approveExtension: z.object({ type: z.literal('approveExtension') }).strict(),
  refuseExtension: z.object({ type: z.literal('refuseExtension'), reason }).strict(),
  /** 答复 with an outcome and text. */
  reply: z.object({ type: z.literal('reply'), outcome: z.enum(replyOutcomes), text }).strict(),
  /** 满意度评价 by the petitioner. Revisit tasks are planned by the caller for a dissatisfied rating. */
  evaluate: z
    .object({
      type: z.literal('evaluate'),
      rating: z.enum(ratings),
      comment: z.string().trim().max(2_000).optional(),
      via: z.enum(['web', 'sms']),
      revisitTasks: z.array(revisitTask).default([]),
    })
    .strict(),
  /** 未评价: the rating window closed without a rating. */
  markUnrated: z
    .object({
      type: z.literal('markUnrated'),
      revisitTasks: z.array(revisitTask).min(1),
    })
    .strict(),
  /** 回访 record for one task. */
  recordRevisit: z
    .object({
      type: z.literal('recordRevisit'),
      taskId: id,
      method: z.enum(revisitMethods),
      petitionerSaid: text,
      outcome: z.enum(['resolved', 'problem_found']),
    })
    .strict(),
  /** 核查 finding; an organ failure opens supervision in the same step. */
  verify: z.discriminatedUnion('finding', [
    z
      .object({
        type: z.literal('verify'),
        finding: z.literal('unreasonable_demand'),
        explanation: text,
        petitionerResponse: text,
      })
      .strict(),
    z
      .object({
        type: z.literal('verify'),
        finding: z.literal('organ_failure'),
        failureKind: z.enum(organFailureKinds),
        supervisionId: id,
        mode: z.enum(supervisionModes),
        reason,
      })
      .strict(),
  ]),
  /** 督办 of an overdue step by the supervising bureau; the case stays where it is. */
  openSupervision: z
    .object({
      type: z.literal('openSupervision'),
      supervisionId: id,
      mode: z.enum(supervisionModes),
      supervisingUnitId: id,
      targetUnitId: id,
      /** The overdue deadline this supervision escalates, if any. */
      deadlineKey: z.string().min(1).optional(),
      reason,
    })
    .strict(),
  recordSupervisionFollowUp: z
    .object({ type: z.literal('recordSupervisionFollowUp'), supervisionId: id, note: text })
    .strict(),
  confirmRectification: z
    .object({ type: z.literal('confirmRectification'), supervisionId: id, note: text })
    .strict(),
  /** A sweep found a deadline at its warning point (预警). */
  flagDeadlineWarning: z.object({ type: z.literal('flagDeadlineWarning'), key: z.string().min(1) }).strict(),
  /** A sweep found a deadline past due (超期). */
  flagDeadlineOverdue: z
    .object({
      type: z.literal('flagDeadlineOverdue'),
      key: z.string().min(1),
      /** The escalation ladder of the province: days after the due time to supervise, and to hold accountable. */
      superviseAfterDays: z.number().min(0).max(365).optional(),
      accountableAfterDays: z.number().min(0).max(365).optional(),
    })
    .strict(),
  /** 责任追究: opens a record with a proposal due 7 days after the incident. */
  openAccountability: z
    .object({
      type: z.literal('openAccountability'),
      accountabilityId: id,
      trigger: z.enum(accountabilityTriggers),
      incidentAt: isoInstant,
      responsibleUnitId: id,
      /** The bureau that must circulate the criticism and propose accountability. */
      proposingUnitId: id,
      /** The overdue deadline this record escalates, if any. */
      deadlineKey: z.string().min(1).optional(),
      reason,
    })
    .strict(),
  /** 通报批评 / 责任追究建议 / 移交 / 处理结果 / 公开. */
  recordAccountabilityStep: z
    .object({
      type: z.literal('recordAccountabilityStep'),
      accountabilityId: id,
      step: z.enum(['criticism', 'proposal', 'transfer', 'outcome', 'publication']),
      text,
    })
    .strict(),
  /** 复查申请, to the next level up from the handling organ. */
  requestReview: z.object({ type: z.literal('requestReview'), reviewUnitId: id, reason }).strict(),
  decideReview: z
    .object({ type: z.literal('decideReview'), decision: z.enum(['upheld', 'changed']), text })
    .strict(),
  /** 复核申请 after a review decision. */
  requestReReview: z.object({ type: z.literal('requestReReview'), reviewUnitId: id, reason }).strict(),
  /** 复核意见: final for the same facts and reasons. */
  decideReReview: z
    .object({ type: z.literal('decideReReview'), decision: z.enum(['upheld', 'changed']), text })
    .strict(),
} as const;

export type CommandType = keyof typeof commandSchemas;
export const commandTypes = Object.keys(commandSchemas) as CommandType[];
export type CommandOf<T extends CommandType> = z.infer<(typeof commandSchemas)[T]>;
export type CaseCommand = { [T in CommandType]: CommandOf<T> }[CommandType];
/** Commands that act on an existing case. */
export type CaseCommandOn = Exclude<CaseCommand, { type: 'register' }>;

/** Parses an untrusted command of the given type; throws the zod error for the edge to map. */
export function parseCommand<T extends CommandType>(type: T, input: unknown): CommandOf<T> {
  return commandSchemas[type].parse({ ...(input as object), type }) as CommandOf<T>;
}
