/**
 * The case history as a hash chain (tamper evidence): each line carries the SHA-256 of its own
 * content, which includes the hash of the line before it, and the case carries the hash of its last
 * line. Changing, removing or reordering a stored line breaks the chain at that line; removing the
 * last lines breaks it at the case. Content is hashed as canonical JSON, so a storage round trip
 * that reorders keys changes nothing.
 *
 * What it does not do: someone who can rewrite the table can also recompute every hash. Anchoring
 * the heads outside the table is left to the deployment (see docs/data-model.md).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import type { Case } from './model.js';

/** What the chain needs of a history line (transitions.ts's HistoryEntry has it). */
interface ChainedLine {
  readonly seq: number;
  readonly prevHash?: string | undefined;
  readonly hash?: string | undefined;
}

/** A stored line, or one that no longer reads as a history line (repository.ts). */
type StoredLine = ChainedLine | { readonly seq: number; readonly unreadable: string };

/** The `prevHash` of a case's first line. */
export const chainStart = '0'.repeat(64);

/** The hash of a line: SHA-256 over its canonical JSON, without its own `hash`. */
export function lineHash(entry: ChainedLine): string {
  const { hash: _own, ...content } = entry;
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** What checking a case's history found. */
export type ChainCheck =
  | { readonly intact: true; readonly lines: number; readonly head: string }
  | {
      readonly intact: false;
      readonly lines: number;
      /** The first line that does not fit the chain (`null`: the case item itself). */
      readonly brokenAtSeq: number | null;
      readonly problem: string;
    };

/**
 * Checks the history of `c`, oldest first, against itself and the case. Lines written before the
 * chain existed (no `hash`) are accepted only before the first chained line.
 */
export function checkChain(
  c: Pick<Case, 'version' | 'historyHash'>,
  lines: readonly StoredLine[],
): ChainCheck {
  const broken = (brokenAtSeq: number | null, problem: string): ChainCheck => ({
    intact: false,
    lines: lines.length,
    brokenAtSeq,
    problem,
  });
  let previous: string | undefined;
  let expectedSeq = 1;
  for (const line of lines) {
    if (line.seq !== expectedSeq)
      return broken(line.seq, `line ${expectedSeq} is missing: the next stored line is ${line.seq}`);
    expectedSeq++;
    if ('unreadable' in line) return broken(line.seq, `the stored line cannot be read (${line.unreadable})`);
    if (line.hash === undefined) {
      if (previous !== undefined) return broken(line.seq, 'the line has no hash after chained lines');
      continue;
    }
    if (line.hash !== lineHash(line)) return broken(line.seq, 'the line’s content does not match its hash');
    if (previous !== undefined && line.prevHash !== previous)
      return broken(line.seq, 'the line does not follow the hash of the line before it');
    if (previous === undefined && line.prevHash !== chainStart && line.seq === 1)
      return broken(line.seq, 'the first line does not start the chain');
    previous = line.hash;
  }
  if (lines.length !== c.version)
    return broken(null, `the case is at version ${c.version} but has ${lines.length} history lines`);
  if (c.historyHash !== undefined && c.historyHash !== previous)
    return broken(null, 'the case’s history hash is not the hash of its last line');
  return { intact: true, lines: lines.length, head: previous ?? '' };
}
