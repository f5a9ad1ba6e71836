/**
 * Training of the topic model: vocabulary, tf-idf vectors, three linear learners (complement naive
 * Bayes, one-vs-rest linear SVM, optionally on NB-scaled features, and multinomial logistic
 * regression), temperature fitting and the packing of the artifact. Everything is deterministic: fixed seeds, inputs in a fixed order,
 * and the same arithmetic in the same order on every run.
 */
import {
  createTopicClassifier,
  encodeAscending,
  encodeBase64,
  type FeatureSettings,
  type ModelTopic,
  modelTopics,
  ngramCounts,
  softmax,
  type TopicModel,
} from '../../domain/routing/topic-model.js';

/** A message as training sees it: its n-gram counts and its label's index in {@link modelTopics}. */
export interface TrainingDoc {
  /** Buckets in the order the text produced them, and how often each occurs. */
  readonly buckets: Int32Array;
  readonly counts: Int32Array;
  readonly label: number;
}

export const K = modelTopics.length;

export function labelIndex(label: ModelTopic): number {
  return modelTopics.indexOf(label);
}

export function toDocs(
  rows: readonly { title: string; content: string; label: ModelTopic }[],
  settings: FeatureSettings,
): TrainingDoc[] {
  return rows.map((r) => {
    const counts = ngramCounts(r.title, r.content, settings);
    return {
      buckets: Int32Array.from(counts.keys()),
      counts: Int32Array.from(counts.values()),
      label: labelIndex(r.label),
    };
  });
}

/** A small, fast, seeded generator (mulberry32): the same seed gives the same sequence everywhere. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Stratified folds: per label, a seeded shuffle dealt round-robin. Returns the fold of each row. */
export function stratifiedFolds(labels: readonly number[], folds: number, seed: number): number[] {
  const random = seededRandom(seed);
  const foldOf = new Array<number>(labels.length).fill(0);
  let offset = 0;
  for (let label = 0; label < K; label++) {
    const members = labels.flatMap((l, i) => (l === label ? [i] : []));
    shuffled(members, random).forEach((row, position) => {
      foldOf[row] = (position + offset) % folds;
    });
    offset += members.length;
  }
  return foldOf;
}

// --- Vectors ---------------------------------------------------------------------------------

/** Compressed sparse rows of unit-length tf-idf vectors. */
export interface SparseRows {
  readonly rows: number;
  readonly dim: number;
  readonly start: Int32Array;
  readonly cols: Int32Array;
  readonly vals: Float64Array;
}

export interface Vocabulary {
  /** Kept buckets, ascending. */
  readonly buckets: readonly number[];
  /** Feature index of each bucket of the hash space, −1 when not kept. */
  readonly featureOf: Int32Array;
  /** idf per feature, already quantised to what the artifact stores. */
  readonly idf: Float64Array;
  /** The stored idf codes (uint16) and their scale. */
  readonly idfCodes: Uint16Array;
  readonly idfScale: number;
}

/** idf values are stored as uint16 in units of this. */
const IDF_SCALE = 1 / 4096;

/** Buckets that occur in at least `minDf` messages, with smoothed idf `ln((1+n)/(1+df)) + 1`. */
function buildVocabulary(docs: readonly TrainingDoc[], minDf: number, hashBits: number): Vocabulary {
  const df = new Int32Array(2 ** hashBits);
  for (const doc of docs) for (const bucket of doc.buckets) df[bucket]!++;
  const buckets: number[] = [];
  const featureOf = new Int32Array(df.length).fill(-1);
  for (let b = 0; b < df.length; b++) {
    if (df[b]! < minDf) continue;
    featureOf[b] = buckets.length;
    buckets.push(b);
  }
  const idfCodes = new Uint16Array(buckets.length);
  const idf = new Float64Array(buckets.length);
  buckets.forEach((b, i) => {
    const value = Math.log((1 + docs.length) / (1 + df[b]!)) + 1;
    idfCodes[i] = Math.min(65535, Math.round(value / IDF_SCALE));
    idf[i] = idfCodes[i]! * IDF_SCALE;
  });
  return { buckets, featureOf, idf, idfCodes, idfScale: IDF_SCALE };
}

