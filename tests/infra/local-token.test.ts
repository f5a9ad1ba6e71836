import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStaffTokens } from '../../infra/local/staff-tokens.js';

/** Runs `npm run token -- <args>` as the developer would (without npm's banner). */
async function token(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      'node_modules/tsx/dist/cli.mjs',
      'infra/local/token.ts',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run token', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'token-cli-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints a token the runtime of the same data folder accepts', async () => {
    // Act
    const result = await token(['--unit', '330106-xinfang', '--role', 'handler', '--data-dir', dataDir]);

    // Assess
    expect(result.code).toBe(0);
    const claims = await (await openStaffTokens(dataDir)).verifyStaffToken(result.stdout.trim());
    expect(claims).toMatchObject({
      unit: '330106-xinfang',
      role: 'handler',
      sub: 'local-handler-330106-xinfang',
    });
  });

  it.each([
    {
      name: 'an unknown role',
      args: ['--unit', '330106-xinfang', '--role', 'mayor'],
      problem: /unknown role 'mayor'; roles: registrar, triage_officer/,
    },
    {
      name: 'a unit the province does not have',
      args: ['--unit', '999999-xinfang', '--role', 'handler'],
      problem: /no unit '999999-xinfang' in province zhejiang/,
    },
    { name: 'a missing unit', args: ['--role', 'handler'], problem: /--unit and --role are required/ },
    {
      name: 'an unknown province',
      args: ['--unit', '330106-xinfang', '--role', 'handler', '--province', 'atlantis'],
      problem: /Unknown province 'atlantis'/,
    },
  ])('refuses $name with a clear message', async ({ args, problem }) => {
    // Act
    const result = await token([...args, '--data-dir', dataDir]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(problem);
  });
});
