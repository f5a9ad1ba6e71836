/**
 * DynamoDB calls per registration, webhook → routed (issue 13): signed submissions posted one at a
 * time to the local runtime, each metered from the post until the queues drain. The chain is the
 * web webhook, the intake consumer and the routing consumer; every other function's calls (the
 * notifier, the assessment counters, the hot-issue grouper,
 * drain…) are reported beside it.
 */
import type { BenchEnv, BenchRow } from '../bench.js';
import { round } from '../bench.js';
import {
  breakdown,
  call,
  drain,
  meter,
  type Receipt,
  registrationChain,
  staff,
  submit,
  totals,
} from '../platform.js';

const section = 'registration';

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const platform = await env.platform();
  const count = env.quick ? 3 : 5;
  // One unmetered first, so cold reads (configuration, counters of the day) do not count.
  await submit(platform, 'reg-warm', 0);
  await drain(platform);
  const recorder = meter();
  const receipts: Receipt[] = [];
  try {
    for (let i = 0; i < count; i++) {
      receipts.push(await submit(platform, 'reg', i));
      await drain(platform);
    }
  } finally {
    recorder.stop();
  }
  const stages = new Map<string, number>();
  const supervisor = await staff(platform, '330106-xinfang', 'supervisor');
  for (const receipt of receipts) {
    const view = await call(platform, 'GET', `/staff/cases/${receipt.trackingNumber}`, undefined, supervisor);
    const stage = String(view?.stage ?? 'unknown');
    stages.set(stage, (stages.get(stage) ?? 0) + 1);
  }
  const stageNote = [...stages.entries()].map(([s, n]) => `${n} ${s}`).join(', ');
  const chain = recorder.calls.filter((c) => (registrationChain as readonly string[]).includes(c.fn));
  const chainTotals = totals(chain);
  const all = totals(recorder.calls);
  env.log(`${section}: ${count} submissions metered; cases now ${stageNote}`);
  return [
    {
      section,
      metric: 'DynamoDB calls per registration',
      value: round(chainTotals.calls / count, 1),
      unit: 'calls',
      target: '≤ 8',
      note: `${registrationChain.join(' + ')}; mean of ${count} in sequence; cases ${stageNote}`,
    },
    {
      section,
      metric: 'chain capacity per registration',
      value: round(chainTotals.wcu / count, 1),
      unit: 'WCU',
      note: `${round(chainTotals.rcu / count, 1)} RCU; ${breakdown(chain, count, true)} (fn=calls/RCU/WCU)`,
    },
    {
      section,
      metric: 'all functions’ calls per registration',
      value: round(all.calls / count, 1),
      unit: 'calls',
      note: `${round(all.rcu / count, 1)} RCU, ${round(all.wcu / count, 1)} WCU`,
    },
    {
      section,
      metric: 'calls per function',
      value: round(all.calls / count, 1),
      unit: 'calls',
      note: breakdown(recorder.calls, count),
    },
  ];
}
