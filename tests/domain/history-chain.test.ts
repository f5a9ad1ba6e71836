import { describe, expect, it } from 'vitest';
import { chainStart, checkChain, lineHash } from '../../domain/case/history-chain.js';
import { caseIn } from '../support/case-fixtures.js';

type Line = Record<string, unknown>;

/** A case walked to acceptance, with the history lines its transitions wrote. */
function walked() {
  const { case: c, outcomes } = caseIn('handling');
  return { c, lines: outcomes.map((o) => o.history) };
}

describe('the history hash chain', () => {
  it('chains every line to the one before, from the chain start, and heads the case with the last', () => {
    // Act
    const { c, lines } = walked();

    // Assess
    expect(lines[0]!.prevHash).toBe(chainStart);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.prevHash).toBe(lines[i - 1]!.hash);
    for (const line of lines) expect(line.hash).toBe(lineHash(line));
    expect(c.historyHash).toBe(lines.at(-1)!.hash);
    expect(checkChain(c, lines)).toEqual({ intact: true, lines: lines.length, head: c.historyHash });
  });

  it('does not depend on the order of keys a storage round trip gives', () => {
    // Prepare
    const { c, lines } = walked();
    const reordered = lines.map((line) =>
      JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(line).reverse()))),
    );

    // Act
    const check = checkChain(c, reordered);

    // Assess
    expect(check.intact).toBe(true);
  });

  it.each([
    [
      'a changed reason',
      (lines: Line[]) => {
        lines[2] = { ...lines[2], reason: '改过的理由' };
      },
      3,
      /content/,
    ],
    [
      'a removed line',
      (lines: Line[]) => {
        lines.splice(1, 1);
      },
      3,
      /line 2 is missing/,
    ],
    [
      'two swapped lines',
      (lines: Line[]) => {
        lines.splice(1, 2, lines[2]!, lines[1]!);
      },
      3,
      /line 2 is missing/,
    ],
    [
      'a removed last line',
      (lines: Line[]) => {
        lines.pop();
      },
      null,
      /version/,
    ],
    [
      'a line rehashed after a change',
      (lines: Line[]) => {
        const changed = { ...lines[1], at: '2026-01-01T00:00:00.000Z' };
        lines[1] = { ...changed, hash: lineHash(changed as never) };
      },
      3,
      /does not follow/,
    ],
  ])('finds %s and names where the chain breaks', (_what, tamper, brokenAtSeq, problem) => {
    // Prepare
    const { c, lines } = walked();
    const stored: Line[] = [...lines];

    // Act
    tamper(stored);
    const check = checkChain(c, stored as unknown as typeof lines);

    // Assess
    expect(check).toMatchObject({ intact: false, brokenAtSeq });
    expect(check.intact ? '' : check.problem).toMatch(problem);
  });
});