/** The same vectors the classifier computes: `(1 + ln count) × idf`, unit length, unknown buckets dropped. */
function vectorise(docs: readonly TrainingDoc[], vocabulary: Vocabulary): SparseRows {
  const start = new Int32Array(docs.length + 1);
  let capacity = 0;
  for (const doc of docs) capacity += doc.buckets.length;
  const cols = new Int32Array(capacity);
  const vals = new Float64Array(capacity);
  let end = 0;
  docs.forEach((doc, r) => {
    const first = end;
    let norm = 0;
    for (let i = 0; i < doc.buckets.length; i++) {
      const feature = vocabulary.featureOf[doc.buckets[i]!]!;
      if (feature < 0) continue;
      const value = (1 + Math.log(doc.counts[i]!)) * vocabulary.idf[feature]!;
      cols[end] = feature;
      vals[end] = value;
      end++;
      norm += value * value;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let p = first; p < end; p++) vals[p] = vals[p]! * scale;
    start[r + 1] = end;
  });
  return {
    rows: docs.length,
    dim: vocabulary.buckets.length,
    start,
    cols: cols.slice(0, end),
    vals: vals.slice(0, end),
  };
}

// --- Learners --------------------------------------------------------------------------------

/** A linear model over feature indices: weights feature-major (`w[f * K + c]`) and K intercepts. */
export interface LinearModel {
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

/**
 * Complement naive Bayes (Rennie et al. 2003) on tf-idf vectors, with weight normalisation:
 * a class scores high when the words of the text are unlikely in the *other* classes.
 */
function trainComplementNb(x: SparseRows, labels: readonly number[], alpha: number): LinearModel {
  const perClass = new Float64Array(x.dim * K);
  for (let r = 0; r < x.rows; r++) {
    const y = labels[r]!;
    for (let p = x.start[r]!; p < x.start[r + 1]!; p++) perClass[x.cols[p]! * K + y]! += x.vals[p]!;
  }
  const total = new Float64Array(x.dim);
  for (let f = 0; f < x.dim; f++) for (let c = 0; c < K; c++) total[f]! += perClass[f * K + c]!;
  const weights = new Float64Array(x.dim * K);
  for (let c = 0; c < K; c++) {
    let complementSum = 0;
    for (let f = 0; f < x.dim; f++) complementSum += total[f]! - perClass[f * K + c]!;
    let absSum = 0;
    for (let f = 0; f < x.dim; f++) {
      const theta = (alpha + total[f]! - perClass[f * K + c]!) / (alpha * x.dim + complementSum);
      weights[f * K + c] = Math.log(theta);
      absSum += Math.abs(weights[f * K + c]!);
    }
    // Predict the class whose complement explains the text worst: score = −Σ x·w/|w|.
    for (let f = 0; f < x.dim; f++) weights[f * K + c] = -weights[f * K + c]! / absSum;
  }
  return { weights, bias: new Float64Array(K) };
}

/**
 * One-vs-rest linear SVM with squared hinge loss, by dual coordinate descent (Hsieh et al. 2008,
 * LIBLINEAR's L2R_L2LOSS_SVC_DUAL) with the intercept as a constant feature of value 1. With
 * `nbAlpha`, each topic's problem sees its features scaled by their naive Bayes log-count ratio
 * (NB-SVM), and the scale is folded back into the weights, so the artifact stays a plain linear model.
 */
function trainLinearSvm(
  x: SparseRows,
  labels: readonly number[],
  c: number,
  seed: number,
  balanced = false,
  nbAlpha: number | undefined = undefined,
  maxEpochs = 60,
  tolerance = 0.05,
): LinearModel {
  const weights = new Float64Array(x.dim * K);
  const bias = new Float64Array(K);
  const perLabel = new Array<number>(K).fill(0);
  for (const y of labels) perLabel[y]!++;
  // Balanced: each topic weighs as much in total, whatever its size (sklearn's class_weight='balanced').
  const diagOf = labels.map((y) => 1 / (2 * c * (balanced ? x.rows / (K * perLabel[y]!) : 1)));
  const random = seededRandom(seed);
  const order = Array.from({ length: x.rows }, (_, i) => i);
  const w = new Float64Array(x.dim);
  const sums = nbAlpha === undefined ? undefined : classSums(x, labels);
  const scale = new Float64Array(x.dim).fill(1);
  for (let cls = 0; cls < K; cls++) {
    if (sums !== undefined && nbAlpha !== undefined) nbScale(sums, cls, nbAlpha, scale);
    const q = new Float64Array(x.rows);
    for (let r = 0; r < x.rows; r++) {
      let s = 1; // the intercept feature
      for (let p = x.start[r]!; p < x.start[r + 1]!; p++) s += (x.vals[p]! * scale[x.cols[p]!]!) ** 2;
      q[r] = s + diagOf[r]!;
    }
    w.fill(0);
    let b = 0;
    const alpha = new Float64Array(x.rows);
    for (let epoch = 0; epoch < maxEpochs; epoch++) {
      let maxPg = Number.NEGATIVE_INFINITY;
      let minPg = Number.POSITIVE_INFINITY;
      for (const r of shuffled(order, random)) {
        const y = labels[r] === cls ? 1 : -1;
        let dot = b;
        for (let p = x.start[r]!; p < x.start[r + 1]!; p++) {
          const f = x.cols[p]!;
          dot += w[f]! * x.vals[p]! * scale[f]!;
        }
        const g = y * dot - 1 + diagOf[r]! * alpha[r]!;
        const pg = alpha[r] === 0 ? Math.min(g, 0) : g;
        maxPg = Math.max(maxPg, pg);
        minPg = Math.min(minPg, pg);
        if (Math.abs(pg) < 1e-12) continue;
        const old = alpha[r]!;
        const next = Math.max(old - g / q[r]!, 0);
        alpha[r] = next;
        const step = (next - old) * y;
        for (let p = x.start[r]!; p < x.start[r + 1]!; p++) {
          const f = x.cols[p]!;
          w[f]! += step * x.vals[p]! * scale[f]!;
        }
        b += step;
      }
      if (maxPg - minPg < tolerance) break;
    }
    // The scaled features' weights, folded back onto the plain features.
    for (let f = 0; f < x.dim; f++) weights[f * K + cls] = w[f]! * scale[f]!;
    bias[cls] = b;
  }
  return { weights, bias };
}

/** Per feature, its summed value in each class: `sums[f * K + c]`. */
function classSums(x: SparseRows, labels: readonly number[]): Float64Array {
  const sums = new Float64Array(x.dim * K);
  for (let r = 0; r < x.rows; r++) {
    for (let p = x.start[r]!; p < x.start[r + 1]!; p++) sums[x.cols[p]! * K + labels[r]!]! += x.vals[p]!;
  }
  return sums;
}

/**
 * NB-SVM feature scaling (Wang & Manning 2012) for one class against the rest: the log-ratio of
 * the feature's smoothed share in the class and in the other classes, as a magnitude.
 */
function nbScale(sums: Float64Array, cls: number, alpha: number, out: Float64Array): void {
  const dim = out.length;
  let inTotal = 0;
  let outTotal = 0;
  for (let f = 0; f < dim; f++) {
    for (let c = 0; c < K; c++) {
      if (c === cls) inTotal += sums[f * K + c]! + alpha;
      else outTotal += sums[f * K + c]!;
    }
    outTotal += alpha;
  }
  for (let f = 0; f < dim; f++) {
    let inside = alpha;
    let outside = alpha;
    for (let c = 0; c < K; c++) {
      if (c === cls) inside += sums[f * K + c]!;
      else outside += sums[f * K + c]!;
    }
    out[f] = Math.abs(Math.log(inside / inTotal / (outside / outTotal)));
  }
}

/**
 * Multinomial logistic regression with L2 penalty `λ/2‖W‖²` (intercepts not penalised), by
 * L-BFGS with a backtracking line search from zero weights.
 */
function trainLogistic(
  x: SparseRows,
  labels: readonly number[],
  lambda: number,
  maxIterations = 150,
): LinearModel {
  const dimW = x.dim * K;
  const n = dimW + K;
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const z = new Float64Array(K);
    for (let r = 0; r < x.rows; r++) {
      for (let c = 0; c < K; c++) z[c] = theta[dimW + c]!;
      for (let p = x.start[r]!; p < x.start[r + 1]!; p++) {
        const row = x.cols[p]! * K;
        const v = x.vals[p]!;
        for (let c = 0; c < K; c++) z[c]! += v * theta[row + c]!;
      }
      let max = z[0]!;
      for (let c = 1; c < K; c++) max = Math.max(max, z[c]!);
      let sum = 0;
      for (let c = 0; c < K; c++) {
        z[c] = Math.exp(z[c]! - max);
        sum += z[c]!;
      }
      const y = labels[r]!;
      loss -= Math.log(z[y]! / sum);
      for (let c = 0; c < K; c++) z[c] = (z[c]! / sum - (c === y ? 1 : 0)) / x.rows;
      for (let p = x.start[r]!; p < x.start[r + 1]!; p++) {
        const row = x.cols[p]! * K;
        const v = x.vals[p]!;
        for (let c = 0; c < K; c++) grad[row + c]! += v * z[c]!;
      }
      for (let c = 0; c < K; c++) grad[dimW + c]! += z[c]!;
    }
    let penalty = 0;
    for (let i = 0; i < dimW; i++) {
      penalty += theta[i]! * theta[i]!;
      grad[i]! += lambda * theta[i]!;
    }
    return loss / x.rows + (lambda / 2) * penalty;
  };
  const theta = lbfgs(objective, n, maxIterations);
  return { weights: theta.slice(0, dimW), bias: theta.slice(dimW) };
}

