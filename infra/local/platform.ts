/**
 * The local runtime: the whole platform on one machine, with no AWS account. It reads the same
 * topology as the CDK app (docs/decisions/0003-one-topology-two-runtimes.md) and plays the AWS
 * services around the functions: DynamoDB Local for the table, fauxqs for SQS, and in-process
 * stand-ins for Lambda's event source mappings, EventBridge (rules and schedules), API Gateway and
 * the SMS gateway. Functions are the real ones, built by their factories with the real adapters.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ScheduledEvent } from 'aws-lambda';
import { caseTableDefinition } from '../../functions/adapters/dynamodb/table.js';
import type { Env } from '../../functions/runtime/environment.js';
import type { LocalServices } from '../../functions/runtime/local-services.js';
import { createLogger } from '../../functions/runtime/logger.js';
import { logMetrics } from '../../functions/runtime/metrics.js';
import { provinceConfig } from '../../provinces/index.js';
import { type EnvironmentValues, functionEnvironment } from '../cdk/function-environment.js';
import { queueUrlVariable } from '../cdk/names.js';
import { routingModelSource, writeProvinceConfig } from '../cdk/province-config-file.js';
import {
  topology as defaultTopology,
  type FunctionSpec,
  type QueueName,
  type Topology,
} from '../topology.js';
import { applyClockRequest, ClockRequestError, createLocalClock, type LocalClock } from './clock.js';
import { consoleDist } from './console-build.js';
import { dataFolderFiles, ensurePersonalDataKey, readClockOffset, writeClockOffset } from './data-folder.js';
import {
  findJava,
  JavaNotFoundError,
  type SupervisedDynamoDbLocal,
  startSupervisedDynamoDbLocal,
} from './dynamodb-local.js';
import { LocalEventBus } from './event-bus.js';
import { compileRoutes } from './http-gateway.js';
import { type ControlResponse, closeServer, type HttpTarget, startLocalServer } from './http-server.js';
import { Activity, invoke, type LocalHandler } from './invoke.js';
import { defaultDataDir, projectRoot } from './paths.js';
import { ensurePortalBuilt, portalBuild } from './portal-build.js';
import { QueuePoller } from './queue-poller.js';
import { LocalScheduler } from './scheduler.js';
import { localSignIn } from './sign-in.js';
import { LocalSmsOutbox } from './sms-outbox.js';
import {
  type LocalSqsServer,
  type ProvisionedQueue,
  provisionQueues,
  type QueueCounts,
  type QueueOverrides,
  queueCounts,
  restoreQueueSnapshot,
  saveQueueSnapshot,
  startLocalSqs,
} from './sqs-local.js';
import { openStaffTokens, type StaffTokens } from './staff-tokens.js';
import type { StaticSite } from './static-site.js';
import { StreamPoller } from './stream-poller.js';

export const defaultWebWebhookSecret = 'local-web-webhook-secret-0001';
export const defaultSmsWebhookSecret = 'local-sms-webhook-secret-0001';
/** The one Open311 partner key of a local runtime unless `OPEN311_API_KEY` sets another. */
export const defaultOpen311ApiKey = 'local-open311-api-key-0001';
/** The table's name locally (on AWS the CDK app generates one). */
export const localTableName = 'petition-cases';

export interface PlatformOptions {
  /** HTTP port on 127.0.0.1; 0 picks a free one. Default 3000. */
  readonly port?: number;
  /** Where data, keys and the outbox live. Default `<project>/.data`. */
  readonly dataDir?: string;
  /** Keep the database, queues, clock and SMS outbox in memory only (keys still go to `dataDir`). */
  readonly inMemory?: boolean;
  /** Province id (provinces/). Default `zhejiang`. */
  readonly province?: string;
  /** Where the runtime clock starts (ISO 8601); otherwise real time, or where a persistent run left it. */
  readonly clockStart?: string;
  readonly queueOverrides?: QueueOverrides;
  readonly webWebhookSecret?: string;
  readonly smsWebhookSecret?: string;
  /** The local Open311 partner's key. Default {@link defaultOpen311ApiKey}. */
  readonly open311ApiKey?: string;
  /** Receives every log line (the runtime's and the functions'). Default: stdout. */
  readonly log?: (line: string) => void;
  /** The wiring to run; the project's topology by default. */
  readonly topology?: Topology;
  /**
   * Web apps to serve: by default the staff console under `/console/` (console-build.ts) and the
   * petitioner's page at `/` (portal-build.ts).
   */
  readonly sites?: readonly StaticSite[];
}

