import { DomainError } from '../errors.js';
import type { Stage } from './model.js';

/** The command is not part of the stage's transitions (HTTP 409). */
export class CommandNotAllowedInStageError extends DomainError {
  readonly stage: Stage;
  readonly command: string;
  constructor(stage: Stage, command: string) {
    super('stage_conflict', `command '${command}' is not allowed while the case is in stage '${stage}'`);
    this.stage = stage;
    this.command = command;
  }
}

/** The actor's kind or role may not issue this command (HTTP 403). */
export class ActorNotPermittedError extends DomainError {
  readonly command: string;
  constructor(command: string, actorDescription: string) {
    super('actor_not_permitted', `${actorDescription} may not issue '${command}'`);
    this.command = command;
  }
}

/** The stage allows the command but the case's state does not (HTTP 409). */
export class GuardFailedError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/**
 * A right of the petitioner (rating, review, re-review) asked for after its window closed, or
 * before it opened (HTTP 409 with the instant it closed).
 */
export class WindowClosedError extends GuardFailedError {
  /** When the window closed; absent when it never opened. */
  readonly closedAt: string | undefined;
  constructor(message: string, closedAt?: string) {
    super('window_closed', message);
    this.closedAt = closedAt;
  }
}

/** The case changed since it was read (HTTP 412 at the edge, retried by consumers). */
export class StaleCaseVersionError extends DomainError {
  readonly caseId: string;
  readonly expectedVersion: number;
  constructor(caseId: string, expectedVersion: number, options?: ErrorOptions) {
    super('stale_version', `case ${caseId} is no longer at version ${expectedVersion}`, options);
    this.caseId = caseId;
    this.expectedVersion = expectedVersion;
  }
}

/** No case with that id or tracking number (HTTP 404). */
export class CaseNotFoundError extends DomainError {
  constructor(reference: string) {
    super('case_not_found', `no case ${reference}`);
  }
}

/** A case with that id already exists (registration is idempotent upstream; this is a conflict). */
export class CaseAlreadyExistsError extends DomainError {
  constructor(caseId: string, options?: ErrorOptions) {
    super('case_exists', `case ${caseId} already exists`, options);
  }
}

/** Another case already holds that tracking number (HTTP 409; intake draws a new number). */
export class TrackingNumberTakenError extends DomainError {
  readonly trackingNumber: string;
  constructor(trackingNumber: string, options?: ErrorOptions) {
    super('tracking_number_taken', `tracking number ${trackingNumber} is already taken`, options);
    this.trackingNumber = trackingNumber;
  }
}

/** A listing cursor that this listing did not hand out (HTTP 400). */
export class InvalidCursorError extends DomainError {
  constructor(options?: ErrorOptions) {
    super('invalid_cursor', 'the cursor is not one this listing handed out', options);
  }
}