function dotProduct(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Limited-memory BFGS (m = 10) with Armijo backtracking; stops on a small relative decrease. */
export function lbfgs(
  objective: (theta: Float64Array, grad: Float64Array) => number,
  n: number,
  maxIterations: number,
  memory = 10,
): Float64Array {
  let theta = new Float64Array(n);
  let grad = new Float64Array(n);
  let f = objective(theta, grad);
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const direction = new Float64Array(n);
  const nextTheta = new Float64Array(n);
  const nextGrad = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    // Two-loop recursion: direction = −H·grad.
    direction.set(grad);
    const alphas: number[] = [];
    for (let i = ss.length - 1; i >= 0; i--) {
      const rho = 1 / dotProduct(ys[i]!, ss[i]!);
      const a = rho * dotProduct(ss[i]!, direction);
      alphas[i] = a;
      const y = ys[i]!;
      for (let j = 0; j < n; j++) direction[j]! -= a * y[j]!;
    }
    if (ss.length > 0) {
      const last = ss.length - 1;
      const gamma = dotProduct(ss[last]!, ys[last]!) / dotProduct(ys[last]!, ys[last]!);
      for (let j = 0; j < n; j++) direction[j]! *= gamma;
    } else {
      const scale = 1 / Math.sqrt(dotProduct(grad, grad));
      for (let j = 0; j < n; j++) direction[j]! *= scale;
    }
    for (let i = 0; i < ss.length; i++) {
      const rho = 1 / dotProduct(ys[i]!, ss[i]!);
      const beta = rho * dotProduct(ys[i]!, direction);
      const s = ss[i]!;
      const a = alphas[i]!;
      for (let j = 0; j < n; j++) direction[j]! += s[j]! * (a - beta);
    }
    for (let j = 0; j < n; j++) direction[j] = -direction[j]!;
    const slope = dotProduct(grad, direction);
    if (slope >= 0) break;
    let step = 1;
    let nextF = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < n; j++) nextTheta[j] = theta[j]! + step * direction[j]!;
      nextF = objective(nextTheta, nextGrad);
      if (nextF <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextF < f)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = nextTheta[j]! - theta[j]!;
      y[j] = nextGrad[j]! - grad[j]!;
    }
    if (dotProduct(s, y) > 1e-12) {
      ss.push(s);
      ys.push(y);
      if (ss.length > memory) {
        ss.shift();
        ys.shift();
      }
    }
    const relative = (f - nextF) / Math.max(Math.abs(f), 1e-12);
    theta = Float64Array.from(nextTheta);
    grad = Float64Array.from(nextGrad);
    f = nextF;
    if (relative < 1e-6) break;
  }
  return theta;
}

