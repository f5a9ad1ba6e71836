/**
 * Intake throughput on the local runtime (issue #4): signed submissions posted over HTTP to the
 * web webhook, until every one is registered (the intake queue holds nothing: each submission was
 * registered, screened and receipted by the intake consumer) and until every function that follows
 * has done its part too (routing, SMS, counters, hot issues: the drain), side by side with the raw
 * DynamoDB Local put rate measured earlier in the same run. Each case is then read back.
 */
import { type BenchEnv, type BenchRow, find, perSecond, pool, timed } from '../bench.js';
import { failedRecords, submit } from '../platform.js';

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const submissions = env.quick ? 100 : 300;
  const platform = await env.platform();
  const receipts: string[] = [];
  env.log(`intake: posting ${submissions} signed submissions to ${platform.url}`);
  let registeredMs = 0;
  const began = performance.now();
  const elapsedMs = await timed(async () => {
    await pool(submissions, env.concurrency, async (i) => {
      const receipt = await submit(platform, 'bench', i);
      receipts.push(`${receipt.trackingNumber}?code=${receipt.queryCode}`);
    });
    // The webhook queues each submission before it answers: once the intake queue holds nothing
    // (waiting, in flight, delayed), every one is registered.
    while (await intakeHolds(platform.url)) await new Promise((resolve) => setTimeout(resolve, 50));
    registeredMs = performance.now() - began;
    // The drain answers once the stream is relayed and every queue has drained.
    await fetch(`${platform.url}/_local/drain`, { method: 'POST' });
  });
  let registered = 0;
  await pool(receipts.length, env.concurrency, async (i) => {
    const view = await fetch(`${platform.url}/public/cases/${receipts[i]}`);
    if (view.status === 200) registered++;
  });
  const rate = perSecond(registered, registeredMs);
  const drainedRate = perSecond(registered, elapsedMs);
  const raw = find(env.previous, 'raw-put', 'throughput')?.value;
  return [
    {
      section: 'intake',
      metric: 'registered',
      value: registered,
      unit: 'cases',
      note: `of ${submissions} posted over HTTP`,
    },
    {
      section: 'intake',
      metric: 'throughput',
      value: rate,
      unit: 'registered/s',
      note: `webhook → queue → intake consumer → DynamoDB (registered, screened, receipted), until the intake queue holds nothing; failed records (back after the visibility timeout, as in the topology): ${(await failedRecords(platform)).note}`,
    },
    {
      section: 'intake',
      metric: 'throughput, every function done',
      value: drainedRate,
      unit: 'cases/s',
      note: 'until every queue has drained and the stream is relayed: routed, forwarded, texted, counted, grouped',
    },
    ...(raw
      ? [
          {
            section: 'intake',
            metric: 'registered / raw puts',
            value: Number((rate / raw).toFixed(3)),
            unit: 'ratio',
            target: '≥ 0.25',
            note: `registered/s ÷ raw PutItem/s; every function done ÷ raw: ${Number((drainedRate / raw).toFixed(3))}`,
          },
        ]
      : []),
  ];
}

/** Whether the intake queue holds any message: waiting, in flight or delayed. */
async function intakeHolds(url: string): Promise<boolean> {
  const report = (await (await fetch(`${url}/_local/queues`)).json()) as {
    queues: { name: string; visible: number; inFlight: number; delayed: number }[];
  };
  const intake = report.queues.find((q) => q.name === 'intake');
  if (!intake) throw new Error('the local runtime reports no intake queue');
  return intake.visible + intake.inFlight + intake.delayed > 0;
}
