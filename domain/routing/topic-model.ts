/**
 * The trained topic model: which of the seven topics of the labelled petition data a text is
 * about (城乡建设, 环境保护, 交通运输, 教育文体, 劳动和社会保障, 商贸旅游, 卫生计生), with a
 * probability for each. Pure and deterministic: no clock, no environment, no I/O; the artifact is
 * read by the caller and handed to {@link parseTopicModel}.
 *
 * Features are hashed character n-grams of the normalised title and content (Chinese has no spaces
 * and a dictionary would be one more thing to ship): each n-gram is hashed into `2^hashBits`
 * buckets; the model keeps the buckets seen in enough training messages. A feature's value is
 * `(1 + ln count) × idf`, the vector is scaled to unit length, and a linear model gives one score
 * per topic. Scores become probabilities by a softmax with a temperature fitted on held-out
 * predictions (cross-validation), so that a probability of 0.9 is right about nine times in ten.
 *
 * The artifact stores its numbers as base64 (little-endian) so that it stays small and parses fast.
 */
import '../zod-messages.js';
import * as z from 'zod/mini';
import { DomainError } from '../errors.js';
import { type LabelledTopic, labelledTopics } from '../province/schema.js';
import { normaliseText } from './classify.js';

/** The seven topics of the labelled data, in the order of the model's outputs. */
export const modelTopics = labelledTopics;
export type ModelTopic = LabelledTopic;

export const modelTopicSchema = z.enum(modelTopics);

/** How a text becomes hashed n-gram counts; fixed at training and stored in the artifact. */
const featureSettingsSchema = z
  .strictObject({
    /** Shortest and longest character n-gram. */
    ngramMin: z.int().check(z.minimum(1), z.maximum(5)),
    ngramMax: z.int().check(z.minimum(1), z.maximum(5)),
    /** n-grams are hashed into 2^hashBits buckets. */
    hashBits: z.int().check(z.minimum(12), z.maximum(24)),
    /** Only the first this many characters of the normalised content count (long letters repeat themselves). */
    maxChars: z.int().check(z.minimum(16), z.maximum(100_000)),
    /** Each n-gram of the title counts this many times (a title names the matter). */
    titleRepeat: z.int().check(z.minimum(0), z.maximum(5)),
    /** Digits are all read as 0: dates, amounts and phone numbers say little about the topic. */
    foldDigits: z.boolean(),
  })
  .check(z.refine((s) => s.ngramMin <= s.ngramMax, { message: 'ngramMin must not exceed ngramMax' }));
export type FeatureSettings = z.infer<typeof featureSettingsSchema>;

const base64 = z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'));

/** The model artifact (`models/routing/topic-model.json`), as validated by {@link parseTopicModel}. */
const topicModelSchema = z.strictObject({
  format: z.literal('petition-topic-model'),
  version: z.literal(1),
  /** The model's outputs: the seven topics, in the order of {@link modelTopics}. */
  labels: z.pipe(
    z.array(z.string()).check(
      z.refine((l) => l.length === modelTopics.length && l.every((t, i) => t === modelTopics[i]), {
        message: `expected the topics ${modelTopics.join(', ')} in this order`,
      }),
    ),
    z.transform((): readonly ModelTopic[] => modelTopics),
  ),
  features: featureSettingsSchema,
  /** The kept buckets, ascending, as base64 of unsigned LEB128 varints of their differences. */
  buckets: base64,
  /** Per kept bucket, its idf as base64 of uint16 LE, in units of `idfScale`. */
  idf: base64,
  idfScale: z.number().check(z.positive()),
  /** Per kept bucket and topic (bucket-major), the weight as base64 of int8, in units of `weightScale`. */
  weights: base64,
  weightScale: z.number().check(z.positive()),
  /** One intercept per topic. */
  bias: z.array(z.number()).check(z.length(modelTopics.length)),
  /** Scores are divided by this before the softmax (fitted on cross-validated predictions). */
  temperature: z.number().check(z.positive()),
  /** The weights of the blend with the province's rules (see `blend.ts`), fitted the same way. */
  blend: z.strictObject({ model: z.number(), rules: z.number(), ruleShare: z.number() }),
  /** Where the model came from and how it was chosen; informative, not used to predict. */
  training: z.record(z.string(), z.unknown()),
});
export type TopicModel = z.infer<typeof topicModelSchema>;

