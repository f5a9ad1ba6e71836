/**
 * What the sections on the local runtime share: signed submissions over HTTP, waiting for the
 * queues to drain, staff calls, and a capacity meter that attributes every DynamoDB call of the
 * platform's functions to the function that made it (issue 13, cost per case).
 */
import { type DynamoDbCall, observeDynamoDb } from '../../functions/adapters/dynamodb/capacity-meter.js';
import { currentFunction } from '../../infra/local/invoke.js';
import { defaultWebWebhookSecret, type RunningPlatform } from '../../infra/local/platform.js';
import { signatureHeaders } from '../support/webhook-signing.js';
import { round } from './bench.js';

/** The functions a registration passes through, webhook to routed. */
export const registrationChain = ['web-webhook', 'intake-consumer', 'routing-consumer'] as const;

export interface Receipt {
  readonly trackingNumber: string;
  readonly queryCode: string;
}

/** A petition's title and text, where a section brings its own (a real message). */
export interface Matter {
  readonly title: string;
  readonly content: string;
}

/**
 * Posts signed web submission `i` of a run `tag` (its own petitioner and title, or the matter
 * given); throws unless 202.
 */
export async function submit(
  platform: RunningPlatform,
  tag: string,
  i: number,
  matter?: Matter,
): Promise<Receipt> {
  const body = JSON.stringify({
    submissionId: `${tag}-${i}`,
    petitioner: { name: `信访人${tag}${i}`, phone: `13${String(tag.length * 7919 + i).padStart(9, '0')}` },
    regionCode: '330106',
    title: matter?.title ?? `关于小区公共设施维修的问题${tag}${i}`,
    content:
      matter?.content ?? `${tag}第${i}号：小区电梯和路灯长期损坏无人维修，请相关部门督促物业公司尽快处理。`,
  });
  const response = await fetch(`${platform.url}/webhooks/web`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signatureHeaders(defaultWebWebhookSecret, body),
    },
    body,
  });
  if (response.status !== 202)
    throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Receipt;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
type Json = any;

/** Calls the platform over HTTP; throws unless 2xx. */
export async function call(
  platform: RunningPlatform,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Json> {
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Waits until the table's stream is relayed and every queue has drained. */
export async function drain(platform: RunningPlatform, timeoutSeconds = 120): Promise<void> {
  await call(platform, 'POST', `/_local/drain?timeoutSeconds=${timeoutSeconds}`);
}

/**
 * Records each queue's consumer has failed so far (`queue=n`, those with any): a failed record
 * waits out its visibility timeout before it is received again, which a drain waits for.
 */
export async function failedRecords(platform: RunningPlatform): Promise<{ total: number; note: string }> {
  const { queues } = await call(platform, 'GET', '/_local/queues');
  const failing = (queues as { name: string; handled?: { failed: number } }[]).filter(
    (q) => (q.handled?.failed ?? 0) > 0,
  );
  return {
    total: failing.reduce((s, q) => s + (q.handled?.failed ?? 0), 0),
    note: failing.map((q) => `${q.name}=${q.handled?.failed}`).join(' ') || 'none',
  };
}

/** A staff member's bearer header. */
export async function staff(platform: RunningPlatform, unitId: string, role: string) {
  return {
    authorization: `Bearer ${await platform.staffTokens.signStaffToken({ sub: `${role}-bench`, unitId, role })}`,
  };
}

/** One metered call, with the function it ran in (`runtime` outside any invocation). */
export interface MeteredCall extends DynamoDbCall {
  readonly fn: string;
}

/** Records every DynamoDB call of the platform's functions until `stop`. */
export function meter(): { readonly calls: MeteredCall[]; stop(): void } {
  const calls: MeteredCall[] = [];
  const stop = observeDynamoDb((c) => calls.push({ ...c, fn: currentFunction() ?? 'runtime' }));
  return { calls, stop };
}

export interface Totals {
  calls: number;
  rcu: number;
  wcu: number;
}

export function totals(calls: readonly DynamoDbCall[]): Totals {
  return {
    calls: calls.length,
    rcu: calls.reduce((s, c) => s + c.readUnits, 0),
    wcu: calls.reduce((s, c) => s + c.writeUnits, 0),
  };
}

/** Per function, `fn=calls` (or `fn=calls/rcu/wcu`), divided by `per`, busiest first. */
export function breakdown(calls: readonly MeteredCall[], per: number, units = false): string {
  const byFn = new Map<string, MeteredCall[]>();
  for (const c of calls) byFn.set(c.fn, [...(byFn.get(c.fn) ?? []), c]);
  return [...byFn.entries()]
    .map(([fn, own]) => [fn, totals(own)] as const)
    .sort((a, b) => b[1].calls - a[1].calls)
    .map(
      ([fn, t]) =>
        `${fn}=${round(t.calls / per, 1)}${units ? `/${round(t.rcu / per, 1)}/${round(t.wcu / per, 1)}` : ''}`,
    )
    .join(' ');
}

/** Whether a call touches a case's items (`CASE#…`, `TRACKING#…`): the case write path's share. */
export function touchesCase(c: DynamoDbCall): boolean {
  return c.partitionKeys.some((k) => k.startsWith('CASE#') || k.startsWith('TRACKING#'));
}
