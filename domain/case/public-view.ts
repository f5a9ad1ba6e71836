/**
 * What a petitioner sees of their case (全程公开): the stage, the organ handling it, each deadline
 * and whether it is overdue, the public part of the timeline, the reply, the evaluation, the
 * review and re-review opinions, and whether the matter is concluded (终结). Internal notes, staff
 * identities and personal data never appear: identity and mobile numbers that staff typed into
 * a notice, a reply or an opinion are masked.
 */
import type { DeadlineStep } from '../deadlines/rules.js';
import { maskPersonalNumbers } from '../intake/normalise.js';
import type { Case, ReviewDecision, Stage } from './model.js';
import type { HistoryEntry } from './transitions.js';

export const stageLabels: Record<Stage, string> = {
  registered: '已登记',
  screened_out: '已告知通过法定途径解决',
  repeat_linked: '重复信访，已并入原事项',
  triage: '分流中',
  awaiting_sign_for: '已转送/交办，待签收',
  awaiting_acceptance: '已签收，待受理',
  declined: '不予受理',
  handling: '办理中',
  awaiting_evaluation: '已答复，待评价',
  revisiting: '回访中',
  verifying: '核查中',
  supervising: '督办中',
  under_review: '复查中',
  under_re_review: '复核中',
  closed: '已办结',
  concluded_matter: '该事项已终结，不再受理',
};

export const stepLabels: Record<DeadlineStep, string> = {
  forwarding: '转送交办',
  signFor: '签收',
  acceptance: '受理告知',
  handling: '办理答复',
  evaluation: '满意度评价',
  revisit: '回访',
  verification: '核查',
  rectification: '督办整改',
  accountabilityProposal: '责任追究建议',
  reviewRequest: '申请复查',
  reviewDecision: '复查意见',
  reReviewRequest: '申请复核',
  reReviewDecision: '复核意见',
};

const eventLabels: Record<string, string> = {
  CaseRegistered: '信访事项已登记',
  CaseScreenedOut: '经甄别，该事项应通过法定途径解决',
  ScreeningOverturned: '甄别结论已更正，事项进入分流',
  CaseLinkedAsRepeat: '该事项与此前事项相同，已并入原事项办理',
  CaseForwarded: '已转送有权处理机关',
  CaseAssigned: '已交办',
  CaseSigned: '承办单位已签收',
  CaseAccepted: '已受理',
  CaseDeclined: '不予受理',
  AssistingOrganAdded: '已增加协办单位',
  ExtensionApproved: '办理期限已延长',
  CaseReplied: '已答复',
  CaseEvaluated: '已评价',
  CaseUnrated: '评价期满未评价',
  SupervisionOpened: '已督办',
  RectificationConfirmed: '督办事项已整改',
  CaseDeadlineMissed: '办理环节超期',
  ReviewRequested: '已申请复查',
  ReviewDecided: '已出具复查意见',
  ReReviewRequested: '已申请复核',
  ReReviewDecided: '已出具复核意见（终结）',
  CaseRefusedAsConcluded: '该事项已经复核终结，不再受理',
};

/** The decisions of a review (复查) and a re-review (复核), as the petitioner reads them. */
export function reviewDecisionLabel(level: 'review' | 're_review', decision: ReviewDecision): string {
  const before = level === 'review' ? '原处理意见' : '复查意见';
  return { upheld: `维持${before}`, changed: `变更${before}`, revoked: `撤销${before}` }[decision];
}

/** What the regulation says of a matter concluded by re-review, as the petitioner is told. */
export const concludedMatterNotice =
  '复核意见为终结意见。依照《信访工作条例》，信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理。';

/**
 * The deadlines the petitioner sees. An accountability proposal is the bureaus' internal business;
 * a cancelled deadline never ran out.
 */
export function shownToPetitioner(d: { readonly step: DeadlineStep; readonly status: string }): boolean {
  return d.step !== 'accountabilityProposal' && d.status !== 'cancelled';
}

const closureLabels: Record<NonNullable<Case['closure']>['reason'], string> = {
  satisfied: '信访人满意或基本满意',
  supervision_rectified: '督办整改完成',
  revisits_resolved: '回访已化解',
  demand_explained: '经核查已释明政策、做好解释',
  review_decided: '复查意见已出具',
  re_review_final: '复核意见为终结意见',
};

/** A review or re-review as the petitioner sees it: who decides, and the opinion once given. */
interface PublicReview {
  readonly level: 'review' | 're_review';
  /** 复查 / 复核 */
  readonly label: string;
  readonly reviewUnit: string;
  readonly requestedAt: string;
  /** The decision (`upheld`, `changed`, `revoked`) and how it reads (维持原处理意见 …). */
  readonly decision?: ReviewDecision;
  readonly decisionLabel?: string;
  /** The written opinion (复查意见书 / 复核意见书), in full. */
  readonly text?: string;
  readonly decidedAt?: string;
  /** True for a decided re-review: the opinion is final (终结). */
  readonly final: boolean;
}

export interface PublicView {
  readonly trackingNumber: string;
  readonly stage: Stage;
  readonly stageLabel: string;
  readonly title: string;
  readonly registeredAt: string;
  readonly handlingUnit?: string;
  readonly guidance?: string;
  readonly repeatOf?: string;
  /** A later petition on a matter concluded by re-review: which one, when, and what the rule is. */
  readonly concludedMatter?: { originalTrackingNumber: string; concludedAt: string; notice: string };
  readonly overdue: boolean;
  readonly deadlines: readonly {
    step: DeadlineStep;
    label: string;
    dueAt: string;
    provisional: boolean;
    overdue: boolean;
    status: string;
  }[];
  readonly timeline: readonly { at: string; event: string; label: string; detail?: string; unit?: string }[];
  readonly reply?: { outcome: string; text: string; repliedAt: string };
  readonly evaluation?: { rating: string; at: string };
  /** 复查 and 复核, in order, each with its opinion once decided. */
  readonly reviews?: readonly PublicReview[];
  /** Set once a re-review has decided: the matter is concluded (终结). */
  readonly concluded?: { at: string; notice: string };
  readonly closed?: { reason: string; at: string };
}

