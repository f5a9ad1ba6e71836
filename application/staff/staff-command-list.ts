/** The case actions staff may issue through the staff API (the rest only the platform issues). */
import { type CommandType, commandSchemas } from '../../domain/case/commands.js';

/** Commands only the platform issues: registration, the petitioner's rating, the sweeps' flags. */
const notForStaff = [
  'register',
  'evaluate',
  'markUnrated',
  'flagDeadlineWarning',
  'flagDeadlineOverdue',
] as const;
export type StaffCommand = Exclude<CommandType, (typeof notForStaff)[number]>;

/** Commands staff issue through the staff API. */
export const staffCommands = (Object.keys(commandSchemas) as CommandType[]).filter(
  (t): t is StaffCommand => !(notForStaff as readonly string[]).includes(t),
);
