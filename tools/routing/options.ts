/**
 * The chosen training options of the topic model and the candidates they were chosen from, by
 * 5-fold cross-validated macro-F1 on the training data (docs/decisions/0013-trained-topic-router.md).
 */
import type { FeatureSettings } from '../../domain/routing/topic-model.js';
import type { Learner } from './learn.js';
import type { PipelineOptions } from './pipeline.js';

/** Character 1–3-grams of the normalised text, title twice, content cut at 1,000 characters. */
const chosenFeatures: FeatureSettings = {
  ngramMin: 1,
  ngramMax: 3,
  hashBits: 21,
  maxChars: 1000,
  titleRepeat: 2,
  foldDigits: true,
};

/** NB-scaled one-vs-rest linear SVM, balanced topics, on n-grams seen in at least 10 messages. */
export const chosenOptions: PipelineOptions = {
  features: chosenFeatures,
  minDf: 10,
  learner: { kind: 'linear-svm', c: 1, balanced: true, nbAlpha: 0.3 },
  seed: 7,
  folds: 5,
  foldSeed: 19,
};

/** The province whose keyword rules the blend weights are fitted with (anhui shares them). */
export const rulesProvince = 'zhejiang';

/** One candidate of the model selection (`npm run routing:train -- --select`). */
export interface Candidate {
  readonly name: string;
  readonly features?: Partial<FeatureSettings>;
  readonly minDf?: number;
  readonly learner: Learner;
}

/** What `--select` compares; the logistic regression is slow (minutes), hence `--with-logistic`. */
export function selectionCandidates(withLogistic: boolean): Candidate[] {
  const svm = (c: number, nbAlpha?: number): Learner => ({
    kind: 'linear-svm',
    c,
    balanced: true,
    ...(nbAlpha === undefined ? {} : { nbAlpha }),
  });
  return [
    { name: 'complement NB α=0.01', learner: { kind: 'complement-nb', alpha: 0.01 } },
    { name: 'complement NB α=0.1', learner: { kind: 'complement-nb', alpha: 0.1 } },
    {
      name: 'linear SVM C=1 (unbalanced, df≥5, full text)',
      minDf: 5,
      features: { maxChars: 100_000, titleRepeat: 1 },
      learner: { kind: 'linear-svm', c: 1 },
    },
    { name: 'linear SVM C=3', learner: svm(3) },
    { name: 'linear SVM C=3, 1–2-grams', features: { ngramMax: 2 }, learner: svm(3) },
    { name: 'linear SVM C=3, 1–4-grams', features: { ngramMax: 4 }, learner: svm(3) },
    ...[0.1, 0.3, 1].flatMap((a) =>
      [0.3, 1, 3].map((c) => ({ name: `NB-SVM α=${a} C=${c}`, learner: svm(c, a) })),
    ),
    ...(withLogistic
      ? [
          {
            name: 'logistic regression λ=1e-5',
            learner: { kind: 'logistic', lambda: 1e-5, iterations: 200 } as const,
          },
        ]
      : []),
  ];
}
