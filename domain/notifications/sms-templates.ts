/**
 * SMS templates as mainland providers hold them (短信模板): a body with named parameters `${name}`,
 * registered and approved once, then sent as a template code plus the parameters' values under the
 * registered signature (短信签名). The platform renders a message exactly as the provider will, so
 * the text it records (and the local outbox shows) is the text the petitioner receives.
 */
import { concludedMatterNotice } from '../case/public-view.js';

/** A template's parameter names, in order of first appearance. */
function templateParameters(body: string): string[] {
  return [...new Set([...body.matchAll(/\$\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!))];
}

/** A template was given parameters that do not fit it. */
export class SmsTemplateMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsTemplateMismatchError';
  }
}

/**
 * The text a provider sends for `body` with `params` under `signName`: `【signName】` and the body with
 * each `${name}` replaced by its value. Every parameter must be given, and no other.
 * @throws SmsTemplateMismatchError naming the missing or unknown parameters
 */
export function renderSms(signName: string, body: string, params: Readonly<Record<string, string>>): string {
  const expected = templateParameters(body);
  const missing = expected.filter((name) => !Object.hasOwn(params, name));
  const unknown = Object.keys(params).filter((name) => !expected.includes(name));
  if (missing.length > 0 || unknown.length > 0)
    throw new SmsTemplateMismatchError(
      `template parameters do not fit: missing ${missing.join(', ') || 'none'}; unknown ${unknown.join(', ') || 'none'}`,
    );
  return `【${signName}】${body.replace(/\$\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_, name: string) => params[name]!)}`;
}

/**
 * Every message the platform sends, by kind, and the parameters the platform fills in for it. A
 * province registers one template per kind with its provider; its body may use exactly these
 * parameters (the province schema checks it), so no message can go out with a parameter missing.
 */
