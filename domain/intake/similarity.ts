/**
 * Similarity of two petitions by character n-grams (Dice coefficient). Chinese has no spaces, so
 * words are not available without a dictionary; character bigrams capture a matter's key terms
 * (小区, 物业, 噪音) well enough to tell "the same matter again" from a new one.
 */

import { normaliseText } from './normalise.js';

function grams(text: string, n: number): Map<string, number> {
  // Stored text is what the petitioner wrote: full-width and half-width forms count as one.
  const cleaned = normaliseText(text).replace(/[\s\p{P}\p{S}]/gu, '');
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= cleaned.length; i++) {
    const gram = cleaned.slice(i, i + n);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Dice similarity of the n-gram multisets of two texts, from 0 (nothing shared) to 1. */
export function ngramSimilarity(a: string, b: string, n = 2): number {
  const ga = grams(a, n);
  const gb = grams(b, n);
  let total = 0;
  for (const c of ga.values()) total += c;
  for (const c of gb.values()) total += c;
  if (total === 0) return 0;
  let shared = 0;
  for (const [gram, count] of ga) shared += Math.min(count, gb.get(gram) ?? 0);
  return (2 * shared) / total;
}
