/**
 * The local runtime's one clock: real time plus an offset that only the control surface moves.
 * Time keeps flowing between moves, so deadlines, schedules and SMS timestamps behave as on AWS,
 * and a developer can jump days ahead to see warnings and overdue flags fire.
 */
import type { Clock } from '../../domain/ports.js';

/** A clock request that cannot be applied; the message says what is wrong (a 400 locally). */
export class ClockRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClockRequestError';
  }
}

export interface LocalClock extends Clock {
  /** Now, in milliseconds since the epoch. */
  nowMs(): number;
  /** How far the clock is ahead of (or, after `set`, behind) real time, in milliseconds. */
  offsetMs(): number;
  /** Moves the clock forward; a negative or non-finite amount is refused. */
  advance(ms: number): void;
  /** Sets the clock to an instant, forward or backward. */
  set(instant: string): void;
}

export interface LocalClockOptions {
  /** Where the clock starts (ISO 8601); real time when absent. */
  readonly start?: string;
  /** Offset to resume from (a restart), ignored when `start` is given. */
  readonly offsetMs?: number;
  /** The real-time source; `Date.now` by default. */
  readonly realNow?: () => number;
  /** Called after every move, e.g. to persist the offset. */
  readonly onChange?: (offsetMs: number) => void;
}

function parseInstant(text: string, what: string): number {
  // Date.parse accepts many forms; insist on an ISO 8601 date-time with a zone.
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
  const ms = iso.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms))
    throw new ClockRequestError(
      `${what} must be an ISO 8601 date-time with a zone, e.g. 2026-03-02T09:00:00+08:00; got '${text}'`,
    );
  return ms;
}

/** Creates a clock that follows real time from `start` (or now). */
export function createLocalClock(options: LocalClockOptions = {}): LocalClock {
  const realNow = options.realNow ?? Date.now;
  let offset =
    options.start !== undefined
      ? parseInstant(options.start, 'clock start') - realNow()
      : (options.offsetMs ?? 0);
  const nowMs = () => realNow() + offset;
  const changed = () => options.onChange?.(offset);
  return {
    now: () => new Date(nowMs()).toISOString(),
    nowMs,
    offsetMs: () => offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new ClockRequestError(`the clock only moves forward: cannot advance by ${ms} ms`);
      offset += ms;
      changed();
    },
    set(instant) {
      offset = parseInstant(instant, 'set') - realNow();
      changed();
    },
  };
}

const hourMs = 3_600_000;

/**
 * Applies a control-surface request: `{ "advanceDays": n }`, `{ "advanceHours": n }` or
 * `{ "set": "<ISO 8601>" }`, exactly one of them. Throws {@link ClockRequestError} naming the problem.
 */
export function applyClockRequest(clock: LocalClock, body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ClockRequestError(
      'expected a JSON object: {"advanceDays": n}, {"advanceHours": n} or {"set": "<ISO 8601>"}',
    );
  }
  const fields = Object.keys(body);
  const known = ['advanceDays', 'advanceHours', 'set'];
  const unknown = fields.filter((f) => !known.includes(f));
  if (unknown.length > 0)
    throw new ClockRequestError(`unknown field(s) ${unknown.join(', ')}; use one of ${known.join(', ')}`);
  if (fields.length !== 1) throw new ClockRequestError(`give exactly one of ${known.join(', ')}`);
  const record = body as Record<string, unknown>;
  const [field] = fields as [string];
  const value = record[field];
  if (field === 'set') {
    if (typeof value !== 'string') throw new ClockRequestError('set must be an ISO 8601 string');
    clock.set(value);
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ClockRequestError(
      `${field} must be a positive number (the clock never goes backwards; use set to rewind)`,
    );
  }
  clock.advance(value * (field === 'advanceDays' ? 24 * hourMs : hourMs));
}

/**
 * What the banner says about the clock when it is not the real time (more than a minute off), or
 * undefined: a persistent run resumes the simulated time it left in the data folder, and a
 * developer who forgot would read every deadline wrong.
 */
export function simulatedClockNote(clock: LocalClock, keptIn?: string): string | undefined {
  const offset = clock.offsetMs();
  if (Math.abs(offset) < 60_000) return undefined;
  const days = Math.abs(offset) / (24 * hourMs);
  const amount = days >= 1 ? `${days.toFixed(1)} days` : `${(Math.abs(offset) / hourMs).toFixed(1)} hours`;
  const realNow = new Date(clock.nowMs() - offset).toISOString();
  return [
    `${clock.now()}  SIMULATED: ${amount} ${offset > 0 ? 'ahead of' : 'behind'} real time`,
    keptIn ? `(kept in ${keptIn} across restarts)` : '',
    `; back to real time: POST /_local/clock {"set":"${realNow}"}`,
  ]
    .filter(Boolean)
    .join(' ');
}
