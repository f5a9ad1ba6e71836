/**
 * The one place a command on a case is carried out: load the case, let the caller decide the
 * command from what it sees, decide the transition (pure domain), commit it (the case, its history
 * line and its event, conditional on the version read), publish the event, and on a stale version
 * either read again and decide again (a consumer) or fail (a person acting on what they saw).
 *
 * Round trips are decided here (docs/decisions/0020-cost-per-case.md): transitions a consumer
 * decides one after the other from what it already holds (registration and screening; routing
 * and its forward) are committed in one write.
 *
 * Nothing is published here: the history line is the outbox. The table's stream carries each new
 * line to the event relay, which publishes its event (at least once, in order per case), so a
 * commit is never left without its event and costs no second write to mark it sent.
 */
import type { CaseCommandOn, CommandOf } from '../domain/case/commands.js';
import { CaseAlreadyExistsError, StaleCaseVersionError } from '../domain/case/errors.js';
import type { Actor, Case } from '../domain/case/model.js';
import type { CreateOptions } from '../domain/case/repository.js';
import { decide, registerCase, type TransitionOutcome } from '../domain/case/transitions.js';
import type { CaseRepository, Clock, Logger, ProvinceContext } from './ports.js';

export interface CommandExecutorPorts {
  readonly cases: Pick<CaseRepository, 'get' | 'create' | 'save'>;
  readonly clock: Clock;
  readonly province: Pick<ProvinceContext, 'planner'>;
  readonly logger: Logger;
}

/** What to do about a case as it stands now: a command, or nothing. */
type Decider = (c: Case, now: string) => CaseCommandOn | undefined;

/**
 * One decider, or several applied one after the other to the case as the one before left it
 * (routing, then the forward it decided): whatever they decide is committed in one write.
 */
type Deciders = Decider | readonly Decider[];

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
  /**
   * Read the case (an id) eventually consistent, at least at this version (the version of the event
   * that asked for the run, the one the caller saw, or 0): half the read units. A refusal or a
   * conflict on that copy reads the case again consistently and decides again before it counts.
   */
  readonly atLeastVersion?: number;
  /** The case given was read eventually consistent (`get` with `atLeastVersion`): as above. */
  readonly targetMayBeStale?: boolean;
}

export interface Execution {
  /** The case after the run: the committed transitions', or as read when nothing was to be done. */
  readonly case: Case;
  /** The last committed transition, or undefined when the deciders had nothing to do. */
  readonly outcome: TransitionOutcome | undefined;
  /** Every transition the run committed, oldest first (empty when nothing was to be done). */
  readonly outcomes: readonly TransitionOutcome[];
}

export interface RegisterOptions {
  /** Decided on the registered case before anything is written, and committed with it (screening). */
  readonly decideNext?: Deciders;
  /** The submission registered: marked registered in the same write. */
  readonly registeredFrom?: CreateOptions['registeredFrom'];
}

/** Reads and decisions one run may repeat before a busy case fails the run. */
const maxAttempts = 5;

export class CommandExecutor {
  constructor(private readonly ports: CommandExecutorPorts) {}

  /**
   * Carries out what `decider` decides on the case `target` (an id, or a case already read).
   * Resolves undefined when there is no such case.
   */
  async run(target: string | Case, deciders: Deciders, options: RunOptions): Promise<Execution | undefined> {
    const caseId = typeof target === 'string' ? target : target.caseId;
    const { cases } = this.ports;
    const onStale = options.onStale ?? 'retry';
    // Before any read of this run (a copy the caller passed was read just before it).
    const readAt = this.ports.clock.now();
    let c: Case | undefined;
    // Whether `c` may be an eventually consistent copy older than the case as stored.
    let mayBeStale: boolean;
    if (typeof target !== 'string') {
      c = target;
      mayBeStale = options.targetMayBeStale === true;
    } else if (options.atLeastVersion !== undefined) {
      c = await cases.get(target, { atLeastVersion: options.atLeastVersion });
      mayBeStale = true;
    } else {
      c = await cases.get(target);
      mayBeStale = false;
    }
    // A refusal or a conflict on a copy that may be stale reads the case consistently, then decides again.
    const readAgain = async (): Promise<boolean> => {
      if (!mayBeStale) return false;
      const before = c?.version;
      c = await cases.get(caseId);
      mayBeStale = false;
      return c?.version !== before;
    };
    const decidedSinceRead = () => onStale === 'fail' && c !== undefined && c.updatedAt >= readAt;
    for (let attempt = 1; ; attempt++) {
      if (!c) return undefined;
      if (options.expectedVersion !== undefined && options.expectedVersion !== c.version) {
        if (c.version < options.expectedVersion && (await readAgain())) continue;
        throw new StaleCaseVersionError(caseId, options.expectedVersion);
      }
      let outcomes: TransitionOutcome[];
      try {
        outcomes = this.decideAll(c, deciders, options.actor);
      } catch (error) {
        // Decided again only on what the copy missed; for a person (`fail`), a version decided
        // after the copy was read is what a consistent read could not have shown either.
        if ((await readAgain()) && !decidedSinceRead()) continue;
        throw error;
      }
      const last = outcomes.at(-1);
      if (!last) return { case: c, outcome: undefined, outcomes };
      try {
        await cases.save(outcomes);
      } catch (error) {
        if (!(error instanceof StaleCaseVersionError)) throw error;
        if (mayBeStale) {
          await readAgain();
          // A version decided after the copy was read is a change the copy could not have shown:
          // for a person (`fail`) it is a change they did not see, as with a consistent read.
          if (decidedSinceRead()) throw error;
          continue;
        }
        if (onStale !== 'retry' || attempt >= maxAttempts) throw error;
        c = await cases.get(caseId);
        continue;
      }
      return { case: last.case, outcome: last, outcomes };
    }
  }

  /**
   * Registers a new case, with what `decideNext` decides on it right away, in one write. A case already
   * stored under the id (a redelivery that got there first) is returned as it stands, with
   * `created: false`.
   */
  async register(
    command: CommandOf<'register'>,
    actor: Actor,
    options: RegisterOptions = {},
  ): Promise<{ case: Case; created: boolean }> {
    const registered = registerCase(command, {
      now: this.ports.clock.now(),
      actor,
      planner: this.ports.province.planner,
    });
    const outcomes = [
      registered,
      ...(options.decideNext ? this.decideAll(registered.case, options.decideNext, actor) : []),
    ];
    try {
      await this.ports.cases.create(
        outcomes,
        options.registeredFrom ? { registeredFrom: options.registeredFrom } : {},
      );
    } catch (error) {
      if (!(error instanceof CaseAlreadyExistsError)) throw error;
      const stored = await this.ports.cases.get(command.caseId);
      if (!stored) throw error;
      return { case: stored, created: false };
    }
    return { case: outcomes.at(-1)!.case, created: true };
  }

  /** The transitions the deciders make, one after the other, from the case as read (pure). */
  private decideAll(c: Case, deciders: Deciders, actor: Actor): TransitionOutcome[] {
    const now = this.ports.clock.now();
    const outcomes: TransitionOutcome[] = [];
    let current = c;
    for (const decider of typeof deciders === 'function' ? [deciders] : deciders) {
      const command = decider(current, now);
      if (!command) continue;
      const outcome = decide(current, command, { now, actor, planner: this.ports.province.planner });
      outcomes.push(outcome);
      current = outcome.case;
    }
    return outcomes;
  }
}
