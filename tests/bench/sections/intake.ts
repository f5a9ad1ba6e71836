/**
 * Intake throughput on the local runtime (issue #4): signed submissions posted over HTTP to the
 * web webhook, until every one is registered (the intake queue drained and each case readable),
 * side by side with the raw DynamoDB Local put rate measured earlier in the same run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signBody } from '../../../functions/runtime/webhook-signature.js';
import { defaultWebWebhookSecret, startPlatform } from '../../../infra/local/platform.js';
import { type BenchEnv, type BenchRow, find, perSecond, pool, timed } from '../bench.js';

const submissions = 300;

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'petition-bench-'));
  const platform = await startPlatform({ port: 0, inMemory: true, dataDir, log: () => {} });
  try {
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
      await fetch(`${platform.url}/_local/schedules/outbox-sweep`, { method: 'POST' });
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
        note: 'webhook → queue → intake consumer → DynamoDB, routed and receipted',
      },
      ...(raw
        ? [
            {
              section: 'intake',
              metric: 'registered / raw puts',
              value: Number((rate / raw).toFixed(3)),
              unit: 'ratio',
            },
          ]
        : []),
    ];
  } finally {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
