/**
 * Review and re-review (复查、复核): requested by the petitioner within their windows, decided by
 * the unit one level up; a re-review is final for the same facts and reasons.
 */
import { GuardFailedError } from '../errors.js';
import { closeCase, type Rules, requireOpenWindow, withoutType } from './rule.js';

export const reviewRules: Rules<'requestReview' | 'decideReview' | 'requestReReview' | 'decideReReview'> = {
  requestReview: {
    from: ['awaiting_evaluation', 'revisiting', 'closed'],
    by: ['petitioner', 'registrar'],
    event: 'ReviewRequested',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      if (c.reviews.length > 0)
        throw new GuardFailedError(
          'review_exists',
          'this case has already been reviewed; request re-review instead',
        );
      requireOpenWindow(c, 'reviewRequest', ctx.now, 'request review');
      return {
        next: {
          ...c,
          stage: 'under_review',
          reviews: [{ level: 'review', unitId: cmd.reviewUnitId, requestedAt: ctx.now, reason: cmd.reason }],
        },
        payload: withoutType(cmd),
        closes: [{ key: 'reviewRequest' }, { key: 'evaluation', status: 'cancelled' }],
        opens: [
          {
            key: 'reviewDecision',
            step: 'reviewDecision',
            kind: 'obligation',
            unitId: cmd.reviewUnitId,
            startAt: ctx.now, // 自收到复查请求之日起
          },
        ],
      };
    },
  },
  decideReview: {
    from: ['under_review'],
    by: ['leader', 'supervisor'],
    event: 'ReviewDecided',
    visibility: 'public',
    apply: (c, cmd, ctx) => ({
      next: closeCase(
        {
          ...c,
          reviews: c.reviews.map((r) =>
            r.level === 'review' ? { ...r, decidedAt: ctx.now, decision: cmd.decision, text: cmd.text } : r,
          ),
        },
        'review_decided',
        ctx.now,
      ),
      payload: withoutType(cmd),
      closes: [{ key: 'reviewDecision' }],
      // 自收到书面复查意见之日起: the platform delivers the opinion now.
      opens: [{ key: 'reReviewRequest', step: 'reReviewRequest', kind: 'window', startAt: ctx.now }],
    }),
  },
  requestReReview: {
    from: ['closed'],
    by: ['petitioner', 'registrar'],
    event: 'ReReviewRequested',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      if (!c.reviews.some((r) => r.level === 'review' && r.decidedAt)) {
        throw new GuardFailedError('review_required', 'a re-review needs a decided review first');
      }
      if (c.reviews.some((r) => r.level === 're_review'))
        throw new GuardFailedError('re_review_exists', 'this case has already been re-reviewed');
      requireOpenWindow(c, 'reReviewRequest', ctx.now, 'request re-review');
      const { closure: _reopened, ...rest } = c;
      return {
        next: {
          ...rest,
          stage: 'under_re_review',
          reviews: [
            ...c.reviews,
            { level: 're_review', unitId: cmd.reviewUnitId, requestedAt: ctx.now, reason: cmd.reason },
          ],
        },
        payload: withoutType(cmd),
        closes: [{ key: 'reReviewRequest' }],
        opens: [
          {
            key: 'reReviewDecision',
            step: 'reReviewDecision',
            kind: 'obligation',
            unitId: cmd.reviewUnitId,
            startAt: ctx.now, // 自收到复核请求之日起
          },
        ],
      };
    },
  },
  decideReReview: {
    from: ['under_re_review'],
    by: ['leader', 'supervisor'],
    event: 'ReReviewDecided',
    visibility: 'public',
    apply: (c, cmd, ctx) => ({
      next: closeCase(
        {
          ...c,
          concluded: true,
          reviews: c.reviews.map((r) =>
            r.level === 're_review'
              ? { ...r, decidedAt: ctx.now, decision: cmd.decision, text: cmd.text }
              : r,
          ),
        },
        're_review_final',
        ctx.now,
      ),
      payload: withoutType(cmd),
      closes: [{ key: 'reReviewDecision' }],
    }),
  },
};