// --- Probabilities ---------------------------------------------------------------------------

/** Mean negative log-likelihood of the labels under softmax(scores / temperature). */
function logLoss(scores: Float64Array, labels: readonly number[], temperature: number): number {
  let loss = 0;
  const z = new Float64Array(K);
  for (let r = 0; r < labels.length; r++) {
    for (let c = 0; c < K; c++) z[c] = scores[r * K + c]! / temperature;
    const p = softmax(z);
    loss -= Math.log(Math.max(p[labels[r]!]!, 1e-15));
  }
  return loss / labels.length;
}

/** The temperature that minimises the log loss on held-out scores (golden-section search on ln T). */
export function fitTemperature(scores: Float64Array, labels: readonly number[]): number {
  let lo = Math.log(1e-5);
  let hi = Math.log(100);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = logLoss(scores, labels, Math.exp(a));
  let fb = logLoss(scores, labels, Math.exp(b));
  for (let i = 0; i < 60; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = logLoss(scores, labels, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = logLoss(scores, labels, Math.exp(b));
    }
  }
  // Rounded, so that the last bits of the arithmetic never change the artifact.
  return Number(Math.exp((lo + hi) / 2).toPrecision(4));
}

// --- Artifact --------------------------------------------------------------------------------

/** Weights are stored as int8 in units of `max |w| / 127`. */
export function packModel(
  settings: FeatureSettings,
  vocabulary: Vocabulary,
  model: LinearModel,
  temperature: number,
  blend: TopicModel['blend'],
  training: Record<string, unknown>,
): TopicModel {
  let max = 0;
  for (const w of model.weights) max = Math.max(max, Math.abs(w));
  const weightScale = Number(((max || 1) / 127).toPrecision(6));
  const codes = new Int8Array(model.weights.length);
  for (let i = 0; i < codes.length; i++) {
    codes[i] = Math.max(-127, Math.min(127, Math.round(model.weights[i]! / weightScale)));
  }
  // Features whose weights all round to 0 carry nothing but their share of the vector's length;
  // they stay, so that the vectors the model was trained on are the vectors it sees.
  const idfBytes = new Uint8Array(vocabulary.idfCodes.length * 2);
  const view = new DataView(idfBytes.buffer);
  vocabulary.idfCodes.forEach((code, i) => {
    view.setUint16(i * 2, code, true);
  });
  return {
    format: 'petition-topic-model',
    version: 1,
    labels: [...modelTopics],
    features: settings,
    buckets: encodeBase64(encodeAscending(vocabulary.buckets)),
    idf: encodeBase64(idfBytes),
    idfScale: vocabulary.idfScale,
    weights: encodeBase64(new Uint8Array(codes.buffer)),
    weightScale,
    bias: Array.from(model.bias, (b) => Number(b.toPrecision(6))),
    temperature,
    blend,
    training,
  };
}