export const smsTemplateParameters = {
  receipt: ['trackingNumber', 'queryCode', 'lookupUrl'],
  screened_out: ['trackingNumber', 'guidance'],
  repeat_linked: ['trackingNumber', 'originalTrackingNumber'],
  refused_as_concluded: ['trackingNumber', 'originalTrackingNumber', 'concludedOn'],
  forwarded: ['trackingNumber', 'unit'],
  assigned: ['trackingNumber', 'unit'],
  accepted: ['trackingNumber', 'unit', 'notice'],
  declined: ['trackingNumber', 'notice'],
  extended: ['trackingNumber', 'days', 'reason'],
  replied: ['trackingNumber', 'outcome', 'reply', 'lookupUrl'],
  review_decided: ['trackingNumber', 'unit', 'decision', 'opinion', 'reReviewBy', 'lookupUrl'],
  re_review_decided: ['trackingNumber', 'unit', 'decision', 'opinion', 'lookupUrl'],
  status: ['trackingNumber', 'stage'],
  status_not_found: ['trackingNumber'],
  empty_petition: [],
  no_case_awaiting_evaluation: [],
  rating_refused: ['trackingNumber', 'reason'],
  rating_window_closed: ['trackingNumber', 'closedAt'],
  rating_thanks: ['trackingNumber'],
  verification_code: ['code', 'validMinutes'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** A kind of message the platform sends. */
export type SmsKind = keyof typeof smsTemplateParameters;
export const smsKinds = Object.keys(smsTemplateParameters) as SmsKind[];

/** The values of a kind's parameters: all of them, and no other. */
export type SmsParams<K extends SmsKind> = {
  readonly [P in (typeof smsTemplateParameters)[K][number]]: string;
};

/** The wording the platform ships for each kind. */
const templateBodies: Readonly<Record<SmsKind, string>> = {
  receipt:
    '您的信访事项已登记，受理编号${trackingNumber}，查询码${queryCode}。可登录${lookupUrl}查询办理进度，或回复“查询 ${trackingNumber}”。',
  screened_out: '您的事项（${trackingNumber}）经甄别属于依法应通过法定途径解决的事项：${guidance}',
  repeat_linked:
    '您反映的事项（${trackingNumber}）与此前事项${originalTrackingNumber}相同，已并入原事项办理，不再另行受理。',
  refused_as_concluded: `您反映的事项（\${trackingNumber}）与事项\${originalTrackingNumber}为同一事项，该事项已于\${concludedOn}经复核终结。${concludedMatterNotice}`,
  forwarded: '您的信访事项（${trackingNumber}）已转送${unit}办理。',
  assigned: '您的信访事项（${trackingNumber}）已交办${unit}办理。',
  accepted: '您的信访事项（${trackingNumber}）已由${unit}受理：${notice}',
  declined: '您的信访事项（${trackingNumber}）不予受理：${notice}',
  extended: '您的信访事项（${trackingNumber}）办理期限延长${days}天，理由：${reason}。',
  replied:
    '您的信访事项（${trackingNumber}）已答复（${outcome}）：${reply} 请评价：回复1满意、2基本满意、3不满意，或访问${lookupUrl}。',
  review_decided:
    '您的信访事项（${trackingNumber}）复查意见已由${unit}出具：${decision}。${opinion} 如不服，可自收到本意见之日起30日内（${reReviewBy}前）申请复核。复查意见全文见${lookupUrl}。',
  re_review_decided: `您的信访事项（\${trackingNumber}）复核意见已由\${unit}出具：\${decision}。\${opinion} ${concludedMatterNotice}复核意见全文见\${lookupUrl}。`,
  status: '事项${trackingNumber}当前状态：${stage}。',
  status_not_found: '未找到与本手机号关联的事项${trackingNumber}。',
  empty_petition: '短信内容为空，请回复您要反映的具体事项。',
  no_case_awaiting_evaluation: '您没有待评价的信访事项。',
  rating_refused: '事项${trackingNumber}无法评价：${reason}',
  rating_window_closed: '事项${trackingNumber}的评价期限已于${closedAt}届满，不能再评价。',
  rating_thanks: '感谢您对事项${trackingNumber}的评价。',
  verification_code: '您的验证码为${code}，${validMinutes}分钟内有效，仅用于提交信访事项。请勿告诉他人。',
};

/** A province's template for one kind: the provider's code and the approved body. */
export interface SmsTemplate {
  readonly code: string;
  readonly body: string;
}

/**
 * The wording the platform ships, under codes that say they are not registered yet
 * (`UNREGISTERED_RECEIPT`…): a province registers these bodies (or its own, with the same
 * parameters) and puts the provider's codes in its configuration.
 */
export const defaultSmsTemplates: Readonly<Record<SmsKind, SmsTemplate>> = Object.fromEntries(
  smsKinds.map((kind) => [kind, { code: `UNREGISTERED_${kind.toUpperCase()}`, body: templateBodies[kind] }]),
) as Record<SmsKind, SmsTemplate>;

/** The signature and templates a province registered with its SMS provider. */
export interface SmsTemplateConfig {
  /** The signature (短信签名) without brackets. */
  readonly signName: string;
  readonly templates: Readonly<Record<SmsKind, SmsTemplate>>;
}

/** Why a template body does not fit its kind, or undefined when it has exactly its parameters. */
export function templateProblem(kind: SmsKind, body: string): string | undefined {
  const expected: readonly string[] = smsTemplateParameters[kind];
  const used = templateParameters(body);
  const missing = expected.filter((name) => !used.includes(name));
  const unknown = used.filter((name) => !expected.includes(name));
  if (missing.length === 0 && unknown.length === 0) return undefined;
  return `template ${kind} must use exactly \${${expected.join('}, ${')}}: missing ${missing.join(', ') || 'none'}; unknown ${unknown.join(', ') || 'none'}`;
}

/** A message rendered from its template, with what the provider is sent. */
export interface RenderedSms {
  /** What the petitioner reads, signature included. */
  readonly text: string;
  readonly template: {
    readonly signName: string;
    readonly code: string;
    readonly params: Readonly<Record<string, string>>;
  };
}

/**
 * The message of `kind` with `params`, rendered from the province's template as its provider
 * renders it.
 * @throws SmsTemplateMismatchError when the template does not fit the parameters
 */
export function smsFromTemplate<K extends SmsKind>(
  config: SmsTemplateConfig,
  kind: K,
  params: SmsParams<K>,
): RenderedSms {
  const template = config.templates[kind];
  const values = params as Readonly<Record<string, string>>;
  return {
    text: renderSms(config.signName, template.body, values),
    template: { signName: config.signName, code: template.code, params: { ...values } },
  };
}
