/**
 * The staff API from the browser: the bearer token on every call, `If-Match` on actions, and
 * errors as {@link ApiError} carrying the API's own message (shown to the user as it is, since
 * the API's 4xx messages say what was wrong).
 */
import { clearSession, currentSession } from '../auth/session';
import { consoleConfig } from '../config';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  /** The case version the user saw. */
  readonly ifMatch?: number;
  readonly query?: Record<string, string | number | boolean | undefined>;
}

async function apiUrl(path: string, query: RequestOptions['query'] = {}): Promise<string> {
  const { apiBaseUrl } = await consoleConfig();
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const search = params.toString();
  return `${apiBaseUrl}${path}${search ? `?${search}` : ''}`;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const session = currentSession();
  const headers: Record<string, string> = {};
  if (session) headers['authorization'] = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  const response = await fetch(await apiUrl(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (response.ok) return response;
  if (response.status === 401) clearSession();
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // API Gateway's own answers ({"message": "Unauthorized"}) or none at all
  }
  throw new ApiError(
    response.status,
    String(body['error'] ?? 'http_error'),
    String(body['message'] ?? `HTTP ${response.status}`),
    body['details'],
  );
}

/** A JSON call to the staff API. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  return (await response.json()) as T;
}

/** A file from the staff API (CSV, XLSX), saved under its own name. */
export async function download(
  path: string,
  query: RequestOptions['query'],
  fallbackName: string,
): Promise<void> {
  const response = await send(path, { query });
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Chinese text for an error, for a message or an alert. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 412) return '该案件已被他人修改，已为您重新加载，请核对后再操作。';
    if (error.status === 403) return `无权操作：${error.message}`;
    if (error.status === 401) return '登录已失效，请重新登录。';
    if (error.status === 404) return `未找到：${error.message}`;
    if (error.status >= 500) return '服务暂时不可用，请稍后再试。';
    return `操作未成功：${error.message}`;
  }
  return '网络错误，请检查网络后重试。';
}
