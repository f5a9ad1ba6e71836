/**
 * A burst of submissions (issue 13): posted as fast as the concurrency allows, then — while the
 * backlog still waits in the intake queue — the runtime clock moves past the intake sweep's
 * threshold and the sweep runs, as it would on AWS when a backlog outlives it. Reports the intake
 * messages the consumer handled per submission (a sweep that queues backlog again shows > 1), the
 * dead letters, and the webhook's 202 latency against a bare PutItem's (section raw-put).
 * Moves the shared platform's clock: runs after the other platform sections.
 */
import type { BenchEnv, BenchRow } from '../bench.js';
import { find, percentile, perSecond, pool, round, timed } from '../bench.js';
import { call, runSchedule, submit } from '../platform.js';

const section = 'burst';
/** Past the intake sweep's 120 s threshold (application/sweeps/requeue-stranded-submissions.ts). */
const clockAheadHours = 3 / 60;

interface QueueReport {
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  readonly deadLetterQueue: { readonly visible: number; readonly inFlight: number; readonly delayed: number };
  readonly handled?: { readonly succeeded: number; readonly failed: number };
}

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const platform = await env.platform();
  const count = env.quick ? 200 : 1_000;
  const queues = async () => (await call(platform, 'GET', '/_local/queues')).queues as QueueReport[];
  const intake = (all: readonly QueueReport[]) => all.find((q) => q.name === 'intake');
  const handled = (q: QueueReport | undefined) => (q?.handled?.succeeded ?? 0) + (q?.handled?.failed ?? 0);
  const deadLetters = (all: readonly QueueReport[]) =>
    all.reduce(
      (s, q) => s + q.deadLetterQueue.visible + q.deadLetterQueue.inFlight + q.deadLetterQueue.delayed,
      0,
    );

  const before = await queues();
  const latencies: number[] = [];
  env.log(`${section}: posting ${count} submissions at concurrency ${env.concurrency}`);
  let backlog = 0;
  let sweep: unknown;
  const elapsedMs = await timed(async () => {
    await pool(count, env.concurrency, async (i) => {
      latencies.push(await timed(() => submit(platform, 'burst', i).then(() => {})));
    });
    const queue = intake(await queues());
    backlog = (queue?.visible ?? 0) + (queue?.inFlight ?? 0) + (queue?.delayed ?? 0);
    env.log(`${section}: ${backlog} still queued; clock ${clockAheadHours * 60} min ahead, intake sweep`);
    await call(platform, 'POST', '/_local/clock', { advanceHours: clockAheadHours });
    sweep = (await call(platform, 'POST', '/_local/schedules/intake-sweep?timeoutSeconds=900'))?.result;
    await runSchedule(platform, 'outbox-sweep', 900);
  });
  const after = await queues();
  const processed = handled(intake(after)) - handled(intake(before));
  const failed = (intake(after)?.handled?.failed ?? 0) - (intake(before)?.handled?.failed ?? 0);
  const dead = deadLetters(after) - deadLetters(before);
  const p95 = percentile(latencies, 95);
  const rawP95 = find(env.previous, 'raw-put', 'PutItem p95')?.value;
  return [
    {
      section,
      metric: 'intake messages ÷ submissions',
      value: round(processed / count, 3),
      unit: 'ratio',
      target: '= 1.0',
      note: `${processed} records handled (${failed} failed) for ${count} submissions; sweep with ${backlog} queued, clock ${clockAheadHours * 60} min ahead: ${JSON.stringify(sweep)}`,
    },
    {
      section,
      metric: 'dead letters',
      value: dead,
      unit: 'messages',
      target: '= 0',
      note: 'all DLQs, after the burst drained',
    },
    {
      section,
      metric: 'throughput',
      value: perSecond(count, elapsedMs),
      unit: 'submissions/s',
      note: 'posted, swept and drained',
    },
    {
      section,
      metric: 'webhook 202 p95',
      value: round(p95, 1),
      unit: 'ms',
      note: `concurrency ${env.concurrency}; p50 ${round(percentile(latencies, 50), 1)} ms`,
    },
    ...(rawP95
      ? [
          {
            section,
            metric: 'webhook p95 ÷ PutItem p95',
            value: round(p95 / rawP95, 1),
            unit: 'ratio',
            note: `bare PutItem p95 ${rawP95} ms (raw-put, same concurrency)`,
          },
        ]
      : []),
  ];
}
