/**
 * The README's walk-through, pasted as it is into a shell against a running local platform: every
 * block of its "A walk-through to paste" section runs in order in one bash session (only the port
 * differs), and the case it creates ends replied, with no error on the way.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPlatform, startPlatform } from '../../infra/local/platform.js';

const run = promisify(execFile);
let platform: RunningPlatform;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'petition-readme-'));
  platform = await startPlatform({ port: 0, inMemory: true, dataDir, log: () => {} });
}, 240_000);

afterAll(async () => {
  await platform?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The bash blocks of the README's walk-through section, in order. */
async function walkThrough(): Promise<string> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('### A walk-through to paste');
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

describe('the README walk-through', () => {
  it('runs as pasted: the tracking number and query code come from the 202, the leader accepts and the handler replies (failed before: a fixed tracking number that a newcomer’s platform never issued)', async () => {
    // Prepare
    const script = (await walkThrough()).replaceAll('http://127.0.0.1:3000', platform.url);
    expect(script).not.toMatch(/XF\d{8}/);
    // Act
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', `${script}\necho; echo "TN=$TN"`], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...process.env, LOCAL_DATA_DIR: dataDir },
      timeout: 180_000,
    });
    // Assess
    const trackingNumber = /^TN=(XF\d+)$/m.exec(stdout)?.[1];
    expect(trackingNumber).toBeDefined();
    expect(stdout).not.toContain('"error"');
    expect(stdout).toContain(`"trackingNumber":"${trackingNumber}"`);
    expect(stdout).toContain('"stage":"awaiting_evaluation"');
  }, 240_000);
});