/** The artifact is not a topic model this code can read. */
export class TopicModelError extends DomainError {
  constructor(message: string, options?: ErrorOptions) {
    super('TOPIC_MODEL_INVALID', message, options);
  }
}

/**
 * Validates a parsed artifact (the JSON of `models/routing/topic-model.json`).
 * @throws TopicModelError naming what is wrong
 */
export function parseTopicModel(json: unknown): TopicModel {
  const parsed = topicModelSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new TopicModelError(`Not a topic model: ${problems.join('; ')}`, { cause: parsed.error });
  }
  return parsed.data;
}

// --- Features -------------------------------------------------------------------------------

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Final avalanche (MurmurHash3 fmix32), so that the low bits used as bucket are well mixed. */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The text as the model reads it: {@link normaliseText}, digits folded if the settings say so. */
export function modelText(text: string, settings: FeatureSettings): string {
  const normalised = normaliseText(text);
  return settings.foldDigits ? normalised.replace(/[0-9]/g, '0') : normalised;
}

/**
 * The first `limit` characters of {@link modelText}. Only a prefix of a long letter is normalised:
 * normalising changes a character only in view of its close neighbours, so the normalised prefix
 * agrees with the normalised whole except at its very end, which the margin cuts off; when the
 * prefix turns out too short (much whitespace), the whole text is normalised.
 */
export function modelTextPrefix(text: string, settings: FeatureSettings, limit: number): string {
  const margin = 16;
  const raw = text.length > 2 * limit + margin ? text.slice(0, 2 * limit + margin) : text;
  let normalised = modelText(raw, settings);
  if (raw.length < text.length && normalised.length < limit + margin) normalised = modelText(text, settings);
  return normalised.slice(0, limit);
}

/** Calls `visit` with the bucket of each n-gram of a text, in text order. */
function visitNgrams(
  text: string,
  settings: FeatureSettings,
  times: number,
  visit: (bucket: number, times: number) => void,
): void {
  const mask = 2 ** settings.hashBits - 1;
  const { ngramMin, ngramMax } = settings;
  for (let i = 0; i < text.length; i++) {
    let h = FNV_OFFSET;
    for (let n = 1; n <= ngramMax && i + n <= text.length; n++) {
      h = Math.imul(h ^ text.charCodeAt(i + n - 1), FNV_PRIME);
      if (n < ngramMin) continue;
      // The length goes into the hash, so that an n-gram and a longer one never share a bucket by design.
      visit(mix(h ^ Math.imul(n, 0x9e3779b1)) & mask, times);
    }
  }
}

/**
 * Visits the hashed n-grams of a petition in order, title first: n-grams do not run across the
 * title and the content; the content is cut at `maxChars` characters; each title n-gram counts
 * `titleRepeat` times.
 */
function forEachNgram(
  title: string,
  content: string,
  settings: FeatureSettings,
  visit: (bucket: number, times: number) => void,
): void {
  if (settings.titleRepeat > 0)
    visitNgrams(modelText(title, settings), settings, settings.titleRepeat, visit);
  visitNgrams(modelTextPrefix(content, settings, settings.maxChars), settings, 1, visit);
}

/** Hashed n-gram counts of a petition, bucket → count, in order of first occurrence (see {@link forEachNgram}). */
export function ngramCounts(title: string, content: string, settings: FeatureSettings): Map<number, number> {
  const counts = new Map<number, number>();
  forEachNgram(title, content, settings, (bucket, times) => {
    counts.set(bucket, (counts.get(bucket) ?? 0) + times);
  });
  return counts;
}

