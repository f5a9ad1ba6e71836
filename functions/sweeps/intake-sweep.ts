/**
 * Scheduled: queues again any submission that was stored but never registered, e.g. because the
 * webhook crashed between storing it and sending its queue message. Registration is idempotent,
 * so queueing a submission twice is harmless.
 */
import type { IntakeMessage } from '../../events/submissions.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { onLambda } from '../runtime/lambda.js';

/** How long a submission may wait for registration before the sweep queues it again. */
export const strandedAfterSeconds = 120;

export function createIntakeSweep(deps: Dependencies) {
  return async (): Promise<{ requeued: number }> => {
    const before = new Date(Date.parse(deps.clock.now()) - strandedAfterSeconds * 1000).toISOString();
    const stranded = await deps.submissions.stranded(before, 500);
    for (const { channel, submissionId } of stranded) {
      const message: IntakeMessage = { kind: 'submission.accepted', version: 1, channel, submissionId };
      await deps.queues.send('intake', message);
    }
    deps.logger.info('intake sweep', { requeued: stranded.length });
    return { requeued: stranded.length };
  };
}

export const handler = onLambda(createIntakeSweep);
