/**
 * One case as staff read it (`GET /staff/cases/{caseId}` and every action's answer): the staff
 * view with the actions this staff member may take now (`allowedActions`), so that the console
 * offers exactly those and re-implements no rule.
 */
import { allowedActions } from '../../domain/access/allowed-actions.js';
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import { mayRevealContact } from '../../domain/access/petitioner-contact.js';
import type { Case } from '../../domain/case/model.js';
import { staffCaseView } from '../../domain/case/staff-view.js';
import type { HistoryEntry } from '../../domain/case/transitions.js';
import type { ProvinceDirectory } from '../../domain/province/directory.js';
import { staffCommands } from './staff-command-list.js';

export function staffCaseDetail(
  staff: StaffPrincipal,
  c: Case,
  history: readonly HistoryEntry[],
  now: string,
  directory: ProvinceDirectory,
) {
  return {
    ...staffCaseView(c, history, now, directory),
    allowedActions: allowedActions(staff, c, staffCommands, directory),
    /** Whether this staff member may see the petitioner's contact in full (each reveal audited). */
    mayRevealPetitioner: mayRevealContact(staff, c, directory),
  };
}
