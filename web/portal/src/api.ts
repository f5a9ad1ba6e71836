/**
 * The documented HTTP API the page speaks (GET /openapi.json), from the same origin, and the
 * Chinese a petitioner reads when it refuses something.
 */

export interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

/** A refusal of the API: its status, code, per-field problems and the seconds to wait. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly FieldProblem[] = [],
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试');
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const retry = Number(response.headers.get('retry-after'));
    throw new ApiError(
      response.status,
      data?.error ?? 'error',
      data?.message ?? response.statusText,
      Array.isArray(data?.details) ? data.details : [],
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return data as T;
}

export interface Option {
  readonly key: string;
  readonly name: string;
}

/** The province's categories and regions, from its Open311 catalogue (the same data partners read). */
export async function catalogue(): Promise<{ categories: Option[]; regions: Option[] }> {
  const services = await call<{ service_code: string; service_name: string; group: string }[]>(
    'GET',
    './open311/v2/services.json',
  );
  const first = services[0];
  const definition = first
    ? await call<{ attributes: { code: string; values?: Option[] }[] }>(
        'GET',
        `./open311/v2/services/${encodeURIComponent(first.service_code)}.json`,
      )
    : { attributes: [] };
  return {
    categories: services.map((s) => ({ key: s.service_code, name: `${s.service_name}（${s.group}）` })),
    regions: definition.attributes.find((a) => a.code === 'region_code')?.values ?? [],
  };
}

export const sendCode = (phone: string) =>
  call<{ validUntil: string }>('POST', './public/verification-codes', { phone });

export interface Receipt {
  readonly trackingNumber: string;
  readonly queryCode: string;
}

export interface Petition {
  readonly petitioner: { name: string; phone: string; idNumber?: string; address?: string };
  readonly regionCode: string;
  readonly title: string;
  readonly content: string;
  readonly category?: string;
  readonly attachments?: { name: string; url: string }[];
  readonly verificationCode: string;
}

export const submitPetition = (petition: Petition, idempotencyKey: string) =>
  call<Receipt>('POST', './public/petitions', petition, { 'idempotency-key': idempotencyKey });

export interface PublicView {
  readonly trackingNumber: string;
  readonly stage: string;
  readonly stageLabel: string;
  readonly title: string;
  readonly registeredAt: string;
  readonly handlingUnit?: string;
  readonly guidance?: string;
  readonly overdue: boolean;
  readonly deadlines: readonly {
    step: string;
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
  readonly reviews?: readonly {
    level: 'review' | 're_review';
    label: string;
    reviewUnit: string;
    requestedAt: string;
    decisionLabel?: string;
    text?: string;
    decidedAt?: string;
    final: boolean;
  }[];
  /** Set once a re-review has decided: the matter is concluded (终结). */
  readonly concluded?: { at: string; notice: string };
  /** A later petition on a matter concluded by re-review. */
  readonly concludedMatter?: { originalTrackingNumber: string; concludedAt: string; notice: string };
  readonly closed?: { reason: string; at: string };
}

const casePath = (trackingNumber: string) => `./public/cases/${encodeURIComponent(trackingNumber)}`;

export const lookUp = (r: Receipt) =>
  call<PublicView>('GET', `${casePath(r.trackingNumber)}?code=${encodeURIComponent(r.queryCode)}`);
export const rate = (r: Receipt, rating: string, comment: string) =>
  call<PublicView>('POST', `${casePath(r.trackingNumber)}/evaluation`, {
    code: r.queryCode,
    rating,
    ...(comment ? { comment } : {}),
  });
export const askReview = (r: Receipt, reason: string) =>
  call<PublicView>('POST', `${casePath(r.trackingNumber)}/review`, { code: r.queryCode, reason });

const problems: [RegExp, string][] = [
  [/verification code is wrong/, '验证码不正确'],
  [/expired/, '验证码已过期，请重新获取'],
  [/already been used/, '验证码已使用，请重新获取'],
  [/too often/, '验证码输错次数过多，请重新获取'],
  [/no verification code/, '请先获取验证码'],
  [/6-digit code/, '请输入短信中的6位数字验证码'],
  [/mainland mobile/, '请输入11位手机号码'],
  [/identity number/, '身份证号码不正确'],
  [/visible text|Too small|expected string/i, '此项不能为空'],
  [/Too big/i, '内容过长'],
  [/unknown region/, '请选择本省的地区'],
  [/unknown category/, '请选择列表中的问题类别'],
  [/Invalid URL|url/i, '请输入以 http:// 或 https:// 开头的链接'],
];

/** What the petitioner reads for one field's problem. */
export function problemText(problem: string): string {
  return problems.find(([pattern]) => pattern.test(problem))?.[1] ?? '请检查此项';
}

const refusals: Record<string, string> = {
  not_found: '未找到该事项：请核对受理编号和查询码',
  stage_conflict: '事项当前所处的阶段不能办理此项',
  window_closed: '期限已过或尚未开始，不能办理此项',
  review_exists: '该事项已申请过复查，如不服复查意见可申请复核',
  review_required: '需先有复查意见，才能申请复核',
  re_review_exists: '该事项已申请过复核，复核意见为终结意见',
  idempotency_key_reused: '该信件已提交过，请刷新页面后重新填写',
  network: '网络连接失败，请检查网络后重试',
};

/** One sentence for a refusal, in Chinese, with the API's reason where the page has no wording of its own. */
export function refusalText(error: unknown): string {
  if (!(error instanceof ApiError)) return '出现错误，请稍后重试';
  if (error.status === 429)
    return `操作过于频繁，请${error.retryAfter ? `${error.retryAfter}秒后` : '稍后'}再试`;
  const known = refusals[error.code];
  if (known) return error.code === 'window_closed' ? `${known}（${error.message}）` : known;
  if (error.status >= 500 || error.status === 0) return '服务暂时不可用，请稍后重试';
  return `未能办理：${error.message}`;
}

/** A Beijing-time date and time, as a petitioner reads it. */
export function beijing(iso: string, withTime = true): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(new Date(iso));
}
