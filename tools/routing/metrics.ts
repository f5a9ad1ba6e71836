/**
 * Classification measures over the seven topics: accuracy, per-label precision / recall / F1,
 * macro-F1, the confusion matrix, and the hand-off curve (share sent to a person → accuracy on
 * the rest). Predictions outside the seven (no category) count as wrong.
 */
import { modelTopics } from '../../domain/routing/topic-model.js';

/** One classified message: its label, what was predicted (−1: nothing), and the confidence. */
export interface Outcome {
  readonly label: number;
  readonly predicted: number;
  readonly confidence: number;
  /** True when the router left the message to a person. */
  readonly toPerson: boolean;
}

interface LabelMeasures {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Measures {
  readonly total: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perLabel: readonly LabelMeasures[];
  /** confusion[label][predicted]; the last column counts messages with no topic. */
  readonly confusion: readonly (readonly number[])[];
  readonly personShare: number;
  /** Accuracy on the messages not sent to a person; NaN when all were. */
  readonly accuracyOnRest: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function measure(outcomes: readonly Outcome[]): Measures {
  const k = modelTopics.length;
  const confusion = modelTopics.map(() => new Array<number>(k + 1).fill(0));
  let correct = 0;
  let toPerson = 0;
  let restCorrect = 0;
  for (const o of outcomes) {
    confusion[o.label]![o.predicted < 0 ? k : o.predicted]!++;
    if (o.predicted === o.label) correct++;
    if (o.toPerson) toPerson++;
    else if (o.predicted === o.label) restCorrect++;
  }
  const perLabel = modelTopics.map((label, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c]!, 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const rest = outcomes.length - toPerson;
  return {
    total: outcomes.length,
    accuracy: ratio(correct, outcomes.length),
    macroF1: perLabel.reduce((a, m) => a + m.f1, 0) / k,
    perLabel,
    confusion,
    personShare: ratio(toPerson, outcomes.length),
    accuracyOnRest: rest === 0 ? Number.NaN : restCorrect / rest,
  };
}

export interface HandOffPoint {
  /** Share of messages sent to a person: those with the lowest confidence. */
  readonly share: number;
  /** The lowest confidence still routed automatically (route when confidence ≥ this). */
  readonly threshold: number;
  readonly accuracyOnRest: number;
}

/**
 * For each share, the accuracy on the rest when that share of the least confident messages goes
 * to a person. Ties in confidence are broken by order, so the shares are exact.
 */
export function handOffCurve(
  outcomes: readonly Outcome[],
  shares: readonly number[] = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5],
): HandOffPoint[] {
  const sorted = [...outcomes].sort((a, b) => a.confidence - b.confidence);
  const suffixCorrect = new Array<number>(sorted.length + 1).fill(0);
  for (let i = sorted.length - 1; i >= 0; i--) {
    suffixCorrect[i] = suffixCorrect[i + 1]! + (sorted[i]!.predicted === sorted[i]!.label ? 1 : 0);
  }
  return shares.map((share) => {
    const cut = Math.min(sorted.length - 1, Math.round(share * sorted.length));
    return {
      share,
      threshold: sorted[cut]?.confidence ?? 1,
      accuracyOnRest: suffixCorrect[cut]! / (sorted.length - cut),
    };
  });
}

/** The curve is monotone when accuracy on the rest never falls as more goes to a person. */
export function isMonotone(curve: readonly HandOffPoint[]): boolean {
  return curve.every((p, i) => i === 0 || p.accuracyOnRest >= curve[i - 1]!.accuracyOnRest);
}

const f = (n: number): string => (Number.isNaN(n) ? 'n/a' : n.toFixed(4));

/** The lines `npm run routing:eval` prints, one measure per line. */
export function report(m: Measures): string[] {
  const lines = [`accuracy ${f(m.accuracy)}`, `macro-F1 ${f(m.macroF1)}`];
  for (const l of m.perLabel) {
    lines.push(
      `label ${l.label} precision ${f(l.precision)} recall ${f(l.recall)} F1 ${f(l.f1)} support ${l.support}`,
    );
  }
  lines.push(`confusion (row: label; columns: ${modelTopics.join(' ')} (none))`);
  m.confusion.forEach((row, c) => {
    lines.push(`confusion ${modelTopics[c]} ${row.join(' ')}`);
  });
  lines.push(`person-share ${f(m.personShare)}`, `accuracy-on-rest ${f(m.accuracyOnRest)}`);
  return lines;
}

export function reportCurve(curve: readonly HandOffPoint[]): string[] {
  return curve.map(
    (p) =>
      `hand-off ${p.share.toFixed(2)} threshold ${p.threshold.toFixed(4)} accuracy-on-rest ${f(p.accuracyOnRest)}`,
  );
}
