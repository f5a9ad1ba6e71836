/**
 * Capacity per transition over a whole lifecycle (issue 13): cases walked through the happy path
 * on the local runtime over HTTP — webhook → registered, screened, routed and forwarded (automatic),
 * signed for, accepted, replied (staff API), rated satisfied → closed (the petitioner's lookup) —
 * with every DynamoDB call metered. Divided by the transitions the case went through (its final
 * version). The case write path is the calls that touch the case's items (`CASE#…`,
 * `TRACKING#…`); platform-wide is everything the functions did meanwhile. The bench's petitions
 * are a line each; the walk is measured again with real messages and replies of median size.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '../../../tools/routing/data.js';
import type { BenchEnv, BenchRow } from '../bench.js';
import { round } from '../bench.js';
import {
  breakdown,
  call,
  drain,
  type Matter,
  type MeteredCall,
  meter,
  staff,
  submit,
  totals,
  touchesCase,
} from '../platform.js';

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
  const walk = async (i: number, real?: RealPetition) => {
    const receipt = await submit(platform, real ? 'real' : 'life', i, real);
    await drain(platform);
    const id = receipt.trackingNumber;
    const act = (command: string, headers: Record<string, string>, body: unknown = {}) =>
      call(platform, 'POST', `/staff/cases/${id}/actions/${command}`, body, headers);
    await act('signFor', asHandler);
    await act('accept', asLeader, { notice: '您反映的问题已受理。', leader, handler });
    await act('reply', asHandler, {
      outcome: 'explained',
      text: real?.reply ?? '经调查，物业费调整已按规定公示。',
    });
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
  const walked = async (walkedIds: readonly string[]) => {
    let transitions = 0;
    const stages: string[] = [];
    const events = new Set<string>();
    for (const id of walkedIds) {
      const view = await call(platform, 'GET', `/staff/cases/${id}`, undefined, supervisor);
      transitions += Number(view.version);
      stages.push(String(view.stage));
      for (const line of view.timeline ?? []) events.add(String(line.event));
    }
    return { transitions, stages, events };
  };
  const { transitions, stages, events } = await walked(ids);
  const casePath = totals(recorder.calls.filter(touchesCase));
  const all = totals(recorder.calls);
  const per = Math.max(transitions, 1);
  const summary = `${count} cases, ${transitions} transitions (final versions), ended ${[...new Set(stages)].join('/')}`;
  env.log(`${section}: ${summary}; events ${[...events].join(' ')}`);
  const real = await realSizeRows(count, walk, walked);
  return [
    {
      section,
      metric: 'case path WCU per transition',
      value: round(casePath.wcu / per),
      unit: 'WCU',
      target: '≤ 4',
      note: `calls on CASE#/TRACKING# items; ${summary}`,
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
    ...real,
  ];
}

/** A real message of the shared data, with its official reply. */
interface RealPetition extends Matter {
  readonly reply: string;
}

/**
 * Real messages of median size (content and reply, from the shared data), nearest the median
 * first, for what a case costs when its texts are as long as citizens and bureaus write them: the
 * bench's own petitions are a line each. Empty when the shared data is not on this machine.
 */
function realPetitions(): RealPetition[] {
  const file = join(sharedDataDir, 'petitions-with-replies.zh.jsonl');
  if (!existsSync(file)) return [];
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { title?: string; content?: string; reply?: string })
    .filter((r) => r.title && r.content && r.reply && r.content.length <= 20_000 && r.title.length <= 200)
    .map((r) => ({ title: r.title!, content: r.content!, reply: r.reply! }));
  const size = (r: RealPetition) => Buffer.byteLength(r.content) + Buffer.byteLength(r.reply);
  const median = [...rows].map(size).sort((a, b) => a - b)[Math.floor(rows.length / 2)] ?? 0;
  return rows.sort((a, b) => Math.abs(size(a) - median) - Math.abs(size(b) - median));
}

/**
 * The lifecycle walked with real texts. The walk acts as the housing organ's staff, so a message
 * the router sends elsewhere is passed over (its calls are not counted) for the next one.
 */
async function realSizeRows(
  count: number,
  walk: (i: number, real?: RealPetition) => Promise<string>,
  walked: (ids: readonly string[]) => Promise<{ transitions: number }>,
): Promise<BenchRow[]> {
  const candidates = realPetitions().slice(0, 40);
  const ids: string[] = [];
  const calls: MeteredCall[] = [];
  const used: RealPetition[] = [];
  for (const [i, petition] of candidates.entries()) {
    if (ids.length >= count) break;
    const recorder = meter();
    try {
      ids.push(await walk(i + 1, petition));
      calls.push(...recorder.calls);
      used.push(petition);
    } catch (error) {
      if (!String(error).includes('answered 403')) throw error;
    } finally {
      recorder.stop();
    }
  }
  if (ids.length === 0) return [];
  const per = Math.max((await walked(ids)).transitions, 1);
  const casePath = totals(calls.filter(touchesCase));
  const bytes = used.map((p) => Buffer.byteLength(p.content) + Buffer.byteLength(p.reply));
  const note = `${ids.length} real messages near the median size (content + reply ${Math.min(...bytes)}–${Math.max(...bytes)} B UTF-8, shared data), routed to the housing organ`;
  return [
    {
      section,
      metric: 'case path WCU per transition, real-size texts',
      value: round(casePath.wcu / per),
      unit: 'WCU',
      note,
    },
    {
      section,
      metric: 'case path RCU per transition, real-size texts',
      value: round(casePath.rcu / per),
      unit: 'RCU',
      note,
    },
  ];
}