// --- Artifact encoding (shared with the trainer, so that both sides read the same bytes) ------

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) BASE64_INDEX[BASE64_ALPHABET.charCodeAt(i)] = i;

/** Bytes → base64 (RFC 4648, padded), without Buffer or atob so that the domain needs no platform API. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      BASE64_ALPHABET[n >>> 18]! +
      BASE64_ALPHABET[(n >>> 12) & 63]! +
      BASE64_ALPHABET[(n >>> 6) & 63]! +
      BASE64_ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${BASE64_ALPHABET[n >>> 18]!}${BASE64_ALPHABET[(n >>> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${BASE64_ALPHABET[n >>> 18]!}${BASE64_ALPHABET[(n >>> 12) & 63]!}${BASE64_ALPHABET[(n >>> 6) & 63]!}=`;
  }
  return out;
}

/** base64 → bytes; the inverse of {@link encodeBase64}. */
export function decodeBase64(text: string): Uint8Array {
  const body = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((body.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < body.length; i++) {
    const value = BASE64_INDEX[body.charCodeAt(i)] ?? -1;
    if (value < 0) throw new TopicModelError(`invalid base64 character at ${i}`);
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[j++] = (buffer >>> bits) & 0xff;
    }
  }
  return bytes;
}

/** Ascending non-negative integers → LEB128 varints of their differences. */
export function encodeAscending(values: readonly number[]): Uint8Array {
  const out: number[] = [];
  let previous = 0;
  for (const value of values) {
    let delta = value - previous;
    previous = value;
    while (delta >= 0x80) {
      out.push((delta & 0x7f) | 0x80);
      delta = Math.floor(delta / 128);
    }
    out.push(delta);
  }
  return Uint8Array.from(out);
}

/** The inverse of {@link encodeAscending}. */
export function decodeAscending(bytes: Uint8Array): number[] {
  const values: number[] = [];
  let previous = 0;
  let delta = 0;
  let shift = 1;
  for (const byte of bytes) {
    delta += (byte & 0x7f) * shift;
    if (byte & 0x80) {
      shift *= 128;
      continue;
    }
    previous += delta;
    values.push(previous);
    delta = 0;
    shift = 1;
  }
  return values;
}

// --- Classifier -----------------------------------------------------------------------------

/** What the model says about a text. */
export interface TopicPrediction {
  /** The most probable topic. */
  readonly topic: ModelTopic;
  /** Its probability, 0..1. */
  readonly probability: number;
  /** One probability per topic, in the order of {@link modelTopics}; they sum to 1. */
  readonly probabilities: readonly number[];
}

/** A loaded model, ready to classify. */
export interface TopicClassifier {
  readonly model: TopicModel;
  /** The topic probabilities of a petition's title and content. */
  predict(text: { readonly title: string; readonly content: string }): TopicPrediction;
}

/**
 * Builds the lookup tables of a model once (at cold start); classification then costs one hash
 * lookup per n-gram and a few multiplications.
 * @throws TopicModelError when the encoded arrays disagree in length
 */
