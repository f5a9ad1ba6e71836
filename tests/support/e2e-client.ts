/**
 * Drives a booted local runtime over HTTP only, as a portal, a petitioner and staff would: for
 * the end-to-end tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { defaultWebWebhookSecret, type RunningPlatform, startPlatform } from '../../infra/local/platform.js';
import { signatureHeaders } from './webhook-signing.js';

// biome-ignore lint/suspicious/noExplicitAny: responses are inspected field by field
export type Json = any;

/** Boots an in-memory platform on a free port with a throw-away data folder; `stop` removes both. */
export async function bootPlatform(
  prefix: string,
): Promise<{ platform: RunningPlatform; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const platform = await startPlatform({ port: 0, inMemory: true, dataDir, log: () => {} });
  return {
    platform,
    async stop() {
      await platform.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One request of an end-to-end suite and its response, as sent and received over HTTP. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly requestBody?: unknown;
  readonly status: number;
  readonly responseBody: unknown;
}

/** `exchanges`, when given, receives every request and response, for checking against the API's document. */
export function e2eClient(platform: RunningPlatform, exchanges?: Exchange[]) {
  async function http(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    exchanges?.push({
      method,
      path,
      ...(body === undefined ? {} : { requestBody: typeof body === 'string' ? JSON.parse(body) : body }),
      status: response.status,
      responseBody: parsed,
    });
    return { status: response.status, body: parsed };
  }

  /** Posts a signed web submission; returns the webhook's answer (status and receipt). */
  async function submit(
    phone: string,
    fields: Record<string, unknown> = {},
  ): Promise<{ status: number; body: Json }> {
    const body = JSON.stringify({
      submissionId: `e2e-${phone}-${Math.random().toString(36).slice(2)}`,
      petitioner: { name: '测试信访人', phone },
      regionCode: '330106',
      title: '小区物业乱收费',
      content: '我们小区物业公司擅自提高物业费，业主多次反映无果，请住建部门调查处理。',
      ...fields,
    });
    return http('POST', '/webhooks/web', body, signatureHeaders(defaultWebWebhookSecret, body));
  }

  async function token(unitId: string, role: string): Promise<string> {
    return platform.staffTokens.signStaffToken({ sub: `${role}-e2e`, unitId, role });
  }

  async function act(caseId: string, command: string, unitId: string, role: string, body: unknown = {}) {
    return http('POST', `/staff/cases/${caseId}/actions/${command}`, body, {
      authorization: `Bearer ${await token(unitId, role)}`,
    });
  }

  async function staffView(caseId: string, unitId: string, role = 'supervisor'): Promise<Json> {
    return (
      await http('GET', `/staff/cases/${caseId}`, undefined, {
        authorization: `Bearer ${await token(unitId, role)}`,
      })
    ).body;
  }

  /** Waits until the table's stream is relayed and every queue has drained. */
  async function drained(): Promise<number> {
    return (await http('POST', '/_local/drain')).status;
  }

  /** Puts message bodies straight into a queue's dead-letter queue, as a consumer that kept failing would. */
  async function parkDeadLetters(queue: string, bodies: readonly unknown[]): Promise<void> {
    const sqs = new SQSClient({
      region: platform.env['AWS_REGION'] ?? 'cn-north-1',
      endpoint: platform.env['AWS_ENDPOINT_URL_SQS'],
    });
    const report = ((await http('GET', '/_local/queues')).body.queues as Json[]).find(
      (q) => q.name === queue,
    );
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: report.deadLetterQueue.name }));
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: JSON.stringify(body) })),
      }),
    );
    sqs.destroy();
  }

  return { http, submit, token, act, staffView, drained, parkDeadLetters };
}
