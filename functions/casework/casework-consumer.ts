/**
 * Casework queue consumer: does what is due on one case (warning, overdue flag, supervision,
 * accountability, unrated), one stored transition at a time until nothing is due. Idempotent: a
 * redelivered message finds nothing left to do; a concurrent change makes the record retry.
 */
import { nextDueCommand } from '../../domain/case/due-work.js';
import { StaleCaseVersionError } from '../../domain/case/errors.js';
import { decide } from '../../domain/case/transitions.js';
import { caseDueMessageSchema } from '../../events/casework.js';
import { caseCommitter } from '../runtime/case-commit.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { onLambda } from '../runtime/lambda.js';
import { sqsConsumer } from '../runtime/sqs.js';

/** A bound on the work one message does, so a pathological case cannot loop. */
const maxStepsPerMessage = 20;

export function createCaseworkConsumer(deps: Dependencies) {
  const { config, directory, planner } = deps.province;
  const commit = caseCommitter(deps);
  return sqsConsumer(
    'casework',
    caseDueMessageSchema,
    async (message) => {
      let c = await deps.cases.get(message.caseId);
      for (let step = 0; c && step < maxStepsPerMessage; step++) {
        const now = deps.clock.now();
        const command = nextDueCommand(c, now, config, directory);
        if (!command) return;
        const outcome = decide(c, command, {
          now,
          actor: { kind: 'system', process: 'deadline-sweep' },
          planner,
        });
        try {
          await commit(outcome, false);
          c = outcome.case;
        } catch (error) {
          // Another delivery for the same case got there first: re-read and decide again.
          if (!(error instanceof StaleCaseVersionError)) throw error;
          c = await deps.cases.get(message.caseId);
        }
      }
    },
    deps.logger,
  );
}

export const handler = onLambda(createCaseworkConsumer);
