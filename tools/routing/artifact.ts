/**
 * The committed model artifact, `models/routing/topic-model.json`, and how it is made from the
 * shared data: the same bytes every time, so a test can prove that retraining reproduces it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { topicMapOf } from '../../domain/routing/blend.js';
import type { TopicModel } from '../../domain/routing/topic-model.js';
import { provinceConfig } from '../../provinces/index.js';
import { readTrainingRows, sharedDataDir, trainingFiles } from './data.js';
import { handOffCurve, measure, type Outcome } from './metrics.js';
import { chosenOptions, rulesProvince } from './options.js';
import { argmax, type HeldOut, type PipelineResult, trainPipeline } from './pipeline.js';

export const artifactPath = join(import.meta.dirname, '..', '..', 'models', 'routing', 'topic-model.json');

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const r4 = (n: number): number => Number(n.toFixed(4));

/** Outcomes of held-out probabilities: the argmax and its probability as the confidence. */
export function outcomesOf(
  labels: readonly number[],
  probabilities: readonly (readonly number[])[],
): Outcome[] {
  return labels.map((label, i) => {
    const p = probabilities[i]!;
    const predicted = argmax(p);
    return { label, predicted, confidence: p[predicted]!, toPerson: false };
  });
}

/** The informative part of the artifact: data, options, rules and the inner cross-validation's figures. */
function trainingRecord(dir: string, rowCount: number, heldOut: HeldOut): Record<string, unknown> {
  const config = provinceConfig(rulesProvince);
  const figures = (probabilities: readonly (readonly number[])[]) => {
    const m = measure(outcomesOf(heldOut.labels, probabilities));
    return {
      accuracy: r4(m.accuracy),
      macroF1: r4(m.macroF1),
      f1: Object.fromEntries(m.perLabel.map((l) => [l.label, r4(l.f1)])),
    };
  };
  return {
    data: trainingFiles.map((file) => ({ file, sha256: sha256(readFileSync(join(dir, file))) })),
    rows: rowCount,
    options: chosenOptions,
    rules: {
      province: rulesProvince,
      sha256: sha256(JSON.stringify([config.routing.keywordRules, topicMapOf(config)])),
    },
    crossValidation: {
      folds: chosenOptions.folds,
      note: 'held-out predictions of the inner cross-validation that fitted the temperature and the blend',
      model: figures(heldOut.model),
      blend: figures(heldOut.blend),
      handOff: handOffCurve(outcomesOf(heldOut.labels, heldOut.blend)).map((p) => ({
        share: p.share,
        threshold: r4(p.threshold),
        accuracyOnRest: r4(p.accuracyOnRest),
      })),
    },
  };
}

/** The artifact as committed: one line of JSON and a newline. */
function serialiseModel(model: TopicModel): string {
  return `${JSON.stringify(model)}\n`;
}

/** Trains the artifact from the shared data with the chosen options (about six model fits). */
export function trainArtifact(
  dir = sharedDataDir,
  log: (message: string) => void = () => {},
): PipelineResult & { json: string } {
  const rows = readTrainingRows(dir);
  log(`training on ${rows.length} labelled messages from ${dir}`);
  const result = trainPipeline(
    rows,
    chosenOptions,
    provinceConfig(rulesProvince),
    (heldOut) => trainingRecord(dir, rows.length, heldOut),
    log,
  );
  return { ...result, json: serialiseModel(result.model) };
}
