/**
 * What the platform does by itself when a checkpoint of a case comes due (issue #7): warn (预警),
 * flag overdue (超期), escalate to supervision (督办) and then to accountability (责任追究) along
 * the province's ladder, and close an unanswered rating window (未评价). One command at a time:
 * the caller decides it, stores it, and asks again until nothing is due.
 */
import type { ProvinceDirectory } from '../province/directory.js';
import type { ProvinceConfig } from '../province/schema.js';
import { dueActions } from './checkpoints.js';
import type { CaseCommandOn } from './commands.js';
import type { Case } from './model.js';
import { stepLabels } from './public-view.js';
import { planRevisitTasks } from './revisit-plan.js';

export function nextDueCommand(
  c: Case,
  now: string,
  config: ProvinceConfig,
  directory: ProvinceDirectory,
): CaseCommandOn | undefined {
  const action = dueActions(c, now)[0];
  if (!action) return undefined;
  const deadline = c.deadlines.find((d) => d.key === action.key && d.status === 'open');
  if (!deadline) return undefined;
  const unitId = deadline.unitId ?? c.currentUnitId;
  const overseer = () =>
    directory.findUnit(unitId)
      ? (directory.supervisingBureau(unitId) ?? directory.bureauFor(c.regionCode))
      : directory.bureauFor(c.regionCode);
  const label = stepLabels[deadline.step];
  switch (action.action) {
    case 'warn':
      return { type: 'flagDeadlineWarning', key: action.key };
    case 'overdue':
      return {
        type: 'flagDeadlineOverdue',
        key: action.key,
        superviseAfterDays: config.escalation.supervisionAfterOverdueDays,
        accountableAfterDays: config.escalation.accountabilityAfterOverdueDays,
      };
    case 'supervise':
      return {
        type: 'openSupervision',
        supervisionId: `sv-${action.key}`,
        mode: 'leader',
        supervisingUnitId: overseer().id,
        targetUnitId: unitId,
        deadlineKey: action.key,
        reason: `${label}超期未办结，由上级信访工作机构督办`,
      };
    case 'hold_accountable':
      return {
        type: 'openAccountability',
        accountabilityId: `acc-${action.key}`,
        trigger: 'step_overdue',
        // The incident is the step becoming long overdue: the proposal is due a week after that.
        incidentAt: action.at,
        responsibleUnitId: unitId,
        proposingUnitId: overseer().id,
        deadlineKey: action.key,
        reason: `${label}长期超期，列为责任追究线索`,
      };
    case 'expire':
      return { type: 'markUnrated', revisitTasks: planRevisitTasks(c, directory) };
  }
}