export function createTopicClassifier(model: TopicModel): TopicClassifier {
  const labels = model.labels;
  const k = labels.length;
  const buckets = decodeAscending(decodeBase64(model.buckets));
  const idfBytes = decodeBase64(model.idf);
  const weightBytes = decodeBase64(model.weights);
  const size = buckets.length;
  if (idfBytes.length !== size * 2 || weightBytes.length !== size * k) {
    throw new TopicModelError(
      `model arrays disagree: ${size} buckets, ${idfBytes.length / 2} idf values, ${weightBytes.length / k} weight rows`,
    );
  }
  const space = 2 ** model.features.hashBits;
  const featureOf = new Int32Array(space).fill(-1);
  buckets.forEach((bucket, i) => {
    if (bucket >= space) throw new TopicModelError(`bucket ${bucket} outside 2^${model.features.hashBits}`);
    featureOf[bucket] = i;
  });
  const idfView = new DataView(idfBytes.buffer, idfBytes.byteOffset, idfBytes.byteLength);
  const idf = new Float64Array(size);
  for (let i = 0; i < size; i++) idf[i] = idfView.getUint16(i * 2, true) * model.idfScale;
  const weights = new Float64Array(size * k);
  const signed = new Int8Array(weightBytes.buffer, weightBytes.byteOffset, weightBytes.byteLength);
  for (let i = 0; i < weights.length; i++) weights[i] = signed[i]! * model.weightScale;
  const bias = model.bias;
  const temperature = model.temperature;

  // Reused between calls (classification is synchronous): counts per feature, and which were touched.
  const counts = new Float64Array(size);
  const touched: number[] = [];
  const visit = (bucket: number, times: number): void => {
    const feature = featureOf[bucket]!;
    if (feature < 0) return;
    if (counts[feature] === 0) touched.push(feature);
    counts[feature]! += times;
  };

  return {
    model,
    predict(text) {
      touched.length = 0;
      forEachNgram(text.title, text.content, model.features, visit);
      // In order of first occurrence, as in training, so that the sums are the same to the last bit.
      const values = new Float64Array(touched.length);
      let norm = 0;
      for (let j = 0; j < touched.length; j++) {
        const feature = touched[j]!;
        const value = (1 + Math.log(counts[feature]!)) * idf[feature]!;
        counts[feature] = 0;
        values[j] = value;
        norm += value * value;
      }
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      const scores = new Float64Array(k);
      for (let j = 0; j < touched.length; j++) {
        const row = touched[j]! * k;
        const value = values[j]! * scale;
        for (let c = 0; c < k; c++) scores[c]! += value * weights[row + c]!;
      }
      for (let c = 0; c < k; c++) scores[c] = (scores[c]! + bias[c]!) / temperature;
      const probabilities = softmax(scores);
      let best = 0;
      for (let c = 1; c < k; c++) if (probabilities[c]! > probabilities[best]!) best = c;
      return { topic: labels[best]!, probability: probabilities[best]!, probabilities };
    },
  };
}

/** exp(x − max) / Σ: probabilities that sum to 1 without overflow. */
export function softmax(scores: ArrayLike<number>): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]!);
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const e = Math.exp(scores[i]! - max);
    out.push(e);
    sum += e;
  }
  return out.map((e) => e / sum);
}

// --- Term weights for other readers of text (hot-issue grouping) ----------------------------

/** The bucket of one n-gram of model text, as {@link visitNgrams} hashes it. */
function bucketOf(gram: string, hashBits: number): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < gram.length; i++) h = Math.imul(h ^ gram.charCodeAt(i), FNV_PRIME);
  return mix(h ^ Math.imul(gram.length, 0x9e3779b1)) & (2 ** hashBits - 1);
}

/**
 * The inverse document frequency the model learnt for an n-gram of model text (see
 * {@link modelText}): common words of petitions (反映, 我们, 请求) weigh little. An n-gram the
 * model did not keep was seen in too few training messages: a name (a place, a company) that tells
 * one matter from another, or a fragment across two words; it gets the idf of a rare kept n-gram
 * (the quantile below), not the highest, so that fragments do not outweigh the words of the matter.
 */
const unknownIdfQuantile = 0.5;

export function createNgramIdf(model: TopicModel): (gram: string) => number {
  const buckets = decodeAscending(decodeBase64(model.buckets));
  const idfBytes = decodeBase64(model.idf);
  const view = new DataView(idfBytes.buffer, idfBytes.byteOffset, idfBytes.byteLength);
  const idfOf = new Map<number, number>();
  buckets.forEach((bucket, i) => {
    idfOf.set(bucket, view.getUint16(i * 2, true) * model.idfScale);
  });
  const sorted = [...idfOf.values()].sort((a, b) => a - b);
  const rare = sorted[Math.floor(sorted.length * unknownIdfQuantile)] ?? 1;
  return (gram) => idfOf.get(bucketOf(gram, model.features.hashBits)) ?? rare;
}
