/**
 * Bundles (issue #11 targets): every topology function bundled exactly as PetitionFunction ships it,
 * beside a bundle of only the SDK clients its access implies. Per function: bytes, the ratio to
 * the SDK-only bundle (target ≤ 1.3), the absolute size (target ≤ 450 KiB), its budget (what the
 * build enforces, tests/infra/bundle-budget.test.ts), and the CPU a fresh Node process spends
 * importing it against the SDK-only bundle (target ≤ 1.5×). Needs no DynamoDB.
 *
 * Also runs on its own: `npx tsx tests/bench/sections/bundle-size.ts [--quick]`.
 */
import { fileURLToPath } from 'node:url';
import { initCpuMs, measureFunction } from '../../../infra/cdk/bundle-measure.js';
import { topology } from '../../../infra/topology.js';
import type { BenchEnv, BenchRow } from '../bench.js';

const section = 'bundle-size';
export const ratioTarget = 1.3;
export const sizeTargetKiB = 450;
export const initRatioTarget = 1.5;

const kib = (bytes: number) => Math.round(bytes / 102.4) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const meets = (ok: boolean) => (ok ? 'meets' : 'MISSES');

/** The bench section: bundle, ratio and init rows per topology function. */
export async function run(env: Pick<BenchEnv, 'log'> & { readonly quick?: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const runs = env.quick ? 1 : 7;
  for (const spec of topology.functions) {
    env.log(`${section}: ${spec.name}`);
    const m = await measureFunction(spec);
    const size = kib(m.bundle.bytes);
    const ratio = m.sdkOnly ? round2(m.bundle.bytes / m.sdkOnly.bytes) : undefined;
    const init = initCpuMs(m.bundle.code, runs);
    const sdkInit = m.sdkOnly ? initCpuMs(m.sdkOnly.code, runs) : undefined;
    rows.push(
      {
        section,
        metric: `${spec.name} bundle`,
        value: size,
        unit: 'KiB',
        note: `${meets(size <= sizeTargetKiB)} ≤ ${sizeTargetKiB} KiB; budget ${spec.bundleBudgetKiB} KiB${
          m.unneededSdk.length > 0 ? `; unneeded SDK: ${m.unneededSdk.join(', ')}` : ''
        }`,
      },
      {
        section,
        metric: `${spec.name} ÷ sdk-only`,
        value: ratio ?? 0,
        unit: 'x',
        note: m.sdkOnly
          ? `${meets((ratio ?? 0) <= ratioTarget)} ≤ ${ratioTarget}; sdk-only ${kib(m.sdkOnly.bytes)} KiB`
          : 'no SDK client implied',
      },
      {
        section,
        metric: `${spec.name} init cpu`,
        value: Math.round(init),
        unit: 'ms',
        note:
          sdkInit === undefined
            ? 'no SDK client implied'
            : `${round2(init / sdkInit)}× the sdk-only ${Math.round(sdkInit)} ms: ${meets(init / sdkInit <= initRatioTarget)} ≤ ${initRatioTarget}×`,
      },
    );
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  run({
    log: (message) => process.stderr.write(`${message}\n`),
    quick: process.argv.includes('--quick'),
  }).then(
    (rows) => {
      for (const row of rows)
        console.log(
          `${row.metric.padEnd(34)} ${String(row.value).padStart(8)} ${row.unit.padEnd(4)} ${row.note ?? ''}`,
        );
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