/** A function of the topology that could not be loaded, and why. */
interface UnavailableFunction {
  readonly name: string;
  readonly error: string;
}

export interface RunningPlatform {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly clock: LocalClock;
  readonly sms: LocalSmsOutbox;
  /** The local engines and resources, by the variables functions name them with (endpoints, table, queue URLs). */
  readonly env: Readonly<Record<string, string>>;
  /** Milliseconds from the call to ready. */
  readonly startupMs: number;
  /** The DynamoDB Local JVM's process id now (a JVM that died is restarted with a new one). */
  readonly dynamoDbPid: number;
  readonly unavailableFunctions: readonly UnavailableFunction[];
  /** Signs staff tokens the runtime accepts. */
  readonly staffTokens: StaffTokens;
  /** Stops timers, pollers (waiting for handlers), the HTTP server, fauxqs and the JVM. Idempotent. */
  stop(): Promise<void>;
}

/** How long `POST /_local/schedules/{name}` waits for the queues to drain, unless `?timeoutSeconds=`. */
const defaultDrainTimeoutMs = 60_000;

/** The drain wait a control request asks for (`?timeoutSeconds=`), or the default. */
function drainTimeoutMs(query: URLSearchParams): number {
  const seconds = Number(query.get('timeoutSeconds') ?? defaultDrainTimeoutMs / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultDrainTimeoutMs;
}

function queueEnvName(queue: QueueName): string {
  return queueUrlVariable(queue);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A function module as the topology names its exports: its composition and its factory. */
interface FunctionModule {
  readonly compose: (env: Env, local: LocalServices) => Promise<unknown>;
  readonly create: (ports: never) => LocalHandler;
}

async function loadFunction(spec: FunctionSpec): Promise<FunctionModule> {
  const module = (await import(pathToFileURL(resolve(projectRoot, spec.entry)).href)) as Record<
    string,
    unknown
  >;
  const compose = module[spec.compose];
  const create = module[spec.factory];
  if (typeof compose !== 'function') throw new Error(`${spec.entry} exports no function '${spec.compose}'`);
  if (typeof create !== 'function') throw new Error(`${spec.entry} exports no function '${spec.factory}'`);
  return { compose, create } as FunctionModule;
}

/** Creates the case table if absent, and any index the table definition gained since. */
async function ensureTable(dynamo: DynamoDBClient, tableName: string): Promise<'created' | 'existing'> {
  const definition = caseTableDefinition(tableName);
  let existing: Set<string>;
  let streaming: boolean;
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? ''));
    streaming = Table?.StreamSpecification?.StreamEnabled === true;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await dynamo.send(new CreateTableCommand(definition));
    return 'created';
  }
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName ?? '')) continue;
    await dynamo.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: definition.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
  // A data folder from before the event relay: its table gets the stream the relay reads.
  if (!streaming)
    await dynamo.send(
      new UpdateTableCommand({ TableName: tableName, StreamSpecification: definition.StreamSpecification }),
    );
  return 'existing';
}

/** What the health check found of one engine. */
interface EngineCheck {
  readonly ok: boolean;
  readonly error?: string;
}

/** How long a health check waits for an engine. */
const healthTimeoutMs = 2_000;
const timeout = () => ({ abortSignal: AbortSignal.timeout(healthTimeoutMs) });

async function engineCheck(call: () => Promise<unknown>): Promise<EngineCheck> {
  try {
    await call();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: describe(error) || (error as Error).name };
  }
}

function processCheck(pid: number): EngineCheck {
  try {
    process.kill(pid, 0);
    return { ok: true };
  } catch {
    return { ok: false, error: `process ${pid} is not running` };
  }
}

