/**
 * The staff console's build for the local runtime: `npm start` and the tests serve
 * `web/console/dist`, built by Vite when it is missing or older than its sources. Staleness is a
 * hash of every source file (and the lock file), kept beside the build, not modification times:
 * a checkout or a rebase that changes a file changes the hash whatever its mtime.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from './paths.js';

const consoleRoot = join(projectRoot, 'web', 'console');
export const consoleDist = join(consoleRoot, 'dist');
const stampFile = join(consoleDist, '.source-hash');
const skipped = new Set(['dist', 'node_modules', 'tests']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (skipped.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else out.push(path);
  }
  return out;
}

/** The hash of the console's sources and the lock file: what the build in `dist` was made from. */
function consoleSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(consoleRoot), join(projectRoot, 'package-lock.json')]) {
    hash.update(relative(projectRoot, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Whether `dist` holds a build of the current sources. */
function consoleBuildIsFresh(): boolean {
  if (!existsSync(join(consoleDist, 'index.html')) || !existsSync(stampFile)) return false;
  return readFileSync(stampFile, 'utf8').trim() === consoleSourceHash();
}

/** Builds the console with Vite unless `dist` is fresh; answers what it did. */
export async function ensureConsoleBuilt(log: (line: string) => void = () => {}): Promise<'fresh' | 'built'> {
  if (consoleBuildIsFresh()) return 'fresh';
  const hash = consoleSourceHash();
  log('Building the staff console (web/console → web/console/dist)…');
  const started = Date.now();
  const { build } = await import('vite');
  // A production build even inside vitest (which sets NODE_ENV=test, and React and Ant Design
  // would otherwise ship their development code).
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile: join(consoleRoot, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  writeFileSync(stampFile, `${hash}\n`);
  log(`Built the staff console in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'built';
}
