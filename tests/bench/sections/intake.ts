/**
 * Intake throughput on the local runtime (issue #4): signed submissions posted over HTTP to the
 * web webhook, until every one is registered (the intake queue drained and each case readable),
 * side by side with the raw DynamoDB Local put rate measured earlier in the same run.
 */
import { type BenchEnv, type BenchRow, find, perSecond, pool, timed } from '../bench.js';
import { failedRecords, submit } from '../platform.js';

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const submissions = env.quick ? 100 : 300;
  const platform = await env.platform();
  const receipts: string[] = [];
  env.log(`intake: posting ${submissions} signed submissions to ${platform.url}`);
  const elapsedMs = await timed(async () => {
    await pool(submissions, env.concurrency, async (i) => {
      const receipt = await submit(platform, 'bench', i);
      receipts.push(`${receipt.trackingNumber}?code=${receipt.queryCode}`);
    });
    // The drain answers once the stream is relayed and every queue has drained: all are registered.
    await fetch(`${platform.url}/_local/drain`, { method: 'POST' });
  });
  let registered = 0;
  await pool(receipts.length, env.concurrency, async (i) => {
    const view = await fetch(`${platform.url}/public/cases/${receipts[i]}`);
    if (view.status === 200) registered++;
  });
  const rate = perSecond(registered, elapsedMs);
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
      note: `webhook → queue → intake consumer → DynamoDB, routed and receipted; failed records (back after the visibility timeout, as in the topology): ${(await failedRecords(platform)).note}`,
    },
    ...(raw
      ? [
          {
            section: 'intake',
            metric: 'registered / raw puts',
            value: Number((rate / raw).toFixed(3)),
            unit: 'ratio',
            target: '≥ 0.25',
            note: 'registered/s ÷ raw PutItem/s',
          },
        ]
      : []),
  ];
}
