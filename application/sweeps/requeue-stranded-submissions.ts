/**
 * Queues again submissions that were stored but whose queue message was lost (the webhook crashed
 * between storing one and sending its message, or the send failed). A backlog is not lost work:
 * every waiting submission may have its message in the intake queue, or in its dead-letter queue
 * (where the operator's redrive deals with it). So the sweep reads the queue's own counts and
 * queues again only as many of the oldest waiting submissions as the queue cannot be holding:
 * none under a burst, all of them once the queue is empty. Registration is idempotent, so a
 * submission queued twice is harmless; the counts keep that from happening wholesale.
 */
import type { IntakeMessage } from '../../events/submissions.js';
import type { Clock, Logger, MessageQueue, QueueHoldings, SubmissionStore } from '../ports.js';

/** How long a submission may wait for registration before the sweep considers it. */
const strandedAfterSeconds = 120;

/** Submissions one run queues again at most. */
const maxPerRun = 500;

export interface RequeueStrandedPorts {
  readonly submissions: Pick<SubmissionStore, 'stranded' | 'countPending'>;
  readonly queue: MessageQueue;
  readonly queues: QueueHoldings;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface SweepResult {
  readonly requeued: number;
  readonly failed: number;
  /** Waiting submissions older than the threshold. */
  readonly waiting: number;
  /** Messages the intake queue and its dead-letter queue held. */
  readonly held: number;
}

export async function requeueStrandedSubmissions(ports: RequeueStrandedPorts): Promise<SweepResult> {
  const before = new Date(Date.parse(ports.clock.now()) - strandedAfterSeconds * 1000).toISOString();
  const old = await ports.submissions.stranded(before, maxPerRun);
  if (old.length === 0) return { requeued: 0, failed: 0, waiting: 0, held: 0 };
  // Counted after the pending read: a message sent meanwhile only makes the sweep more careful.
  const [pending, held] = await Promise.all([ports.submissions.countPending(), ports.queues.held('intake')]);
  const lost = Math.min(old.length, Math.max(0, pending - held));
  let requeued = 0;
  let failed = 0;
  for (const { channel, submissionId } of old.slice(0, lost)) {
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
  const result = { requeued, failed, waiting: old.length, held };
  ports.logger.info('intake sweep', { ...result, pending });
  return result;
}
