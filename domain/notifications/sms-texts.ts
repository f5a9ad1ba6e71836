/**
 * The SMS texts the platform sends, in one place so that a bureau can review its wording.
 * Texts name the tracking number and never repeat personal data: identity and mobile numbers that
 * staff typed into a notice, a reply or an opinion are masked.
 */
import type { CaseEventWith } from '../case/events.js';
import type { Case } from '../case/model.js';
import { concludedMatterNotice, reviewDecisionLabel } from '../case/public-view.js';
import { maskPersonalNumbers } from '../intake/normalise.js';

export const smsSignature = '【信访】';

export function receiptText(c: Case, queryCode: string, publicBaseUrl: string): string {
  return `${smsSignature}您的信访事项已登记，受理编号${c.trackingNumber}，查询码${queryCode}。可登录${publicBaseUrl}/public/cases/${c.trackingNumber}?code=${queryCode}查询办理进度，或回复“查询 ${c.trackingNumber}”。`;
}

const outcomeLabels = { supported: '支持', explained: '解释说明', not_supported: '不予支持' } as const;

/** An opinion's text in an SMS: at most `max` characters, the rest in the public view. */
const openingOf = (text: string, max = 300) =>
  text.length <= max ? text : `${text.slice(0, max)}……（全文请查询）`;

/** The Beijing calendar day of an instant, as 2027年1月5日. */
function beijingDate(ms: number): string {
  const day = new Date(ms + 8 * 3_600_000);
  return `${day.getUTCFullYear()}年${day.getUTCMonth() + 1}月${day.getUTCDate()}日`;
}

/** The last day of a window that ends at `dueAt` (the first instant after that day). */
const lastDayOf = (dueAt: string) => beijingDate(Date.parse(dueAt) - 1);

/**
 * The SMS for a case event, or undefined when the petitioner is not told about it.
 * `unitName` turns a unit id into its name.
 */
export function eventText(
  event: CaseEventWith<never>,
  c: Case,
  unitName: (id: string) => string,
  publicBaseUrl: string,
): string | undefined {
  const tn = c.trackingNumber;
  const mask = maskPersonalNumbers;
  const lookUp = `${publicBaseUrl}/public/cases/${tn}`;
  switch (event.type) {
    case 'CaseScreenedOut':
      return `${smsSignature}您的事项（${tn}）经甄别属于依法应通过法定途径解决的事项：${mask(c.screening?.guidance ?? '')}`;
    case 'CaseLinkedAsRepeat':
      return `${smsSignature}您反映的事项（${tn}）与此前事项${c.repeatOf ?? ''}相同，已并入原事项办理，不再另行受理。`;
    case 'CaseRefusedAsConcluded':
      return (
        `${smsSignature}您反映的事项（${tn}）与事项${event.payload.originalTrackingNumber}为同一事项，` +
        `该事项已于${beijingDate(Date.parse(event.payload.concludedAt))}经复核终结。${concludedMatterNotice}`
      );
    case 'CaseForwarded':
      return `${smsSignature}您的信访事项（${tn}）已转送${unitName(event.payload.to)}办理。`;
    case 'CaseAssigned':
      return `${smsSignature}您的信访事项（${tn}）已交办${unitName(event.payload.to)}办理。`;
    case 'CaseAccepted':
      return `${smsSignature}您的信访事项（${tn}）已由${unitName(c.currentUnitId)}受理：${mask(c.acceptance?.notice ?? '')}`;
    case 'CaseDeclined':
      return `${smsSignature}您的信访事项（${tn}）不予受理：${mask(c.acceptance?.notice ?? '')}`;
    case 'ExtensionApproved':
      return `${smsSignature}您的信访事项（${tn}）办理期限延长${event.payload.days}天，理由：${mask(event.payload.reason)}。`;
    case 'CaseReplied':
      return (
        `${smsSignature}您的信访事项（${tn}）已答复（${c.reply ? outcomeLabels[c.reply.outcome] : ''}）：${mask(c.reply?.text ?? '')}` +
        ` 请评价：回复1满意、2基本满意、3不满意，或访问${lookUp}。`
      );
    case 'ReviewDecided': {
      const review = c.reviews.find((r) => r.level === 'review');
      const window = c.deadlines.find((d) => d.key === 'reReviewRequest');
      const until = window ? `（${lastDayOf(window.dueAt)}前）` : '';
      return (
        `${smsSignature}您的信访事项（${tn}）复查意见已由${review ? unitName(review.unitId) : '复查机关'}出具：` +
        `${reviewDecisionLabel('review', event.payload.decision)}。${mask(openingOf(event.payload.text))}` +
        ` 如不服，可自收到本意见之日起30日内${until}申请复核。复查意见全文见${lookUp}。`
      );
    }
    case 'ReReviewDecided': {
      const reReview = c.reviews.find((r) => r.level === 're_review');
      return (
        `${smsSignature}您的信访事项（${tn}）复核意见已由${reReview ? unitName(reReview.unitId) : '复核机关'}出具：` +
        `${reviewDecisionLabel('re_review', event.payload.decision)}。${mask(openingOf(event.payload.text))}` +
        ` ${concludedMatterNotice}复核意见全文见${lookUp}。`
      );
    }
    default:
      return undefined;
  }
}

/** The SMS that carries a verification code for the petitioner's page. */
export function verificationCodeText(code: string, validMinutes: number): string {
  return `${smsSignature}您的验证码为${code}，${validMinutes}分钟内有效，仅用于提交信访事项。请勿告诉他人。`;
}
