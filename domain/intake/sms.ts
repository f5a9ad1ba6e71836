import type { Rating } from '../case/model.js';
import { toHalfWidth } from './normalise.js';

/** What an inbound SMS is: a rating reply, a status query, or a new petition. */
export type SmsIntent =
  | { readonly kind: 'rating'; readonly rating: Rating }
  | { readonly kind: 'status_query'; readonly trackingNumber: string }
  | { readonly kind: 'petition'; readonly text: string };

const ratingWords: Record<string, Rating> = {
  满意: 'satisfied',
  基本满意: 'basically_satisfied',
  不满意: 'dissatisfied',
};

/** Classifies an SMS by the province's reply codes ("1"/"2"/"3") and the rating words. */
export function classifySms(text: string, replyCodes: Readonly<Record<string, Rating>>): SmsIntent {
  const cleaned = toHalfWidth(text)
    .trim()
    .replace(/[。.!！]$/, '');
  const byCode = replyCodes[cleaned];
  if (byCode) return { kind: 'rating', rating: byCode };
  const byWord = ratingWords[cleaned];
  if (byWord) return { kind: 'rating', rating: byWord };
  const query = /^查询\s*([A-Za-z0-9]{6,32})$/.exec(cleaned);
  if (query?.[1]) return { kind: 'status_query', trackingNumber: query[1].toUpperCase() };
  return { kind: 'petition', text: text.trim() };
}
