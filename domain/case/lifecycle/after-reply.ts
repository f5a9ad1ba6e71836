/**
 * After the reply (评价、回访、核查): the petitioner rates; a dissatisfied or unrated case is
 * revisited by the units the seed names; a revisit that finds a problem is verified, either as a
 * demand explained or as an organ failure that opens supervision (督办) and accountability.
 */
import { CommandNotAllowedInStageError, GuardFailedError, WindowClosedError } from '../errors.js';
import type { Case, RevisitTask } from '../model.js';
import {
  actorId,
  closeCase,
  type DeadlineOpen,
  openDeadlineByKey,
  type Rules,
  requireOpenWindow,
  unitOf,
  withoutType,
} from './rule.js';

export const afterReplyRules: Rules<'evaluate' | 'markUnrated' | 'recordRevisit' | 'verify'> = {
  evaluate: {
    from: ['awaiting_evaluation'],
    by: ['petitioner'],
    event: 'CaseEvaluated',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      requireOpenWindow(c, 'evaluation', ctx.now, 'rate the reply');
      const rated: Case = {
        ...c,
        evaluation: {
          rating: cmd.rating,
          ...(cmd.comment ? { comment: cmd.comment } : {}),
          at: ctx.now,
          via: cmd.via,
        },
      };
      const closes = [{ key: 'evaluation' }];
      if (cmd.rating !== 'dissatisfied')
        return { next: closeCase(rated, 'satisfied', ctx.now), payload: { rating: cmd.rating }, closes };
      return {
        next: { ...rated, stage: 'revisiting', revisits: [...c.revisits, ...newTasks(cmd.revisitTasks)] },
        payload: { rating: cmd.rating },
        closes,
        opens: revisitDeadlines(cmd.revisitTasks, ctx.now),
      };
    },
  },
  markUnrated: {
    from: ['awaiting_evaluation'],
    by: ['system'],
    event: 'CaseUnrated',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      const window = openDeadlineByKey(c, 'evaluation');
      if (window && ctx.now < window.dueAt) {
        throw new GuardFailedError('window_open', `the rating window is open until ${window.dueAt}`);
      }
      return {
        next: {
          ...c,
          evaluation: { rating: 'unrated', at: ctx.now },
          stage: 'revisiting',
          revisits: [...c.revisits, ...newTasks(cmd.revisitTasks)],
        },
        payload: withoutType(cmd),
        closes: [{ key: 'evaluation', status: 'lapsed' }],
        // The case became unrated when the window ended, not when a sweep noticed it.
        opens: revisitDeadlines(cmd.revisitTasks, window?.dueAt ?? ctx.now),
      };
    },
  },
  recordRevisit: {
    from: ['revisiting'],
    by: ['handler', 'leader', 'triage_officer', 'supervisor'],
    event: 'RevisitRecorded',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const task = c.revisits.find((t) => t.taskId === cmd.taskId);
      if (!task)
        throw new GuardFailedError('unknown_revisit_task', `no revisit task ${cmd.taskId} on this case`);
      if (task.status === 'done')
        throw new GuardFailedError('revisit_task_done', `revisit task ${cmd.taskId} is already recorded`);
      if (ctx.actor.kind === 'staff' && ctx.actor.unitId !== task.unitId) {
        throw new GuardFailedError('not_your_task', `revisit task ${cmd.taskId} belongs to ${task.unitId}`);
      }
      const revisits = c.revisits.map((t) =>
        t === task
          ? {
              ...t,
              status: 'done' as const,
              record: {
                method: cmd.method,
                by: actorId(ctx.actor),
                at: ctx.now,
                petitionerSaid: cmd.petitionerSaid,
                outcome: cmd.outcome,
              },
            }
          : t,
      );
      const next: Case = { ...c, revisits };
      const payload = withoutType(cmd);
      const closes = [{ key: `revisit:${task.taskId}` }];
      if (revisits.some((t) => t.status === 'open')) return { next, payload, closes };
      if (revisits.some((t) => t.record?.outcome === 'problem_found')) {
        return {
          next: { ...next, stage: 'verifying' },
          payload,
          closes,
          opens: [
            {
              key: 'verification',
              step: 'verification',
              kind: 'obligation',
              unitId: c.receivingUnitId,
              startAt: ctx.now,
            },
          ],
        };
      }
      return { next: closeCase(next, 'revisits_resolved', ctx.now), payload, closes };
    },
  },
  verify: {
    from: ['verifying'],
    by: ['supervisor', 'leader'],
    event: 'CaseVerified',
    visibility: 'internal',
    apply: (c, cmd, ctx) => {
      const by = actorId(ctx.actor);
      const closes = [{ key: 'verification' }];
      if (cmd.finding === 'unreasonable_demand') {
        return {
          next: closeCase(
            {
              ...c,
              verification: {
                finding: cmd.finding,
                explanation: cmd.explanation,
                petitionerResponse: cmd.petitionerResponse,
                at: ctx.now,
                by,
              },
            },
            'demand_explained',
            ctx.now,
          ),
          payload: withoutType(cmd),
          closes,
        };
      }
      if (c.supervisions.some((s) => s.supervisionId === cmd.supervisionId)) {
        throw new GuardFailedError('duplicate_record', `supervision ${cmd.supervisionId} already exists`);
      }
      const target = c.responsibility?.unitId ?? c.currentUnitId;
      const supervisingUnitId = unitOf(ctx.actor, c);
      // Seed §四(四): a verified organ failure is also a first-handling failure to be held to
      // account; the record names the first-handling unit, leader and handler, due in a week.
      const accountabilityId = `acc-${cmd.supervisionId}`;
      return {
        next: {
          ...c,
          stage: 'supervising',
          verification: { finding: cmd.finding, failureKind: cmd.failureKind, at: ctx.now, by },
          supervisions: [
            ...c.supervisions,
            {
              supervisionId: cmd.supervisionId,
              mode: cmd.mode,
              supervisingUnitId,
              targetUnitId: target,
              cause: 'organ_failure',
              openedAt: ctx.now,
              followUps: [],
            },
          ],
          accountabilities: [
            ...c.accountabilities,
            {
              accountabilityId,
              trigger: 'organ_failure',
              incidentAt: ctx.now,
              responsibleUnitId: target,
              ...(c.responsibility?.unitId === target
                ? { leader: c.responsibility.leader, handler: c.responsibility.handler }
                : {}),
              openedAt: ctx.now,
              steps: [],
            },
          ],
        },
        payload: { ...withoutType(cmd), accountabilityId },
        closes,
        opens: [
          {
            key: `rectification:${cmd.supervisionId}`,
            step: 'rectification',
            kind: 'obligation',
            unitId: target,
            startAt: ctx.now,
          },
          {
            key: `accountabilityProposal:${accountabilityId}`,
            step: 'accountabilityProposal',
            kind: 'obligation',
            unitId: supervisingUnitId,
            startAt: ctx.now, // the incident is the failure the verification found
          },
        ],
      };
    },
  },
};