/** Starts the platform; resolves once every part is up and `/_local/health` answers 200. */
export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const startedAt = Date.now();
  const wiring = options.topology ?? defaultTopology;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (!findJava()) throw new JavaNotFoundError();

  const inMemory = options.inMemory ?? false;
  const dataDir = resolve(options.dataDir ?? defaultDataDir);
  const files = dataFolderFiles(dataDir);
  const province = options.province ?? 'zhejiang';
  const region = process.env['AWS_REGION'] ?? 'cn-north-1';
  // The SDK clients need credentials to sign; the local engines accept any.
  process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';

  // Everything started so far, stopped in reverse if a later step fails.
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };

  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (!inMemory) await mkdir(files.dynamodb, { recursive: true });

    const clock = createLocalClock({
      ...(options.clockStart !== undefined ? { start: options.clockStart } : {}),
      ...(!inMemory
        ? {
            offsetMs: readClockOffset(files.clock) ?? 0,
            onChange: (offset) => writeClockOffset(files.clock, offset),
          }
        : {}),
    });
    const sms = new LocalSmsOutbox(clock, inMemory ? undefined : files.smsOutbox);
    const activity = new Activity();
    const httpActivity = new Activity();
    const targets = new Map<string, HttpTarget>();
    const unavailable: UnavailableFunction[] = [];
    let ready = false;
    let startupMs = 0;
    let scheduler: LocalScheduler | undefined;
    let queues: Record<QueueName, ProvisionedQueue> | undefined;
    let sqsClient: SQSClient | undefined;
    const pollers = new Map<QueueName, QueuePoller>();
    /** The table stream's reader (the event relay), as Lambda's stream mapping would feed it. */
    let streamPoller: StreamPoller | undefined;
    const scheduleTargets = new Map<
      string,
      { spec: FunctionSpec; handler?: LocalHandler; loadError?: string }
    >();
    /** Functions with no trigger, which an operator invokes by hand (`aws lambda invoke` on AWS). */
    const operatorTargets = new Map<
      string,
      { spec: FunctionSpec; handler?: LocalHandler; loadError?: string }
    >();
    let staffTokens: StaffTokens | undefined;
    /** Checks each engine the platform needs (set once they are up): what `/_local/health` reports. */
    let checkEngines: (() => Promise<Record<string, EngineCheck>>) | undefined;

    // -- Control surface --------------------------------------------------------------------
    const counts = async (): Promise<{ queue: ProvisionedQueue; main: QueueCounts; dlq: QueueCounts }[]> => {
      if (!queues || !sqsClient) return [];
      const client = sqsClient;
      return Promise.all(
        Object.values(queues).map(async (queue) => ({
          queue,
          main: await queueCounts(client, queue.url),
          dlq: await queueCounts(client, queue.dlqUrl),
        })),
      );
    };
    const queueReport = async () =>
      (await counts()).map(({ queue, main, dlq }) => {
        const consumer = wiring.functions.find(
          (f) => f.trigger.kind === 'queue' && f.trigger.queue === queue.name,
        );
        const poller = pollers.get(queue.name);
        return {
          name: queue.name,
          ...main,
          deadLetterQueue: { name: queue.dlqName, ...dlq },
          visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
          maxReceiveCount: queue.maxReceiveCount,
          consumer: consumer?.name ?? null,
          polled: poller !== undefined,
          ...(poller ? { handled: { ...poller.stats } } : {}),
        };
      });
    /**
     * Waits until no handler runs, the table's stream is read to its end and every queue (not
     * DLQs) has nothing visible or in flight.
     */
    const drain = async (timeoutMs: number): Promise<boolean> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const startedBefore = activity.started;
        if (activity.running === 0) {
          const all = await counts();
          const empty = all.every(({ main }) => main.visible === 0 && main.inFlight === 0);
          const streamRead = empty && (streamPoller === undefined || (await streamPoller.settled()));
          if (empty && streamRead && activity.running === 0 && activity.started === startedBefore)
            return true;
        }
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const parseJsonBody = (body: Buffer): unknown => {
      try {
        return JSON.parse(body.toString('utf8') || 'null');
      } catch {
        throw new ClockRequestError('body is not valid JSON');
      }
    };

    const control = async (
      method: string,
      path: string,
      query: URLSearchParams,
      body: Buffer,
    ): Promise<ControlResponse> => {
      const methodNotAllowed = (allowed: string) => ({
        status: 405,
        body: { message: `use ${allowed} on /_local${path}` },
      });
      if (path === '/health') {
        if (method !== 'GET') return methodNotAllowed('GET');
        if (!ready || !checkEngines) return { status: 503, body: { status: 'starting' } };
        const checks = await checkEngines();
        const down = Object.entries(checks)
          .filter(([, check]) => !check.ok)
          .map(([name]) => name);
        return {
          status: down.length === 0 ? 200 : 503,
          body: {
            status: down.length === 0 ? 'ok' : 'down',
            ...(down.length > 0 ? { down } : {}),
            checks,
            startupMs,
            unavailableFunctions: unavailable,
          },
        };
      }
      if (!ready) return { status: 503, body: { message: 'the local runtime is starting' } };
      if (path === '/clock') {
        if (method === 'GET') return { status: 200, body: { now: clock.now() } };
        if (method !== 'POST') return methodNotAllowed('GET or POST');
        try {
          applyClockRequest(clock, parseJsonBody(body));
        } catch (error) {
          if (error instanceof ClockRequestError) return { status: 400, body: { message: error.message } };
          throw error;
        }
        // Schedules whose time has come run at once, not at the next tick.
        scheduler?.tick();
        log(`clock: now ${clock.now()}`);
        return { status: 200, body: { now: clock.now() } };
      }
      if (path === '/sign-in-options' || path === '/tokens') {
        if (!staffTokens) return { status: 503, body: { message: 'the local runtime is starting' } };
        return signIn.control(method, path, body, staffTokens);
      }
      if (path === '/sms') {
        if (method !== 'GET') return methodNotAllowed('GET');
        return { status: 200, body: sms.sent() };
      }
      if (path === '/queues') {
        if (method !== 'GET') return methodNotAllowed('GET');
        return {
          status: 200,
          body: { queues: await queueReport(), stream: streamPoller ? { ...streamPoller.stats } : null },
        };
      }
      if (path === '/drain') {
        if (method !== 'POST') return methodNotAllowed('POST');
        const timeoutMs = drainTimeoutMs(query);
        const began = Date.now();
        const drained = await drain(timeoutMs);
        return {
          status: drained ? 200 : 504,
          body: { drained, tookMs: Date.now() - began, queues: await queueReport() },
        };
      }
      const invokeMatch = /^\/functions\/([^/]+)\/invoke$/.exec(path);
      if (invokeMatch) {
        if (method !== 'POST') return methodNotAllowed('POST');
        const name = decodeURIComponent(invokeMatch[1] ?? '');
        const target = operatorTargets.get(name);
        if (!target)
          return {
            status: 404,
            body: {
              message: `no operator function '${name}'; operator functions: ${[...operatorTargets.keys()].join(', ') || 'none'}`,
            },
          };
        if (!target.handler)
          return { status: 503, body: { message: `function ${name} is not available: ${target.loadError}` } };
        let event: unknown;
        try {
          event = parseJsonBody(body);
        } catch (error) {
          return { status: 400, body: { message: describe(error) } };
        }
        try {
          return {
            status: 200,
            body: (await invoke(target.spec, target.handler, event, { region, activity })) ?? null,
          };
        } catch (error) {
          return { status: 500, body: { function: name, error: describe(error) } };
        }
      }
      const scheduleMatch = /^\/schedules\/([^/]+)$/.exec(path);
      if (scheduleMatch) {
        if (method !== 'POST') return methodNotAllowed('POST');
        const name = decodeURIComponent(scheduleMatch[1] ?? '');
        const target = scheduleTargets.get(name);
        if (!target) {
          return {
            status: 404,
            body: {
              message: `no schedule '${name}'; schedules: ${[...scheduleTargets.keys()].join(', ') || 'none'}`,
            },
          };
        }
        if (!target.handler || !scheduler) {
          return {
            status: 503,
            body: {
              ran: null,
              message: `function ${target.spec.name} is not available: ${target.loadError}`,
            },
          };
        }
        const timeoutMs = drainTimeoutMs(query);
        const began = Date.now();
        let result: unknown;
        try {
          result = await scheduler.runNow(name);
        } catch (error) {
          return { status: 500, body: { ran: name, error: describe(error) } };
        }
        const drained = await drain(timeoutMs);
        const answer = {
          ran: name,
          drained,
          result: result ?? null,
          tookMs: Date.now() - began,
          queues: await queueReport(),
        };
        return { status: drained ? 200 : 504, body: answer };
      }
      return {
        status: 404,
        body: {
          message: `no local control at /_local${path}; try health, clock, sms, queues, schedules/{name}, functions/{name}/invoke, sign-in-options, tokens`,
        },
      };
    };

    const signIn = localSignIn(provinceConfig(province));
    const sites = options.sites ?? [
      {
        app: 'console',
        kind: 'app',
        prefix: '/console/',
        dir: consoleDist,
        config: { apiBaseUrl: '', auth: { kind: 'local' } },
      },
      { app: 'portal', kind: 'pages', prefix: '/', dir: portalBuild },
    ];

    // -- Start the engines in parallel ------------------------------------------------------------
    const routes = compileRoutes(wiring.functions);
    const httpStart = startLocalServer(
      {
        routes,
        targets,
        verifyStaffToken: async (token) => {
          if (!staffTokens) throw new Error('not ready');
          return staffTokens.verifyStaffToken(token);
        },
        control,
        sites,
        isReady: () => ready,
        region,
        activity: httpActivity,
        log,
      },
      options.port ?? 3000,
    );
    // Restarted if it dies; a table kept in memory is created again (empty) on the new engine.
    let onEngineRestart: () => Promise<void> = async () => {};
    const dynamoStart = startSupervisedDynamoDbLocal(inMemory ? {} : { dbPath: files.dynamodb }, {
      onRestart: () => onEngineRestart(),
      log,
    });
    const sqsStart = startLocalSqs({ region });
    const factoriesStart = Promise.all(
      wiring.functions.map(async (spec) => {
        try {
          return { spec, factory: await loadFunction(spec) };
        } catch (error) {
          return { spec, error: describe(error) };
        }
      }),
    );
    const tokensStart = openStaffTokens(dataDir);
    // The page is served once built; a failed build leaves the API running and says why.
    const portalStart = ensurePortalBuilt(log).catch((error: unknown) => {
      log(`the petitioner's page could not be built: ${describe(error)}`);
    });
    const keyStart = ensurePersonalDataKey(files.personalDataKey);
    const [http, dynamo, sqsServer] = await Promise.allSettled([httpStart, dynamoStart, sqsStart]);
    if (http.status === 'fulfilled') cleanups.push(() => closeServer(http.value.server));
    if (dynamo.status === 'fulfilled') cleanups.push(() => dynamo.value.stop());
    if (sqsServer.status === 'fulfilled') cleanups.push(() => sqsServer.value.stop());
    for (const outcome of [http, dynamo, sqsServer]) {
      if (outcome.status === 'rejected') throw outcome.reason;
    }
    const { server, port } = (http as PromiseFulfilledResult<Awaited<typeof httpStart>>).value;
    const engine = (dynamo as PromiseFulfilledResult<SupervisedDynamoDbLocal>).value;
    const sqsLocal = (sqsServer as PromiseFulfilledResult<LocalSqsServer>).value;
    const url = `http://127.0.0.1:${port}`;
    staffTokens = await tokensStart;
    await keyStart;
    await portalStart;

    // -- Resources ----------------------------------------------------------------------------
    const dynamoClient = new DynamoDBClient({ region, endpoint: engine.endpoint });
    cleanups.push(async () => dynamoClient.destroy());
    sqsClient = new SQSClient({ region, endpoint: sqsLocal.endpoint });
    const sqs = sqsClient;
    cleanups.push(async () => sqs.destroy());
    onEngineRestart = async () => {
      const state = await ensureTable(dynamoClient, localTableName);
      if (state === 'created')
        log(`table ${localTableName} created again on the restarted engine (in memory: empty)`);
    };
    const [tableState, provisioned] = await Promise.all([
      ensureTable(dynamoClient, localTableName),
      provisionQueues(sqs, Object.values(wiring.queues), options.queueOverrides),
    ]);
    queues = provisioned;
    checkEngines = async () => {
      const [dynamodb, sqsCheck] = await Promise.all([
        engineCheck(() =>
          dynamoClient.send(new DescribeTableCommand({ TableName: localTableName }), timeout()),
        ),
        engineCheck(() =>
          sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: provisioned.intake.url, AttributeNames: ['QueueArn'] }),
            timeout(),
          ),
        ),
      ]);
      return { 'dynamodb-jvm': processCheck(engine.pid), dynamodb, sqs: sqsCheck };
    };
    const allQueueUrls: Record<string, string> = {};
    for (const q of Object.values(provisioned)) {
      allQueueUrls[q.name] = q.url;
      allQueueUrls[q.dlqName] = q.dlqUrl;
    }
    const restored = inMemory ? 0 : await restoreQueueSnapshot(sqs, allQueueUrls, files.queueSnapshot);

    // Each function gets exactly the environment its access implies, built as the CDK stack
    // builds it: a function that uses what it was not granted fails here as it would on AWS.
    const values: EnvironmentValues = {
      province,
      provinceConfigFile: writeProvinceConfig(province, dataDir),
      routingModelFile: routingModelSource,
      publicBaseUrl: url,
      tableName: localTableName,
      dueShards: 4,
      queueUrls: Object.fromEntries(Object.values(provisioned).map((q) => [q.name, q.url])) as Record<
        QueueName,
        string
      >,
      deadLetterQueueUrls: Object.fromEntries(
        Object.values(provisioned).map((q) => [q.name, q.dlqUrl]),
      ) as Record<QueueName, string>,
      eventBusName: 'local',
      eventSource: wiring.eventSource,
      webhookSecrets: {
        kind: 'inline',
        web: options.webWebhookSecret ?? defaultWebWebhookSecret,
        sms: options.smsWebhookSecret ?? defaultSmsWebhookSecret,
      },
      personalDataKeys: { kind: 'file', path: files.personalDataKey },
      sms: { kind: 'sns', senderId: 'XINFANG' },
      open311PartnerKeys: { kind: 'inline', apiKey: options.open311ApiKey ?? defaultOpen311ApiKey },
      endpoints: { AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint, AWS_ENDPOINT_URL_SQS: sqsLocal.endpoint },
    };
    const env: Record<string, string> = {
      AWS_REGION: region,
      TABLE_NAME: localTableName,
      AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsLocal.endpoint,
      ...Object.fromEntries(Object.values(provisioned).map((q) => [queueEnvName(q.name), q.url])),
    };
    const environmentOf = (spec: FunctionSpec): Record<string, string> => ({
      ...(functionEnvironment(spec.access, values) as Record<string, string>),
      AWS_REGION: region,
    });
    const bus = new LocalEventBus({
      rules: wiring.rules,
      source: wiring.eventSource,
      region,
      send: async (queue, body) => {
        const target = provisioned[queue];
        if (!target) throw new Error(`bus rule targets unknown queue '${queue}'`);
        await sqs.send(new SendMessageCommand({ QueueUrl: target.url, MessageBody: body }));
      },
      log,
    });
    const localServices = (spec: FunctionSpec): LocalServices => {
      const logger = createLogger({ province, function: spec.name }, log);
      return { clock, events: bus, hotspotEvents: bus, sms, logger, metrics: logMetrics(logger) };
    };

    // -- Functions and their triggers ---------------------------------------------------------
    const scheduleEntries: {
      name: string;
      expression: string;
      run: (event: ScheduledEvent) => Promise<unknown>;
    }[] = [];
    for (const loaded of await factoriesStart) {
      const { spec } = loaded;
      let handler: LocalHandler | undefined;
      let loadError = loaded.error;
      if (loaded.factory) {
        try {
          const ports = await loaded.factory.compose(environmentOf(spec), localServices(spec));
          handler = loaded.factory.create(ports as never);
          if (typeof handler !== 'function') throw new Error(`${spec.factory}() did not return a handler`);
        } catch (error) {
          handler = undefined;
          loadError = describe(error);
        }
      }
      if (!handler) unavailable.push({ name: spec.name, error: loadError ?? 'unknown error' });
      const trigger = spec.trigger;
      if (trigger.kind === 'http')
        targets.set(spec.name, {
          spec,
          ...(handler ? { handler } : {}),
          ...(loadError ? { loadError } : {}),
        });
      if (trigger.kind === 'queue' && handler) {
        const queue = provisioned[trigger.queue];
        pollers.set(trigger.queue, new QueuePoller({ sqs, queue, spec, handler, region, activity, log }));
      }
      if (trigger.kind === 'tableStream' && handler) {
        const run = handler;
        streamPoller = new StreamPoller({
          dynamo: dynamoClient,
          endpoint: engine.endpoint,
          region,
          tableName: localTableName,
          batchSize: trigger.batchSize,
          handle: (event) => invoke(spec, run, event, { region, activity }),
          ...(inMemory ? {} : { positionsFile: files.streamPositions }),
          log,
        });
      }
      if (trigger.kind === 'manual')
        operatorTargets.set(spec.name, {
          spec,
          ...(handler ? { handler } : {}),
          ...(loadError ? { loadError } : {}),
        });
      if (trigger.kind === 'schedule') {
        scheduleTargets.set(trigger.name, {
          spec,
          ...(handler ? { handler } : {}),
          ...(loadError ? { loadError } : {}),
        });
        if (handler) {
          const run = handler;
          scheduleEntries.push({
            name: trigger.name,
            expression: trigger.expression,
            run: (event) => invoke(spec, run, event, { region, activity }),
          });
        }
      }
    }
    for (const fn of unavailable) log(`function ${fn.name} is NOT available: ${fn.error}`);
    scheduler = new LocalScheduler(scheduleEntries, { nowMs: () => clock.nowMs(), region, log });
    for (const poller of pollers.values()) poller.start();
    streamPoller?.start();
    scheduler.start();
    const runningStream = streamPoller;
    const runningScheduler = scheduler;

    // -- Stop, in order -----------------------------------------------------------------------
    cleanups.length = 0;
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        ready = false;
        const step = async (what: string, action: () => Promise<unknown>) => {
          try {
            await action();
          } catch (error) {
            log(`stop: ${what}: ${describe(error)}`);
          }
        };
        await step('schedules', () => runningScheduler.stop());
        // The stream first: the batch in hand may still put messages on the queues.
        await step('stream', async () => runningStream?.stop());
        await step('pollers', () => Promise.all([...pollers.values()].map((p) => p.stop())));
        await step('handlers', () => activity.idle());
        await step('http', () => closeServer(server));
        await step('http handlers', () => httpActivity.idle());
        if (!inMemory) {
          await step('queue snapshot', async () => {
            const kept = await saveQueueSnapshot(sqsLocal, Object.keys(allQueueUrls), files.queueSnapshot);
            if (kept > 0) log(`kept ${kept} queued message(s) for the next start`);
          });
        }
        sqs.destroy();
        dynamoClient.destroy();
        await step('fauxqs', () => sqsLocal.stop());
        await step('DynamoDB Local', () => engine.stop());
      })();
      return stopping;
    };

    startupMs = Date.now() - startedAt;
    ready = true;
    log(
      `local runtime ready in ${startupMs} ms: table ${localTableName} ${tableState}, ${Object.keys(provisioned).length} queues` +
        `${restored > 0 ? ` (${restored} message(s) restored)` : ''}, ${pollers.size} poller(s), ${scheduleEntries.length} schedule(s), ${routes.length} route(s)`,
    );
    return {
      url,
      port,
      dataDir,
      inMemory,
      clock,
      sms,
      env,
      startupMs,
      get dynamoDbPid() {
        return engine.pid;
      },
      unavailableFunctions: unavailable,
      staffTokens,
      stop,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