const outcomeLabels = { supported: '支持', explained: '解释说明', not_supported: '不予支持' } as const;
const ratingLabels = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  unrated: '未评价',
} as const;

function publicDetail(entry: HistoryEntry): string | undefined {
  switch (entry.event) {
    case 'CaseScreenedOut':
      return entry.payload.guidance;
    case 'CaseAccepted':
    case 'CaseDeclined':
      return entry.payload.notice;
    case 'ExtensionApproved':
      return `延期${entry.payload.days}天：${entry.payload.reason}`;
    case 'CaseReplied':
      return entry.payload.text;
    case 'ReviewDecided':
      return `${reviewDecisionLabel('review', entry.payload.decision)}：${entry.payload.text}`;
    case 'ReReviewDecided':
      return `${reviewDecisionLabel('re_review', entry.payload.decision)}：${entry.payload.text}`;
    case 'CaseRefusedAsConcluded':
      return `与事项${entry.payload.originalTrackingNumber}为同一事项，该事项已经复核终结。${concludedMatterNotice}`;
    default:
      return undefined;
  }
}

/** The unit a timeline line names: where the case went, or who reviews it. */
function publicUnit(entry: HistoryEntry): string | undefined {
  switch (entry.event) {
    case 'CaseForwarded':
    case 'CaseAssigned':
      return entry.payload.to;
    case 'ReviewRequested':
    case 'ReReviewRequested':
      return entry.payload.reviewUnitId;
    default:
      return undefined;
  }
}

function reviewsOf(c: Case, unitName: (unitId: string) => string): PublicReview[] {
  return c.reviews.map((r) => ({
    level: r.level,
    label: r.level === 'review' ? '复查' : '复核',
    reviewUnit: unitName(r.unitId),
    requestedAt: r.requestedAt,
    ...(r.decision ? { decision: r.decision, decisionLabel: reviewDecisionLabel(r.level, r.decision) } : {}),
    ...(r.text === undefined ? {} : { text: maskPersonalNumbers(r.text) }),
    ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
    final: r.level === 're_review' && r.decidedAt !== undefined,
  }));
}

/**
 * The public view of a case at `now`. `unitName` turns a unit id into its name; the unit of a
 * timeline line is the one the case was at after that step.
 */
export function publicView(
  c: Case,
  history: readonly HistoryEntry[],
  now: string,
  unitName: (unitId: string) => string,
): PublicView {
  const deadlines = c.deadlines.filter(shownToPetitioner).map((d) => ({
    step: d.step,
    label: stepLabels[d.step],
    dueAt: d.dueAt,
    provisional: d.provisional,
    overdue:
      d.kind === 'obligation' &&
      (d.overdueAt !== undefined ||
        (d.status === 'open' && now >= d.dueAt) ||
        (d.closedAt !== undefined && d.closedAt > d.dueAt)),
    status: d.status,
  }));
  const handling =
    c.responsibility?.unitId ??
    (c.stage === 'awaiting_sign_for' || c.stage === 'awaiting_acceptance' ? c.currentUnitId : undefined);
  const refusal = history.find((h) => h.event === 'CaseRefusedAsConcluded');
  const reReview = c.reviews.find((r) => r.level === 're_review' && r.decidedAt);
  const reviews = reviewsOf(c, unitName);
  return {
    trackingNumber: c.trackingNumber,
    stage: c.stage,
    stageLabel: stageLabels[c.stage],
    title: maskPersonalNumbers(c.title),
    registeredAt: c.registeredAt,
    ...(handling ? { handlingUnit: unitName(handling) } : {}),
    ...(c.screening ? { guidance: maskPersonalNumbers(c.screening.guidance) } : {}),
    ...(c.repeatOf ? { repeatOf: c.repeatOf } : {}),
    ...(refusal?.event === 'CaseRefusedAsConcluded'
      ? {
          concludedMatter: {
            originalTrackingNumber: refusal.payload.originalTrackingNumber,
            concludedAt: refusal.payload.concludedAt,
            notice: concludedMatterNotice,
          },
        }
      : {}),
    overdue: deadlines.some((d) => d.overdue && d.status === 'open'),
    deadlines,
    timeline: history
      .filter((h) => h.visibility === 'public')
      .map((h) => {
        const detail = publicDetail(h);
        const unit = publicUnit(h);
        return {
          at: h.at,
          event: h.event,
          label: eventLabels[h.event] ?? h.event,
          ...(detail ? { detail: maskPersonalNumbers(detail) } : {}),
          ...(unit ? { unit: unitName(unit) } : {}),
        };
      }),
    ...(c.reply
      ? {
          reply: {
            outcome: outcomeLabels[c.reply.outcome],
            text: maskPersonalNumbers(c.reply.text),
            repliedAt: c.reply.repliedAt,
          },
        }
      : {}),
    ...(reviews.length > 0 ? { reviews } : {}),
    ...(reReview?.decidedAt ? { concluded: { at: reReview.decidedAt, notice: concludedMatterNotice } } : {}),
    ...(c.evaluation
      ? { evaluation: { rating: ratingLabels[c.evaluation.rating], at: c.evaluation.at } }
      : {}),
    ...(c.closure ? { closed: { reason: closureLabels[c.closure.reason], at: c.closure.at } } : {}),
  };
}
