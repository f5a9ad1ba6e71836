/**
 * EventBridge schedules, locally, on the runtime's clock: each schedule knows its next fire time;
 * a tick (every second) fires the schedules whose time the clock has passed. After a clock jump a
 * schedule fires once, not once per missed period, and its next time is counted from the new now.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { nextFireTime, parseScheduleExpression, type Schedule } from './schedule-expression.js';

export interface ScheduleEntry {
  /** The schedule's name (the topology trigger's `name`). */
  readonly name: string;
  readonly expression: string;
  /** Runs the schedule's function with the event. */
  readonly run: (event: ScheduledEvent) => Promise<unknown>;
}

export interface LocalSchedulerOptions {
  readonly nowMs: () => number;
  readonly region: string;
  readonly log?: (line: string) => void;
}

interface State {
  readonly entry: ScheduleEntry;
  readonly schedule: Schedule;
  next: number | undefined;
  running: Promise<unknown> | undefined;
}

/** The event EventBridge sends for a scheduled rule. */
function scheduledEvent(name: string, fireMs: number, region: string): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date(fireMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/${name}`],
    detail: {},
  };
}

export class LocalScheduler {
  readonly #states = new Map<string, State>();
  #timer: NodeJS.Timeout | undefined;

  /** Parses every expression: a bad one fails the start, naming the schedule. */
  constructor(
    entries: readonly ScheduleEntry[],
    private readonly options: LocalSchedulerOptions,
  ) {
    const now = new Date(options.nowMs());
    for (const entry of entries) {
      let schedule: Schedule;
      try {
        schedule = parseScheduleExpression(entry.expression);
      } catch (error) {
        throw new Error(`schedule '${entry.name}': ${(error as Error).message}`, { cause: error });
      }
      this.#states.set(entry.name, {
        entry,
        schedule,
        next: nextFireTime(schedule, now)?.getTime(),
        running: undefined,
      });
    }
  }

  names(): string[] {
    return [...this.#states.keys()];
  }

  /** The next fire time of a schedule (ISO), or undefined when it never fires again. */
  nextFire(name: string): string | undefined {
    const next = this.#states.get(name)?.next;
    return next === undefined ? undefined : new Date(next).toISOString();
  }

  /** Fires every schedule that is due by the clock; returns the names fired. */
  tick(): string[] {
    const nowMs = this.options.nowMs();
    const fired: string[] = [];
    for (const state of this.#states.values()) {
      if (state.next === undefined || state.next > nowMs || state.running) continue;
      const fireMs = state.next;
      state.next = nextFireTime(state.schedule, new Date(nowMs))?.getTime();
      fired.push(state.entry.name);
      state.running = this.#fire(state, fireMs).finally(() => {
        state.running = undefined;
      });
    }
    return fired;
  }

  /** Runs a schedule's function now (its timer is unchanged); rejects with the function's error. */
  runNow(name: string): Promise<unknown> {
    const state = this.#states.get(name);
    if (!state) throw new Error(`no schedule '${name}'`);
    return state.entry.run(scheduledEvent(name, this.options.nowMs(), this.options.region));
  }

  async #fire(state: State, fireMs: number): Promise<void> {
    try {
      await state.entry.run(scheduledEvent(state.entry.name, fireMs, this.options.region));
    } catch (error) {
      this.options.log?.(`schedule ${state.entry.name}: ${(error as Error).message}`);
    }
  }

  /** Ticks every `intervalMs` (1 s) until stopped. */
  start(intervalMs = 1_000): void {
    this.#timer ??= setInterval(() => this.tick(), intervalMs);
  }

  /** Stops the timer and waits for runs in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await Promise.all([...this.#states.values()].map((s) => s.running));
  }
}
