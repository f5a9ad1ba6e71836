/**
 * `npm start`: the whole platform on this machine (see platform.ts). Settings:
 * PORT (3000), PROVINCE (zhejiang), WEB_WEBHOOK_SECRET / SMS_WEBHOOK_SECRET, LOCAL_DATA_DIR
 * (`.data`), `--in-memory` or LOCAL_IN_MEMORY=1 (keep nothing), LOCAL_CLOCK_START (ISO 8601).
 * Ctrl-C or SIGTERM stops everything, the database JVM included, and exits 0.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { staffRoles } from '../../domain/case/model.js';
import { provinceConfig } from '../../provinces/index.js';
import { topology } from '../topology.js';
import { simulatedClockNote } from './clock.js';
import { ensureConsoleBuilt } from './console-build.js';
import { dataFolderFiles } from './data-folder.js';
import { JavaNotFoundError } from './dynamodb-local.js';
import { defaultDataDir, projectRoot } from './paths.js';
import {
  defaultOpen311ApiKey,
  defaultSmsWebhookSecret,
  defaultWebWebhookSecret,
  type RunningPlatform,
  startPlatform,
} from './platform.js';

const { values: flags } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: false },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    province: { type: 'string' },
  },
  strict: true,
});

const env = process.env;
const port = Number(flags.port ?? env['PORT'] ?? 3000);
const inMemory = flags['in-memory'] || env['LOCAL_IN_MEMORY'] === '1' || env['LOCAL_IN_MEMORY'] === 'true';
const province = flags.province ?? env['PROVINCE'] ?? 'zhejiang';
const dataDir = resolve(flags['data-dir'] ?? env['LOCAL_DATA_DIR'] ?? defaultDataDir);
const webWebhookSecret = env['WEB_WEBHOOK_SECRET'] ?? defaultWebWebhookSecret;
const smsWebhookSecret = env['SMS_WEBHOOK_SECRET'] ?? defaultSmsWebhookSecret;
const open311ApiKey = env['OPEN311_API_KEY'] ?? defaultOpen311ApiKey;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 0 || port > 65_535)
  fail(`PORT must be a port number, got '${flags.port ?? env['PORT']}'`);

function banner(platform: RunningPlatform): string {
  const config = provinceConfig(province);
  const unit =
    config.units.find((u) => u.id === '330106-xinfang') ?? config.units.find((u) => u.kind === 'bureau');
  const relativeDataDir = relative(projectRoot, dataDir);
  const shownDataDir = relativeDataDir.startsWith('..') ? dataDir : relativeDataDir || '.';
  const dataFlag = dataDir === defaultDataDir ? '' : ` --data-dir ${shownDataDir}`;
  const schedules = topology.functions.flatMap((f) =>
    f.trigger.kind === 'schedule' ? [f.trigger.name] : [],
  );
  const routes = topology.functions.flatMap((f) =>
    f.trigger.kind === 'http'
      ? f.trigger.routes.map(
          (r) => `${r.method.padEnd(5)} ${r.path}${r.auth === 'staff' ? '  (staff token)' : ''}`,
        )
      : [],
  );
  const u = platform.url;
  const clockNote = simulatedClockNote(
    platform.clock,
    platform.inMemory ? undefined : relative(projectRoot, dataFolderFiles(platform.dataDir).clock),
  );
  const lines = [
    '',
    `Petition platform: local runtime, ${config.province.name} (${province})`,
    `  URL              ${u}`,
    `  Staff console    ${u}/console/   (sign in with a unit and a role: 330106-xinfang, 330106-zhujian …)`,
    `  Ready in         ${(platform.startupMs / 1000).toFixed(1)} s (${process.uptime().toFixed(1)} s since this process started)`,
    ...(clockNote ? [`  Clock            ${clockNote}`] : []),
    `  Data folder      ${platform.dataDir}${platform.inMemory ? '  (in memory: nothing is kept after Ctrl-C)' : '  (kept across restarts; --in-memory to keep nothing)'}`,
    `  Webhook secrets  web: ${webWebhookSecret}`,
    `                   sms: ${smsWebhookSecret}`,
    '                   sign: X-Signature = hex HMAC-SHA256 of "<X-Signature-Timestamp>.<body>" (Unix seconds)',
    `  Petitioner page  ${u}/   (我要写信 · 查询 · 评价; SMS codes appear at ${u}/_local/sms)`,
    `  Open311 (v2)     ${u}/open311/v2/discovery.json   partner api_key: ${open311ApiKey}  (OPEN311_API_KEY)`,
    `  Staff token      npm run -s token -- --unit ${unit?.id ?? '<unitId>'} --role triage_officer${dataFlag}`,
    `                   roles: ${staffRoles.join(', ')}; send as: Authorization: Bearer <token>`,
    '  API routes',
    ...routes.map((r) => `                   ${r}`),
    '  Control surface (local only: loopback Host, no foreign Origin, bodies as content-type: application/json)',
    `                   GET  ${u}/_local/health`,
    `                   GET  ${u}/_local/clock`,
    `                   POST ${u}/_local/clock   {"advanceDays":1} | {"advanceHours":2} | {"set":"2026-03-02T09:00:00+08:00"}`,
    `                   POST ${u}/_local/schedules/{name}   (${schedules.join(', ') || 'no schedules'}; answers once the queues have drained)`,
    `                   GET  ${u}/_local/sms`,
    `                   GET  ${u}/_local/queues`,
    `                   POST ${u}/_local/drain   (answers once the table's stream is relayed and the queues have drained)`,
    `                   POST ${u}/_local/functions/{name}/invoke   (operator functions; npm run dlq -- list | redrive <queue>)`,
    ...(platform.unavailableFunctions.length > 0
      ? [
          '  NOT AVAILABLE (failed to load)',
          ...platform.unavailableFunctions.map((f) => `                   ${f.name}: ${f.error}`),
        ]
      : []),
    'Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n');
}

let platform: RunningPlatform | undefined;
let stopping = false;
let stopRequestedAt = 0;

// The console is built before anything listens, so its URL never answers with a stale build.
try {
  await ensureConsoleBuilt((line) => process.stdout.write(`${line}\n`));
} catch (error) {
  fail(`the staff console could not be built: ${(error as Error).message}`);
}

const starting = startPlatform({
  port,
  dataDir,
  inMemory,
  province,
  webWebhookSecret,
  smsWebhookSecret,
  open311ApiKey,
  ...(env['LOCAL_CLOCK_START'] ? { clockStart: env['LOCAL_CLOCK_START'] } : {}),
});

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    // The same Ctrl-C can arrive twice (the terminal and tsx both relay it): only a later one forces.
    if (Date.now() - stopRequestedAt < 2_000) return;
    process.stderr.write(`${signal} again: leaving now\n`);
    process.exit(130);
  }
  stopping = true;
  stopRequestedAt = Date.now();
  process.stdout.write(`\n${signal}: stopping…\n`);
  try {
    await starting.catch(() => undefined);
    await platform?.stop();
    process.stdout.write('stopped.\n');
    process.exit(0);
  } catch (error) {
    process.stderr.write(`stop failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

// Installed before anything starts, so the platform (not a default handler) stops the JVM.
process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));

try {
  platform = await starting;
  if (!stopping) process.stdout.write(banner(platform));
} catch (error) {
  if (error instanceof JavaNotFoundError) fail(error.message);
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    fail(`port ${port} is in use on 127.0.0.1: set PORT to another port`);
  fail(`the local runtime could not start: ${(error as Error).stack ?? error}`);
}
