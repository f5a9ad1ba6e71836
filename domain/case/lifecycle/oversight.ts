/**
 * Oversight of first handling: the deadline ladder a sweep walks (预警, 超期), supervision of an
 * overdue step or a failed one until it is rectified (督办), and accountability records with the
 * proposal the seed requires within a week of the incident (责任追究).
 */
import type { DeadlineStep } from '../../deadlines/rules.js';
import { GuardFailedError } from '../errors.js';
import type { Case } from '../model.js';
import {
  actorId,
  closeCase,
  everyStageAfterRegistration,
  markOpenDeadline,
  type Rules,
  requireObligation,
  stagesWithDeadlines,
  supervisableStages,
  withoutType,
} from './rule.js';

type OversightCommand =
  | 'openSupervision'
  | 'recordSupervisionFollowUp'
  | 'confirmRectification'
  | 'flagDeadlineWarning'
  | 'flagDeadlineOverdue'
  | 'openAccountability'
  | 'recordAccountabilityStep';

/** Steps whose overdue escalates to supervision; the others go straight to accountability. */
const escalatesBySupervision: ReadonlySet<DeadlineStep> = new Set([
  'forwarding',
  'signFor',
  'acceptance',
  'handling',
  'revisit',
  'verification',
  'reviewDecision',
  'reReviewDecision',
]);

const dayMs = 86_400_000;

