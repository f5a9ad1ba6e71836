/**
 * The whole training pipeline, from labelled rows to the artifact: k-fold predictions of the
 * linear model on its own training data fit the temperature and the blend weights with the
 * province's rules; then the model is fitted on all rows and packed with them. Cross-validation
 * of the pipeline (`npm run routing:eval`) runs this once per fold.
 */

import type { ProvinceConfig } from '../../domain/province/schema.js';
import {
  blendedScores,
  ruleEvidenceOf,
  type TopicRuleEvidence,
  topicMapOf,
} from '../../domain/routing/blend.js';
import { classifyCategory } from '../../domain/routing/classify.js';
import { type ModelTopic, softmax, type TopicModel } from '../../domain/routing/topic-model.js';
import {
  fitTemperature,
  fitUncalibrated,
  K,
  labelIndex,
  lbfgs,
  type ModelOptions,
  packedScores,
  packModel,
  stratifiedFolds,
  type TrainingDoc,
  toDocs,
} from './learn.js';

export interface TrainingRow {
  readonly id: string;
  readonly title: string;
  readonly content: string;
  readonly label: ModelTopic;
}

export interface PipelineOptions extends ModelOptions {
  /** Folds of the inner cross-validation that fits the temperature and the blend. */
  readonly folds: number;
  readonly foldSeed: number;
}

/** Held-out predictions of a cross-validation: per row, model and blended probabilities. */
export interface HeldOut {
  readonly labels: readonly number[];
  readonly model: readonly (readonly number[])[];
  readonly blend: readonly (readonly number[])[];
}

export interface PipelineResult {
  readonly model: TopicModel;
  /** The inner cross-validation's held-out predictions, with the fitted temperature and blend. */
  readonly heldOut: HeldOut;
}

type Log = (message: string) => void;

/** Rule evidence per row, with the province's rules (fixed: the rules are not trained). */
function ruleEvidence(rows: readonly TrainingRow[], config: ProvinceConfig): TopicRuleEvidence[] {
  const topicMap = topicMapOf(config);
  return rows.map((row) => ruleEvidenceOf(classifyCategory(row, config), topicMap));
}

/**
 * The blend weights that minimise the log loss of the blended probabilities on held-out model
 * probabilities, with a small ridge so that the fit is unique. Rounded to 4 significant digits.
 */
function fitBlend(
  modelProbabilities: readonly (readonly number[])[],
  evidence: readonly TopicRuleEvidence[],
  labels: readonly number[],
): TopicModel['blend'] {
  const ridge = 1e-4;
  const weightsOf = (theta: Float64Array) => ({ model: theta[0]!, rules: theta[1]!, ruleShare: theta[2]! });
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const step = 1e-6;
    const loss = (t: Float64Array): number => {
      let sum = 0;
      labels.forEach((y, r) => {
        const p = softmax(blendedScores(modelProbabilities[r]!, evidence[r]!, weightsOf(t)));
        sum -= Math.log(Math.max(p[y]!, 1e-15));
      });
      return sum / labels.length + (ridge / 2) * (t[0]! ** 2 + t[1]! ** 2 + t[2]! ** 2);
    };
    const f = loss(theta);
    // Three parameters: central differences are exact enough and keep the blend's formula in one place.
    for (let i = 0; i < theta.length; i++) {
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[i]! += step;
      minus[i]! -= step;
      grad[i] = (loss(plus) - loss(minus)) / (2 * step);
    }
    return f;
  };
  const theta = lbfgs(objective, 3, 100);
  const round = (n: number) => Number(n.toPrecision(4));
  return { model: round(theta[0]!), rules: round(theta[1]!), ruleShare: round(theta[2]!) };
}

/** Argmax of a probability row. */
export function argmax(p: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
}

/**
 * Held-out raw scores of the linear model by k-fold cross-validation (each fold's model packed as
 * the artifact would be, so the scores are those the classifier computes), per row `K` scores.
 */
export function heldOutScores(
  rows: readonly TrainingRow[],
  docs: readonly TrainingDoc[],
  options: PipelineOptions,
  log: Log = () => {},
): Float64Array {
  const labels = rows.map((r) => labelIndex(r.label));
  const folds = stratifiedFolds(labels, options.folds, options.foldSeed);
  const scores = new Float64Array(rows.length * K);
  for (let fold = 0; fold < options.folds; fold++) {
    const trainDocs = docs.filter((_, i) => folds[i] !== fold);
    const testRows = rows.filter((_, i) => folds[i] === fold);
    const { vocabulary, linear } = fitUncalibrated(trainDocs, options);
    const packed = packModel(
      options.features,
      vocabulary,
      linear,
      1,
      { model: 1, rules: 0, ruleShare: 0 },
      {},
    );
    const s = packedScores(packed, testRows);
    let j = 0;
    folds.forEach((f, i) => {
      if (f !== fold) return;
      scores.set(s.subarray(j * K, j * K + K), i * K);
      j++;
    });
    log(`  fold ${fold + 1}/${options.folds}: ${vocabulary.buckets.length} features`);
  }
  return scores;
}

/** Probabilities from raw scores and a temperature, per row. */
export function probabilitiesOf(scores: Float64Array, temperature: number): number[][] {
  const rows = scores.length / K;
  return Array.from({ length: rows }, (_, r) =>
    softmax(Array.from(scores.subarray(r * K, r * K + K), (s) => s / temperature)),
  );
}

/** Trains the artifact from rows (see the module comment). Deterministic for the same rows and options. */
export function trainPipeline(
  rows: readonly TrainingRow[],
  options: PipelineOptions,
  config: ProvinceConfig,
  training: (heldOut: HeldOut) => Record<string, unknown>,
  log: Log = () => {},
): PipelineResult {
  const docs = toDocs(rows, options.features);
  const labels = rows.map((r) => labelIndex(r.label));
  const evidence = ruleEvidence(rows, config);
  const scores = heldOutScores(rows, docs, options, log);
  const temperature = fitTemperature(scores, labels);
  const model = probabilitiesOf(scores, temperature);
  const blend = fitBlend(model, evidence, labels);
  const blended = model.map((p, r) => softmax(blendedScores(p, evidence[r]!, blend)));
  const heldOut = { labels, model, blend: blended };
  const { vocabulary, linear } = fitUncalibrated(docs, options);
  log(`  final model: ${vocabulary.buckets.length} features, temperature ${temperature}`);
  return {
    model: packModel(options.features, vocabulary, linear, temperature, blend, training(heldOut)),
    heldOut,
  };
}
