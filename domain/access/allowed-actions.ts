/**
 * The actions a staff member may take on a case now: those whose transition rule allows the
 * case's stage and the member's role, and that the member's unit may issue on this case
 * (jurisdiction). The console shows exactly these as buttons and never re-implements a rule; the
 * API still checks every action, guards included (an extension must have been requested before
 * it is approved), and answers with the reason when one fails.
 */
import type { CommandType } from '../case/commands.js';
import type { Case } from '../case/model.js';
import { transitionTable } from '../case/transitions.js';
import type { ProvinceDirectory } from '../province/directory.js';
import { jurisdictionRefusal, type StaffPrincipal } from './jurisdiction.js';

/**
 * The subset of `commands` the staff member may issue on the case in its current stage, in the
 * order given.
 */
export function allowedActions<C extends Exclude<CommandType, 'register'>>(
  staff: StaffPrincipal,
  c: Case,
  commands: readonly C[],
  directory: ProvinceDirectory,
): C[] {
  return commands.filter((command) => {
    const rule = transitionTable[command];
    return (
      rule.from.includes(c.stage) &&
      (rule.by as readonly string[]).includes(staff.role) &&
      jurisdictionRefusal(staff, c, command, directory) === undefined
    );
  });
}
