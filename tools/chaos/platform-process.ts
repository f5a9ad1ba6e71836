/**
 * The platform as `npm start` runs it, in a child process the fault suite can crash: started on a
 * data folder of its own, killed with SIGKILL (the platform, and its database as a machine crash
 * takes both), started again on the same port and folder, and its database JVM killed alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../infra/local/paths.js';

export interface PlatformProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly dataDir: string;
  /** The DynamoDB Local JVM serving this data folder now, if one runs. */
  database(): { pid: number; endpoint: string } | undefined;
  /** SIGKILL to the database JVM only; the platform restarts it. */
  killDatabase(): void;
  /** SIGKILL to the platform's process group and its database, then waits until both are gone. */
  crash(): Promise<void>;
  /** Starts the platform again on the same port and data folder, after a crash. */
  restart(): Promise<void>;
  /** Ctrl-C as a terminal sends it; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const readyPattern = /URL\s+(http:\/\/127\.0\.0\.1:(\d+))/;

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  readonly exited: Promise<number | null>;
}

async function launch(dataDir: string, port: number, log: (line: string) => void): Promise<Started> {
  // Its own process group, as a terminal runs it: a crash can take the whole group.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/local/main.ts', '--port', String(port), '--data-dir', dataDir],
    { cwd: projectRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ready = readyPattern.exec(output);
    if (ready?.[1] && ready[2]) {
      log(`platform ready at ${ready[1]} (pid ${child.pid})`);
      return { child, url: ready[1], port: Number(ready[2]), exited };
    }
    if (child.exitCode !== null) throw new Error(`the platform ended before it was ready:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the platform was not ready within 180 s:\n${output}`);
    await sleep(100);
  }
}

/** The JVM whose command line names `-dbPath` inside this data folder, from /proc. */
function findDatabase(dataDir: string): { pid: number; endpoint: string } | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(join('/proc', entry, 'cmdline'), 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    const dbPath = args[args.indexOf('-dbPath') + 1];
    const port = args[args.indexOf('-port') + 1];
    if (!args.includes('-dbPath') || !dbPath?.startsWith(dataDir) || !port) continue;
    // setpriv runs java with the same arguments: the process that is java itself serves.
    if (!/java$/.test(args[0] ?? '')) continue;
    return { pid: Number(entry), endpoint: `http://127.0.0.1:${port}` };
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startPlatformProcess(
  dataDir: string,
  log: (line: string) => void,
): Promise<PlatformProcess> {
  let current = await launch(dataDir, 0, log);
  const port = current.port;
  const killDatabase = () => {
    const database = findDatabase(dataDir);
    if (database) process.kill(database.pid, 'SIGKILL');
  };
  return {
    url: current.url,
    dataDir,
    database: () => findDatabase(dataDir),
    killDatabase,
    async crash() {
      const database = findDatabase(dataDir);
      try {
        process.kill(-(current.child.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
      if (database) process.kill(database.pid, 'SIGKILL');
      await current.exited;
      while (database && alive(database.pid)) await sleep(50);
      log('platform and database killed');
    },
    async restart() {
      // The port of a killed server can be refused for a moment: try again briefly.
      for (let attempt = 1; ; attempt++) {
        try {
          current = await launch(dataDir, port, log);
          return;
        } catch (error) {
          if (attempt >= 5) throw error;
          await sleep(1_000);
        }
      }
    },
    async stop() {
      try {
        process.kill(-(current.child.pid ?? 0), 'SIGINT');
      } catch {
        return current.child.exitCode;
      }
      return current.exited;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
