import { describe, expect, it } from 'vitest';
import { handOffCurve, isMonotone, measure, type Outcome } from '../../tools/routing/metrics.js';

const outcome = (label: number, predicted: number, confidence = 1, toPerson = false): Outcome => ({
  label,
  predicted,
  confidence,
  toPerson,
});

describe('routing measures', () => {
  it('computes accuracy, per-label F1, macro-F1 and the confusion matrix', () => {
    // Prepare: two of topic 0 (one taken for topic 1), one of topic 1, one of topic 2 with no answer.
    const outcomes = [outcome(0, 0), outcome(0, 1), outcome(1, 1), outcome(2, -1)];

    // Act
    const m = measure(outcomes);

    // Assess
    expect(m.accuracy).toBe(0.5);
    expect(m.perLabel[0]).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(m.perLabel[1]).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(m.perLabel[0]?.f1).toBeCloseTo(2 / 3, 12);
    expect(m.macroF1).toBeCloseTo((2 / 3 + 2 / 3) / 7, 12);
    expect(m.confusion[0]).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(m.confusion[2]?.[7]).toBe(1);
  });

  it('measures the accuracy on the messages not sent to a person', () => {
    // Prepare
    const outcomes = [outcome(0, 0), outcome(0, 1, 0.2, true), outcome(1, 0)];

    // Act
    const m = measure(outcomes);

    // Assess
    expect(m.personShare).toBeCloseTo(1 / 3, 12);
    expect(m.accuracyOnRest).toBe(0.5);
  });

  it('hands the least confident messages to a person first', () => {
    // Prepare: the two least confident are wrong.
    const outcomes = [outcome(0, 1, 0.1), outcome(0, 2, 0.2), outcome(0, 0, 0.9), outcome(1, 1, 0.95)];

    // Act
    const curve = handOffCurve(outcomes, [0, 0.25, 0.5]);

    // Assess
    expect(curve.map((p) => p.accuracyOnRest)).toEqual([0.5, 2 / 3, 1]);
    expect(curve.map((p) => p.threshold)).toEqual([0.1, 0.2, 0.9]);
    expect(isMonotone(curve)).toBe(true);
  });
});
