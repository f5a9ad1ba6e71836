import type { DeadlineStep } from '../deadlines/rules.js';

/**
 * The stages of a petition matter (信访事项), DESIGN.md §2. A case is always in exactly one.
 * `screened_out`, `repeat_linked`, `declined`, `closed` and `concluded_matter` end handling;
 * `screened_out` and `closed` can still be reopened by a person (overturned screening, review and
 * re-review); `concluded_matter` never: the matter was concluded by a final re-review.
 */
export const stages = [
  'registered', // 已登记, awaiting screening (甄别)
  'screened_out', // 诉访分离: belongs to a statutory channel, closed with guidance
  'repeat_linked', // 重复件: linked to the original case, no parallel handling (并单)
  'triage', // 待分流 at a petition bureau
  'awaiting_sign_for', // 已转送 / 已交办, waiting for the receiving unit to sign for it (签收)
  'awaiting_acceptance', // 已签收, the organ decides whether to accept (受理)
  'declined', // 不予受理, with a written notice
  'handling', // 办理中
  'awaiting_evaluation', // 已答复, the petitioner may rate (满意度评价)
  'revisiting', // 回访中: dissatisfied or unrated
  'verifying', // 核查中: a revisit found a problem
  'supervising', // 督办中: an organ failure is being rectified
  'under_review', // 复查中
  'under_re_review', // 复核中
  'closed', // 办结
  'concluded_matter', // 终结: the same matter was concluded by a final re-review, not accepted again
] as const;
export type Stage = (typeof stages)[number];

/** Stages in which nothing is pending from any unit: sweeps and inboxes leave them alone. */
export const endStages: ReadonlySet<Stage> = new Set([
  'screened_out',
  'repeat_linked',
  'declined',
  'closed',
  'concluded_matter',
]);

export const channels = ['web', 'sms', 'letter', 'visit', 'phone', 'fax', 'email'] as const;
export type Channel = (typeof channels)[number];

export const staffRoles = [
  'registrar',
  'triage_officer',
  'handler',
  'leader',
  'supervisor',
  'admin',
] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Who did something. Every transition records one (网上流转: who, when, why). */
export type Actor =
  | { readonly kind: 'staff'; readonly personId: string; readonly role: StaffRole; readonly unitId: string }
  | { readonly kind: 'petitioner' }
  | { readonly kind: 'system'; readonly process: string };

export const statutoryChannels = [
  'litigation', // 诉讼
  'arbitration', // 仲裁
  'administrative_licensing', // 行政许可
  'administrative_confirmation', // 行政确认
  'administrative_adjudication', // 行政裁决
  'administrative_payment', // 行政给付
  'administrative_reconsideration', // 行政复议
] as const;
export type StatutoryChannel = (typeof statutoryChannels)[number];

export const replyOutcomes = ['supported', 'explained', 'not_supported'] as const; // 支持 / 解释说明 / 不予支持
type ReplyOutcome = (typeof replyOutcomes)[number];

/**
 * What a review (复查) or re-review (复核) decides about the opinion before it: uphold it (维持),
 * change it (变更), or revoke it (撤销). `upheld` and `changed` were the first two; `revoked` was
 * added (docs/decisions/0017-policy-checks.md), so stored decisions stay valid.
 */
