/** Raw engine throughput: PutItem of case-sized items into the case table (GSIs maintained). */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { approximateItemBytes, caseToItem } from '../../../functions/adapters/dynamodb/table.js';
import { caseIn, registerCommand } from '../../support/case-fixtures.js';
import { type BenchEnv, type BenchRow, percentile, perSecond, pool, round, timed } from '../bench.js';

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const puts = env.quick ? 600 : 2_000;
  /** Untimed puts first, so the JVM's compiler has seen the code path. */
  const warmUp = env.quick ? 150 : 300;
  const table = await env.createTable();
  try {
    const template = caseIn('handling', registerCommand()).case;
    const items = Array.from({ length: warmUp + puts }, (_, i) =>
      caseToItem({ ...template, caseId: `raw-${i}`, trackingNumber: `RAW${i}` }, { dueShards: 4 }),
    );
    const bytes = Math.round(items.reduce((sum, item) => sum + approximateItemBytes(item), 0) / items.length);
    const put = (i: number) =>
      table.client.send(new PutCommand({ TableName: table.tableName, Item: items[i]! }));
    await pool(warmUp, env.concurrency, async (i) => {
      await put(puts + i);
    });
    env.log(`raw-put: ${puts} PutItem of ~${bytes} B at concurrency ${env.concurrency}`);
    /** Each put's latency, for the webhook's p95 to be read against (section burst). */
    const latencies: number[] = [];
    const ms = await timed(() =>
      pool(puts, env.concurrency, async (i) => {
        latencies.push(await timed(() => put(i).then(() => {})));
      }),
    );
    return [
      { section: 'raw-put', metric: 'puts', value: puts, unit: 'items' },
      { section: 'raw-put', metric: 'item size', value: bytes, unit: 'bytes', note: 'JSON estimate' },
      { section: 'raw-put', metric: 'throughput', value: perSecond(puts, ms), unit: 'items/s' },
      {
        section: 'raw-put',
        metric: 'PutItem p95',
        value: round(percentile(latencies, 95), 1),
        unit: 'ms',
        note: `concurrency ${env.concurrency}; p50 ${round(percentile(latencies, 50), 1)} ms`,
      },
    ];
  } finally {
    await table.dispose();
  }
}
