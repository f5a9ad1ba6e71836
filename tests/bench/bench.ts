/** What the benchmark sections share: their input, their output and a bounded worker pool. */
import type { DynamoCaseRepositoryOptions } from '../../functions/adapters/dynamodb/case-repository.js';
import type { TestTable } from '../support/dynamodb-local.js';

/** One measured figure. */
export interface BenchRow {
  readonly section: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

export interface BenchEnv {
  /** The DynamoDB Local this run started. */
  readonly endpoint: string;
  /** Requests in flight at once, the same for every section. */
  readonly concurrency: number;
  /** `--quick`: every section at a smaller scale. */
  readonly quick: boolean;
  /** Rows of the sections that ran before, for figures relative to them. */
  readonly previous: readonly BenchRow[];
  /** A fresh case table with a repository on it; the section disposes of it. */
  createTable(options?: Omit<DynamoCaseRepositoryOptions, 'tableName'>): Promise<TestTable>;
  /** A progress line on stderr. */
  log(message: string): void;
}

/** A section of the benchmark: `tests/bench/sections/<name>.ts` exports `run`. */
export type BenchSection = (env: BenchEnv) => Promise<BenchRow[]>;

/** Runs `work(0..count-1)` with at most `concurrency` calls in flight. */
export async function pool(
  count: number,
  concurrency: number,
  work: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Milliseconds spent in `work`. */
export async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

export function find(rows: readonly BenchRow[], section: string, metric: string): BenchRow | undefined {
  return rows.find((r) => r.section === section && r.metric === metric);
}
