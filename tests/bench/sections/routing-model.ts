/**
 * The trained topic model (models/routing/topic-model.json) as the routing function uses it: its
 * size, the CPU a cold start spends loading it (read, JSON.parse, parseTopicModel,
 * createTopicClassifier), and the time to classify a message, the model alone and routeCase with
 * rules, model and blend, on the labelled routing set (tests/fixtures). Needs no DynamoDB.
 *
 * Per message the time is the median of three timed passes after an untimed one: the cost of the
 * message on a warm function, not a garbage collection or another process's turn on a shared machine.
 *
 * Also runs on its own: `npx tsx tests/bench/sections/routing-model.ts`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { provinceDirectory } from '../../../domain/province/directory.js';
import { routeCase } from '../../../domain/routing/route.js';
import { createTopicClassifier, parseTopicModel } from '../../../domain/routing/topic-model.js';
import { zhejiang } from '../../../provinces/zhejiang.js';
import { artifactPath } from '../../../tools/routing/artifact.js';
import { loadRoutingSet } from '../../routing/fixture.js';
import type { BenchEnv, BenchRow } from '../bench.js';

const section = 'routing-model';
const passes = 3;

const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

/** CPU milliseconds (user + system) and wall milliseconds of `work`. */
function measured<T>(work: () => T): { result: T; cpuMs: number; wallMs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { result, cpuMs: (used.user + used.system) / 1000, wallMs };
}

/** Mean and 99th percentile over messages of the per-message median of the timed passes. */
function perMessage<T>(items: readonly T[], work: (item: T) => unknown): { mean: number; p99: number } {
  for (const item of items) work(item);
  const timings = items.map(() => [] as number[]);
  for (let pass = 0; pass < passes; pass++) {
    items.forEach((item, i) => {
      const started = performance.now();
      work(item);
      timings[i]!.push(performance.now() - started);
    });
  }
  const medians = timings
    .map((t) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!)
    .sort((a, b) => a - b);
  return {
    mean: medians.reduce((a, b) => a + b, 0) / medians.length,
    p99: medians[Math.min(medians.length - 1, Math.ceil(medians.length * 0.99) - 1)]!,
  };
}

export async function run(env: Pick<BenchEnv, 'log'>): Promise<BenchRow[]> {
  env.log(`${section}: loading ${artifactPath}`);
  const load = measured(() =>
    createTopicClassifier(parseTopicModel(JSON.parse(readFileSync(artifactPath, 'utf8')))),
  );
  const classifier = load.result;
  const bytes = readFileSync(artifactPath);
  const cases = loadRoutingSet();
  const directory = provinceDirectory(zhejiang);
  env.log(`${section}: classifying ${cases.length} messages of the routing set, ${passes} timed passes`);
  const model = perMessage(cases, (c) => classifier.predict(c));
  const routed = perMessage(cases, (c) => routeCase(c, zhejiang, directory, classifier));
  const note = `${cases.length} routing-set messages, median of ${passes} passes`;
  return [
    { section, metric: 'artifact size', value: round(bytes.length / 1024, 1), unit: 'KiB' },
    {
      section,
      metric: 'artifact size gzipped',
      value: round(gzipSync(bytes, { level: 9 }).length / 1024, 1),
      unit: 'KiB',
      note: 'budget 2048 KiB',
    },
    {
      section,
      metric: 'load cpu',
      value: round(load.cpuMs, 1),
      unit: 'ms',
      note: `read + parse + build, first load in this process; wall ${round(load.wallMs, 1)} ms; budget 300 ms`,
    },
    { section, metric: 'classify mean', value: round(model.mean), unit: 'ms', note },
    { section, metric: 'classify p99', value: round(model.p99), unit: 'ms', note: `${note}; budget 2 ms` },
    {
      section,
      metric: 'routeCase mean',
      value: round(routed.mean),
      unit: 'ms',
      note: 'rules + model + blend',
    },
    { section, metric: 'routeCase p99', value: round(routed.p99), unit: 'ms', note: 'rules + model + blend' },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  run({ log: (message) => process.stderr.write(`${message}\n`) }).then(
    (rows) => {
      for (const row of rows)
        console.log(
          `${row.metric.padEnd(24)} ${String(row.value).padStart(8)} ${row.unit.padEnd(4)} ${row.note ?? ''}`,
        );
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
