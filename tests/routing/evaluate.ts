/**
 * `npm run routing:eval`: measures the routing rules of a province (default zhejiang) on the
 * labelled routing set, and the topic accuracy of the same rules on the 450 labelled sample
 * messages of the shared data (category → topic), for comparison.
 *
 *   npm run routing:eval -- [province] [--errors]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { provinceDirectory } from '../../domain/province/directory.js';
import { classifyCategory } from '../../domain/routing/classify.js';
import { provinceConfig } from '../../provinces/index.js';
import { loadRoutingSet, measureRouting } from './fixture.js';

const args = process.argv.slice(2);
const provinceId = args.find((a) => !a.startsWith('--')) ?? 'zhejiang';
const showErrors = args.includes('--errors');
const samplePath =
  process.env['ROUTING_SAMPLE_PATH'] ??
  join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'petitions-labelled-sample.zh.jsonl');

const config = provinceConfig(provinceId);
const directory = provinceDirectory(config);
const pct = (n: number): string => (Number.isNaN(n) ? '  n/a' : `${(n * 100).toFixed(1).padStart(5)}%`);

const m = measureRouting(loadRoutingSet(), config, directory);
console.log(
  `Routing set: ${m.total} cases, province ${provinceId} (minConfidence ${config.routing.minConfidence})`,
);
console.log(`  category accuracy            ${pct(m.categoryAccuracy)}`);
console.log(`  organ accuracy               ${pct(m.organAccuracy)}`);
console.log(`  sent to a person (needsPerson) ${pct(m.personShare)}  (${m.total - m.automatic} cases)`);
console.log(`  routed automatically         ${m.automatic} cases`);
console.log(`    category accuracy          ${pct(m.automaticCategoryAccuracy)}`);
console.log(`    organ accuracy             ${pct(m.automaticOrganAccuracy)}`);

// Per-category confusion: how each expected category was classified.
const rows = new Map<
  string,
  { n: number; ok: number; organOk: number; person: number; wrong: Map<string, number> }
>();
for (const r of m.routed) {
  const key = r.testCase.expectedCategory;
  const row = rows.get(key) ?? { n: 0, ok: 0, organOk: 0, person: 0, wrong: new Map<string, number>() };
  row.n++;
  if (r.categoryCorrect) row.ok++;
  else {
    const got = r.decision.categoryId ?? '(none)';
    row.wrong.set(got, (row.wrong.get(got) ?? 0) + 1);
  }
  if (r.organCorrect) row.organOk++;
  if (r.decision.needsPerson) row.person++;
  rows.set(key, row);
}
console.log('\nPer category (expected → n, category ok, organ ok, to person; confused with)');
for (const [category, row] of [...rows].sort((a, b) => a[0].localeCompare(b[0]))) {
  const confused = [...row.wrong]
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c}×${n}`)
    .join(', ');
  console.log(
    `  ${category.padEnd(22)} ${String(row.n).padStart(3)}  ${String(row.ok).padStart(3)}  ${String(row.organOk).padStart(3)}  ${String(row.person).padStart(3)}  ${confused}`,
  );
}

if (showErrors) {
  console.log('\nMisrouted cases');
  for (const r of m.routed.filter((x) => !x.categoryCorrect || !x.organCorrect)) {
    console.log(
      `  ${r.testCase.id} ${r.testCase.title}\n    expected ${r.testCase.expectedCategory} ${r.testCase.expectedOrgan}; got ${r.decision.categoryId} ${r.decision.organUnitId} (${r.decision.confidence}${r.decision.needsPerson ? ', person' : ''})\n    ${r.decision.reason}`,
    );
  }
}

// Topic accuracy on the labelled sample: the classifier's category mapped to its topic.
if (!existsSync(samplePath)) {
  console.log(
    `\nLabelled sample not found at ${samplePath}; set ROUTING_SAMPLE_PATH to measure topic accuracy.`,
  );
} else {
  const topicOf = new Map(config.categories.map((c) => [c.id, c.topic]));
  const sample = readFileSync(samplePath, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as { id: string; title: string; content: string; label: string });
  let correct = 0;
  let none = 0;
  let confident = 0;
  let confidentCorrect = 0;
  const perTopic = new Map<string, { n: number; ok: number }>();
  for (const s of sample) {
    const d = classifyCategory({ title: s.title, content: s.content }, config);
    const topic = d.categoryId === undefined ? undefined : topicOf.get(d.categoryId);
    if (topic === undefined) none++;
    const ok = topic === s.label;
    if (ok) correct++;
    if (d.confidence >= config.routing.minConfidence && d.categoryId !== undefined) {
      confident++;
      if (ok) confidentCorrect++;
    }
    const row = perTopic.get(s.label) ?? { n: 0, ok: 0 };
    row.n++;
    if (ok) row.ok++;
    perTopic.set(s.label, row);
  }
  console.log(
    `\nLabelled sample (${sample.length} messages): topic accuracy ${pct(correct / sample.length)}`,
  );
  console.log(
    `  no category ${none}; at or above minConfidence ${confident} (${pct(confidentCorrect / confident)} correct)`,
  );
  for (const [topic, row] of perTopic)
    console.log(`  ${topic.padEnd(8, '　')} ${row.ok}/${row.n}  ${pct(row.ok / row.n)}`);
}
