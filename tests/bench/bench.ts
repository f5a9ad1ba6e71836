/** What the benchmark sections share: their input, their output and a bounded worker pool. */
import type { DynamoCaseRepositoryOptions } from '../../functions/adapters/dynamodb/case-repository.js';
import type { RunningPlatform } from '../../infra/local/platform.js';
import type { TestTable, TestTableShape } from '../support/dynamodb-local.js';

/** One measured figure. */
export interface BenchRow {
  readonly section: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
  /** What the figure should be, as `≥ 0.25`, `≤ 8` or `= 1.0`; the table says whether it meets it. */
  readonly target?: string;
}

/** Whether `value` meets `target` (`≥ n`, `≤ n`, `= n`); undefined when there is no target. */
export function meets(value: number, target: string | undefined): boolean | undefined {
  const parsed = /^\s*(≥|>=|≤|<=|=)\s*(-?[\d.]+)/.exec(target ?? '');
  if (!parsed) return undefined;
  const bound = Number(parsed[2]);
  if (parsed[1] === '≥' || parsed[1] === '>=') return value >= bound;
  if (parsed[1] === '≤' || parsed[1] === '<=') return value <= bound;
  return Math.abs(value - bound) < 1e-9;
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
  createTable(
    options?: Omit<DynamoCaseRepositoryOptions, 'tableName'>,
    shape?: TestTableShape,
  ): Promise<TestTable>;
  /**
   * The local runtime the platform sections share (in memory), started on first use and stopped
   * when the run ends. Sections that move its clock run last.
   */
  platform(): Promise<RunningPlatform>;
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

/** The `p`-th percentile (0–100) of `samples`, nearest rank; 0 when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** `n` rounded to `digits` decimals. */
export function round(n: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(n * scale) / scale;
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
