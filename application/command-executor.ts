/**
 * The one place a command on a case is carried out: load the case, let the caller decide the
 * command from what it sees, decide the transition (pure domain), commit it (the case, its history
 * line and its event, conditional on the version read), publish the event, and on a stale version
 * either read again and decide again (a consumer) or fail (a person acting on what they saw).
 *
 * Publishing follows the commit and may fail: the event then stays in the outbox and the outbox
 * sweep publishes it later. The transition stands either way; consumers tolerate duplicates.
 */
import type { CaseCommandOn, CommandOf } from '../domain/case/commands.js';
import { CaseAlreadyExistsError, StaleCaseVersionError } from '../domain/case/errors.js';
import type { Actor, Case } from '../domain/case/model.js';
import { decide, registerCase, type TransitionOutcome } from '../domain/case/transitions.js';
import type {
  CaseEventOutbox,
  CaseRepository,
  Clock,
  EventPublisher,
  Logger,
  ProvinceContext,
} from './ports.js';

export interface CommandExecutorPorts {
  readonly cases: Pick<CaseRepository, 'get' | 'create' | 'save'> & Pick<CaseEventOutbox, 'markPublished'>;
  readonly events: EventPublisher;
  readonly clock: Clock;
  readonly province: Pick<ProvinceContext, 'planner'>;
  readonly logger: Logger;
}

/** What to do about a case as it stands now: a command, or nothing. */
export type Decider = (c: Case, now: string) => CaseCommandOn | undefined;

export interface RunOptions {
  readonly actor: Actor;
  /**
   * On a stale version: `retry` reads the case again and decides again (consumers and sweeps,
   * whose decision follows from the data); `fail` throws StaleCaseVersionError (a person decided
   * on what they saw, and must see the change first). Default `retry`.
   */
  readonly onStale?: 'retry' | 'fail';
  /** The version the caller saw (`If-Match`); another stored version fails at once. */
  readonly expectedVersion?: number;
}

export interface Execution {
  /** The case after the run: the committed transition's, or as read when nothing was to be done. */
  readonly case: Case;
  /** The committed transition, or undefined when the decider had nothing to do. */
  readonly outcome: TransitionOutcome | undefined;
}

/** Reads and decisions one run may repeat before a busy case fails the run. */
const maxAttempts = 5;

export class CommandExecutor {
  constructor(private readonly ports: CommandExecutorPorts) {}

  /**
   * Carries out what `decider` decides on the case `target` (an id, or a case already read).
   * Resolves undefined when there is no such case.
   */
  async run(target: string | Case, decider: Decider, options: RunOptions): Promise<Execution | undefined> {
    const caseId = typeof target === 'string' ? target : target.caseId;
    let c = typeof target === 'string' ? await this.ports.cases.get(target) : target;
    for (let attempt = 1; ; attempt++) {
      if (!c) return undefined;
      if (options.expectedVersion !== undefined && options.expectedVersion !== c.version)
        throw new StaleCaseVersionError(caseId, options.expectedVersion);
      const now = this.ports.clock.now();
      const command = decider(c, now);
      if (!command) return { case: c, outcome: undefined };
      const outcome = decide(c, command, { now, actor: options.actor, planner: this.ports.province.planner });
      try {
        await this.ports.cases.save(outcome);
      } catch (error) {
        const retry = (options.onStale ?? 'retry') === 'retry' && attempt < maxAttempts;
        if (!(error instanceof StaleCaseVersionError) || !retry) throw error;
        c = await this.ports.cases.get(caseId);
        continue;
      }
      await this.publish(outcome);
      return { case: outcome.case, outcome };
    }
  }

  /**
   * Registers a new case. A case already stored under the id (a redelivery that got there first)
   * is returned as it stands, with `created: false`.
   */
  async register(command: CommandOf<'register'>, actor: Actor): Promise<{ case: Case; created: boolean }> {
    const outcome = registerCase(command, {
      now: this.ports.clock.now(),
      actor,
      planner: this.ports.province.planner,
    });
    try {
      await this.ports.cases.create(outcome);
    } catch (error) {
      if (!(error instanceof CaseAlreadyExistsError)) throw error;
      const stored = await this.ports.cases.get(command.caseId);
      if (!stored) throw error;
      return { case: stored, created: false };
    }
    await this.publish(outcome);
    return { case: outcome.case, created: true };
  }

  private async publish(outcome: TransitionOutcome): Promise<void> {
    try {
      await this.ports.events.publish([outcome.event]);
      await this.ports.cases.markPublished(outcome.case.caseId, outcome.history.seq);
    } catch (error) {
      this.ports.logger.warn('event left in the outbox', {
        caseId: outcome.case.caseId,
        seq: outcome.history.seq,
        error,
      });
    }
  }
}
