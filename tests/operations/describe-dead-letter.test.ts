/**
 * What the staff API says a dead letter refers to (application/operations/dead-letters.ts): kinds
 * and ids, never a phone number or a petition's text.
 */
import { describe, expect, it } from 'vitest';
import { describeDeadLetter } from '../../application/operations/dead-letters.js';

const letter = (body: string) => ({
  messageId: 'm-1',
  body,
  receiveCount: 3,
  sentAt: '2026-03-02T01:00:00.000Z',
});

describe('describeDeadLetter', () => {
  it('names the submission of an intake message', () => {
    // Act
    const summary = describeDeadLetter(
      letter(
        JSON.stringify({ kind: 'submission.accepted', version: 1, channel: 'sms', submissionId: 'sms-1' }),
      ),
    );

    // Assess
    expect(summary).toEqual({
      messageId: 'm-1',
      receiveCount: 3,
      sentAt: '2026-03-02T01:00:00.000Z',
      kind: 'submission.accepted',
      submissionId: 'sms-1',
      channel: 'sms',
    });
  });

  it('names the event type and case of a bus envelope, and leaves out personal data', () => {
    // Act
    const summary = describeDeadLetter(
      letter(
        JSON.stringify({
          'detail-type': 'CaseRegistered',
          source: 'petition.cases',
          detail: {
            caseId: 'case-9',
            trackingNumber: 'XF20260302000001',
            petitioner: { phone: '13812345678' },
          },
        }),
      ),
    );

    // Assess
    expect(summary).toMatchObject({
      kind: 'CaseRegistered',
      caseId: 'case-9',
      trackingNumber: 'XF20260302000001',
    });
    expect(JSON.stringify(summary)).not.toContain('13812345678');
  });

  it('calls a body that is not JSON unreadable', () => {
    // Act
    const summary = describeDeadLetter(letter('\u0000not json'));

    // Assess
    expect(summary).toEqual({
      messageId: 'm-1',
      receiveCount: 3,
      sentAt: '2026-03-02T01:00:00.000Z',
      kind: 'unreadable',
    });
  });
});
