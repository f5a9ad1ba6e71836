/**
 * Errors the use cases raise on purpose, beside the domain's. The HTTP edge maps each to one
 * status in one place (functions/runtime/http.ts); queue consumers let them fail the record.
 */
import type { StaffPrincipal } from '../domain/access/jurisdiction.js';
import { DomainError } from '../domain/errors.js';

/** One field of a request that is wrong, and what is wrong with it. */
export interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

/** The request is malformed or names what does not exist (HTTP 400 with every field named). */
export class InvalidRequestError extends DomainError {
  readonly problems: readonly FieldProblem[];
  constructor(problems: readonly FieldProblem[], what = 'body', code = 'invalid_request') {
    super(code, `invalid ${what}: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`);
    this.problems = problems;
  }
}

/** A staff member asked for what is outside their remit or role (HTTP 403, audited). */
export class AccessDeniedError extends DomainError {
  readonly staff: StaffPrincipal;
  readonly what: string;
  readonly caseId: string | undefined;
  constructor(staff: StaffPrincipal, what: string, reason: string, caseId?: string) {
    super('forbidden', reason);
    this.staff = staff;
    this.what = what;
    this.caseId = caseId;
  }
}

/** The thing asked for does not exist (HTTP 404). */
export class NotFoundError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** Someone keeps guessing (HTTP 429 with the seconds to wait). */
export class TooManyAttemptsError extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('too_many_attempts', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request conflicts with what is stored (HTTP 409), e.g. a staff action on a stale version. */
export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** The case is not at the version the caller acted on (HTTP 412): reload and decide again. */
export class PreconditionFailedError extends DomainError {
  constructor(message: string) {
    super('stale_version', message);
  }
}

/** A caller without staff identity is not allowed this (HTTP 403), e.g. a missing or unknown partner key. */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}