/**
 * Why the petitioner may not rate the reply now, as an error to throw, or undefined when they may:
 * rated already, the rating window closed (and when: a late rating is told that, not a stage
 * conflict), or no reply to rate yet.
 */
export function ratingRefusal(c: Case, now: string): Error | undefined {
  if (c.evaluation && c.evaluation.rating !== 'unrated')
    return new GuardFailedError('already_rated', `the reply was already rated at ${c.evaluation.at}`);
  const window = c.deadlines.findLast((d) => d.key === 'evaluation');
  if (window && (window.status !== 'open' || now >= window.dueAt)) {
    // A window a review request cancelled ended then; one that lapsed ended at its due time.
    const closedAt = window.status === 'cancelled' ? (window.closedAt ?? window.dueAt) : window.dueAt;
    return new WindowClosedError(
      `the window to rate the reply closed at ${closedAt}${c.stage === 'revisiting' ? '; the case is being revisited (回访) instead' : ''}`,
      closedAt,
    );
  }
  if (c.stage !== 'awaiting_evaluation') return new CommandNotAllowedInStageError(c.stage, 'evaluate');
  return undefined;
}

type PlannedTask = Pick<RevisitTask, 'taskId' | 'unitId' | 'basis'>;

function newTasks(tasks: readonly PlannedTask[]): RevisitTask[] {
  if (tasks.length === 0) {
    throw new GuardFailedError(
      'revisit_tasks_required',
      'a dissatisfied or unrated case needs at least one revisit task',
    );
  }
  return tasks.map((t) => ({ ...t, status: 'open' as const }));
}

function revisitDeadlines(tasks: readonly PlannedTask[], startAt: string): DeadlineOpen[] {
  return tasks.map((t) => ({
    key: `revisit:${t.taskId}`,
    step: 'revisit',
    kind: 'obligation',
    unitId: t.unitId,
    startAt,
  }));
}
