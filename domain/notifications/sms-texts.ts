/**
 * The SMS texts the platform sends, in one place so that a bureau can review its wording.
 * Texts name the tracking number and never repeat personal data.
 */
import type { CaseEventWith } from '../case/events.js';
import type { Case } from '../case/model.js';

export const smsSignature = '【信访】';

export function receiptText(c: Case, queryCode: string, publicBaseUrl: string): string {
  return `${smsSignature}您的信访事项已登记，受理编号${c.trackingNumber}，查询码${queryCode}。可登录${publicBaseUrl}/public/cases/${c.trackingNumber}?code=${queryCode}查询办理进度，或回复“查询 ${c.trackingNumber}”。`;
}

const outcomeLabels = { supported: '支持', explained: '解释说明', not_supported: '不予支持' } as const;

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
  switch (event.type) {
    case 'CaseScreenedOut':
      return `${smsSignature}您的事项（${tn}）经甄别属于依法应通过法定途径解决的事项：${c.screening?.guidance ?? ''}`;
    case 'CaseLinkedAsRepeat':
      return `${smsSignature}您反映的事项（${tn}）与此前事项${c.repeatOf ?? ''}相同，已并入原事项办理，不再另行受理。`;
    case 'CaseForwarded':
      return `${smsSignature}您的信访事项（${tn}）已转送${unitName(event.payload.to)}办理。`;
    case 'CaseAssigned':
      return `${smsSignature}您的信访事项（${tn}）已交办${unitName(event.payload.to)}办理。`;
    case 'CaseAccepted':
      return `${smsSignature}您的信访事项（${tn}）已由${unitName(c.currentUnitId)}受理：${c.acceptance?.notice ?? ''}`;
    case 'CaseDeclined':
      return `${smsSignature}您的信访事项（${tn}）不予受理：${c.acceptance?.notice ?? ''}`;
    case 'ExtensionApproved':
      return `${smsSignature}您的信访事项（${tn}）办理期限延长${event.payload.days}天，理由：${event.payload.reason}。`;
    case 'CaseReplied':
      return (
        `${smsSignature}您的信访事项（${tn}）已答复（${c.reply ? outcomeLabels[c.reply.outcome] : ''}）：${c.reply?.text ?? ''}` +
        ` 请评价：回复1满意、2基本满意、3不满意，或访问${publicBaseUrl}/public/cases/${tn}。`
      );
    case 'ReviewDecided':
      return `${smsSignature}您的复查申请（${tn}）已出具复查意见，如不服可在30日内申请复核。`;
    case 'ReReviewDecided':
      return `${smsSignature}您的复核申请（${tn}）已出具复核意见，该意见为终结意见。`;
    default:
      return undefined;
  }
}

/** The SMS that carries a verification code for the petitioner's page. */
export function verificationCodeText(code: string, validMinutes: number): string {
  return `${smsSignature}您的验证码为${code}，${validMinutes}分钟内有效，仅用于提交信访事项。请勿告诉他人。`;
}
