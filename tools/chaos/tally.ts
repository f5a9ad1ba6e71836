/**
 * The fault suite's arithmetic: what the senders were told (the ledger) against what the table
 * holds afterwards (the census). One accepted submission must become exactly one case, with one
 * tracking number however often it was delivered, and that case must not wait for an automatic
 * step the platform should already have taken.
 */
import { awaitsRouting } from '../../application/routing/route-case.js';
import type { Census } from './census.js';

export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
  readonly body: any;
}

export interface Delivery {
  readonly answer: Answer;
  /** Attempts answered 5xx or not at all before the final answer. */
  readonly retried: number;
}

export interface Petition {
  readonly channel: 'web' | 'sms';
  readonly submissionId: string;
  readonly body: string;
}

/** What the platform told the senders: the tracking numbers answered per submission. */
export class Ledger {
  readonly answered = new Map<string, Set<string>>();
  retried = 0;
  refused = 0;

  record(petition: Petition, delivery: Delivery): void {
    this.retried += delivery.retried;
    const { status, body } = delivery.answer;
    if (status < 200 || status >= 300 || typeof body?.trackingNumber !== 'string') {
      this.refused++;
      return;
    }
    const key = `${petition.channel}#${petition.submissionId}`;
    this.answered.set(key, (this.answered.get(key) ?? new Set()).add(body.trackingNumber));
  }
}

export interface Tally {
  readonly accepted: number;
  readonly cases: number;
  readonly duplicates: number;
  readonly stuck: number;
  readonly lost: number;
  readonly notes: string[];
}

/** Counts what became of the accepted submissions, against the cases the table held before. */
export function tally(ledger: Ledger, before: Census, after: Census): Tally {
  const newCases = [...after.cases.values()].flat().filter((c) => !before.cases.has(c.trackingNumber));
  const explained = new Set<string>();
  let duplicates = 0;
  let stuck = 0;
  let lost = 0;
  for (const [key, numbers] of ledger.answered) {
    const cases = [...numbers].flatMap((n) => after.cases.get(n) ?? []);
    for (const n of numbers) explained.add(n);
    // One submission, one case and one tracking number, however often it was delivered.
    duplicates += Math.max(cases.length, numbers.size, 1) - 1;
    if (cases.length === 0) {
      lost++;
      continue;
    }
    if (after.submissions.get(key)?.status !== 'registered') stuck++;
    else if (cases.some((c) => c.stage === 'registered' || awaitsRouting(c))) stuck++;
  }
  // A case no accepted submission explains was made from something refused, or twice.
  duplicates += newCases.filter((c) => !explained.has(c.trackingNumber)).length;
  return {
    accepted: ledger.answered.size,
    cases: newCases.length,
    duplicates,
    stuck,
    lost,
    notes: [],
  };
}
