/**
 * `npm run chaos`: the fault suite (issue 12). Runs the platform as `npm start` runs it, in a
 * child process on a data folder of its own, and drives it over HTTP through five faults:
 *
 * 1. a burst of petitions with the database JVM killed mid-way (the runtime restarts it);
 * 2. a burst with the whole platform killed mid-way (SIGKILL, database included) and started again;
 * 3. poison bodies mixed into a burst;
 * 4. the same submission sent five times at once, on the web and the SMS channel;
 * 5. conflicting staff actions on one case (签收 and 退回 at once, by several people).
 *
 * Clients behave as the portal and the SMS gateway do: what is not answered 2xx or 4xx (a 5xx, a
 * refused connection) is sent again with the same id until it is. After each burst the suite lets
 * the platform settle as time would: queues drained, the clock moved on an hour, the intake,
 * stuck-case sweeps run. Then it reads the table itself (census.ts) and prints one line
 * per scenario: accepted, cases, duplicates, stuck, lost. It exits 1 if any of the last three is
 * above 0, or if a poison body was answered 5xx or became a case.
 *
 * Options: --quick (smaller bursts), --burst N (petitions per burst; 120 by default), --keep (keep
 * the data folder and print where it is).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signBody } from '../../functions/runtime/webhook-signature.js';
import { defaultSmsWebhookSecret, defaultWebWebhookSecret } from '../../infra/local/platform.js';
import { openStaffTokens } from '../../infra/local/staff-tokens.js';
import { type Census, openTable, type TableReader } from './census.js';
import { type PlatformProcess, sleep, startPlatformProcess } from './platform-process.js';
import { type Answer, type Delivery, Ledger, type Petition, type Tally, tally } from './tally.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    burst: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const burstSize = Number(flags.burst ?? (flags.quick ? 40 : 120));
if (!Number.isInteger(burstSize) || burstSize < 10) {
  process.stderr.write('--burst must be a whole number of at least 10\n');
  process.exit(2);
}
const concurrency = 12;
const organ = '330106-zhujian';
const provincialBureau = '330000-xinfang';

const log = (line: string) => process.stderr.write(`  · ${line}\n`);

// -- Talking to the platform ------------------------------------------------------------------

/** One request; a refused connection is status 0. */
async function request(
  platform: PlatformProcess,
  method: string,
  path: string,
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<Answer> {
  try {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body: parsed };
  } catch {
    return { status: 0, body: undefined };
  }
}

/** A signed webhook delivery: the signature is over the exact bytes sent, with a fresh timestamp. */
function signed(secret: string, body: string | Uint8Array): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { 'x-signature-timestamp': timestamp, 'x-signature': signBody(secret, timestamp, body) };
}

/** Sends until the platform gives a 2xx or 4xx answer (other than 429), as a gateway retries. */
async function deliver(send: () => Promise<Answer>): Promise<Delivery> {
  const deadline = Date.now() + 300_000;
  let retried = 0;
  for (;;) {
    const answer = await send();
    const final = answer.status >= 200 && answer.status < 500 && answer.status !== 429;
    if (final || Date.now() > deadline) return { answer, retried };
    retried++;
    await sleep(Math.min(250 * retried, 2_000));
  }
}

async function control(platform: PlatformProcess, path: string, body: unknown = {}): Promise<Answer> {
  // A schedule answers once the queues have drained, which can take minutes after a burst.
  return request(platform, 'POST', `/_local${path}`, JSON.stringify(body), {}, 900_000);
}

interface QueueReport {
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly deadLetterQueue: { readonly visible: number; readonly inFlight: number };
}

async function queues(platform: PlatformProcess): Promise<QueueReport[]> {
  const answer = await request(platform, 'GET', '/_local/queues');
  if (answer.status !== 200) throw new Error(`GET /_local/queues answered ${answer.status}`);
  return answer.body.queues as QueueReport[];
}

/** Waits until every queue has been empty for three looks in a row. */
async function drained(platform: PlatformProcess): Promise<void> {
  const relayed = await control(platform, '/drain?timeoutSeconds=600');
  if (relayed.status !== 200) throw new Error(`the platform did not drain: ${relayed.status}`);
  const deadline = Date.now() + 600_000;
  let quiet = 0;
  while (quiet < 3) {
    if (Date.now() > deadline) throw new Error('the queues did not drain within 10 minutes');
    const all = await queues(platform);
    quiet = all.every((q) => q.visible === 0 && q.inFlight === 0) ? quiet + 1 : 0;
    await sleep(300);
  }
}