export const reviewDecisions = ['upheld', 'changed', 'revoked'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

export const ratings = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const; // 满意 / 基本满意 / 不满意
export type Rating = (typeof ratings)[number];

export const revisitMethods = ['phone', 'network', 'sms', 'on_site'] as const;
type RevisitMethod = (typeof revisitMethods)[number];

export const organFailureKinds = ['inaction', 'slow_action', 'wrongful_action'] as const; // 不作为 / 慢作为 / 乱作为
type OrganFailureKind = (typeof organFailureKinds)[number];

export const supervisionModes = ['joint', 'cross', 'social', 'leader', 'media'] as const; // 联合 / 交叉 / 社会 / 领导 / 媒体督查
type SupervisionMode = (typeof supervisionModes)[number];

export const accountabilityTriggers = [
  'registration_late', // 信息不录入 / 登记不及时
  'forwarding_late', // 未及时转送交办
  'step_overdue', // 办理超期
  'skip_level_after_failure', // 首办失责造成越级访
  'organ_failure', // 核查认定不作为、慢作为、乱作为
  'manual', // opened by staff
] as const;
type AccountabilityTrigger = (typeof accountabilityTriggers)[number];

export interface Person {
  readonly personId: string;
  readonly name: string;
}

/** The petitioner as the case holds them: masked for display, keyed hashes for lookup. */
interface Petitioner {
  readonly name: string;
  readonly maskedPhone?: string;
  readonly maskedIdNumber?: string;
  /** Keyed hash of the identity number, else of the phone: finds the same person's earlier cases. */
  readonly identityKey: string;
  /** Keyed hash of the phone number: finds the case an SMS rating reply belongs to. */
  readonly phoneKey?: string;
  /** Encrypted contact details (AES-GCM envelope); opaque to the domain. */
  readonly sealedContact?: string;
}

/** A deadline on the case. `window`s end a right (rating, review); `obligation`s bind a unit. */
export interface CaseDeadline {
  /** Unique on the case: the step, or the step and the record it belongs to (`revisit:<taskId>`). */
  readonly key: string;
  readonly step: DeadlineStep;
  readonly kind: 'obligation' | 'window';
  /** The unit that must act before it, for obligations. */
  readonly unitId?: string;
  readonly startAt: string;
  readonly warnAt: string;
  readonly dueAt: string;
  readonly provisional: boolean;
  readonly status: 'open' | 'met' | 'lapsed' | 'cancelled';
  readonly warnedAt?: string;
  readonly overdueAt?: string;
  readonly closedAt?: string;
  /** Escalation ladder, set when the step is flagged overdue: when supervision (督办) opens. */
  readonly superviseAt?: string;
  readonly supervisedAt?: string;
  /** When the overdue step becomes an accountability trigger (责任追究). */
  readonly accountableAt?: string;
  readonly accountabilityOpenedAt?: string;
}

interface RoutingDecision {
  readonly categoryId: string;
  readonly organUnitId?: string;
  readonly ruleId: string;
  readonly confidence: number;
  readonly reason: string;
  readonly decidedAt: string;
  /** The router forwards to `organUnitId` in its next step; absent on decisions from before. */
  readonly forwardsNext?: boolean;
}

interface Dispatch {
  readonly mode: 'forward' | 'assign'; // 转送 / 交办
  readonly fromUnitId: string;
  readonly toUnitId: string;
  readonly toUnitKind: 'bureau' | 'organ';
  readonly at: string;
  /** The completion date an assignment (交办) sets. */
  readonly dueAt?: string;
}

interface Responsibility {
  /** 首办责任单位 */
  readonly unitId: string;
  /** 责任领导 */
  readonly leader: Person;
  /** 责任人 */
  readonly handler: Person;
}

interface Extension {
  readonly days: number;
  readonly reason: string;
  readonly requestedAt: string;
  readonly status: 'requested' | 'approved' | 'refused';
  readonly decidedAt?: string;
  readonly decidedBy?: string;
}

interface Reply {
  readonly outcome: ReplyOutcome;
  readonly text: string;
  readonly repliedAt: string;
  readonly unitId: string;
}

interface Evaluation {
  readonly rating: Rating | 'unrated';
  readonly comment?: string;
  readonly at: string;
  readonly via?: 'web' | 'sms';
}

export interface RevisitTask {
  readonly taskId: string;
  readonly unitId: string;
  /** Why this unit revisits: it handled the case, the case was filed with it, or it dispatched it. */
  readonly basis: 'handling_organ' | 'filing_bureau' | 'dispatching_bureau';
  readonly status: 'open' | 'done';
  readonly record?: {
    readonly method: RevisitMethod;
    readonly by: string;
    readonly at: string;
    readonly petitionerSaid: string;
    readonly outcome: 'resolved' | 'problem_found';
  };
}

interface Verification {
  readonly finding: 'unreasonable_demand' | 'organ_failure';
  readonly failureKind?: OrganFailureKind;
  /** What was explained and how the petitioner responded (for unreasonable demands). */
  readonly explanation?: string;
  readonly petitionerResponse?: string;
  readonly at: string;
  readonly by: string;
}

interface Supervision {
  readonly supervisionId: string;
  readonly mode: SupervisionMode;
  readonly supervisingUnitId: string;
  readonly targetUnitId: string;
  readonly cause: 'organ_failure' | 'overdue';
  readonly openedAt: string;
  readonly followUps: readonly { readonly at: string; readonly by: string; readonly note: string }[];
  readonly rectifiedAt?: string;
}

interface AccountabilityRecord {
  readonly accountabilityId: string;
  readonly trigger: AccountabilityTrigger;
  readonly incidentAt: string;
  readonly responsibleUnitId: string;
  readonly leader?: Person;
  readonly handler?: Person;
  readonly openedAt: string;
  readonly steps: readonly {
    readonly step: 'criticism' | 'proposal' | 'transfer' | 'outcome' | 'publication';
    readonly at: string;
    readonly by: string;
    readonly text: string;
  }[];
}

interface ReviewRecord {
  readonly level: 'review' | 're_review';
  readonly unitId: string;
  readonly requestedAt: string;
  readonly reason: string;
  readonly decidedAt?: string;
  readonly decision?: ReviewDecision;
  readonly text?: string;
}

export interface Closure {
  readonly reason:
    | 'satisfied'
    | 'supervision_rectified'
    | 'revisits_resolved'
    | 'demand_explained'
    | 'review_decided'
    | 're_review_final';
  readonly at: string;
}

/** A file the petitioner attached (a name and where the portal keeps it). */
interface Attachment {
  readonly name: string;
  readonly url: string;
}

/** A petition matter and everything the platform knows about it. */
export interface Case {
  readonly caseId: string;
  readonly trackingNumber: string;
  /** Digest of the query code the petitioner was given; the code itself is never stored. */
  readonly queryCodeDigest: string;
  readonly version: number;
  readonly stage: Stage;
  readonly channel: Channel;
  readonly receivedAt: string;
  readonly registeredAt: string;
  readonly updatedAt: string;
  /** The bureau the matter was filed with (接收单位). */
  readonly receivingUnitId: string;
  /** The unit whose inbox holds the case now. */
  readonly currentUnitId: string;
  readonly regionCode: string;
  readonly petitioner: Petitioner;
  readonly title: string;
  readonly content: string;
  /** What the petitioner attached; staff see it with the matter. */
  readonly attachments: readonly Attachment[];
  readonly categoryId?: string;
  readonly skipLevel: boolean;
  /** Registered later than the province's grace period after receipt (不及时录入). */
  readonly registeredLate?: boolean;
  /** The hash of the last history line (history-chain.ts); absent on cases from before the chain. */
  readonly historyHash?: string;
  readonly screening?: {
    readonly channel: StatutoryChannel;
    readonly ruleId: string;
    readonly guidance: string;
  };
  readonly repeatOf?: string;
  readonly routing?: RoutingDecision;
  readonly dispatch?: Dispatch;
  readonly returns: readonly { readonly unitId: string; readonly reason: string; readonly at: string }[];
  readonly acceptance?: {
    readonly decision: 'accepted' | 'declined';
    readonly notice: string;
    readonly at: string;
  };
  readonly responsibility?: Responsibility;
  readonly assistingUnitIds: readonly string[];
  readonly handlingNotes: readonly {
    readonly kind: 'note' | 'contact' | 'contribution';
    readonly unitId: string;
    readonly by: string;
    readonly at: string;
    readonly text: string;
  }[];
  readonly extensions: readonly Extension[];
  readonly reply?: Reply;
  readonly evaluation?: Evaluation;
  readonly revisits: readonly RevisitTask[];
  readonly verification?: Verification;
  readonly supervisions: readonly Supervision[];
  readonly accountabilities: readonly AccountabilityRecord[];
  readonly reviews: readonly ReviewRecord[];
  /** Set when a re-review has decided: the matter is concluded for the same facts and reasons. */
  readonly concluded: boolean;
  readonly deadlines: readonly CaseDeadline[];
  readonly closure?: Closure;
}