export type Learner =
  | { readonly kind: 'complement-nb'; readonly alpha: number }
  | {
      readonly kind: 'linear-svm';
      readonly c: number;
      readonly balanced?: boolean;
      readonly nbAlpha?: number;
    }
  | { readonly kind: 'logistic'; readonly lambda: number; readonly iterations?: number };

export interface ModelOptions {
  readonly features: FeatureSettings;
  readonly minDf: number;
  readonly learner: Learner;
  readonly seed: number;
}

function fitLinear(x: SparseRows, labels: readonly number[], options: ModelOptions): LinearModel {
  const { learner } = options;
  switch (learner.kind) {
    case 'complement-nb':
      return trainComplementNb(x, labels, learner.alpha);
    case 'linear-svm':
      return trainLinearSvm(x, labels, learner.c, options.seed, learner.balanced ?? false, learner.nbAlpha);
    case 'logistic':
      return trainLogistic(x, labels, learner.lambda, learner.iterations);
  }
}

/** Vocabulary and linear model from training docs, before the temperature is known. */
export function fitUncalibrated(docs: readonly TrainingDoc[], options: ModelOptions) {
  const vocabulary = buildVocabulary(docs, options.minDf, options.features.hashBits);
  const x = vectorise(docs, vocabulary);
  const labels = docs.map((d) => d.label);
  const linear = fitLinear(x, labels, options);
  return { vocabulary, linear };
}

/** Raw scores (before temperature) of docs under a packed model: exactly what the classifier computes. */
export function packedScores(
  model: TopicModel,
  rows: readonly { title: string; content: string }[],
): Float64Array {
  const classifier = createTopicClassifier({ ...model, temperature: 1 });
  const out = new Float64Array(rows.length * K);
  rows.forEach((row, r) => {
    const p = classifier.predict(row).probabilities;
    // log p = score − logsumexp: a per-row constant, which neither argmax nor the temperature fit minds.
    for (let c = 0; c < K; c++) out[r * K + c] = Math.log(Math.max(p[c]!, 1e-300));
  });
  return out;
}
