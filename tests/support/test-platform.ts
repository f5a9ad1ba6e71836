/**
 * The test composition root: the real adapters on DynamoDB Local (from the global setup), with the
 * queue, the event bus and the SMS gateway replaced by recorders, and a clock the test moves. One
 * bag holds every port any function uses; each function's factory takes the few it names.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { inject } from 'vitest';
import type { MessageQueue, QueueName } from '../../application/ports.js';
import type { CaseEvent } from '../../domain/case/transitions.js';
import type { Clock, EventPublisher, SmsGateway, SmsMessage } from '../../domain/ports.js';
import { assessmentStore } from '../../functions/adapters/dynamodb/assessment-store.js';
import { wrongQueryCodeCounter } from '../../functions/adapters/dynamodb/attempt-counter.js';
import { DynamoCaseRepository } from '../../functions/adapters/dynamodb/case-repository.js';
import { documentClient } from '../../functions/adapters/dynamodb/client.js';
import { hotspotStore } from '../../functions/adapters/dynamodb/hotspot-store.js';
import { open311Records } from '../../functions/adapters/dynamodb/open311-records.js';
import { rateLimiter } from '../../functions/adapters/dynamodb/rate-limiter.js';
import { replyTemplateStore } from '../../functions/adapters/dynamodb/reply-template-store.js';
import { staffFeed } from '../../functions/adapters/dynamodb/staff-feed.js';
import { submissionStore } from '../../functions/adapters/dynamodb/submission-store.js';
import { verificationCodes } from '../../functions/adapters/dynamodb/verification-codes.js';
import { StaticPartnerKeys } from '../../functions/adapters/open311-partner-keys.js';
import { personalDataProtector } from '../../functions/adapters/personal-data.js';
import { IdempotentSmsGateway, sentSmsRecords } from '../../functions/adapters/sms/idempotent-sms-gateway.js';
import { StaticWebhookSecrets } from '../../functions/adapters/webhook-secrets.js';
import { createEventRelay } from '../../functions/events/event-relay.js';
import { createIntakeConsumer } from '../../functions/intake/intake-consumer.js';
import { createWebWebhook } from '../../functions/intake/web-webhook.js';
import { createSmsSender } from '../../functions/notifications/sms-sender.js';
import { auditTrail } from '../../functions/runtime/audit.js';
import type { Env } from '../../functions/runtime/environment.js';
import { createLogger } from '../../functions/runtime/logger.js';
import { logMetrics } from '../../functions/runtime/metrics.js';
import { provinceContextOf } from '../../functions/runtime/province.js';
import { signBody } from '../../functions/runtime/webhook-signature.js';
import { StreamPoller } from '../../infra/local/stream-poller.js';
import { provinceConfig } from '../../provinces/index.js';
import { createTestTable, type TestTable } from './dynamodb-local.js';

export const webSecret = 'test-web-webhook-secret-0001';
export const smsSecret = 'test-sms-webhook-secret-0001';
/** Two Open311 partners, the second with a tight rate of its own. */
export const partnerKey = 'test-open311-partner-key-0001';
export const otherPartnerKey = 'test-open311-partner-key-0002';

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
  /** The queues this stand-in may send to, like the real adapter's granted queue URLs. */
  constructor(private readonly granted: readonly QueueName[] = ['intake', 'routing', 'casework', 'sms']) {}
  async send(queue: QueueName, message: unknown): Promise<void> {
    if (!this.granted.includes(queue)) throw new Error(`this function may not send to the ${queue} queue`);
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

/** A gateway that records what it is given; like every gateway it does not drop repeated ids. */
export class RecordingSms implements SmsGateway {
  readonly sent: SmsMessage[] = [];
  /** Sends that fail, like a provider that is down, before sends succeed again. */
  failNext = 0;
  async send(message: SmsMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('gateway down');
    }
    this.sent.push(message);
  }
}

/**
 * The case repository, followed after each write by the real event relay reading the table's
 * stream (as Lambda's stream mapping would run it, but at once): a test sees the events of a
 * write on the recording bus when the write returns. A relay that fails (the bus is down) leaves
 * its records in the stream for the next write's relay, as the stream keeps them for Lambda.
 */
function relayingRepository(
  env: Env,
  options: { readonly tableName: string; readonly endpoint: string; readonly bus: EventPublisher },
): DynamoCaseRepository {
  const silent = { info() {}, warn() {}, error() {} };
  const stream = new StreamPoller({
    dynamo: new DynamoDBClient({ region: 'cn-north-1', endpoint: options.endpoint }),
    endpoint: options.endpoint,
    region: 'cn-north-1',
    tableName: options.tableName,
    batchSize: 100,
    handle: createEventRelay({ events: options.bus, logger: silent }),
    log: () => {},
    retryMs: 0,
  });
  const relay = async () => {
    for (let pass = 0; pass < 10 && !(await stream.settled()); pass++);
  };
  class RelayingRepository extends DynamoCaseRepository {
    override async create(...args: Parameters<DynamoCaseRepository['create']>): Promise<void> {
      await super.create(...args);
      await relay();
    }
    override async save(...args: Parameters<DynamoCaseRepository['save']>): Promise<void> {
      await super.save(...args);
      await relay();
    }
  }
  return new RelayingRepository(documentClient(env), { tableName: options.tableName });
}

