import { describe, expect, it } from 'vitest';
import {
  applyClockRequest,
  ClockRequestError,
  createLocalClock,
  simulatedClockNote,
} from '../../infra/local/clock.js';
import { LocalScheduler } from '../../infra/local/scheduler.js';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** A real-time source the test moves by hand. */
function fakeRealTime(startIso: string) {
  let now = Date.parse(startIso);
  return { realNow: () => now, pass: (ms: number) => (now += ms) };
}

describe('local clock', () => {
  it('starts at the given instant and follows real time from there', () => {
    // Prepare
    const real = fakeRealTime('2030-01-01T00:00:00.000Z');
    const clock = createLocalClock({ start: '2026-03-02T01:00:00.000Z', realNow: real.realNow });

    // Act
    real.pass(90_000);

    // Assess
    expect(clock.now()).toBe('2026-03-02T01:01:30.000Z');
  });

  it('moves forward by days and by hours', () => {
    // Prepare
    const real = fakeRealTime('2030-01-01T00:00:00.000Z');
    const clock = createLocalClock({ start: '2026-03-02T01:00:00.000Z', realNow: real.realNow });

    // Act
    applyClockRequest(clock, { advanceDays: 3 });
    applyClockRequest(clock, { advanceHours: 1.5 });

    // Assess
    expect(clock.now()).toBe('2026-03-05T02:30:00.000Z');
  });

  it('sets the clock to an instant, backwards too', () => {
    // Prepare
    const real = fakeRealTime('2030-01-01T00:00:00.000Z');
    const clock = createLocalClock({ start: '2026-03-02T01:00:00.000Z', realNow: real.realNow });

    // Act
    applyClockRequest(clock, { set: '2026-01-01T08:00:00+08:00' });

    // Assess
    expect(clock.now()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('resumes from a saved offset and reports every move', () => {
    // Prepare
    const real = fakeRealTime('2026-03-02T00:00:00.000Z');
    const offsets: number[] = [];
    const clock = createLocalClock({
      offsetMs: dayMs,
      realNow: real.realNow,
      onChange: (o) => offsets.push(o),
    });

    // Act
    clock.advance(hourMs);

    // Assess
    expect(clock.now()).toBe('2026-03-03T01:00:00.000Z');
    expect(offsets).toEqual([dayMs + hourMs]);
  });

  it.each([
    { body: { advanceDays: -1 }, problem: /positive number/ },
    { body: { advanceHours: 0 }, problem: /positive number/ },
    { body: { advanceDays: '2' }, problem: /positive number/ },
    { body: { set: 'tomorrow' }, problem: /ISO 8601/ },
    { body: { set: '2026-03-02' }, problem: /ISO 8601/ },
    { body: { advanceDays: 1, advanceHours: 1 }, problem: /exactly one/ },
    { body: { advanceMinutes: 5 }, problem: /unknown field\(s\) advanceMinutes/ },
    { body: {}, problem: /exactly one/ },
    { body: [1], problem: /JSON object/ },
    { body: null, problem: /JSON object/ },
  ])('refuses $body, naming the problem, and leaves the clock where it was', ({ body, problem }) => {
    // Prepare
    const real = fakeRealTime('2030-01-01T00:00:00.000Z');
    const clock = createLocalClock({ start: '2026-03-02T01:00:00.000Z', realNow: real.realNow });

    // Act
    const act = () => applyClockRequest(clock, body);

    // Assess
    expect(act).toThrow(ClockRequestError);
    expect(act).toThrow(problem);
    expect(clock.now()).toBe('2026-03-02T01:00:00.000Z');
  });
});

describe('local scheduler', () => {
  function scheduled(expression: string, start: string) {
    const real = fakeRealTime('2030-01-01T00:00:00.000Z');
    const clock = createLocalClock({ start, realNow: real.realNow });
    const runs: string[] = [];
    const scheduler = new LocalScheduler(
      [
        {
          name: 'sweep',
          expression,
          run: async (event) => {
            runs.push(event.time);
          },
        },
      ],
      { nowMs: () => clock.nowMs(), region: 'cn-north-1' },
    );
    return { clock, real, runs, scheduler };
  }

  it('does not fire before its time', () => {
    // Prepare
    const { real, runs, scheduler } = scheduled('rate(5 minutes)', '2026-03-02T01:00:30.000Z');
    real.pass(4 * 60_000);

    // Act
    const fired = scheduler.tick();

    // Assess
    expect(fired).toEqual([]);
    expect(runs).toEqual([]);
  });

  it('fires once when the clock passes its time, with the scheduled time in the event', async () => {
    // Prepare
    const { real, runs, scheduler } = scheduled('rate(5 minutes)', '2026-03-02T01:00:30.000Z');
    real.pass(5 * 60_000);

    // Act
    const fired = scheduler.tick();
    await scheduler.stop();

    // Assess
    expect(fired).toEqual(['sweep']);
    expect(runs).toEqual(['2026-03-02T01:05:00Z']);
    expect(scheduler.nextFire('sweep')).toBe('2026-03-02T01:10:00.000Z');
  });

  it('fires once after a jump over many periods and counts the next time from the new now', async () => {
    // Prepare
    const { clock, runs, scheduler } = scheduled('rate(1 hour)', '2026-03-02T01:30:00.000Z');
    applyClockRequest(clock, { advanceDays: 2 });

    // Act
    scheduler.tick();
    await scheduler.stop();
    scheduler.tick();
    await scheduler.stop();

    // Assess
    expect(runs).toEqual(['2026-03-02T02:00:00Z']);
    expect(scheduler.nextFire('sweep')).toBe('2026-03-04T02:00:00.000Z');
  });

  it('keeps firing after a run fails', async () => {
    // Prepare
    const real = fakeRealTime('2026-03-02T01:00:30.000Z');
    let attempts = 0;
    const scheduler = new LocalScheduler(
      [
        {
          name: 'flaky',
          expression: 'rate(1 minute)',
          run: async () => {
            attempts++;
            throw new Error('table unavailable');
          },
        },
      ],
      { nowMs: real.realNow, region: 'cn-north-1', log: () => {} },
    );

    // Act
    real.pass(60_000);
    scheduler.tick();
    await scheduler.stop();
    real.pass(60_000);
    scheduler.tick();
    await scheduler.stop();

    // Assess
    expect(attempts).toBe(2);
  });

  it('refuses an invalid expression, naming the schedule', () => {
    // Prepare
    const entries = [{ name: 'broken', expression: 'rate(5 fortnights)', run: async () => {} }];

    // Act
    const act = () => new LocalScheduler(entries, { nowMs: Date.now, region: 'cn-north-1' });

    // Assess
    expect(act).toThrow(/schedule 'broken'/);
  });
});

describe('the banner’s clock line', () => {
  it('says nothing while the clock keeps real time', () => {
    // Prepare
    const clock = createLocalClock({ realNow: fakeRealTime('2026-03-02T01:00:00.000Z').realNow });

    // Act
    const note = simulatedClockNote(clock, '.data/clock.json');

    // Assess
    expect(note).toBeUndefined();
  });

  it('shows a simulated time, how far from real time, where it is kept and how to go back (failed before: the banner did not say)', () => {
    // Prepare
    const real = fakeRealTime('2026-03-02T01:00:00.000Z');
    const clock = createLocalClock({ offsetMs: 20 * dayMs, realNow: real.realNow });

    // Act
    const note = simulatedClockNote(clock, '.data/clock.json');

    // Assess
    expect(note).toContain('2026-03-22T01:00:00.000Z');
    expect(note).toContain('SIMULATED: 20.0 days ahead of real time');
    expect(note).toContain('.data/clock.json');
    expect(note).toContain('{"set":"2026-03-02T01:00:00.000Z"}');
  });
});
