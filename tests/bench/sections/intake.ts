/**
 * Intake throughput on the local runtime (issue #4): signed submissions posted over HTTP to the
 * web webhook, until every one is registered (the intake queue drained and each case readable),
 * side by side with the raw DynamoDB Local put rate measured earlier in the same run.
 */
import { signBody } from '../../../functions/runtime/webhook-signature.js';
import { defaultWebWebhookSecret } from '../../../infra/local/platform.js';
import { type BenchEnv, type BenchRow, find, perSecond, pool, timed } from '../bench.js';
import { failedRecords } from '../platform.js';

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const submissions = env.quick ? 100 : 300;
  const platform = await env.platform();
  const receipts: string[] = [];
  env.log(`intake: posting ${submissions} signed submissions to ${platform.url}`);
  const elapsedMs = await timed(async () => {
    await pool(submissions, env.concurrency, async (i) => {
      const body = JSON.stringify({
        submissionId: `bench-${i}`,
        petitioner: { name: `信访人${i}`, phone: `139${String(i).padStart(8, '0')}` },
        regionCode: '330106',
        title: `关于小区公共设施维修的问题${i}`,
        content: `第${i}号：小区电梯和路灯长期损坏无人维修，请相关部门督促物业公司尽快处理。`,
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(`${platform.url}/webhooks/web`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature-timestamp': timestamp,
          'x-signature': signBody(defaultWebWebhookSecret, timestamp, body),
        },
        body,
      });
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
      const receipt = (await response.json()) as { trackingNumber: string; queryCode: string };
      receipts.push(`${receipt.trackingNumber}?code=${receipt.queryCode}`);
    });
    // The schedules endpoint answers once every queue has drained: all submissions are registered.
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
