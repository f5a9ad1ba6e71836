/**
 * Does what is due on one case (warning, overdue flag, supervision, accountability, unrated), one
 * stored transition at a time until nothing is due. What is due is decided in
 * domain/case/due-work.ts from the case as stored, so a redelivered message finds nothing left to
 * do and a concurrent change is read again and decided again.
 */

import { nextDueCommand } from '../../domain/case/due-work.js';
import type { Actor } from '../../domain/case/model.js';
import { CommandExecutor, type CommandExecutorPorts } from '../command-executor.js';
import type { ProvinceContext } from '../ports.js';

export interface DoDueWorkPorts extends CommandExecutorPorts {
  readonly province: ProvinceContext;
}

/** A bound on the work one message does, so a pathological case cannot loop. */
const maxStepsPerMessage = 20;
const sweep: Actor = { kind: 'system', process: 'deadline-sweep' };

/** Returns how many transitions were stored. */
export async function doDueWork(ports: DoDueWorkPorts, caseId: string): Promise<number> {
  const { config, directory } = ports.province;
  const executor = new CommandExecutor(ports);
  const decider = (c: Parameters<typeof nextDueCommand>[0], now: string) =>
    nextDueCommand(c, now, config, directory);
  let target: Parameters<CommandExecutor['run']>[0] = caseId;
  for (let step = 0; step < maxStepsPerMessage; step++) {
    const run = await executor.run(target, decider, { actor: sweep });
    if (!run?.outcome) return step;
    target = run.case;
  }
  return maxStepsPerMessage;
}
