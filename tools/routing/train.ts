/**
 * `npm run routing:train`: trains the topic model from the shared labelled data and writes
 * `models/routing/topic-model.json`. Deterministic: the same data gives the same bytes.
 *
 *   npm run routing:train                       train with the chosen options and write the artifact
 *   npm run routing:train -- --check            train and compare with the committed artifact
 *   npm run routing:train -- --select [--with-logistic]
 *                                               5-fold CV of the candidate models (writes nothing)
 *   npm run routing:train -- --topic-map        the topics the data files each category's messages
 *                                               under, for the province's topic map (writes nothing)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { classifyCategory } from '../../domain/routing/classify.js';
import { provinceConfig } from '../../provinces/index.js';
import { artifactPath, outcomesOf, trainArtifact } from './artifact.js';
import { readTrainingRows } from './data.js';
import { fitTemperature, labelIndex, toDocs } from './learn.js';
import { handOffCurve, measure, reportCurve } from './metrics.js';
import { chosenOptions, rulesProvince, selectionCandidates } from './options.js';
import { heldOutScores, probabilitiesOf } from './pipeline.js';

const args = process.argv.slice(2);
const log = (message: string) => process.stderr.write(`${message}\n`);
const f4 = (n: number) => n.toFixed(4);

function select(): void {
  const rows = readTrainingRows();
  const labels = rows.map((r) => labelIndex(r.label));
  console.log(`model selection: ${chosenOptions.folds}-fold CV on ${rows.length} messages (model alone)`);
  console.log('candidate | accuracy | macro-F1 | F1 per topic | seconds');
  for (const candidate of selectionCandidates(args.includes('--with-logistic'))) {
    const started = performance.now();
    const options = {
      ...chosenOptions,
      features: { ...chosenOptions.features, ...candidate.features },
      minDf: candidate.minDf ?? chosenOptions.minDf,
      learner: candidate.learner,
    };
    const scores = heldOutScores(rows, toDocs(rows, options.features), options);
    const m = measure(outcomesOf(labels, probabilitiesOf(scores, fitTemperature(scores, labels))));
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(
      `${candidate.name} | ${f4(m.accuracy)} | ${f4(m.macroF1)} | ${m.perLabel.map((l) => l.f1.toFixed(3)).join(' ')} | ${seconds}`,
    );
  }
}

function train(check: boolean): void {
  const started = performance.now();
  const { json, heldOut } = trainArtifact(undefined, log);
  log(`trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const [name, probabilities] of [
    ['model', heldOut.model],
    ['blend', heldOut.blend],
  ] as const) {
    const m = measure(outcomesOf(heldOut.labels, probabilities));
    log(`inner CV, ${name}: accuracy ${f4(m.accuracy)} macro-F1 ${f4(m.macroF1)}`);
  }
  for (const line of reportCurve(handOffCurve(outcomesOf(heldOut.labels, heldOut.blend)))) log(`  ${line}`);
  const gz = gzipSync(Buffer.from(json), { level: 9 }).length;
  log(`artifact ${json.length} bytes, ${gz} bytes gzipped`);
  if (check) {
    const committed = existsSync(artifactPath) ? readFileSync(artifactPath, 'utf8') : '';
    if (committed !== json) {
      log(`${artifactPath} differs from what training produces`);
      process.exit(1);
    }
    log(`${artifactPath} is reproduced byte for byte`);
    return;
  }
  mkdirSync(dirname(artifactPath), { recursive: true });
  writeFileSync(artifactPath, json);
  log(`wrote ${artifactPath}`);
}

/**
 * Per category, how the labelled data files the messages the rules place there with confidence
 * (≥ minConfidence): the basis of `alsoFiledUnder` in the topic map (topics with ≥ 10 % of at
 * least 30 such messages).
 */
function topicMapReport(): void {
  const config = provinceConfig(rulesProvince);
  const byCategory = new Map<string, Map<string, number>>();
  for (const row of readTrainingRows()) {
    const decision = classifyCategory(row, config);
    if (decision.categoryId === undefined || decision.confidence < config.routing.minConfidence) continue;
    const labels = byCategory.get(decision.categoryId) ?? new Map<string, number>();
    labels.set(row.label, (labels.get(row.label) ?? 0) + 1);
    byCategory.set(decision.categoryId, labels);
  }
  console.log('category | confident rule decisions | labels (share)');
  for (const [categoryId, labels] of [...byCategory].sort((a, b) => a[0].localeCompare(b[0]))) {
    const n = [...labels.values()].reduce((a, b) => a + b, 0);
    const shares = [...labels]
      .sort((a, b) => b[1] - a[1])
      .map(([label, count]) => `${label} ${count} (${Math.round((100 * count) / n)} %)`);
    console.log(`${categoryId} | ${n} | ${shares.join(', ')}`);
  }
}

if (args.includes('--select')) select();
else if (args.includes('--topic-map')) topicMapReport();
else train(args.includes('--check'));
