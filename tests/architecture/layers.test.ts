/**
 * The layers of the house (domain ← events ← application ← functions ← infra, no cycles), as
 * .dependency-cruiser.cjs states them: the project keeps them, and the rules catch a breach.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type IReporterOutput } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const projectRoot = join(import.meta.dirname, '..', '..');
const config = createRequire(import.meta.url)(join(projectRoot, '.dependency-cruiser.cjs')) as {
  forbidden: unknown[];
  options: Record<string, unknown>;
};

async function violations(baseDir: string, folders: string[]): Promise<string[]> {
  const result: IReporterOutput = await cruise(folders, {
    ...config.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden } as never,
    tsConfig: { fileName: join(projectRoot, 'tsconfig.json') },
  } as never);
  const output = result.output as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('layer rules', () => {
  it('finds no breach in the project', { timeout: 120_000 }, async () => {
    // Act
    const found = await violations(projectRoot, [
      'domain',
      'events',
      'application',
      'functions',
      'provinces',
      'infra',
      'tools',
    ]);

    // Assess
    expect(found).toEqual([]);
  });

  it('refuses a domain import from above, a handler importing infra, and a cycle', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const fixture = join(import.meta.dirname, 'fixtures', 'layers');

    // Act
    const found = await violations(fixture, ['domain', 'events', 'application', 'functions', 'infra']);

    // Assess
    expect(found).toEqual(
      expect.arrayContaining([
        'domain-imports-only-domain: domain/rule.ts → functions/handler.ts',
        'functions-imports-only-domain-events-application-functions: functions/handler.ts → infra/topology.ts',
        'events-imports-only-domain-events: events/contract.ts → application/use-case.ts',
        expect.stringMatching(/^no-cycles: /),
      ]),
    );
  });
});
