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
import { call, drain, failedRecords, submit } from '../platform.js';

const section = 'burst';
/**
 * Five minutes and a second: past the intake sweep's 120 s threshold
 * (application/sweeps/requeue-stranded-submissions.ts) and past its next run (rate(5 minutes)),
 * which the clock move fires exactly once (infra/local/scheduler.ts), as five minutes of a backlog
 * on AWS would.
 */
const clockAheadHours = (5 * 60 + 1) / 3600;

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
  const elapsedMs = await timed(async () => {
    await pool(count, env.concurrency, async (i) => {
      latencies.push(await timed(() => submit(platform, 'burst', i).then(() => {})));
    });
    const queue = intake(await queues());
    backlog = (queue?.visible ?? 0) + (queue?.inFlight ?? 0) + (queue?.delayed ?? 0);
    env.log(`${section}: ${backlog} still queued; clock 5 min ahead, which runs the intake sweep`);
    await call(platform, 'POST', '/_local/clock', { advanceHours: clockAheadHours });
    await drain(platform, 900);
  });
  const after = await queues();
  const processed = handled(intake(after)) - handled(intake(before));
  const failed = (intake(after)?.handled?.failed ?? 0) - (intake(before)?.handled?.failed ?? 0);
  const dead = deadLetters(after) - deadLetters(before);
  const p95 = percentile(latencies, 95);
  const rawP95 = find(env.previous, 'raw-put', 'PutItem p95')?.value;
  const retried = await failedRecords(platform);
  return [
    {
      section,
      metric: 'intake messages ÷ submissions',
      value: round(processed / count, 3),
      unit: 'ratio',
      target: '= 1.0',
      note: `${processed} records handled (${failed} failed) for ${count} submissions; ${backlog} still queued when the clock moved 5 min and the intake sweep ran`,
    },
    {
      section,
      metric: 'failed records, all queues',
      value: retried.total,
      unit: 'records',
      note: `since the runtime started, each back after its visibility timeout (as in the topology): ${retried.note}`,
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
