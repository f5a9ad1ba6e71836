/**
 * Routing labelled messages and scoring them on the seven topics. Every category the router can
 * answer has a topic in the province's topic map (民政 is 劳动和社会保障, 农业农村 is 城乡建设…), and
 * some are also filed under a second topic by the data (a bus line under 城乡建设): the router
 * states the topic of its decision, always one its category is filed under, and that is what is
 * scored, so a correct routing is never counted wrong. Used by `npm run routing:eval`.
 */
import { type ProvinceDirectory, provinceDirectory } from '../../domain/province/directory.js';
import type { ProvinceConfig } from '../../domain/province/schema.js';
import { routeCase } from '../../domain/routing/route.js';
import {
  createTopicClassifier,
  modelTopics,
  type TopicClassifier,
} from '../../domain/routing/topic-model.js';
import { provinceConfig } from '../../provinces/index.js';
import type { LabelledPetition } from './data.js';
import { labelIndex, stratifiedFolds } from './learn.js';
import type { Outcome } from './metrics.js';
import { argmax, type PipelineOptions, trainPipeline } from './pipeline.js';

export interface RoutedMessages {
  readonly outcomes: Outcome[];
  /**
   * Wall-clock milliseconds per message (routeCase: rules, model and blend), in input order: the
   * median of the timed passes, so that one garbage collection or one turn of another process on
   * a shared machine does not count as the message's cost.
   */
  readonly millis: number[];
}

/**
 * Routes each message as a case filed with the province itself (the data has no region), with
 * the classifier when given, and scores the decision's category by its topic. With `timedPasses`
 * above 1 an untimed pass runs first (a warm function, as on a warm Lambda, not the JIT at work).
 */
export function routeMessages(
  rows: readonly Pick<LabelledPetition, 'title' | 'content' | 'label'>[],
  config: ProvinceConfig,
  directory: ProvinceDirectory,
  classifier: TopicClassifier | undefined,
  timedPasses = 1,
): RoutedMessages {
  const regionCode = config.province.regionCode;
  const route = (row: Pick<LabelledPetition, 'title' | 'content'>) =>
    routeCase({ title: row.title, content: row.content, regionCode }, config, directory, classifier);
  if (timedPasses > 1) for (const row of rows) route(row);
  const timings = rows.map(() => [] as number[]);
  const outcomes: Outcome[] = [];
  for (let pass = 0; pass < timedPasses; pass++) {
    rows.forEach((row, i) => {
      const started = performance.now();
      const decision = route(row);
      timings[i]!.push(performance.now() - started);
      if (pass > 0) return;
      // The topic the router states: with the model, the blended topic, under which the data files
      // the proposed category (its own topic or one it is also filed under); with the rules alone,
      // the category's own topic. No category, no topic.
      const topic = decision.categoryId === undefined ? undefined : decision.topic;
      outcomes.push({
        label: labelIndex(row.label),
        predicted: topic === undefined ? -1 : modelTopics.indexOf(topic),
        confidence: decision.confidence,
        toPerson: decision.needsPerson,
      });
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { outcomes, millis: timings.map(median) };
}

/** Mean and 99th percentile of a list of durations. */
export function timing(millis: readonly number[]): { mean: number; p99: number } {
  const sorted = [...millis].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
  return { mean, p99 };
}

export interface CrossValidated {
  /** Rules alone, model alone (argmax of its probabilities) and the blend, on the same held-out rows. */
  readonly rules: Outcome[];
  readonly model: Outcome[];
  readonly blend: Outcome[];
}

/**
 * Cross-validation of the whole pipeline: per outer fold, training (inner CV, temperature, blend
 * weights, final model) on the other folds, then routing the fold's messages with that artifact.
 */
export function crossValidatePipeline(
  rows: readonly LabelledPetition[],
  options: PipelineOptions,
  provinceId: string,
  folds: number,
  seed: number,
  log: (message: string) => void = () => {},
): CrossValidated {
  const config = provinceConfig(provinceId);
  const directory = provinceDirectory(config);
  const labels = rows.map((r) => labelIndex(r.label));
  const foldOf = stratifiedFolds(labels, folds, seed);
  const result: CrossValidated = { rules: [], model: [], blend: [] };
  for (let fold = 0; fold < folds; fold++) {
    const started = performance.now();
    const train = rows.filter((_, i) => foldOf[i] !== fold);
    const test = rows.filter((_, i) => foldOf[i] === fold);
    const { model } = trainPipeline(train, options, config, () => ({}));
    const classifier = createTopicClassifier(model);
    result.blend.push(...routeMessages(test, config, directory, classifier).outcomes);
    result.rules.push(...routeMessages(test, config, directory, undefined).outcomes);
    for (const row of test) {
      const p = classifier.predict(row).probabilities;
      const predicted = argmax(p);
      result.model.push({
        label: labelIndex(row.label),
        predicted,
        confidence: p[predicted]!,
        toPerson: false,
      });
    }
    log(`outer fold ${fold + 1}/${folds}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  return result;
}
