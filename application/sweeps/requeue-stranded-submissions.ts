/**
 * Queues again any submission that was stored but never registered, e.g. because the webhook
 * crashed between storing it and sending its queue message. Registration is idempotent, so
 * queueing a submission twice is harmless.
 */
import type { IntakeMessage } from '../../events/submissions.js';
import type { Clock, Logger, MessageQueue, SubmissionStore } from '../ports.js';

/** How long a submission may wait for registration before the sweep queues it again. */
const strandedAfterSeconds = 120;

export interface RequeueStrandedPorts {
  readonly submissions: Pick<SubmissionStore, 'stranded'>;
  readonly queue: MessageQueue;
  readonly clock: Clock;
  readonly logger: Logger;
}

export async function requeueStrandedSubmissions(
  ports: RequeueStrandedPorts,
): Promise<{ requeued: number; failed: number }> {
  const before = new Date(Date.parse(ports.clock.now()) - strandedAfterSeconds * 1000).toISOString();
  const stranded = await ports.submissions.stranded(before, 500);
  let requeued = 0;
  let failed = 0;
  for (const { channel, submissionId } of stranded) {
    const message: IntakeMessage = { kind: 'submission.accepted', version: 1, channel, submissionId };
    // One submission that cannot be queued must not hold back the ones behind it.
    try {
      await ports.queue.send('intake', message);
      requeued++;
    } catch (error) {
      failed++;
      ports.logger.error('intake sweep: submission not queued', { channel, submissionId, error });
    }
  }
  ports.logger.info('intake sweep', { requeued, failed });
  return { requeued, failed };
}
