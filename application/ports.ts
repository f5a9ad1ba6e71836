/**
 * The ports the use cases talk through, beside the domain's own (domain/ports.ts, the case
 * repository). Each use case names the few members it needs (`Pick<…>`), so a function composes
 * only those adapters; the DynamoDB, SQS, EventBridge, KMS and SMS adapters in functions/adapters
 * implement them, and so do the local runtime's stand-ins.
 */
import type { CaseEvent } from '../domain/case/events.js';
import type { Channel } from '../domain/case/model.js';
import type { Page } from '../domain/case/repository.js';
import type { DeadlinePlanner } from '../domain/deadlines/rules.js';
import type { PersonalDataProtector } from '../domain/ports.js';
import type { ProvinceDirectory } from '../domain/province/directory.js';
import type { ProvinceConfig, RateLimit } from '../domain/province/schema.js';
import type { HotspotWarningRaised } from '../events/hotspot-events.js';
import type { PendingSubmission } from '../events/submissions.js';

export type { AssessmentStore } from '../domain/assessment/store.js';
export type { CaseRepository } from '../domain/case/repository.js';
export type { HotspotStore } from '../domain/hotspots/store.js';
export type { StaffFeed } from '../domain/notifications/staff-feed.js';
export type {
  Clock,
  EventPublisher,
  SmsGateway,
} from '../domain/ports.js';
export type { QueuedSms } from '../events/sms.js';
/** Personal data sealed at rest and looked up by keyed hash. */
export type PersonalData = PersonalDataProtector;

/** Structured logs. Adapters must keep personal data out of them. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * One line of the audit trail: who read or was refused what, on which case, and why. Kept as long
 * as the network logs (网络安全法 Art. 21: at least six months), where the function that writes it
 * cannot alter or delete it.
 */
export interface AuditRecord {
  /** What was asked: `read`, a command's name, `register`, `authenticate`… */
  readonly action: string;
  readonly outcome: 'allowed' | 'refused';
  readonly personId?: string | undefined;
  readonly unitId?: string | undefined;
  readonly role?: string | undefined;
  readonly caseId?: string | undefined;
  /** Why it was refused. */
  readonly reason?: string | undefined;
  /** The HTTP route and the caller's address, when the edge records it. */
  readonly route?: string | undefined;
  readonly sourceAddress?: string | undefined;
  /**
   * What else says what was done, never personal data itself: which fields of a contact were
   * shown, how many cases a phone look-up found, which reply template was changed.
   */
  readonly details?: Readonly<Record<string, string | number | readonly string[]>> | undefined;
}

/** Where audit records go. */
export interface AuditTrail {
  record(entry: AuditRecord): void;
}

/** Operational figures of a run (items read, acted on, how long), for dashboards and alarms. */
export interface Metrics {
  record(operation: string, counts: Readonly<Record<string, number>>, durationMs?: number): void;
}

/** The province a function serves: its configuration, directory and deadline planner. */
export interface ProvinceContext {
  readonly config: ProvinceConfig;
  readonly directory: ProvinceDirectory;
  readonly planner: DeadlinePlanner;
}

/** The queues use cases hand work to. Delivery is at least once. */
export type QueueName = 'intake' | 'routing' | 'casework' | 'sms';

export interface MessageQueue {
  send(queue: QueueName, message: unknown): Promise<void>;
}

/**
 * What a queue holds by its own counts (SQS's approximate numbers): messages waiting, in flight and
 * delayed, with those of its dead-letter queue. A sweep reads it to tell a backlog from lost work.
 */
export interface QueueHoldings {
  held(queue: QueueName): Promise<number>;
}

/** Messages a dead-letter queue holds: waiting, and received but not yet deleted. */
export interface DeadLetterCount {
  readonly waiting: number;
  readonly inFlight: number;
}

/** What a redrive did. */
export interface RedriveResult {
  readonly moved: number;
  /** Messages whose send back failed; they stay in the dead-letter queue. */
  readonly failed: number;
}

/**
 * The dead-letter queue behind each queue, and moving its messages back to the queue. Queues are
 * named as the topology names them: those use cases send to ({@link QueueName}) and those the
 * event bus feeds.
 */
export interface DeadLetterQueues {
  /** The queues whose dead-letter queue this reaches. */
  readonly queues: readonly string[];
  count(queue: string): Promise<DeadLetterCount>;
  /**
   * Moves up to `max` dead letters (default: as many as were waiting when it began) back to
   * `queue` with their body and attributes; a message leaves the dead-letter queue only once its
   * send succeeded.
   */
  redrive(queue: string, max?: number): Promise<RedriveResult>;
  /**
   * Up to `limit` dead letters of `queue`, read without taking them: each stays in the
   * dead-letter queue, visible at once to the next reader or a redrive.
   */
  peek(queue: string, limit: number): Promise<readonly DeadLetter[]>;
}

/** A message a queue gave up on, as read from its dead-letter queue. */
export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  /** How often it was received, in its queue and since. */
  readonly receiveCount: number;
  /** When it was first sent (ISO 8601), if the queue says. */
  readonly sentAt: string | undefined;
}

/** A submission as intake stores it, with its sealed query code and progress. */
export interface StoredSubmission extends PendingSubmission {
  readonly sealedQueryCode: string;
  readonly status: 'received' | 'registered';
  readonly acceptedAt: string;
}