/** Lets the platform settle as time would: an hour passes and the recovering sweeps run. */
async function settle(platform: PlatformProcess): Promise<void> {
  for (let round = 0; round < 2; round++) {
    await drained(platform);
    const moved = await control(platform, '/clock', { advanceHours: 1 });
    if (moved.status !== 200) throw new Error(`moving the clock answered ${moved.status}`);
    for (const sweep of ['intake-sweep', 'stuck-case-sweep']) {
      const ran = await control(platform, `/schedules/${sweep}?timeoutSeconds=600`);
      if (ran.status !== 200) throw new Error(`${sweep} answered ${ran.status}: ${JSON.stringify(ran.body)}`);
    }
  }
  await drained(platform);
}

async function deadLettered(platform: PlatformProcess): Promise<number> {
  return (await queues(platform)).reduce(
    (n, q) => n + q.deadLetterQueue.visible + q.deadLetterQueue.inFlight,
    0,
  );
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function inParallel<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

// -- Petitions --------------------------------------------------------------------------------

const matters = [
  ['小区物业乱收费', '我们小区物业公司擅自提高物业费，业主多次反映无果，请住建部门调查处理。'],
  ['物业不维修电梯', '小区电梯多次困人，物业收了维修基金却迟迟不修，请住建部门督促物业维修。'],
  ['物业停车费上涨', '物业未经业主大会同意将停车费从每月150元涨到300元，请有关部门依法查处。'],
] as const;

function webPetition(scenario: number, n: number): Petition {
  const [title, content] = matters[n % matters.length] ?? matters[0];
  const submissionId = `chaos-${scenario}-${n}-${process.pid}`;
  const body = JSON.stringify({
    submissionId,
    petitioner: { name: '测试信访人', phone: `139${String(scenario * 100_000 + n).padStart(8, '0')}` },
    regionCode: '330106',
    title,
    content: `${content}（第${n}件）`,
  });
  return { channel: 'web', submissionId, body };
}

function smsPetition(scenario: number, n: number): Petition {
  const [, content] = matters[n % matters.length] ?? matters[0];
  const submissionId = `chaos-sms-${scenario}-${n}-${process.pid}`;
  const body = JSON.stringify({
    messageId: submissionId,
    from: `138${String(scenario * 100_000 + n).padStart(8, '0')}`,
    text: `西湖区${content}`,
    receivedAt: new Date().toISOString(),
  });
  return { channel: 'sms', submissionId, body };
}

function send(platform: PlatformProcess, petition: Petition): Promise<Answer> {
  const [path, secret] =
    petition.channel === 'web'
      ? ['/webhooks/web', defaultWebWebhookSecret]
      : ['/webhooks/sms', defaultSmsWebhookSecret];
  return request(platform, 'POST', path, petition.body, signed(secret, petition.body));
}

// -- Scenarios ----------------------------------------------------------------------------------

interface Context {
  readonly platform: PlatformProcess;
  table(): TableReader;
}

async function burst(
  context: Context,
  scenario: number,
  fault: { afterAnswers: number; inject: () => Promise<void> } | undefined,
): Promise<{ ledger: Ledger; before: Census; after: Census }> {
  const table = context.table();
  const before = await table.census();
  table.close();
  const petitions = Array.from({ length: burstSize }, (_, n) =>
    n % 4 === 3 ? smsPetition(scenario, n) : webPetition(scenario, n),
  );
  const ledger = new Ledger();
  let answers = 0;
  let injected: Promise<void> | undefined;
  await inParallel(petitions, async (petition) => {
    const delivery = await deliver(() => send(context.platform, petition));
    ledger.record(petition, delivery);
    answers++;
    if (fault && !injected && answers >= fault.afterAnswers) injected = fault.inject();
  });
  await injected;
  await settle(context.platform);
  const reader = context.table();
  const after = await reader.census();
  reader.close();
  return { ledger, before, after };
}

async function databaseKilled(context: Context): Promise<Tally> {
  let downFor = 0;
  const { ledger, before, after } = await burst(context, 1, {
    afterAnswers: Math.floor(burstSize / 3),
    inject: async () => {
      const killed = context.platform.database()?.pid;
      const at = Date.now();
      context.platform.killDatabase();
      log(`database JVM ${killed} killed`);
      for (;;) {
        const now = context.platform.database();
        const health = await request(context.platform, 'GET', '/_local/health');
        if (now && now.pid !== killed && health.status === 200) break;
        await sleep(100);
      }
      downFor = (Date.now() - at) / 1000;
      log(`database back after ${downFor.toFixed(1)} s`);
    },
  });
  const result = tally(ledger, before, after);
  result.notes.push(
    `sent ${burstSize}; database killed after ${Math.floor(burstSize / 3)} answers, healthy again after ${downFor.toFixed(1)} s; ${ledger.retried} deliveries retried`,
  );
  return result;
}

async function platformKilled(context: Context): Promise<Tally> {
  let downFor = 0;
  const { ledger, before, after } = await burst(context, 2, {
    afterAnswers: Math.floor(burstSize / 3),
    inject: async () => {
      const at = Date.now();
      await context.platform.crash();
      await context.platform.restart();
      downFor = (Date.now() - at) / 1000;
    },
  });
  const result = tally(ledger, before, after);
  result.notes.push(
    `sent ${burstSize}; platform and database SIGKILLed after ${Math.floor(burstSize / 3)} answers, started again in ${downFor.toFixed(1)} s; ${ledger.retried} deliveries retried`,
  );
  return result;
}

/** Bodies no petition may come of. Each names what it is. */
function poisonBodies(): { what: string; path: string; body: string | Uint8Array; secret?: string }[] {
  const web = (fields: Record<string, unknown>) =>
    JSON.stringify({
      submissionId: `chaos-poison-${Math.random().toString(36).slice(2)}`,
      petitioner: { name: '测试信访人', phone: '13900009999' },
      regionCode: '330106',
      title: '物业乱收费',
      content: '物业擅自涨价。',
      ...fields,
    });
  const sms = (fields: Record<string, unknown>) =>
    JSON.stringify({
      messageId: `chaos-poison-${Math.random().toString(36).slice(2)}`,
      from: '13800009999',
      text: '物业乱收费',
      receivedAt: new Date().toISOString(),
      ...fields,
    });
  const withByteFF = new Uint8Array([...Buffer.from(web({}).slice(0, -1)), 0xff, 0x7d]);
  return [
    { what: 'JSON cut short', path: '/webhooks/web', body: '{"submissionId":' },
    { what: 'a JSON array', path: '/webhooks/web', body: '[]' },
    {
      what: 'an emoji in the submissionId',
      path: '/webhooks/web',
      body: web({ submissionId: 'chaos-🙏-1' }),
    },
    {
      what: 'U+FFFF in the submissionId',
      path: '/webhooks/web',
      body: web({ submissionId: 'chaos-\uffff-1' }),
    },
    {
      what: 'a title of NUL and zero-width characters',
      path: '/webhooks/web',
      body: web({ title: '\u0000\u200b' }),
    },
    {
      what: 'content of ideographic spaces only',
      path: '/webhooks/web',
      body: web({ content: '\u3000\u3000' }),
    },
    { what: 'a region code that is not one', path: '/webhooks/web', body: web({ regionCode: 'abc' }) },
    { what: 'a body of 1 MB', path: '/webhooks/web', body: web({ content: '长'.repeat(350_000) }) },
    { what: 'a byte 0xFF signed over its real bytes', path: '/webhooks/web', body: withByteFF },
    { what: 'a wrong signature', path: '/webhooks/web', body: web({}), secret: 'not-the-secret' },
    {
      what: 'an SMS received in 9999',
      path: '/webhooks/sms',
      body: sms({ receivedAt: '9999-12-31T00:00:00Z' }),
    },
    { what: 'an SMS from no phone', path: '/webhooks/sms', body: sms({ from: 'abcdefg' }) },
    { what: 'an SMS of blanks only', path: '/webhooks/sms', body: sms({ text: '\u3000 \t' }) },
  ];
}

async function poison(context: Context): Promise<Tally> {
  const bodies = poisonBodies();
  const answers: { what: string; status: number; body: unknown }[] = [];
  const { ledger, before, after } = await burst(context, 3, {
    afterAnswers: 1,
    inject: async () => {
      await Promise.all(
        bodies.map(async (b) => {
          const secret =
            b.secret ?? (b.path === '/webhooks/sms' ? defaultSmsWebhookSecret : defaultWebWebhookSecret);
          const answer = await request(context.platform, 'POST', b.path, b.body, signed(secret, b.body));
          answers.push({ what: b.what, ...answer });
        }),
      );
    },
  });
  const result = tally(ledger, before, after);
  const refused = answers.filter((a) => a.status >= 400 && a.status < 500);
  // A message of blanks is answered with an SMS asking for the content, and makes no case.
  const askedForContent = answers.filter(
    (a) => a.status === 202 && (a.body as { kind?: string })?.kind === 'empty',
  );
  const wrong = answers.filter((a) => !refused.includes(a) && !askedForContent.includes(a));
  for (const a of wrong) log(`poison '${a.what}' answered ${a.status}: ${JSON.stringify(a.body)}`);
  result.notes.push(
    `sent ${burstSize} petitions and ${bodies.length} poison bodies: ${refused.length} refused 4xx, ${askedForContent.length} SMS asked for its content, ${wrong.length} answered otherwise`,
  );
  return { ...result, duplicates: result.duplicates + wrong.length };
}

async function sameSubmissionFiveTimes(context: Context): Promise<Tally> {
  const table = context.table();
  const before = await table.census();
  table.close();
  const count = Math.max(5, Math.floor(burstSize / 5));
  const petitions = Array.from({ length: count }, (_, n) =>
    n % 2 === 0 ? webPetition(4, n) : smsPetition(4, n),
  );
  const ledger = new Ledger();
  await inParallel(petitions, async (petition) => {
    const deliveries = await Promise.all(
      Array.from({ length: 5 }, () => deliver(() => send(context.platform, petition))),
    );
    for (const d of deliveries) ledger.record(petition, d);
  });
  await settle(context.platform);
  const reader = context.table();
  const after = await reader.census();
  reader.close();
  const result = tally(ledger, before, after);
  result.notes.push(
    `${count} submissions (web and SMS) each sent 5 times at once; ${ledger.refused} of ${count * 5} deliveries not answered with a tracking number`,
  );
  return result;
}

async function conflictingStaffActions(context: Context): Promise<Tally> {
  const count = Math.max(4, Math.floor(burstSize / 15));
  const { ledger, after: ready } = await (async () => {
    const table = context.table();
    const before = await table.census();
    table.close();
    const petitions = Array.from({ length: count }, (_, n) => webPetition(5, n));
    const l = new Ledger();
    await inParallel(petitions, async (p) => l.record(p, await deliver(() => send(context.platform, p))));
    await settle(context.platform);
    const reader = context.table();
    const a = await reader.census();
    reader.close();
    return { ledger: l, before, after: a };
  })();
  const targets = [...ledger.answered.values()]
    .flatMap((numbers) => [...numbers].flatMap((n) => ready.cases.get(n) ?? []))
    .filter((c) => c.stage === 'awaiting_sign_for' && c.currentUnitId === organ);
  const tokens = await openStaffTokens(context.platform.dataDir);
  const token = (n: number, role: string) =>
    tokens.signStaffToken({ sub: `chaos-${role}-${n}`, unitId: organ, role });
  const supervisor = await tokens.signStaffToken({
    sub: 'chaos-supervisor',
    unitId: provincialBureau,
    role: 'supervisor',
  });
  const actions = [
    { command: 'signFor', role: 'handler', body: {} },
    { command: 'signFor', role: 'handler', body: {} },
    { command: 'signFor', role: 'leader', body: {} },
    { command: 'returnCase', role: 'handler', body: { reason: '不属于本单位职责范围' } },
    { command: 'returnCase', role: 'leader', body: { reason: '应由街道办理' } },
  ];
  let accepted = 0;
  let duplicates = 0;
  let stuck = 0;
  let lost = 0;
  let conflicts = 0;
  const otherAnswers = new Map<string, number>();
  const reader = context.table();
  await Promise.all(
    targets.map(async (c) => {
      const answers = await Promise.all(
        actions.map(async (a, n) =>
          request(
            context.platform,
            'POST',
            `/staff/cases/${c.caseId}/actions/${a.command}`,
            JSON.stringify(a.body),
            { authorization: `Bearer ${await token(n, a.role)}` },
          ),
        ),
      );
      const won = answers.filter((a) => a.status >= 200 && a.status < 300).length;
      accepted += won;
      conflicts += answers.filter((a) => a.status === 409).length;
      for (const a of answers.filter((a) => a.status !== 409 && (a.status < 200 || a.status >= 300))) {
        const why = `${a.status} (${String(a.body?.message ?? '').replace(/case \S+ /, 'the case ')})`;
        otherAnswers.set(why, (otherAnswers.get(why) ?? 0) + 1);
      }
      await drained(context.platform);
      const lines = (await reader.history(c.caseId)).filter(
        (l) => l.command === 'signFor' || l.command === 'returnCase',
      ).length;
      // Exactly one action wins, and the history says so once.
      duplicates += Math.max(won, lines, 1) - 1;
      if (won > 0 && lines === 0) lost++;
      const integrity = await request(
        context.platform,
        'GET',
        `/staff/cases/${c.caseId}/integrity`,
        undefined,
        {
          authorization: `Bearer ${supervisor}`,
        },
      );
      if (integrity.status !== 200 || integrity.body?.intact !== true) {
        lost++;
        log(`case ${c.trackingNumber}: integrity ${integrity.status} ${JSON.stringify(integrity.body)}`);
      }
      if (won === 0) stuck++;
    }),
  );
  reader.close();
  await settle(context.platform);
  return {
    accepted,
    cases: targets.length,
    duplicates,
    stuck,
    lost: lost + (count - targets.length),
    notes: [
      `${targets.length} of ${count} cases awaiting 签收 at ${organ}, each sent 签收 ×3 and 退回 ×2 at once: ${conflicts} answered 409${[...otherAnswers].map(([why, n]) => `, ${n} answered ${why}`).join('')}`,
    ],
  };
}

// -- Main -------------------------------------------------------------------------------------

const scenarios: [string, (context: Context) => Promise<Tally>][] = [
  ['burst, database killed mid-way', databaseKilled],
  ['burst, platform killed mid-way', platformKilled],
  ['poison bodies in a burst', poison],
  ['same submission 5× at once', sameSubmissionFiveTimes],
  ['conflicting staff actions', conflictingStaffActions],
];

const dataDir = await mkdtemp(join(tmpdir(), 'petition-chaos-'));
const started = Date.now();
process.stderr.write(`chaos: starting the platform on ${dataDir}\n`);
const platform = await startPlatformProcess(dataDir, log);
const context: Context = {
  platform,
  table() {
    const database = platform.database();
    if (!database) throw new Error('no database JVM runs for the data folder');
    return openTable(database.endpoint);
  },
};

const rows: [string, Tally][] = [];
let failed = false;
try {
  for (const [name, run] of scenarios) {
    process.stderr.write(`chaos: ${name}\n`);
    const scenarioStarted = Date.now();
    const result = await run(context);
    result.notes.push(`${((Date.now() - scenarioStarted) / 1000).toFixed(0)} s`);
    rows.push([name, result]);
    const parked = await deadLettered(platform);
    if (parked > 0)
      result.notes.push(
        `${parked} message(s) in dead-letter queues (their cases were recovered by the sweeps)`,
      );
  }
} catch (error) {
  failed = true;
  process.stderr.write(`chaos: a scenario could not run: ${(error as Error).stack ?? error}\n`);
} finally {
  const code = await platform.stop();
  if (code !== 0) process.stderr.write(`chaos: the platform stopped with exit code ${code}\n`);
  if (flags.keep) process.stderr.write(`chaos: data kept in ${dataDir}\n`);
  else await rm(dataDir, { recursive: true, force: true });
}

const header = ['scenario', 'accepted', 'cases', 'duplicates', 'stuck', 'lost'];
const width = Math.max(...scenarios.map(([name]) => name.length));
process.stdout.write(
  `\n${header[0]?.padEnd(width)}  ${header
    .slice(1)
    .map((h) => h.padStart(11))
    .join('')}\n`,
);
for (const [name, t] of rows) {
  const figures = [t.accepted, t.cases, t.duplicates, t.stuck, t.lost]
    .map((n) => String(n).padStart(11))
    .join('');
  process.stdout.write(`${name.padEnd(width)}  ${figures}\n${' '.repeat(width + 2)}${t.notes.join('; ')}\n`);
  if (t.duplicates > 0 || t.stuck > 0 || t.lost > 0) failed = true;
}
process.stdout.write(
  `\n${rows.length} of ${scenarios.length} scenarios ran in ${((Date.now() - started) / 1000).toFixed(0)} s (burst ${burstSize}); ${failed ? 'FAILED' : 'nothing duplicated, stuck or lost'}\n`,
);
process.exit(failed ? 1 : 0);
