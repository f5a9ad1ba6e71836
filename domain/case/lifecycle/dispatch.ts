/**
 * Triage and dispatch (分流、转送、交办): the routing decision, forwarding or assigning to the
 * competent unit, which signs for the case (签收) or returns it (退回) to the bureau that sent it.
 */
import { GuardFailedError } from '../errors.js';
import type { Case } from '../model.js';
import type { Applied, Rules, TransitionContext } from './rule.js';

export const dispatchRules: Rules<'route' | 'forward' | 'assign' | 'signFor' | 'returnCase'> = {
  route: {
    from: ['triage'],
    by: ['system', 'triage_officer'],
    event: 'CaseRouted',
    visibility: 'internal',
    apply: (c, cmd, ctx) => ({
      next: {
        ...c,
        categoryId: cmd.categoryId,
        routing: {
          categoryId: cmd.categoryId,
          ...(cmd.organUnitId === undefined ? {} : { organUnitId: cmd.organUnitId }),
          ruleId: cmd.ruleId,
          confidence: cmd.confidence,
          reason: cmd.reason,
          decidedAt: ctx.now,
          ...(cmd.forwardsNext === undefined ? {} : { forwardsNext: cmd.forwardsNext }),
        },
      },
      payload: {
        categoryId: cmd.categoryId,
        ...(cmd.organUnitId === undefined ? {} : { organUnitId: cmd.organUnitId }),
        ruleId: cmd.ruleId,
        confidence: cmd.confidence,
        reason: cmd.reason,
      },
    }),
  },
  forward: {
    from: ['triage'],
    by: ['system', 'triage_officer'],
    event: 'CaseForwarded',
    visibility: 'public',
    apply: (c, cmd, ctx) =>
      dispatch(c, ctx, { mode: 'forward', toUnitId: cmd.toUnitId, toUnitKind: cmd.toUnitKind }),
  },
  assign: {
    from: ['triage'],
    by: ['system', 'triage_officer'],
    event: 'CaseAssigned',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      if (cmd.dueAt <= ctx.now)
        throw new GuardFailedError('due_in_past', `the assignment is due at ${cmd.dueAt}, which has passed`);
      return dispatch(c, ctx, {
        mode: 'assign',
        toUnitId: cmd.toUnitId,
        toUnitKind: cmd.toUnitKind,
        dueAt: cmd.dueAt,
      });
    },
  },
  signFor: {
    from: ['awaiting_sign_for'],
    by: ['handler', 'leader', 'triage_officer'],
    event: 'CaseSigned',
    visibility: 'public',
    apply: (c, _cmd, ctx) => {
      // A subordinate bureau signs for an assignment: it triages the matter in its own region.
      const toBureau = c.dispatch?.toUnitKind === 'bureau';
      // Both periods run from the day the unit received the case (自收到之日起): the forward or
      // assignment. Signing for is a step inside them, so waiting to sign gains the unit nothing.
      const receivedAt = c.dispatch?.at ?? ctx.now;
      return {
        next: { ...c, stage: toBureau ? 'triage' : 'awaiting_acceptance' },
        payload: {},
        closes: [{ key: 'signFor' }],
        opens: [
          toBureau
            ? {
                key: 'forwarding',
                step: 'forwarding',
                kind: 'obligation',
                unitId: c.currentUnitId,
                startAt: receivedAt,
              }
            : {
                key: 'acceptance',
                step: 'acceptance',
                kind: 'obligation',
                unitId: c.currentUnitId,
                startAt: receivedAt,
              },
        ],
      };
    },
  },
  returnCase: {
    from: ['awaiting_sign_for'],
    by: ['handler', 'leader', 'triage_officer'],
    event: 'CaseReturned',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const back = c.dispatch?.fromUnitId ?? c.receivingUnitId;
      return {
        next: {
          ...c,
          stage: 'triage',
          currentUnitId: back,
          returns: [...c.returns, { unitId: c.currentUnitId, reason: cmd.reason, at: ctx.now }],
        },
        payload: { returnedBy: c.currentUnitId, to: back, reason: cmd.reason },
        closes: [{ key: 'signFor' }],
        // The bureau receives the case back now: a new receipt, from which its 15 days run again.
        opens: [
          { key: 'forwarding', step: 'forwarding', kind: 'obligation', unitId: back, startAt: ctx.now },
        ],
      };
    },
  },
};

function dispatch(
  c: Case,
  ctx: TransitionContext,
  d: { mode: 'forward' | 'assign'; toUnitId: string; toUnitKind: 'bureau' | 'organ'; dueAt?: string },
): Applied<'CaseForwarded' | 'CaseAssigned'> {
  if (d.toUnitId === c.currentUnitId)
    throw new GuardFailedError('dispatch_to_self', `the case is already at ${d.toUnitId}`);
  return {
    next: {
      ...c,
      stage: 'awaiting_sign_for',
      currentUnitId: d.toUnitId,
      dispatch: {
        mode: d.mode,
        fromUnitId: c.currentUnitId,
        toUnitId: d.toUnitId,
        toUnitKind: d.toUnitKind,
        at: ctx.now,
        ...(d.dueAt ? { dueAt: d.dueAt } : {}),
      },
    },
    payload: {
      from: c.currentUnitId,
      to: d.toUnitId,
      toUnitKind: d.toUnitKind,
      ...(d.dueAt ? { dueAt: d.dueAt } : {}),
    },
    closes: [{ key: 'forwarding' }],
    opens: [{ key: 'signFor', step: 'signFor', kind: 'obligation', unitId: d.toUnitId, startAt: ctx.now }],
  };
}
