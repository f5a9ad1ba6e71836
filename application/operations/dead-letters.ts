/**
 * Dead letters: the messages a queue gave up on after its maximum receive count. An operator, and
 * in the staff API (`/staff/dead-letters`) supervisors and administrators, see how many each queue
 * holds and what they refer to; an operator or an administrator moves them back to their queue
 * once the cause is fixed. The move is receive-and-send
 * (functions/adapters/sqs-dead-letters.ts), since the China regions do not offer SQS's own redrive
 * (StartMessageMoveTask). Consumers are idempotent, so a message moved back is handled once.
 */
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import type { StaffRole } from '../../domain/case/model.js';
import { AccessDeniedError, NotFoundError } from '../errors.js';
import type {
  AuditTrail,
  DeadLetter,
  DeadLetterCount,
  DeadLetterQueues,
  Logger,
  RedriveResult,
} from '../ports.js';

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

/** What a dead letter is about, from its body: kinds and ids only, never a name, number or text. */
interface DeadLetterSummary {
  readonly messageId: string;
  readonly receiveCount: number;
  readonly sentAt: string | undefined;
  /** The message's kind (`submission.accepted`), its event type (`CaseRegistered`), or `unreadable`. */
  readonly kind: string;
  readonly caseId?: string;
  readonly trackingNumber?: string;
  readonly submissionId?: string;
  readonly channel?: string;
}

function field(from: unknown, name: string): string | undefined {
  if (typeof from !== 'object' || from === null) return undefined;
  const value = (from as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length <= 200 ? value : undefined;
}

/**
 * Reads what a dead letter refers to: an intake message names its submission, a bus envelope its
 * event and case, a queued SMS its kind and case. Anything else is `unreadable`, which is often why
 * it is a dead letter.
 */
export function describeDeadLetter(letter: DeadLetter): DeadLetterSummary {
  let body: unknown;
  try {
    body = JSON.parse(letter.body);
  } catch {
    body = undefined;
  }
  const detail =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['detail'] : undefined;
  const kind = field(body, 'detail-type') ?? field(body, 'kind') ?? field(body, 'type') ?? 'unreadable';
  const ids = {
    caseId: field(detail, 'caseId') ?? field(body, 'caseId'),
    trackingNumber: field(detail, 'trackingNumber') ?? field(body, 'trackingNumber'),
    submissionId: field(body, 'submissionId'),
    channel: field(body, 'channel'),
  };
  return {
    messageId: letter.messageId,
    receiveCount: letter.receiveCount,
    sentAt: letter.sentAt,
    kind,
    ...Object.fromEntries(Object.entries(ids).filter(([, v]) => v !== undefined)),
  };
}

/** Who may see dead letters, and who may move them back (staff API). */
const viewers: readonly StaffRole[] = ['supervisor', 'admin'];
const redrivers: readonly StaffRole[] = ['admin'];

/** How many dead letters of each queue are described in a listing. */
const describedPerQueue = 20;

export interface StaffDeadLetterPorts extends DeadLetterPorts {
  readonly audit: AuditTrail;
}

export interface DeadLetterListing {
  readonly queues: readonly ({
    readonly queue: string;
    /** The first {@link describedPerQueue} dead letters, described. */
    readonly letters: readonly DeadLetterSummary[];
  } & DeadLetterCount)[];
  readonly total: number;
}

/**
 * The dead letters of every queue, for supervisors and administrators: how many, and what the
 * first of each queue refer to (cases, submissions), so that the work they stand for can be found.
 * @throws AccessDeniedError for other roles
 */
export async function showDeadLetters(
  ports: StaffDeadLetterPorts,
  staff: StaffPrincipal,
): Promise<DeadLetterListing> {
  if (!viewers.includes(staff.role))
    throw new AccessDeniedError(
      staff,
      'readDeadLetters',
      `a ${staff.role} may not see dead letters; supervisors and administrators may`,
    );
  const queues = await Promise.all(
    ports.deadLetters.queues.map(async (queue) => {
      const count = await ports.deadLetters.count(queue);
      const letters =
        count.waiting > 0
          ? (await ports.deadLetters.peek(queue, describedPerQueue)).map(describeDeadLetter)
          : [];
      return { queue, ...count, letters };
    }),
  );
  ports.audit.record({
    action: 'readDeadLetters',
    outcome: 'allowed',
    personId: staff.personId,
    unitId: staff.unitId,
    role: staff.role,
  });
  return { queues, total: queues.reduce((n, q) => n + q.waiting + q.inFlight, 0) };
}

/**
 * Moves one queue's dead letters back, for administrators, once the cause is fixed.
 * @throws AccessDeniedError for other roles; NotFoundError for an unknown queue
 */
export async function redriveDeadLettersAsStaff(
  ports: StaffDeadLetterPorts,
  staff: StaffPrincipal,
  request: RedriveRequest,
): Promise<{ readonly queue: string } & RedriveResult> {
  if (!redrivers.includes(staff.role))
    throw new AccessDeniedError(
      staff,
      'redriveDeadLetters',
      `a ${staff.role} may not move dead letters back; administrators may`,
    );
  const result = await redriveDeadLetters(ports, request);
  ports.audit.record({
    action: `redriveDeadLetters:${result.queue}`,
    outcome: 'allowed',
    personId: staff.personId,
    unitId: staff.unitId,
    role: staff.role,
  });
  return result;
}
