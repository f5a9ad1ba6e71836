/**
 * `npm run demo -- [--count 20] [--url http://127.0.0.1:3000] [--data file.jsonl | --built-in]`:
 * posts real, anonymised citizens' messages (../shared/data, the TipDM 2020 "智慧政务" set) to the
 * running local platform through the signed web webhook, as a portal would, and prints each
 * tracking number and query code. Without the data it says so and how to fix it, and exits 2.
 * Place names in the data are anonymised ("A市"); each message is filed in a district of
 * Hangzhou or Ningbo in turn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { signBody } from '../../functions/runtime/webhook-signature.js';
import { projectRoot } from './paths.js';
import { defaultWebWebhookSecret } from './platform.js';

const { values: flags } = parseArgs({
  options: {
    count: { type: 'string', default: '20' },
    url: { type: 'string' },
    data: { type: 'string' },
    'built-in': { type: 'boolean', default: false },
  },
});
const url = flags.url ?? `http://127.0.0.1:${process.env['PORT'] ?? 3000}`;
const secret = process.env['WEB_WEBHOOK_SECRET'] ?? defaultWebWebhookSecret;
const count = Math.max(1, Math.min(500, Number(flags.count)));
const regions = [
  '330106',
  '330102',
  '330105',
  '330108',
  '330109',
  '330110',
  '330203',
  '330205',
  '330212',
  '330282',
];

const defaultDataFile = join(projectRoot, '..', 'shared', 'data', 'petitions-labelled-sample.zh.jsonl');
const dataFile = resolve(flags.data ?? defaultDataFile);
const builtIn = [
  {
    id: 'sample',
    title: '小区物业乱收费',
    content: '我们小区物业公司擅自提高物业费，业主多次反映无果，请相关部门调查处理。',
  },
];

function readMessages(): { id: string; title: string; content: string }[] {
  if (flags['built-in']) return builtIn;
  if (!existsSync(dataFile)) {
    // Never fall back in silence: twenty copies of one message look like a working demo.
    process.stderr.write(
      [
        `npm run demo: no messages at ${dataFile}.`,
        "The demo posts real, anonymised citizens' messages (the TipDM 2020 data set, one JSON object",
        'per line with id, title and content). To fix it, either:',
        `  - put the shared data folder beside this checkout, so that ${relative(process.cwd(), defaultDataFile) || defaultDataFile} exists;`,
        '  - or point to such a file: npm run demo -- --data <file.jsonl>;',
        '  - or post one built-in message repeatedly, knowingly: npm run demo -- --built-in',
        '',
      ].join('\n'),
    );
    process.exit(2);
  }
  return readFileSync(dataFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; title: string; content: string });
}

const messages = readMessages();

for (let i = 0; i < count; i++) {
  const message = messages[(i * 37) % messages.length]!;
  const body = JSON.stringify({
    submissionId: `demo-${message.id}-${i}`,
    petitioner: { name: `演示信访人${i + 1}`, phone: `1380000${String(1000 + i).padStart(4, '0')}` },
    regionCode: regions[i % regions.length],
    title: message.title.trim().slice(0, 200) || '来信',
    content: message.content.trim().slice(0, 5_000) || message.title,
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${url}/webhooks/web`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature-timestamp': timestamp,
      'x-signature': signBody(secret, timestamp, body),
    },
    body,
  });
  const answer = (await response.json()) as { trackingNumber?: string; queryCode?: string; message?: string };
  console.log(
    `${response.status} ${answer.trackingNumber ?? ''} ${answer.queryCode ?? answer.message ?? ''}  ${JSON.parse(body).title}`,
  );
}
