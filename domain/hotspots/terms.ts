/**
 * How a petition becomes a vector of weighted terms for hot-issue grouping (issue 16,
 * docs/decisions/0019-hot-issues.md): character bigrams of its Chinese text (Chinese has no
 * spaces and a dictionary would be one more thing to ship; trigrams made paraphrases of one matter
 * look less alike without keeping different matters apart any better), each weighted by
 * `(1 + ln count) × idf`, with the idf the trained topic model learnt (common petition words weigh
 * little, rare names weigh most). Only the heaviest terms are kept, and the vector has unit length,
 * so that two petitions compare by cosine. Pure: the idf is handed in.
 */
import { normaliseText } from '../routing/classify.js';

/** Terms and their weights, heaviest first; the weights have unit Euclidean length. */
export type TermVector = readonly (readonly [term: string, weight: number])[];

/** How many terms a case’s vector keeps, and a cluster’s centroid. */
const caseTerms = 40;
export const centroidTerms = 16;
/** Only the start of a long letter counts: the matter is named early, the rest repeats it. */
const maxContentChars = 400;
/** A title names the matter: its terms count this many times. */
const titleRepeat = 2;

const han = /\p{Script=Han}+/gu;

function countGrams(text: string, times: number, counts: Map<string, number>): void {
  for (const run of normaliseText(text).match(han) ?? []) {
    for (let i = 0; i + 2 <= run.length; i++) {
      const gram = run.slice(i, i + 2);
      counts.set(gram, (counts.get(gram) ?? 0) + times);
    }
  }
}

/** Keeps the `keep` heaviest terms (ties by term, so that the result is deterministic) at unit length. */
function topUnit(weights: ReadonlyMap<string, number>, keep: number): TermVector {
  const top = [...weights]
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, keep);
  const norm = Math.sqrt(top.reduce((sum, [, w]) => sum + w * w, 0));
  return norm > 0 ? top.map(([t, w]) => [t, Number((w / norm).toFixed(4))] as const) : [];
}

/** The term vector of a petition's title and content. */
export function termVector(title: string, content: string, idf: (term: string) => number): TermVector {
  const counts = new Map<string, number>();
  countGrams(title, titleRepeat, counts);
  countGrams(content.slice(0, maxContentChars), 1, counts);
  const weights = new Map<string, number>();
  for (const [gram, count] of counts) weights.set(gram, (1 + Math.log(count)) * idf(gram));
  return topUnit(weights, caseTerms);
}

/** Cosine similarity of two unit vectors, 0..1. */
export function cosine(a: TermVector, b: TermVector): number {
  const small = a.length <= b.length ? a : b;
  const large = new Map(a.length <= b.length ? b : a);
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return Math.min(1, Math.max(0, dot));
}

/** The centroid after one more member: the running mean of the members' vectors, its top terms kept. */
export function withMember(centroid: TermVector, members: number, vector: TermVector): TermVector {
  const sum = new Map<string, number>();
  for (const [t, w] of centroid) sum.set(t, w * members);
  for (const [t, w] of vector) sum.set(t, (sum.get(t) ?? 0) + w);
  return topUnit(sum, centroidTerms);
}

/**
 * Words a person can read. Bigrams alone are fragments (人购, 买养), so the words come from the
 * title first: each stretch of the title whose consecutive bigrams are all among the centroid's
 * terms is one keyword (人购买养老保险), heaviest first; then the heaviest remaining terms that no
 * keyword contains.
 */
export function keywordsOf(centroid: TermVector, title: string, count = 5): string[] {
  const weight = new Map(centroid);
  const stretches: { text: string; score: number }[] = [];
  for (const run of normaliseText(title).match(han) ?? []) {
    let start = -1;
    let score = 0;
    for (let i = 0; i + 2 <= run.length + 1; i++) {
      const w = i + 2 <= run.length ? weight.get(run.slice(i, i + 2)) : undefined;
      if (w !== undefined) {
        if (start < 0) start = i;
        score += w;
      } else if (start >= 0) {
        stretches.push({ text: run.slice(start, i + 1), score });
        start = -1;
        score = 0;
      }
    }
  }
  const chosen = [...new Map(stretches.map((s) => [s.text, s])).values()]
    .sort((a, b) => b.score - a.score)
    .map((s) => s.text)
    .slice(0, count);
  for (const [term] of centroid) {
    if (chosen.length >= count) break;
    if (!chosen.some((c) => c.includes(term))) chosen.push(term);
  }
  return chosen;
}
