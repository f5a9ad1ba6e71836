/**
 * Dead letters: the messages a queue gave up on after its maximum receive count. An operator (and,
 * later, an administrator in the staff API) sees how many each queue holds and moves them back to
 * their queue once the cause is fixed. The move is receive-and-send
 * (functions/adapters/sqs-dead-letters.ts), since the China regions do not offer SQS's own redrive
 * (StartMessageMoveTask). Consumers are idempotent, so a message moved back is handled once.
 */
import { NotFoundError } from '../errors.js';
import type { DeadLetterCount, DeadLetterQueues, Logger, RedriveResult } from '../ports.js';

export interface DeadLetterPorts {
  readonly deadLetters: DeadLetterQueues;
  readonly logger: Pick<Logger, 'info'>;
}

/** How many dead letters each queue holds. */
export async function listDeadLetters(
  ports: Pick<DeadLetterPorts, 'deadLetters'>,
): Promise<Readonly<Record<string, DeadLetterCount>>> {
  const counts = await Promise.all(
    ports.deadLetters.queues.map(async (queue) => [queue, await ports.deadLetters.count(queue)] as const),
  );
  return Object.fromEntries(counts);
}

export interface RedriveRequest {
  /** The queue whose dead letters go back to it (not the dead-letter queue's own name). */
  readonly queue: string;
  /** At most this many; by default every message the dead-letter queue held when the move began. */
  readonly max?: number;
}

/**
 * Moves the dead letters of one queue back to it.
 * @throws NotFoundError (`queue_not_found`) naming the queues there are, for an unknown queue
 */
export async function redriveDeadLetters(
  ports: DeadLetterPorts,
  request: RedriveRequest,
): Promise<{ readonly queue: string } & RedriveResult> {
  const queue = ports.deadLetters.queues.find((name) => name === request.queue);
  if (!queue)
    throw new NotFoundError(
      'queue_not_found',
      `no queue '${request.queue}'; queues with dead letters: ${ports.deadLetters.queues.join(', ')}`,
    );
  const result = await ports.deadLetters.redrive(queue, request.max);
  ports.logger.info('dead letters redriven', { queue, ...result });
  return { queue, ...result };
}
