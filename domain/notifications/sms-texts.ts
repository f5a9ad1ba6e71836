/**
/**
 * The SMS the platform sends, each rendered from the province's registered template for its kind
 * (domain/notifications/sms-templates.ts; the wording is the province's, reviewed by its bureau).
 * Messages name the tracking number and never repeat personal data: identity and mobile numbers
 * that staff typed into a notice, a reply or an opinion are masked before they become parameters.
 */
import type { CaseEventWith } from '../case/events.js';
import type { Case } from '../case/model.js';
import { reviewDecisionLabel } from '../case/public-view.js';
import { maskPersonalNumbers } from '../intake/normalise.js';
import {
  type RenderedSms,
  type SmsKind,
  type SmsParams,
  type SmsTemplateConfig,
  smsFromTemplate,
} from './sms-templates.js';

const lookupUrl = (publicBaseUrl: string, trackingNumber: string) =>
  `${publicBaseUrl}/public/cases/${trackingNumber}`;

export function receiptSms(
  sms: SmsTemplateConfig,
  c: Case,
  queryCode: string,
  publicBaseUrl: string,
): RenderedSms {
  return smsFromTemplate(sms, 'receipt', {
    trackingNumber: c.trackingNumber,
    queryCode,
    lookupUrl: `${lookupUrl(publicBaseUrl, c.trackingNumber)}?code=${queryCode}`,
  });
}

const outcomeLabels = { supported: '支持', explained: '解释说明', not_supported: '不予支持' } as const;

/** A kind and its parameters, before the province's template renders them. */
type Unrendered = { [K in SmsKind]: { readonly kind: K; readonly params: SmsParams<K> } }[SmsKind];

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
export function eventSms(
  sms: SmsTemplateConfig,
  event: CaseEventWith<never>,
  c: Case,
  unitName: (id: string) => string,
  publicBaseUrl: string,
): RenderedSms | undefined {
  const message = eventMessage(event, c, unitName, publicBaseUrl);
  return message && smsFromTemplate(sms, message.kind, message.params as never);
}

function eventMessage(
  event: CaseEventWith<never>,
  c: Case,
  unitName: (id: string) => string,
  publicBaseUrl: string,
): Unrendered | undefined {
  const trackingNumber = c.trackingNumber;
  const mask = maskPersonalNumbers;
  switch (event.type) {
    case 'CaseScreenedOut':
      return {
        kind: 'screened_out',
        params: { trackingNumber, guidance: mask(c.screening?.guidance ?? '') },
      };
    case 'CaseLinkedAsRepeat':
      return { kind: 'repeat_linked', params: { trackingNumber, originalTrackingNumber: c.repeatOf ?? '' } };
    case 'CaseRefusedAsConcluded':
      return {
        kind: 'refused_as_concluded',
        params: {
          trackingNumber,
          originalTrackingNumber: event.payload.originalTrackingNumber,
          concludedOn: beijingDate(Date.parse(event.payload.concludedAt)),
        },
      };
    case 'CaseForwarded':
      return { kind: 'forwarded', params: { trackingNumber, unit: unitName(event.payload.to) } };
    case 'CaseAssigned':
      return { kind: 'assigned', params: { trackingNumber, unit: unitName(event.payload.to) } };
    case 'CaseAccepted':
      return {
        kind: 'accepted',
        params: { trackingNumber, unit: unitName(c.currentUnitId), notice: mask(c.acceptance?.notice ?? '') },
      };
    case 'CaseDeclined':
      return { kind: 'declined', params: { trackingNumber, notice: mask(c.acceptance?.notice ?? '') } };
    case 'ExtensionApproved':
      return {
        kind: 'extended',
        params: { trackingNumber, days: String(event.payload.days), reason: mask(event.payload.reason) },
      };
    case 'CaseReplied':
      return {
        kind: 'replied',
        params: {
          trackingNumber,
          outcome: c.reply ? outcomeLabels[c.reply.outcome] : '',
          reply: mask(c.reply?.text ?? ''),
          lookupUrl: lookupUrl(publicBaseUrl, trackingNumber),
        },
      };
    case 'ReviewDecided': {
      const review = c.reviews.find((r) => r.level === 'review');
      // The review opens the window to ask for re-review, so it is there; the words stand in if not.
      const window = c.deadlines.find((d) => d.key === 'reReviewRequest');
      return {
        kind: 'review_decided',
        params: {
          trackingNumber,
          unit: review ? unitName(review.unitId) : '复查机关',
          decision: reviewDecisionLabel('review', event.payload.decision),
          opinion: mask(openingOf(event.payload.text)),
          reReviewBy: window ? lastDayOf(window.dueAt) : '期限届满',
          lookupUrl: lookupUrl(publicBaseUrl, trackingNumber),
        },
      };
    }
    case 'ReReviewDecided': {
      const reReview = c.reviews.find((r) => r.level === 're_review');
      return {
        kind: 're_review_decided',
        params: {
          trackingNumber,
          unit: reReview ? unitName(reReview.unitId) : '复核机关',
          decision: reviewDecisionLabel('re_review', event.payload.decision),
          opinion: mask(openingOf(event.payload.text)),
          lookupUrl: lookupUrl(publicBaseUrl, trackingNumber),
        },
      };
    }
    default:
      return undefined;
  }
}

/** The SMS that carries a verification code for the petitioner's page. */
export function verificationCodeSms(sms: SmsTemplateConfig, code: string, validMinutes: number): RenderedSms {
  return smsFromTemplate(sms, 'verification_code', { code, validMinutes: String(validMinutes) });
}
