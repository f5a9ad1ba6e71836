/**
 * The SMS the platform sends, each rendered from the province's registered template for its kind
 * (domain/notifications/sms-templates.ts; the wording is the province's, reviewed by its bureau).
 * Messages name the tracking number and never repeat personal data.
 */
import type { CaseEventWith } from '../case/events.js';
import type { Case } from '../case/model.js';
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
  switch (event.type) {
    case 'CaseScreenedOut':
      return { kind: 'screened_out', params: { trackingNumber, guidance: c.screening?.guidance ?? '' } };
    case 'CaseLinkedAsRepeat':
      return { kind: 'repeat_linked', params: { trackingNumber, originalTrackingNumber: c.repeatOf ?? '' } };
    case 'CaseForwarded':
      return { kind: 'forwarded', params: { trackingNumber, unit: unitName(event.payload.to) } };
    case 'CaseAssigned':
      return { kind: 'assigned', params: { trackingNumber, unit: unitName(event.payload.to) } };
    case 'CaseAccepted':
      return {
        kind: 'accepted',
        params: { trackingNumber, unit: unitName(c.currentUnitId), notice: c.acceptance?.notice ?? '' },
      };
    case 'CaseDeclined':
      return { kind: 'declined', params: { trackingNumber, notice: c.acceptance?.notice ?? '' } };
    case 'ExtensionApproved':
      return {
        kind: 'extended',
        params: { trackingNumber, days: String(event.payload.days), reason: event.payload.reason },
      };
    case 'CaseReplied':
      return {
        kind: 'replied',
        params: {
          trackingNumber,
          outcome: c.reply ? outcomeLabels[c.reply.outcome] : '',
          reply: c.reply?.text ?? '',
          lookupUrl: lookupUrl(publicBaseUrl, trackingNumber),
        },
      };
    case 'ReviewDecided':
      return { kind: 'review_decided', params: { trackingNumber } };
    case 'ReReviewDecided':
      return { kind: 're_review_decided', params: { trackingNumber } };
    default:
      return undefined;
  }
}