/** Every port any function of the platform uses, on the test table with recorders at the edges. */
async function testPorts(options: {
  readonly tableName: string;
  readonly endpoint: string;
  readonly keyFile: string;
  readonly clock: Clock;
  readonly queue: MessageQueue;
  readonly bus: EventPublisher;
  readonly sms: SmsGateway;
  readonly logLines: string[];
  /** Real time for throttling and code validity; the business clock unless a test separates them. */
  readonly wallClock?: Clock;
}) {
  process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
  const env = {
    TABLE_NAME: options.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: options.endpoint,
    AWS_REGION: 'cn-north-1',
    PERSONAL_DATA_KEY_FILE: options.keyFile,
  };
  const logger = createLogger({}, (line) => options.logLines.push(line));
  return {
    cases: relayingRepository(env, options),
    submissions: submissionStore(env),
    staffFeed: staffFeed(env),
    replyTemplates: replyTemplateStore(env),
    assessment: assessmentStore(env, options.clock),
    hotspots: hotspotStore(env),
    wrongQueryCodes: wrongQueryCodeCounter(env),
    codes: verificationCodes(env),
    limiter: rateLimiter(env),
    open311Records: open311Records(env),
    partnerKeys: new StaticPartnerKeys([
      { id: 'zheliban', name: '浙里办', key: partnerKey },
      { id: 'minor-app', name: '某小程序', key: otherPartnerKey, rateLimit: { limit: 3, windowSeconds: 60 } },
    ]),
    queue: options.queue,
    events: options.bus,
    sms: new IdempotentSmsGateway(options.sms, sentSmsRecords(env)),
    personalData: await personalDataProtector(env),
    province: provinceContextOf(provinceConfig('zhejiang')),
    staffClaims: provinceConfig('zhejiang').staffClaims,
    webhookSecrets: new StaticWebhookSecrets({ web: webSecret, sms: smsSecret }),
    clock: options.clock,
    wallClock: options.wallClock ?? { now: () => new Date().toISOString() },
    logger,
    audit: auditTrail(logger),
    metrics: logMetrics(logger),
    publicBaseUrl: 'http://127.0.0.1:3000',
  };
}

type TestPorts = Awaited<ReturnType<typeof testPorts>>;

export interface TestPlatform {
  readonly deps: TestPorts;
  readonly table: TestTable;
  readonly clock: TestClock;
  readonly queue: RecordingQueue;
  readonly bus: RecordingBus;
  readonly sms: RecordingSms;
  readonly logLines: string[];
  /** Hands the messages waiting in the SMS queue to the SMS sender, as Lambda would. */
  sendQueuedSms(): Promise<void>;
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
  const deps = await testPorts({
    tableName: table.tableName,
    endpoint: inject('dynamoEndpoint'),
    keyFile,
    clock,
    queue,
    bus,
    sms,
    logLines,
  });
  const sender = createSmsSender(deps);
  return {
    deps,
    table,
    clock,
    queue,
    bus,
    sms,
    logLines,
    sendQueuedSms: async () => {
      await sender(queue.drain('sms'), lambdaTestContext());
    },
    dispose: () => table.dispose(),
  };
}

/** A Lambda context for invoking a handler in a test. */
export function lambdaTestContext(): Context {
  const requestId = randomBytes(8).toString('hex');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:test',
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/test',
    logStreamName: `test/${requestId}`,
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** What a web petition says, where a test cares. */
export interface WebPetition {
  readonly name?: string;
  readonly phone?: string;
  readonly title?: string;
  readonly content?: string;
}

/**
 * A web petition through the real path: the signed webhook, then the intake consumer on what it
 * queued (registered and screened in; the relay has published its events). Its tracking number.
 */
export async function registerWebPetition(
  platform: TestPlatform,
  submissionId: string,
  petition: WebPetition = {},
): Promise<string> {
  const body = JSON.stringify({
    submissionId,
    petitioner: { name: petition.name ?? '王五', phone: petition.phone ?? '13900001111' },
    regionCode: '330106',
    title: petition.title ?? '小区电梯长期故障',
    content: petition.content ?? '小区电梯长期故障无人维修，老人出行困难，请住建部门督促物业维修。',
  });
  const context = {} as Context;
  const response = await createWebWebhook(platform.deps)(
    signedRequest('/webhooks/web', body, webSecret),
    context,
  );
  await createIntakeConsumer(platform.deps)(platform.queue.drain('intake'), context);
  return JSON.parse(String((response as { body: string }).body)).trackingNumber;
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
