/**
 * Capacity per transition over a whole lifecycle (issue 13): cases walked through the happy path
 * on the local runtime over HTTP — webhook → registered, screened, routed and forwarded (automatic),
 * signed for, accepted, replied (staff API), rated satisfied → closed (the petitioner's lookup) —
 * with every DynamoDB call metered. Divided by the transitions the case went through (its final
 * version). The case write path is the calls that touch the case's items (`CASE#…`,
 * `TRACKING#…`); platform-wide is everything the functions did meanwhile.
 */
import type { BenchEnv, BenchRow } from '../bench.js';
import { round } from '../bench.js';
import { breakdown, call, drain, meter, staff, submit, totals, touchesCase } from '../platform.js';

const section = 'lifecycle';
const organ = '330106-zhujian';
const leader = { personId: 'leader-1', name: '李局长' };
const handler = { personId: 'handler-1', name: '王科员' };

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const platform = await env.platform();
  const count = env.quick ? 2 : 3;
  const asHandler = await staff(platform, organ, 'handler');
  const asLeader = await staff(platform, organ, 'leader');
  const supervisor = await staff(platform, '330106-xinfang', 'supervisor');
  const walk = async (i: number) => {
    const receipt = await submit(platform, 'life', i);
    await drain(platform);
    const id = receipt.trackingNumber;
    const act = (command: string, headers: Record<string, string>, body: unknown = {}) =>
      call(platform, 'POST', `/staff/cases/${id}/actions/${command}`, body, headers);
    await act('signFor', asHandler);
    await act('accept', asLeader, { notice: '您反映的问题已受理。', leader, handler });
    await act('reply', asHandler, { outcome: 'explained', text: '经调查，物业费调整已按规定公示。' });
    await drain(platform);
    await call(platform, 'POST', `/public/cases/${id}/evaluation`, {
      code: receipt.queryCode,
      rating: 'satisfied',
    });
    await drain(platform);
    return id;
  };
  // One walk unmetered, so the staff and public functions' first reads do not count.
  await walk(0);
  const recorder = meter();
  const ids: string[] = [];
  try {
    for (let i = 1; i <= count; i++) ids.push(await walk(i));
  } finally {
    recorder.stop();
  }
  let transitions = 0;
  const stages: string[] = [];
  const events = new Set<string>();
  for (const id of ids) {
    const view = await call(platform, 'GET', `/staff/cases/${id}`, undefined, supervisor);
    transitions += Number(view.version);
    stages.push(String(view.stage));
    for (const line of view.timeline ?? []) events.add(String(line.event));
  }
  const casePath = totals(recorder.calls.filter(touchesCase));
  const all = totals(recorder.calls);
  const per = Math.max(transitions, 1);
  const walked = `${count} cases, ${transitions} transitions (final versions), ended ${[...new Set(stages)].join('/')}`;
  env.log(`${section}: ${walked}; events ${[...events].join(' ')}`);
  return [
    {
      section,
      metric: 'case path WCU per transition',
      value: round(casePath.wcu / per),
      unit: 'WCU',
      target: '≤ 4',
      note: `calls on CASE#/TRACKING# items; ${walked}`,
    },
    {
      section,
      metric: 'case path RCU per transition',
      value: round(casePath.rcu / per),
      unit: 'RCU',
      target: '≤ 2',
      note: 'calls on CASE#/TRACKING# items',
    },
    {
      section,
      metric: 'case path calls per transition',
      value: round(casePath.calls / per),
      unit: 'calls',
    },
    {
      section,
      metric: 'platform WCU per transition',
      value: round(all.wcu / per),
      unit: 'WCU',
      note: `${round(all.rcu / per)} RCU, ${round(all.calls / per)} calls per transition, every function`,
    },
    {
      section,
      metric: 'per function per transition',
      value: round(all.calls / per),
      unit: 'calls',
      note: `${breakdown(recorder.calls, per, true)} (fn=calls/RCU/WCU)`,
    },
  ];
}
