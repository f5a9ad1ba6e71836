/**
 * Builds the petitioner's page (web/portal) with Vite when its build is missing or older than
 * any of its sources, so `npm start` always serves what the sources say. Several processes may
 * start at once (test files run in parallel): a lock file lets one build while the others wait.
 */
import { spawn } from 'node:child_process';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from './paths.js';

const portalSource = join(projectRoot, 'web', 'portal');
/** Where the built page is, and what the local runtime serves at `/`. */
export const portalBuild = join(portalSource, 'dist');

async function newest(dir: string): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? await newest(path) : (await stat(path)).mtimeMs);
  }
  return latest;
}

/** True when the build is missing or a source (or the package lock) changed after it. */
async function portalIsStale(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(join(portalBuild, 'index.html'))).mtimeMs;
  } catch {
    return true;
  }
  const lock = (await stat(join(projectRoot, 'package-lock.json'))).mtimeMs;
  return Math.max(await newest(portalSource), lock) > built;
}

function runVite(log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        join(portalSource, 'vite.config.ts'),
        '--logLevel',
        'warn',
      ],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else {
        log(output.trim());
        reject(new Error(`vite build of web/portal failed with exit code ${code}`));
      }
    });
  });
}

/** Builds the page unless its build is current; resolves to whether it built. */
export async function ensurePortalBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (!(await portalIsStale())) return false;
  await mkdir(join(projectRoot, '.data'), { recursive: true });
  const lockFile = join(projectRoot, '.data', 'portal-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another process builds: a lock older than two minutes is left over from a crash.
      const age = Date.now() - (await stat(lockFile).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 120_000) await rm(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error('timed out waiting for another build of web/portal');
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!(await portalIsStale())) return false;
    log('building the petitioner’s page (web/portal)…');
    await runVite(log);
    return true;
  } finally {
    await rm(lockFile, { force: true });
  }
}
