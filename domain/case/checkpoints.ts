import type { Case, CaseDeadline } from './model.js';
import { endStages } from './model.js';

/** What a sweep should do about one deadline of a case. */
export interface DueAction {
  readonly key: string;
  readonly action: 'warn' | 'overdue' | 'supervise' | 'hold_accountable' | 'expire';
  readonly at: string;
}

function actionOf(d: CaseDeadline): DueAction | undefined {
  if (d.status !== 'open') return undefined;
  if (d.kind === 'window') {
    // Only the rating window has a consequence when it lapses (未评价); other windows just end a right.
    return d.step === 'evaluation' ? { key: d.key, action: 'expire', at: d.dueAt } : undefined;
  }
  if (!d.warnedAt && d.warnAt < d.dueAt) return { key: d.key, action: 'warn', at: d.warnAt };
  if (!d.overdueAt) return { key: d.key, action: 'overdue', at: d.dueAt };
  // The escalation ladder recorded when the step went overdue: supervision first, then accountability.
  if (d.superviseAt && !d.supervisedAt) return { key: d.key, action: 'supervise', at: d.superviseAt };
  if (d.accountableAt && !d.accountabilityOpenedAt)
    return { key: d.key, action: 'hold_accountable', at: d.accountableAt };
  return undefined;
}

/** Every pending action of the case, earliest first. */
function pendingActions(c: Case): DueAction[] {
  return c.deadlines
    .map(actionOf)
    .filter((a): a is DueAction => a !== undefined)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The actions that are due at `now`. */
export function dueActions(c: Case, now: string): DueAction[] {
  return pendingActions(c).filter((a) => a.at <= now);
}

/**
 * The next instant at which a sweep has something to do for this case, or undefined. This is
 * the sort key of the sparse due-time index: a case without one is not in the index at all.
 */
export function nextCheckpointAt(c: Case): string | undefined {
  if (endStages.has(c.stage) && c.stage !== 'closed') return undefined;
  return pendingActions(c)[0]?.at;
}
