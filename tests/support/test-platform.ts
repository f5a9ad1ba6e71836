/**
 * The test composition root: the real adapters on DynamoDB Local (from the global setup), with the
 * queue, the event bus and the SMS gateway replaced by recorders, and a clock the test moves.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, SQSEvent, SQSRecord } from 'aws-lambda';
import { inject } from 'vitest';
import type { CaseEvent } from '../../domain/case/transitions.js';
import type { Clock, EventPublisher, MessageQueue, SmsGateway, SmsMessage } from '../../domain/ports.js';
import { buildDependencies, type Dependencies } from '../../functions/runtime/dependencies.js';
import { createLogger } from '../../functions/runtime/logger.js';
import { signBody } from '../../functions/runtime/webhook-signature.js';
import { createTestTable, type TestTable } from './dynamodb-local.js';

export const webSecret = 'test-web-webhook-secret-0001';
export const smsSecret = 'test-sms-webhook-secret-0001';

export class TestClock implements Clock {
  constructor(private current: string) {}
  now(): string {
    return this.current;
  }
  set(iso: string): void {
    this.current = new Date(iso).toISOString();
  }
  advanceHours(hours: number): void {
    this.current = new Date(Date.parse(this.current) + hours * 3_600_000).toISOString();
  }
}

export class RecordingQueue implements MessageQueue {
  readonly sent: { queue: string; message: unknown }[] = [];
  failNext = 0;
  async send(queue: string, message: unknown): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('queue unavailable');
    }
    this.sent.push({ queue, message: JSON.parse(JSON.stringify(message)) });
  }
  /** The messages sent to `queue` as an SQS event, as Lambda would receive them. */
  drain(queue: string): SQSEvent {
    const records = this.sent.filter((m) => m.queue === queue);
    this.sent.splice(0, this.sent.length, ...this.sent.filter((m) => m.queue !== queue));
    return sqsEvent(records.map((r) => r.message));
  }
}

export function sqsEvent(bodies: readonly unknown[]): SQSEvent {
  return {
    Records: bodies.map(
      (body, i): SQSRecord => ({
        messageId: `m-${i}-${randomBytes(4).toString('hex')}`,
        receiptHandle: `r-${i}`,
        body: typeof body === 'string' ? body : JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:cn-north-1:000000000000:test',
        awsRegion: 'cn-north-1',
      }),
    ),
  };
}

export class RecordingBus implements EventPublisher {
  readonly published: CaseEvent[] = [];
  failing = false;
  async publish(events: readonly CaseEvent[]): Promise<void> {
    if (this.failing) throw new Error('bus unavailable');
    this.published.push(...events);
  }
  /** The published events as EventBridge would deliver them to an SQS target. */
  envelopes(types?: readonly string[]): unknown[] {
    return this.published
      .filter((e) => !types || types.includes(e.type))
      .map((e) => ({ 'detail-type': e.type, source: 'petition.cases', time: e.occurredAt, detail: e }));
  }
}

export class RecordingSms implements SmsGateway {
  readonly sent: SmsMessage[] = [];
  async send(message: SmsMessage): Promise<void> {
    if (!this.sent.some((m) => m.messageId === message.messageId)) this.sent.push(message);
  }
}

export interface TestPlatform {
  readonly deps: Dependencies;
  readonly table: TestTable;
  readonly clock: TestClock;
  readonly queue: RecordingQueue;
  readonly bus: RecordingBus;
  readonly sms: RecordingSms;
  readonly logLines: string[];
  dispose(): Promise<void>;
}

export async function testPlatform(start = '2026-03-02T02:00:00.000Z'): Promise<TestPlatform> {
  const table = await createTestTable(inject('dynamoEndpoint'));
  const dir = mkdtempSync(join(tmpdir(), 'petition-test-'));
  const keyFile = join(dir, 'personal-data.key');
  writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n${randomBytes(32).toString('hex')}\n`);
  const clock = new TestClock(start);
  const queue = new RecordingQueue();
  const bus = new RecordingBus();
  const sms = new RecordingSms();
  const logLines: string[] = [];
  process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
  const deps = await buildDependencies(
    {
      PROVINCE: 'zhejiang',
      TABLE_NAME: table.tableName,
      PERSONAL_DATA_KEY_FILE: keyFile,
      WEB_WEBHOOK_SECRET: webSecret,
      SMS_WEBHOOK_SECRET: smsSecret,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      AWS_REGION: 'cn-north-1',
      PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
    },
    { clock, queues: queue, events: bus, sms, logger: createLogger({}, (line) => logLines.push(line)) },
  );
  return { deps, table, clock, queue, bus, sms, logLines, dispose: () => table.dispose() };
}

/** A signed API Gateway v2 request for a webhook, as the portal or gateway would send it. */
export function signedRequest(
  path: string,
  body: string,
  secret: string,
  options: { timestamp?: number; contentType?: string; signature?: string; sourceIp?: string } = {},
): APIGatewayProxyEventV2 {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return httpEvent('POST', path, {
    body,
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-signature-timestamp': timestamp,
      'x-signature': options.signature ?? signBody(secret, timestamp, body),
    },
    ...(options.sourceIp ? { sourceIp: options.sourceIp } : {}),
  });
}

export function httpEvent(
  method: string,
  path: string,
  options: {
    body?: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    pathParameters?: Record<string, string>;
    sourceIp?: string;
  } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: options.headers ?? {},
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: options.sourceIp ?? '127.0.0.1',
        userAgent: 'test',
      },
      requestId: randomBytes(8).toString('hex'),
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: false,
  };
}
