/**
 * Who revisits a dissatisfied or unrated case (seed §四(二)): the organ that handled it; the
 * county bureau for cases filed with it; the city and provincial bureaus for cases they
 * forwarded or assigned. Task ids are derived from the case, so planning twice plans the same.
 */
import type { ProvinceDirectory } from '../province/directory.js';
import type { Case, RevisitTask } from './model.js';

export function planRevisitTasks(
  c: Case,
  directory: ProvinceDirectory,
): { taskId: string; unitId: string; basis: RevisitTask['basis'] }[] {
  const tasks: { taskId: string; unitId: string; basis: RevisitTask['basis'] }[] = [];
  const add = (unitId: string, basis: RevisitTask['basis']) => {
    if (!tasks.some((t) => t.unitId === unitId))
      tasks.push({ taskId: `${c.caseId}-rv-${tasks.length + 1}`, unitId, basis });
  };
  add(c.responsibility?.unitId ?? c.reply?.unitId ?? c.currentUnitId, 'handling_organ');
  const filing = directory.findUnit(c.receivingUnitId);
  if (filing?.kind === 'bureau' && filing.level === 'county') add(filing.id, 'filing_bureau');
  const dispatcher = c.dispatch ? directory.findUnit(c.dispatch.fromUnitId) : undefined;
  if (dispatcher?.kind === 'bureau' && dispatcher.level !== 'county')
    add(dispatcher.id, 'dispatching_bureau');
  return tasks;
}
