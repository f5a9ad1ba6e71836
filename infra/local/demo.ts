/**
 * `npm run demo -- [--count 20] [--url http://127.0.0.1:3000]`: posts real, anonymised citizens'
 * messages (../shared/data, the TipDM 2020 "智慧政务" set) to the running local platform through
 * the signed web webhook, as a portal would, and prints each tracking number and query code.
 * Place names in the data are anonymised ("A市"); each message is filed in a district of
 * Hangzhou or Ningbo in turn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signBody } from '../../functions/runtime/webhook-signature.js';
import { projectRoot } from './paths.js';
import { defaultWebWebhookSecret } from './platform.js';

const { values: flags } = parseArgs({
  options: { count: { type: 'string', default: '20' }, url: { type: 'string' } },
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

const dataFile = join(projectRoot, '..', 'shared', 'data', 'petitions-labelled-sample.zh.jsonl');
const messages: { id: string; title: string; content: string }[] = existsSync(dataFile)
  ? readFileSync(dataFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; title: string; content: string })
  : [
      {
        id: 'sample',
        title: '小区物业乱收费',
        content: '我们小区物业公司擅自提高物业费，业主多次反映无果，请相关部门调查处理。',
      },
    ];

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