/** Accepted submissions, stored before they are queued so that nothing accepted is lost. */
export interface SubmissionStore {
  /** The next tracking number of the Shanghai day of `now`: `XF<yyyymmdd><6-digit sequence>`. */
  nextTrackingNumber(now: string): Promise<string>;
  /** Stores a submission once. Returns the stored one when the same (channel, id) was seen before. */
  accept(submission: StoredSubmission): Promise<{ created: boolean; stored: StoredSubmission }>;
  get(channel: Channel, submissionId: string): Promise<StoredSubmission | undefined>;
  markRegistered(channel: Channel, submissionId: string): Promise<void>;
  /** How many submissions wait for registration, whenever accepted. */
  countPending(): Promise<number>;
  /** Submissions accepted at or before `acceptedBefore` and still not registered. */
  stranded(
    acceptedBefore: string,
    limit: number,
  ): Promise<readonly { channel: Channel; submissionId: string }[]>;
}

/** Counts attempts per key in fixed windows (wrong query codes per address). */
export type { RateLimit } from '../domain/province/schema.js';

/** What an attempt counter decided: counted, or refused with the seconds until it may be tried. */
export type AttemptDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Counts attempts per key in fixed windows of the limit's length. `take` is atomic: it counts an
 * attempt only while fewer than the limit are counted, so parallel callers never together pass it.
 */
export interface AttemptCounter {
  take(key: string, limit: RateLimit, nowMs: number): Promise<AttemptDecision>;
  /** Gives back an attempt taken at `takenAtMs` that turned out not to count (a right code). */
  giveBack(key: string, limit: RateLimit, takenAtMs: number): Promise<void>;
}

export type WebhookChannel = 'web' | 'sms';

/** Where the HMAC secret of a webhook channel comes from. */
export interface WebhookSecrets {
  secretFor(channel: WebhookChannel): Promise<string>;
}

/** What a rate limiter decided: counted, or refused with the seconds until it would be allowed. */
export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Counts events per key in sliding windows. `take` is atomic: it counts the event only while the
 * key is under the limit, so parallel callers can never together exceed it.
 */
export interface RateLimiter {
  take(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateDecision>;
}

/** Why a verification code was not accepted, or that it was. */
export type CodeUse = 'used' | 'none' | 'wrong' | 'expired' | 'spent' | 'void';

/**
 * The SMS verification codes of phones, stored only as keyed digests, one live code per phone.
 * Items are keyed by the phone's lookup key, never by the number.
 */
export interface VerificationCodeStore {
  /** Stores a new code's digest for the phone, replacing any earlier code. */
  issue(phoneKey: string, code: { digest: string; issuedAt: string; validUntil: string }): Promise<void>;
  /**
   * Uses the code for `usedBy` if its digest matches, it has not expired, is not void from too many
   * wrong tries and was not used by anyone else (using it again for the same `usedBy` is allowed,
   * so that a retried request completes). A wrong digest counts one wrong try.
   * Returns `used`, or why not: `none` (no code), `wrong`, `expired`, `spent` (used for another), `void`.
   */
  use(
    phoneKey: string,
    attempt: { digest: string; now: string; usedBy: string; maxWrongAttempts: number },
  ): Promise<CodeUse>;
}

/** A partner app allowed to use Open311, known by its API key. */
export interface Partner {
  readonly id: string;
  readonly name: string;
  /** Its own rate; the province's default otherwise. */
  readonly rateLimit?: RateLimit;
}

/** The province's Open311 partner keys (a secret on AWS). */
export interface PartnerKeys {
  partnerFor(apiKey: string): Promise<Partner | undefined>;
}

/** What a partner filed through Open311: the link from its key to the case, and what it sent. */
export interface Open311Record {
  readonly partnerId: string;
  readonly trackingNumber: string;
  readonly submissionId: string;
  readonly serviceCode: string;
  readonly requestedAt: string;
  readonly description: string;
  readonly address?: string;
  readonly lat?: number;
  readonly long?: number;
  readonly mediaUrl?: string;
}

export interface Open311Records {
  /** Records a filed request; recording the same one again changes nothing. */
  put(record: Open311Record): Promise<void>;
  get(partnerId: string, trackingNumber: string): Promise<Open311Record | undefined>;
  /** A partner's requests whose tracking numbers fall in the Shanghai days `fromDay`..`toDay` (yyyymmdd). */
  list(partnerId: string, fromDay: string, toDay: string, limit: number): Promise<readonly Open311Record[]>;
}

/** Publishes hot-issue events to the event bus, at least once (issue 16). */
export interface HotspotEventPublisher {
  publishHotspotEvents(events: readonly HotspotWarningRaised[]): Promise<void>;
}

/**
 * The events committed on history lines, read back from the lines to publish them again: what an
 * operator does when the event relay could not publish a stretch of the stream for its 24 hours
 * (application/operations/republish-events.ts).
 */
export interface CommittedEvents {
  /** A case's events from a version on, oldest first. */
  ofCase(caseId: string, fromVersion: number): Promise<readonly CaseEvent[]>;
  /**
   * One page of the events of history lines whose transition happened between two instants
   * (inclusive): a scan of the whole table, page by page, for an operator's rare recovery.
   */
  between(
    from: string,
    to: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<CaseEvent>>;
}
