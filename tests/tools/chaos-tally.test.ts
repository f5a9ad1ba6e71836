/**
 * The fault suite's arithmetic (tools/chaos/tally.ts): a suite that could not count a duplicate, a
 * lost petition or a stuck case would print zeros whatever happened.
 */
import { describe, expect, it } from 'vitest';
import type { StoredSubmission } from '../../application/ports.js';
import type { Case } from '../../domain/case/model.js';
import type { Census } from '../../tools/chaos/census.js';
import { Ledger, type Petition, tally } from '../../tools/chaos/tally.js';
import { caseIn, registerCommand, T0 } from '../support/case-fixtures.js';

function petition(n: number): Petition {
  return { channel: 'web', submissionId: `sub-${n}`, body: '{}' };
}

function answered(ledger: Ledger, n: number, trackingNumber: string): void {
  ledger.record(petition(n), { answer: { status: 202, body: { trackingNumber } }, retried: 0 });
}

function stored(n: number, status: StoredSubmission['status']): [string, StoredSubmission] {
  return [
    `web#sub-${n}`,
    {
      status,
      submissionId: `sub-${n}`,
      channel: 'web',
      sealedQueryCode: 'sealed',
      acceptedAt: T0,
    } as StoredSubmission,
  ];
}

/** A census of these cases (by tracking number) and of these submissions. */
function census(cases: readonly Case[], submissions: [string, StoredSubmission][] = []): Census {
  const byNumber = new Map<string, Case[]>();
  for (const c of cases) byNumber.set(c.trackingNumber, [...(byNumber.get(c.trackingNumber) ?? []), c]);
  return { cases: byNumber, submissions: new Map(submissions) };
}

/** A case forwarded to its organ (nothing automatic left to do), or one still in triage unrouted. */
function caseOf(
  trackingNumber: string,
  stage: 'awaiting_sign_for' | 'triage',
  caseId = trackingNumber,
): Case {
  return caseIn(stage, registerCommand({ trackingNumber, caseId })).case;
}

describe('the chaos tally', () => {
  it('counts one case per accepted submission, however often it was answered, as nothing wrong', () => {
    // Prepare
    const ledger = new Ledger();
    for (let i = 0; i < 5; i++) answered(ledger, 1, 'XF1');
    answered(ledger, 2, 'XF2');
    ledger.record(petition(3), { answer: { status: 400, body: { message: 'bad' } }, retried: 2 });
    const after = census(
      [caseOf('XF1', 'awaiting_sign_for'), caseOf('XF2', 'awaiting_sign_for')],
      [stored(1, 'registered'), stored(2, 'registered')],
    );

    // Act
    const result = tally(ledger, census([]), after);

    // Assess
    expect(result).toMatchObject({ accepted: 2, cases: 2, duplicates: 0, stuck: 0, lost: 0 });
    expect(ledger).toMatchObject({ refused: 1, retried: 2 });
  });

  it('counts a second case, a second tracking number and a case nothing accepted explains as duplicates', () => {
    // Prepare
    const ledger = new Ledger();
    answered(ledger, 1, 'XF1');
    answered(ledger, 2, 'XF2');
    answered(ledger, 2, 'XF3');
    const after = census(
      [
        caseOf('XF1', 'awaiting_sign_for', 'case-a'),
        caseOf('XF1', 'awaiting_sign_for', 'case-b'),
        caseOf('XF2', 'awaiting_sign_for'),
        caseOf('XF9', 'awaiting_sign_for'),
      ],
      [stored(1, 'registered'), stored(2, 'registered')],
    );

    // Act
    const result = tally(ledger, census([]), after);

    // Assess: XF1 twice (1), XF2 and XF3 for one submission (1), XF9 from nowhere (1).
    expect(result).toMatchObject({ accepted: 2, cases: 4, duplicates: 3, stuck: 0, lost: 0 });
  });

  it('counts an accepted submission without a case as lost, and one left before routing or registration as stuck', () => {
    // Prepare
    const ledger = new Ledger();
    answered(ledger, 1, 'XF1');
    answered(ledger, 2, 'XF2');
    answered(ledger, 3, 'XF3');
    const after = census(
      [caseOf('XF2', 'triage'), caseOf('XF3', 'awaiting_sign_for')],
      [stored(1, 'received'), stored(2, 'registered'), stored(3, 'received')],
    );

    // Act
    const result = tally(ledger, census([]), after);

    // Assess: XF1 has no case (lost); XF2 waits for the router, XF3's submission was never marked registered.
    expect(result).toMatchObject({ accepted: 3, cases: 2, duplicates: 0, stuck: 2, lost: 1 });
  });

  it('leaves out the cases the table held before the scenario', () => {
    // Prepare
    const ledger = new Ledger();
    answered(ledger, 1, 'XF1');
    const old = caseOf('XF0', 'triage');
    const after = census([old, caseOf('XF1', 'awaiting_sign_for')], [stored(1, 'registered')]);

    // Act
    const result = tally(ledger, census([old]), after);

    // Assess
    expect(result).toMatchObject({ accepted: 1, cases: 1, duplicates: 0, stuck: 0, lost: 0 });
  });
});
