/**
 * Acceptance and handling (受理、办理): the organ accepts naming the responsible leader and handler
 * (首办责任) or declines with a notice, handles with notes, assisting organs and at most one
 * approved extension, and replies with an outcome (答复).
 */
import { GuardFailedError } from '../errors.js';
import { actorId, openDeadlineByKey, type Rules, unitOf, withoutType } from './rule.js';

type HandlingCommand =
  | 'accept'
  | 'decline'
  | 'assignResponsibility'
  | 'recordHandlingNote'
  | 'addAssistingOrgan'
  | 'recordContribution'
  | 'requestExtension'
  | 'approveExtension'
  | 'refuseExtension'
  | 'reply';

export const handlingRules: Rules<HandlingCommand> = {
  // 首办责任: the organ's responsible leader (责任领导) decides on acceptance and signs the notice; a
  // handler prepares it. The same holds for a decline.
  accept: {
    from: ['awaiting_acceptance'],
    by: ['leader'],
    event: 'CaseAccepted',
    visibility: 'public',
    apply: (c, cmd, ctx) => ({
      next: {
        ...c,
        stage: 'handling',
        acceptance: { decision: 'accepted', notice: cmd.notice, at: ctx.now },
        responsibility: { unitId: c.currentUnitId, leader: cmd.leader, handler: cmd.handler },
      },
      payload: withoutType(cmd),
      closes: [{ key: 'acceptance' }],
      opens: [
        {
          key: 'handling',
          step: 'handling',
          kind: 'obligation',
          unitId: c.currentUnitId,
          startAt: ctx.now, // 自受理之日起
          // An assignment (交办) may set an earlier completion date than the statutory window.
          ...(c.dispatch?.mode === 'assign' && c.dispatch.dueAt ? { dueNoLaterThan: c.dispatch.dueAt } : {}),
        },
      ],
    }),
  },
  decline: {
    from: ['awaiting_acceptance'],
    by: ['leader'],
    event: 'CaseDeclined',
    visibility: 'public',
    apply: (c, cmd, ctx) => ({
      next: {
        ...c,
        stage: 'declined',
        acceptance: { decision: 'declined', notice: cmd.notice, at: ctx.now },
      },
      payload: withoutType(cmd),
      closes: [{ key: 'acceptance' }],
    }),
  },
  assignResponsibility: {
    from: ['handling'],
    by: ['leader'],
    event: 'ResponsibilityAssigned',
    visibility: 'internal',
    apply: (c, cmd) => ({
      next: {
        ...c,
        responsibility: {
          unitId: c.responsibility?.unitId ?? c.currentUnitId,
          leader: cmd.leader,
          handler: cmd.handler,
        },
      },
      payload: withoutType(cmd),
    }),
  },
  recordHandlingNote: {
    from: ['handling'],
    by: ['handler', 'leader'],
    event: 'HandlingNoteRecorded',
    visibility: 'internal',
    apply: (c, cmd, ctx) => ({
      next: {
        ...c,
        handlingNotes: [
          ...c.handlingNotes,
          {
            kind: cmd.kind,
            unitId: unitOf(ctx.actor, c),
            by: actorId(ctx.actor),
            at: ctx.now,
            text: cmd.text,
          },
        ],
      },
      payload: withoutType(cmd),
    }),
  },
  addAssistingOrgan: {
    from: ['handling'],
    by: ['leader'],
    event: 'AssistingOrganAdded',
    visibility: 'public',
    apply: (c, cmd) => {
      if (cmd.unitId === c.currentUnitId || c.assistingUnitIds.includes(cmd.unitId)) {
        throw new GuardFailedError('already_handling', `${cmd.unitId} already handles this case`);
      }
      return {
        next: { ...c, assistingUnitIds: [...c.assistingUnitIds, cmd.unitId] },
        payload: withoutType(cmd),
      };
    },
  },
  recordContribution: {
    from: ['handling'],
    by: ['handler', 'leader'],
    event: 'ContributionRecorded',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const unitId = unitOf(ctx.actor, c);
      if (!c.assistingUnitIds.includes(unitId)) {
        throw new GuardFailedError(
          'not_assisting',
          `${unitId} is not an assisting organ (协办) of this case`,
        );
      }
      return {
        next: {
          ...c,
          handlingNotes: [
            ...c.handlingNotes,
            { kind: 'contribution', unitId, by: actorId(ctx.actor), at: ctx.now, text: cmd.text },
          ],
        },
        payload: withoutType(cmd),
      };
    },
  },
  requestExtension: {
    from: ['handling'],
    by: ['handler', 'leader'],
    event: 'ExtensionRequested',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      if (c.extensions.some((e) => e.status === 'requested')) {
        throw new GuardFailedError(
          'extension_pending',
          'an extension request is already waiting for the leader',
        );
      }
      if (c.extensions.some((e) => e.status === 'approved')) {
        throw new GuardFailedError('extension_used', 'the handling deadline has already been extended once');
      }
      const handling = requireHandlingDeadline(c);
      // The planner enforces the province's maximum; checked here so a bad request is refused early.
      ctx.planner.extend(handling, cmd.days);
      return {
        next: {
          ...c,
          extensions: [
            ...c.extensions,
            { days: cmd.days, reason: cmd.reason, requestedAt: ctx.now, status: 'requested' },
          ],
        },
        payload: withoutType(cmd),
      };
    },
  },
  approveExtension: {
    from: ['handling'],
    by: ['leader'],
    event: 'ExtensionApproved',
    visibility: 'public',
    apply: (c, _cmd, ctx) => {
      const pending = requirePendingExtension(c);
      const handling = requireHandlingDeadline(c);
      const extended = ctx.planner.extend(handling, pending.days);
      return {
        next: {
          ...c,
          extensions: c.extensions.map((e) =>
            e === pending
              ? { ...e, status: 'approved', decidedAt: ctx.now, decidedBy: actorId(ctx.actor) }
              : e,
          ),
          // The extended deadline starts its ladder again: warnings and overdue marks are dropped.
          deadlines: c.deadlines.map((d) =>
            d === handling
              ? {
                  key: d.key,
                  step: d.step,
                  kind: d.kind,
                  ...(d.unitId ? { unitId: d.unitId } : {}),
                  startAt: d.startAt,
                  warnAt: extended.warnAt,
                  dueAt: extended.dueAt,
                  provisional: extended.provisional,
                  status: 'open' as const,
                }
              : d,
          ),
        },
        payload: { days: pending.days, reason: pending.reason, dueAt: extended.dueAt },
      };
    },
  },
  refuseExtension: {
    from: ['handling'],
    by: ['leader'],
    event: 'ExtensionRefused',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const pending = requirePendingExtension(c);
      return {
        next: {
          ...c,
          extensions: c.extensions.map((e) =>
            e === pending
              ? { ...e, status: 'refused', decidedAt: ctx.now, decidedBy: actorId(ctx.actor) }
              : e,
          ),
        },
        payload: withoutType(cmd),
      };
    },
  },
  reply: {
    from: ['handling'],
    by: ['handler', 'leader'],
    event: 'CaseReplied',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      if (c.extensions.some((e) => e.status === 'requested')) {
        throw new GuardFailedError(
          'extension_pending',
          'the leader must decide the pending extension request before the reply',
        );
      }
      return {
        next: {
          ...c,
          stage: 'awaiting_evaluation',
          reply: { outcome: cmd.outcome, text: cmd.text, repliedAt: ctx.now, unitId: c.currentUnitId },
        },
        payload: withoutType(cmd),
        closes: [{ key: 'handling' }],
        // Both run from the written reply (自收到书面答复之日起): the platform delivers it now.
        opens: [
          { key: 'evaluation', step: 'evaluation', kind: 'window', startAt: ctx.now },
          { key: 'reviewRequest', step: 'reviewRequest', kind: 'window', startAt: ctx.now },
        ],
      };
    },
  },
};

function requireHandlingDeadline(c: Parameters<typeof openDeadlineByKey>[0]) {
  const handling = openDeadlineByKey(c, 'handling');
  if (!handling)
    throw new GuardFailedError('no_handling_deadline', 'the case has no open handling deadline to extend');
  return handling;
}

function requirePendingExtension(c: Parameters<typeof openDeadlineByKey>[0]) {
  const pending = c.extensions.find((e) => e.status === 'requested');
  if (!pending) throw new GuardFailedError('no_pending_extension', 'there is no extension request to decide');
  return pending;
}
