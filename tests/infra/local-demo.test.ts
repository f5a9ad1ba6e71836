import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** Runs `npm run demo -- <args>` as the developer would (without npm's banner). */
async function demo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      'node_modules/tsx/dist/cli.mjs',
      'infra/local/demo.ts',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run demo', () => {
  it('says the data is missing and how to fix it, and posts nothing (failed before: it repeated one built-in message in silence)', async () => {
    // Act
    const result = await demo(['--data', '/nonexistent/petitions.jsonl', '--url', 'http://127.0.0.1:9']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no messages at /nonexistent/petitions.jsonl');
    expect(result.stderr).toContain('--data <file.jsonl>');
    expect(result.stderr).toContain('--built-in');
    expect(result.stderr).toContain('shared/data/petitions-labelled-sample.zh.jsonl');
  }, 60_000);
});
