/**
 * The local runtime end to end: booted as `npm start` boots it (on a free port, in memory, with a
 * throw-away data folder) and driven over HTTP, plus an SQS client for the poison message.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultWebWebhookSecret, type RunningPlatform, startPlatform } from '../../infra/local/platform.js';
import type { SentSms } from '../../infra/local/sms-outbox.js';
import { type Topology, topology } from '../../infra/topology.js';
import { signatureHeaders } from '../support/webhook-signing.js';

interface QueueReport {
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly deadLetterQueue: { readonly name: string; readonly visible: number; readonly inFlight: number };
  readonly handled?: { readonly batches: number; readonly succeeded: number; readonly failed: number };
}

const running: { platform: RunningPlatform; dataDir: string }[] = [];

/** Boots a platform the test stops in afterEach, whatever happens. */
async function boot(options: Parameters<typeof startPlatform>[0] = {}): Promise<RunningPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'petition-e2e-'));
  const logLines: string[] = [];
  const platform = await startPlatform({
    port: 0,
    inMemory: true,
    dataDir,
    log: (line) => logLines.push(line),
    ...options,
  });
  running.push({ platform, dataDir });
  return platform;
}

afterEach(async () => {
  for (const { platform, dataDir } of running.splice(0)) {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

async function getJson<T>(platform: RunningPlatform, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${platform.url}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

async function postJson<T>(
  platform: RunningPlatform,
  path: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${platform.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function queues(platform: RunningPlatform): Promise<QueueReport[]> {
  return (await getJson<{ queues: QueueReport[] }>(platform, '/_local/queues')).body.queues;
}

/** Polls until `check` returns a value (not undefined), failing with `what` after `timeoutMs`. */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Posts a signed web submission, as the portal does. */
function submitWeb(platform: RunningPlatform, submissionId: string): Promise<Response> {
  const submission = JSON.stringify({
    submissionId,
    petitioner: { name: '张三', phone: '13812345678' },
    regionCode: '330106',
    title: '小区夜间施工噪音扰民',
    content: '某工地连续两周夜间施工至凌晨，噪音严重影响休息，请求查处。',
  });
  return fetch(`${platform.url}/webhooks/web`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signatureHeaders(defaultWebWebhookSecret, submission),
    },
    body: submission,
  });
}

async function receipts(platform: RunningPlatform): Promise<SentSms[]> {
  return (await getJson<SentSms[]>(platform, '/_local/sms')).body.filter((s) =>
    s.messageId.startsWith('receipt:'),
  );
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local runtime', () => {
  it('boots, answers over HTTP, moves its clock and stops cleanly', async () => {
    // Prepare
    const platform = await boot({ clockStart: '2026-03-02T01:00:00.000Z' });
    const { dynamoDbPid } = platform;

    // Act
    const health = await getJson<{ status: string }>(platform, '/_local/health');
    const before = await getJson<{ now: string }>(platform, '/_local/clock');
    const advanced = await postJson<{ now: string }>(platform, '/_local/clock', { advanceDays: 3 });
    const after = await getJson<{ now: string }>(platform, '/_local/clock');
    const refused = await postJson<{ message: string }>(platform, '/_local/clock', { advanceDays: -1 });
    const listed = await queues(platform);
    const unknownRoute = await getJson<{ message: string }>(platform, '/no/such/route');
    const unknownSchedule = await postJson<{ message: string }>(
      platform,
      '/_local/schedules/no-such-schedule',
      {},
    );
    await platform.stop();
    running.splice(0, 1);

    // Assess
    expect(health).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok' }) });
    expect(
      before.body.now >= '2026-03-02T01:00:00.000Z' && before.body.now < '2026-03-02T02:00:00.000Z',
    ).toBe(true);
    expect(advanced.status).toBe(200);
    expect(after.body.now >= '2026-03-05T01:00:00.000Z' && after.body.now < '2026-03-05T02:00:00.000Z').toBe(
      true,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/advanceDays must be a positive number/);
    expect(listed.map((q) => [q.name, q.deadLetterQueue.name])).toEqual(
      Object.keys(topology.queues).map((name) => [name, `${name}-dlq`]),
    );
    expect(unknownRoute).toEqual({ status: 404, body: { message: 'Not Found' } });
    expect(unknownSchedule.status).toBe(404);
    expect(isRunning(dynamoDbPid)).toBe(false);
    await expect(fetch(`${platform.url}/_local/health`)).rejects.toThrow();
  });

  it('says in its health which engine is down while the killed database JVM is restarted, with its data kept', async () => {
    // Prepare: a platform that keeps its data, with one item written by the runtime itself.
    const platform = await boot({ inMemory: false });
    const healthy = await getJson<{ status: string; checks: Record<string, { ok: boolean }> }>(
      platform,
      '/_local/health',
    );
    const accepted = await submitWeb(platform, `e2e-${randomUUID()}`);
    await eventually('the receipt of the registered case', async () =>
      (await receipts(platform)).length > 0 ? true : undefined,
    );
    await eventually('every queue drained', async () =>
      (await queues(platform)).every((q) => q.visible === 0 && q.inFlight === 0) ? true : undefined,
    );
    const dynamodb = new DynamoDBClient({
      region: platform.env['AWS_REGION'] ?? 'cn-north-1',
      endpoint: platform.env['AWS_ENDPOINT_URL_DYNAMODB'],
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const items = async () =>
      (await dynamodb.send(new ScanCommand({ TableName: platform.env['TABLE_NAME'], Select: 'COUNT' })))
        .Count;
    const before = await items();
    const killed = platform.dynamoDbPid;

    // Act
    process.kill(killed, 'SIGKILL');
    while (isRunning(killed)) await new Promise((r) => setTimeout(r, 50));
    const down = await getJson<{ status: string; down: string[] }>(platform, '/_local/health');
    const back = await eventually(
      'health ok again after the restart',
      async () => {
        const health = await getJson<{ status: string }>(platform, '/_local/health');
        return health.status === 200 ? health : undefined;
      },
      60_000,
    );
    const after = await items();
    dynamodb.destroy();

    // Assess
    expect(healthy.status).toBe(200);
    expect(healthy.body.checks).toEqual({
      'dynamodb-jvm': { ok: true },
      dynamodb: { ok: true },
      sqs: { ok: true },
    });
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'down', down: expect.arrayContaining(['dynamodb-jvm']) });
    expect(back.body.status).toBe('ok');
    expect(platform.dynamoDbPid).not.toBe(killed);
    expect(isRunning(platform.dynamoDbPid)).toBe(true);
    expect(accepted.status).toBe(202);
    expect(before).toBeGreaterThan(0);
    expect(after).toBe(before);
  });

  it('stops with "stopped." when Ctrl-C reaches the whole process group twice, as npm start runs it', async () => {
    // Prepare: the launcher npm start runs, in a process group of its own, as a terminal has it.
    const dataDir = await mkdtemp(join(tmpdir(), 'petition-e2e-'));
    const child = spawn('sh', ['infra/local/start.sh', '--in-memory', '--data-dir', dataDir], {
      env: { ...process.env, PORT: '0' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    while (!/http:\/\/127\.0\.0\.1:\d+/.test(output)) {
      if (child.exitCode !== null) throw new Error(`npm start ended before it was ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    // Act: the terminal signals the group, and the user presses Ctrl-C again at once.
    process.kill(-child.pid!, 'SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    process.kill(-child.pid!, 'SIGINT');
    const code = await exited;
    await rm(dataDir, { recursive: true, force: true });

    // Assess
    expect(code).toBe(0);
    expect(output.trimEnd()).toMatch(/stopped\.$/);
  });

  it('moves a poison message to the DLQ after maxReceiveCount and handles the good one of its batch once', async () => {
    // Prepare
    const platform = await boot({
      queueOverrides: { intake: { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 } },
    });
    const submissionId = `e2e-${randomUUID()}`;
    const accepted = await submitWeb(platform, submissionId);
    expect(accepted.status).toBe(202);
    await eventually('the receipt of the stored submission', async () =>
      (await receipts(platform)).length > 0 ? true : undefined,
    );
    const sqs = new SQSClient({
      region: platform.env['AWS_REGION'] ?? 'cn-north-1',
      endpoint: platform.env['AWS_ENDPOINT_URL_SQS'],
    });

    // Act
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: platform.env['QUEUE_URL_INTAKE'],
        Entries: [
          { Id: 'poison', MessageBody: JSON.stringify({ kind: 'nonsense' }) },
          {
            Id: 'good',
            MessageBody: JSON.stringify({
              kind: 'submission.accepted',
              version: 1,
              channel: 'web',
              submissionId,
            }),
          },
        ],
      }),
    );
    const intake = await eventually('the poison message in the DLQ and an empty intake queue', async () => {
      const report = (await queues(platform)).find((q) => q.name === 'intake');
      const settled =
        report && report.deadLetterQueue.visible > 0 && report.visible === 0 && report.inFlight === 0;
      return settled ? report : undefined;
    });
    sqs.destroy();

    // Assess
    expect(intake.deadLetterQueue.visible).toBe(1);
    // The webhook's own message and the good one succeeded once each; the poison failed twice.
    expect(intake.handled).toMatchObject({ succeeded: 2, failed: 2 });
    const sent = await receipts(platform);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: '13812345678', messageId: expect.stringMatching(/^receipt:/) });
  });

  it('moves a dead letter back to its queue through the operator function that npm run dlq invokes', async () => {
    // Prepare: a stored submission whose registration message sits in the intake dead-letter queue
    const platform = await boot();
    const submissionId = `e2e-${randomUUID()}`;
    const submission = JSON.stringify({
      submissionId,
      petitioner: { name: '李四', phone: '13812345679' },
      regionCode: '330106',
      title: '楼道堆放杂物存在消防隐患',
      content: '单元楼道长期堆放杂物，多次反映无人处理，存在消防隐患。',
    });
    const accepted = await fetch(`${platform.url}/webhooks/web`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signatureHeaders(defaultWebWebhookSecret, submission),
      },
      body: submission,
    });
    expect(accepted.status).toBe(202);
    const handledIntake = async () =>
      (await queues(platform)).find((q) => q.name === 'intake')?.handled?.succeeded ?? 0;
    await eventually('the webhook message handled', async () =>
      (await handledIntake()) >= 1 ? true : undefined,
    );
    const sqs = new SQSClient({
      region: platform.env['AWS_REGION'] ?? 'cn-north-1',
      endpoint: platform.env['AWS_ENDPOINT_URL_SQS'],
    });
    const dlqName = (await queues(platform)).find((q) => q.name === 'intake')!.deadLetterQueue.name;
    const { QueueUrl: dlqUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: dlqName }));
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: JSON.stringify({
          kind: 'submission.accepted',
          version: 1,
          channel: 'web',
          submissionId,
        }),
      }),
    );
    sqs.destroy();
    const dlq = (args: string[]) =>
      promisify(execFile)(
        process.execPath,
        ['node_modules/tsx/dist/cli.mjs', 'infra/local/dlq.ts', ...args, '--url', platform.url],
        { encoding: 'utf8' },
      );

    // Act
    const listed = JSON.parse((await dlq(['list'])).stdout) as { deadLetters: Record<string, unknown> };
    const moved = await postJson(platform, '/_local/functions/dlq-redrive/invoke', {
      action: 'redrive',
      queue: 'intake',
    });

    // Assess
    expect(listed.deadLetters['intake']).toEqual({ waiting: 1, inFlight: 0 });
    expect(moved).toEqual({ status: 200, body: { queue: 'intake', moved: 1, failed: 0 } });
    await eventually('the redriven message handled', async () =>
      (await handledIntake()) >= 2 ? true : undefined,
    );
    const intake = (await queues(platform)).find((q) => q.name === 'intake')!;
    expect(intake.deadLetterQueue).toMatchObject({ visible: 0, inFlight: 0 });
    // Registration is idempotent: the message handled again sent no second receipt.
    const receipts = (await getJson<SentSms[]>(platform, '/_local/sms')).body.filter((s) =>
      s.messageId.startsWith('receipt:'),
    );
    expect(receipts).toHaveLength(1);
  });

  it('answers 404 naming the operator functions for one it does not have', async () => {
    // Prepare
    const platform = await boot();

    // Act
    const answer = await postJson<{ message: string }>(
      platform,
      '/_local/functions/purge-everything/invoke',
      {},
    );

    // Assess
    expect(answer.status).toBe(404);
    expect(answer.body.message).toContain('operator functions: dlq-redrive');
  });

  it('builds each function from its own environment: one that uses what it was not granted is unavailable', async () => {
    // Prepare
    const withheld: Topology = {
      ...topology,
      functions: topology.functions.map((spec) =>
        spec.name === 'event-relay' ? { ...spec, access: { ...spec.access, publishEvents: false } } : spec,
      ),
    };

    // Act
    const platform = await boot({ topology: withheld });
    const health = (await (await fetch(`${platform.url}/_local/health`)).json()) as {
      unavailableFunctions: { name: string; error: string }[];
    };

    // Assess
    expect(health.unavailableFunctions).toEqual([
      {
        name: 'event-relay',
        error: expect.stringMatching(
          /EVENT_BUS_NAME is not set: this function was not granted publishing case events/,
        ),
      },
    ]);
  });

  it('serves a route as API Gateway does and admits staff with a token from npm run token', async () => {
    // Prepare
    const echo: Topology = {
      ...topology,
      rules: [],
      functions: [
        {
          name: 'echo',
          description: 'answers with the event it got',
          entry: 'tests/e2e/fixtures/echo-function.ts',
          factory: 'createEcho',
          compose: 'composeEcho',
          trigger: {
            kind: 'http',
            routes: [
              { method: 'POST', path: '/echo/{id}', auth: 'none' },
              { method: 'GET', path: '/echo/plain', auth: 'none' },
              { method: 'GET', path: '/staff/echo', auth: 'staff' },
            ],
          },
          timeoutSeconds: 5,
          bundleBudgetKiB: 10,
          memoryMb: 128,
          access: {
            province: false,
            routingModel: false,
            table: 'none',
            sendTo: [],
            publishEvents: false,
            webhookSecrets: false,
            personalDataKey: 'none',
            sendsSms: false,
            redrivesDeadLetters: false,
            open311PartnerKeys: false,
          },
        },
      ],
    };
    const logLines: string[] = [];
    const platform = await boot({ topology: echo, log: (line) => logLines.push(line) });
    const { stdout } = await promisify(execFile)(process.execPath, [
      'node_modules/tsx/dist/cli.mjs',
      'infra/local/token.ts',
      '--unit',
      '330106-xinfang',
      '--role',
      'triage_officer',
      '--sub',
      'p-42',
      '--data-dir',
      platform.dataDir,
    ]);
    const token = stdout.trim();

    // Act
    const posted = await fetch(`${platform.url}/echo/A%20B?x=1&x=2`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: 'a=1; b=2' },
      body: '你好',
    });
    const plain = await fetch(`${platform.url}/echo/plain`);
    const wrongMethod = await fetch(`${platform.url}/echo/plain`, { method: 'DELETE' });
    const anonymous = await fetch(`${platform.url}/staff/echo`);
    const forged = await fetch(`${platform.url}/staff/echo`, {
      headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` },
    });
    const staff = await fetch(`${platform.url}/staff/echo`, {
      headers: { authorization: `Bearer ${token}` },
    });

    // Assess
    expect(posted.status).toBe(201);
    expect(posted.headers.get('x-echo')).toBe('yes');
    expect(posted.headers.get('set-cookie')).toBe('seen=1');
    expect(await posted.json()).toEqual({
      routeKey: 'POST /echo/{id}',
      rawQueryString: 'x=1&x=2',
      queryStringParameters: { x: '1,2' },
      pathParameters: { id: 'A B' },
      cookies: ['a=1', 'b=2'],
      body: '你好',
      isBase64Encoded: false,
      claims: null,
    });
    expect(plain.status).toBe(200);
    expect(await plain.text()).toBe('plain');
    expect(wrongMethod.status).toBe(405);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: 'Unauthorized' });
    expect(forged.status).toBe(401);
    expect(logLines.filter((l) => l.includes('"audit":true')).map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        action: 'authenticate',
        reason: 'no bearer token',
        route: 'GET /staff/echo',
      }),
      expect.objectContaining({
        action: 'authenticate',
        reason: expect.stringMatching(/^token not accepted/),
      }),
    ]);
    expect(staff.status).toBe(201);
    expect(((await staff.json()) as { claims: unknown }).claims).toMatchObject({
      sub: 'p-42',
      unit: '330106-xinfang',
      role: 'triage_officer',
      iss: 'petition-platform-local',
      aud: 'petition-staff',
    });
  });
});