export const oversightRules: Rules<OversightCommand> = {
  openSupervision: {
    from: supervisableStages,
    by: ['system', 'supervisor'],
    event: 'SupervisionOpened',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      if (c.supervisions.some((s) => s.supervisionId === cmd.supervisionId)) {
        throw new GuardFailedError('duplicate_record', `supervision ${cmd.supervisionId} already exists`);
      }
      const supervised: Case = {
        ...c,
        supervisions: [
          ...c.supervisions,
          {
            supervisionId: cmd.supervisionId,
            mode: cmd.mode,
            supervisingUnitId: cmd.supervisingUnitId,
            targetUnitId: cmd.targetUnitId,
            cause: 'overdue',
            openedAt: ctx.now,
            followUps: [],
          },
        ],
      };
      return {
        next: cmd.deadlineKey
          ? {
              ...supervised,
              deadlines: markOpenDeadline(supervised, cmd.deadlineKey, { supervisedAt: ctx.now }),
            }
          : supervised,
        payload: withoutType(cmd),
        opens: [
          {
            key: `rectification:${cmd.supervisionId}`,
            step: 'rectification',
            kind: 'obligation',
            unitId: cmd.targetUnitId,
            startAt: ctx.now,
          },
        ],
      };
    },
  },
  recordSupervisionFollowUp: {
    from: [...supervisableStages, 'supervising'],
    by: ['supervisor'],
    event: 'SupervisionFollowedUp',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const supervision = requireOpenSupervision(c, cmd.supervisionId);
      return {
        next: {
          ...c,
          supervisions: c.supervisions.map((s) =>
            s === supervision
              ? { ...s, followUps: [...s.followUps, { at: ctx.now, by: actorId(ctx.actor), note: cmd.note }] }
              : s,
          ),
        },
        payload: withoutType(cmd),
      };
    },
  },
  confirmRectification: {
    from: [...supervisableStages, 'supervising'],
    by: ['supervisor'],
    event: 'RectificationConfirmed',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      const supervision = requireOpenSupervision(c, cmd.supervisionId);
      const next: Case = {
        ...c,
        supervisions: c.supervisions.map((s) =>
          s === supervision
            ? {
                ...s,
                rectifiedAt: ctx.now,
                followUps: [...s.followUps, { at: ctx.now, by: actorId(ctx.actor), note: cmd.note }],
              }
            : s,
        ),
      };
      const stillOpen = next.supervisions.some(
        (s) => s.rectifiedAt === undefined && s.cause === 'organ_failure',
      );
      return {
        next:
          c.stage === 'supervising' && !stillOpen ? closeCase(next, 'supervision_rectified', ctx.now) : next,
        payload: withoutType(cmd),
        closes: [{ key: `rectification:${cmd.supervisionId}` }],
      };
    },
  },
  flagDeadlineWarning: {
    from: stagesWithDeadlines,
    by: ['system'],
    event: 'CaseDeadlineWarned',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const d = requireObligation(c, cmd.key);
      if (d.warnedAt)
        throw new GuardFailedError(
          'already_flagged',
          `deadline ${cmd.key} was already warned at ${d.warnedAt}`,
        );
      if (ctx.now < d.warnAt)
        throw new GuardFailedError('not_due', `deadline ${cmd.key} warns at ${d.warnAt}`);
      return {
        next: { ...c, deadlines: c.deadlines.map((x) => (x === d ? { ...x, warnedAt: ctx.now } : x)) },
        payload: { key: d.key, step: d.step, ...(d.unitId ? { unitId: d.unitId } : {}), dueAt: d.dueAt },
      };
    },
  },
  flagDeadlineOverdue: {
    from: stagesWithDeadlines,
    by: ['system'],
    event: 'CaseDeadlineMissed',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      const d = requireObligation(c, cmd.key);
      if (d.overdueAt)
        throw new GuardFailedError(
          'already_flagged',
          `deadline ${cmd.key} was already flagged overdue at ${d.overdueAt}`,
        );
      if (ctx.now < d.dueAt)
        throw new GuardFailedError('not_due', `deadline ${cmd.key} is due at ${d.dueAt}`);
      const after = (days: number | undefined) =>
        days === undefined ? undefined : new Date(Date.parse(d.dueAt) + days * dayMs).toISOString();
      const superviseAt = escalatesBySupervision.has(d.step) ? after(cmd.superviseAfterDays) : undefined;
      // A late accountability proposal is flagged, not escalated again: that would chain records.
      const accountableAt = d.step === 'accountabilityProposal' ? undefined : after(cmd.accountableAfterDays);
      return {
        next: {
          ...c,
          deadlines: c.deadlines.map((x) =>
            x === d
              ? {
                  ...x,
                  overdueAt: ctx.now,
                  warnedAt: x.warnedAt ?? ctx.now,
                  ...(superviseAt ? { superviseAt } : {}),
                  ...(accountableAt ? { accountableAt } : {}),
                }
              : x,
          ),
        },
        payload: { key: d.key, step: d.step, ...(d.unitId ? { unitId: d.unitId } : {}), dueAt: d.dueAt },
      };
    },
  },
  openAccountability: {
    from: everyStageAfterRegistration,
    by: ['system', 'supervisor'],
    event: 'AccountabilityOpened',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      if (c.accountabilities.some((a) => a.accountabilityId === cmd.accountabilityId)) {
        throw new GuardFailedError(
          'duplicate_record',
          `accountability ${cmd.accountabilityId} already exists`,
        );
      }
      const responsible = c.responsibility?.unitId === cmd.responsibleUnitId ? c.responsibility : undefined;
      return {
        next: {
          ...c,
          ...(cmd.deadlineKey
            ? { deadlines: markOpenDeadline(c, cmd.deadlineKey, { accountabilityOpenedAt: ctx.now }) }
            : {}),
          accountabilities: [
            ...c.accountabilities,
            {
              accountabilityId: cmd.accountabilityId,
              trigger: cmd.trigger,
              incidentAt: cmd.incidentAt,
              responsibleUnitId: cmd.responsibleUnitId,
              ...(responsible ? { leader: responsible.leader, handler: responsible.handler } : {}),
              openedAt: ctx.now,
              steps: [],
            },
          ],
        },
        payload: withoutType(cmd),
        opens: [
          {
            key: `accountabilityProposal:${cmd.accountabilityId}`,
            step: 'accountabilityProposal',
            kind: 'obligation',
            unitId: cmd.proposingUnitId,
            // The seed: propose accountability within one week of the incident, not of its discovery.
            startAt: cmd.incidentAt,
          },
        ],
      };
    },
  },
  recordAccountabilityStep: {
    from: everyStageAfterRegistration,
    by: ['supervisor', 'admin'],
    event: 'AccountabilityStepRecorded',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const record = c.accountabilities.find((a) => a.accountabilityId === cmd.accountabilityId);
      if (!record)
        throw new GuardFailedError(
          'unknown_accountability',
          `no accountability record ${cmd.accountabilityId} on this case`,
        );
      if (record.steps.some((s) => s.step === cmd.step)) {
        throw new GuardFailedError(
          'step_recorded',
          `step '${cmd.step}' of ${cmd.accountabilityId} is already recorded`,
        );
      }
      return {
        next: {
          ...c,
          accountabilities: c.accountabilities.map((a) =>
            a === record
              ? {
                  ...a,
                  steps: [
                    ...a.steps,
                    { step: cmd.step, at: ctx.now, by: actorId(ctx.actor), text: cmd.text },
                  ],
                }
              : a,
          ),
        },
        payload: withoutType(cmd),
        closes: cmd.step === 'proposal' ? [{ key: `accountabilityProposal:${cmd.accountabilityId}` }] : [],
      };
    },
  },
};

function requireOpenSupervision(c: Case, supervisionId: string) {
  const supervision = c.supervisions.find((s) => s.supervisionId === supervisionId);
  if (!supervision)
    throw new GuardFailedError('unknown_supervision', `no supervision ${supervisionId} on this case`);
  if (supervision.rectifiedAt)
    throw new GuardFailedError(
      'supervision_closed',
      `supervision ${supervisionId} was rectified at ${supervision.rectifiedAt}`,
    );
  return supervision;
}
