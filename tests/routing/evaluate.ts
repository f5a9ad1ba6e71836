/**
 * `npm run routing:eval`: measures routing.
 *
 *   npm run routing:eval -- --file <path> [province]
 *     evaluates the router of a province (default zhejiang) with the trained topic model on a
 *     JSON-lines file whose rows have title, content and label (one of the seven topics), and
 *     prints accuracy, macro-F1, per-label precision / recall / F1, the confusion matrix, the share
 *     sent to a person and the accuracy on the rest, the hand-off curve and the time per message.
 *     It reads the file, the model artifact and the code and configuration, nothing else.
 *
 *   npm run routing:eval -- [province] [--errors] [--no-cv] [--seed <n>]
 *     the labelled routing set (fine categories and organs, rules alone and blended), the topic
 *     accuracy of the rules on the 450 labelled sample messages, and the cross-validated figures
 *     of the whole training pipeline on the training data (retrained per fold; about two minutes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { provinceDirectory } from '../../domain/province/directory.js';
import { classifyCategory } from '../../domain/routing/classify.js';
import { createTopicClassifier, parseTopicModel } from '../../domain/routing/topic-model.js';
import { provinceConfig } from '../../provinces/index.js';
import { artifactPath } from '../../tools/routing/artifact.js';
import { readLabelled, readTrainingRows, sharedDataDir } from '../../tools/routing/data.js';
import { crossValidatePipeline, routeMessages, timing } from '../../tools/routing/evaluation.js';
import { handOffCurve, measure, type Outcome, report, reportCurve } from '../../tools/routing/metrics.js';
import { chosenOptions } from '../../tools/routing/options.js';
import { loadRoutingSet, measureRouting } from './fixture.js';

const args = process.argv.slice(2);
const fileAt = args.indexOf('--file');
const file = fileAt >= 0 ? args[fileAt + 1] : undefined;
const valueAt = new Set([fileAt + 1, args.indexOf('--seed') + 1].filter((i) => i > 0));
const provinceId = args.find((a, i) => !a.startsWith('--') && !valueAt.has(i)) ?? 'zhejiang';
const showErrors = args.includes('--errors');

function loadClassifier() {
  const started = performance.now();
  const classifier = createTopicClassifier(parseTopicModel(JSON.parse(readFileSync(artifactPath, 'utf8'))));
  return { classifier, loadMs: performance.now() - started };
}

if (fileAt >= 0) {
  if (file === undefined) {
    console.error('usage: npm run routing:eval -- --file <path.jsonl> [province]');
    process.exit(2);
  }
  const config = provinceConfig(provinceId);
  const rows = readLabelled(file);
  const { classifier, loadMs } = loadClassifier();
  console.log(
    `file ${file}: ${rows.length} messages; province ${provinceId} (minConfidence ${config.routing.minConfidence}); model loaded in ${loadMs.toFixed(0)} ms`,
  );
  const { outcomes, millis } = routeMessages(rows, config, provinceDirectory(config), classifier, 3);
  for (const line of report(measure(outcomes))) console.log(line);
  const t = timing(millis);
  console.log(
    `time-per-message-ms mean ${t.mean.toFixed(3)} p99 ${t.p99.toFixed(3)} (routeCase with the model; per message the median of 3 timed passes after a warm-up pass)`,
  );
  for (const line of reportCurve(handOffCurve(outcomes))) console.log(line);
  process.exit(0);
}

const samplePath =
  process.env['ROUTING_SAMPLE_PATH'] ?? join(sharedDataDir, 'petitions-labelled-sample.zh.jsonl');
const config = provinceConfig(provinceId);
const directory = provinceDirectory(config);
const pct = (n: number): string => (Number.isNaN(n) ? '  n/a' : `${(n * 100).toFixed(1).padStart(5)}%`);

const m = measureRouting(loadRoutingSet(), config, directory);
console.log(
  `Routing set: ${m.total} cases, province ${provinceId} (minConfidence ${config.routing.minConfidence}), rules alone`,
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

// The routing set again, blended with the trained model. Its messages come from the labelled data
// the model was trained on, so these figures flatter the model; the cross-validation below does not.
{
  const { classifier } = loadClassifier();
  const b = measureRouting(loadRoutingSet(), config, directory, classifier);
  console.log(`\nRouting set, blended with the trained model (its messages are in the training data)`);
  console.log(`  category accuracy            ${pct(b.categoryAccuracy)}`);
  console.log(`  organ accuracy               ${pct(b.organAccuracy)}`);
  console.log(`  sent to a person (needsPerson) ${pct(b.personShare)}  (${b.total - b.automatic} cases)`);
  console.log(`    category accuracy on the rest ${pct(b.automaticCategoryAccuracy)}`);
}

if (!args.includes('--no-cv')) {
  const rows = readTrainingRows();
  const folds = 5;
  // Another seed than the inner folds' (19, also the model selection's), so that the splits differ.
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 2026;
  console.log(
    `\nCross-validation of the whole pipeline on the training data: ${rows.length} messages, ${folds} folds (seed ${seed}), retrained per fold`,
  );
  const started = performance.now();
  const cv = crossValidatePipeline(rows, chosenOptions, provinceId, folds, seed, (line) =>
    process.stderr.write(`  ${line}\n`),
  );
  console.log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const summary = (name: string, outcomes: Outcome[]) => {
    const r = measure(outcomes);
    console.log(
      `  ${name.padEnd(6)} accuracy ${r.accuracy.toFixed(4)} macro-F1 ${r.macroF1.toFixed(4)} person-share ${r.personShare.toFixed(4)} accuracy-on-rest ${r.accuracyOnRest.toFixed(4)}`,
    );
  };
  summary('rules', cv.rules);
  summary('model', cv.model);
  summary('blend', cv.blend);
  console.log('\nBlend (cross-validated), in detail');
  for (const line of report(measure(cv.blend))) console.log(line);
  console.log('\nHand-off curve of the blend (cross-validated): route when confidence ≥ threshold');
  for (const line of reportCurve(handOffCurve(cv.blend))) console.log(line);
}
