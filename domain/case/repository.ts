import type { Case, Channel, Stage } from './model.js';
import type { CaseEvent, HistoryEntry, TransitionOutcome } from './transitions.js';

/** A page of a listing; `cursor` is opaque and absent on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}

/** What a listing shows of a case: no content, personal data masked. */
export interface CaseSummary {
  readonly caseId: string;
  readonly trackingNumber: string;
  readonly stage: Stage;
  readonly currentUnitId: string;
  readonly regionCode: string;
  readonly categoryId?: string;
  readonly title: string;
  readonly petitionerName: string;
  readonly maskedPhone?: string;
  readonly registeredAt: string;
  /** The next checkpoint (warning, due or expiry) of the case, if any. */
  readonly nextCheckpointAt?: string;
  /** The earliest due time of an open obligation (a unit must act by then), if any. */
  readonly nextDueAt?: string;
  /** True when any obligation of the case is past due. */
  readonly overdue: boolean;
  /** The person ids of the responsible leader and handler (首办责任), once the case is accepted. */
  readonly responsiblePersonIds?: readonly string[];
  /** How many supervision (督办) and accountability (责任追究) records the case carries, when any. */
  readonly supervisions?: number;
  readonly accountabilities?: number;
  readonly version: number;
}

/** A case that has something due, as the due-time index holds it. */
export interface DueCase {
  readonly caseId: string;
  readonly checkpointAt: string;
}

export interface InboxQuery {
  readonly unitId: string;
  readonly stage?: Stage;
  /** Only cases whose next checkpoint is at or before this instant. */
  readonly dueBefore?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** A read that may be served by an eventually consistent copy, if that copy is at least this new. */
export interface AtLeastVersion {
  readonly atLeastVersion: number;
}

/** The history lines up to a version, some of which the reader already holds. */
export interface HistoryThrough {
  readonly version: number;
  readonly known?: readonly HistoryEntry[];
}

/** A stored history line: readable, or what is wrong with it. */
export type StoredHistoryLine = HistoryEntry | { readonly seq: number; readonly unreadable: string };

/**
 * Where cases live. Every write of a transition stores the new case, its history line and its
 * event together, or nothing; a write against a version that is no longer current fails with
 * StaleCaseVersionError.
 */
/** One transition, or consecutive transitions of one case committed in one write (oldest first). */
export type Transitions = TransitionOutcome | readonly TransitionOutcome[];

export interface CreateOptions {
  /** The submission the case was registered from: marked registered in the same write. */
  readonly registeredFrom?: { readonly channel: Channel; readonly submissionId: string };
}

export interface CaseRepository {
  /**
   * Stores a newly registered case: its registration and the transitions decided right after it
   * (screening), in one write. CaseAlreadyExistsError if the id is taken.
   */
  create(transitions: Transitions, options?: CreateOptions): Promise<void>;
  /**
   * Stores one transition of an existing case, or several decided one after the other (routing
   * and the forward it decides), in one write conditional on the version before the first.
   */
  save(transitions: Transitions): Promise<void>;
  /**
   * The case as stored: a strongly consistent read, or with `atLeast` an eventually consistent one
   * (half the read units) that is read again consistently when it finds no case, or one older than
   * the version asked for.
   */
  get(caseId: string, atLeast?: AtLeastVersion): Promise<Case | undefined>;
  getByTrackingNumber(trackingNumber: string): Promise<Case | undefined>;
  /**
   * The whole history of a case, oldest first: a strongly consistent read. With `through`, exactly
   * the lines up to that version: those not already in hand (`known`, the lines a write just
   * stored) read eventually consistent, and again consistently when any of them is missing.
   */
  history(caseId: string, through?: HistoryThrough): Promise<readonly HistoryEntry[]>;
  /**
   * The history as stored, oldest first, for the integrity check: a line that no longer reads as
   * a history line (altered outside the platform) is given as unreadable instead of failing.
   */
  storedHistory(caseId: string): Promise<readonly StoredHistoryLine[]>;
  /** The event of the case's last transition (one item read), to put a stuck case back on its way. */
  lastEvent(caseId: string): Promise<CaseEvent | undefined>;
  /** A unit's cases, by stage and due time, newest checkpoint last. */
  inbox(query: InboxQuery): Promise<Page<CaseSummary>>;
  /**
   * Whether a unit's inbox holds any case, open or closed: one key query reading at most one item.
   * A sweep over every unit of a province skips the units that never held a case with it.
   */
  holdsAnyCase(unitId: string): Promise<boolean>;
  /** Cases with a checkpoint at or before `instant`, read from the sparse due-time index only. */
  dueBefore(instant: string, options: { limit: number; cursor?: string }): Promise<Page<DueCase>>;
  /** A petitioner's cases registered at or after `since`, by the keyed hash of identity or phone. */
  byPetitioner(identityKey: string, since: string): Promise<readonly CaseSummary[]>;
  /** The case awaiting a rating for a phone, newest first, by the keyed hash of the phone number. */
  byPhone(phoneKey: string, since: string): Promise<readonly CaseSummary[]>;
}
