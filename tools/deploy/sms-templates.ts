/**
 * `npm run sms-templates [-- zhejiang]`: the SMS signature and templates a province registers with
 * its provider (短信签名 and 短信模板), as Markdown, from its configuration (provinces/, `sms`), for
 * docs/deploy-a-province.md and the registration forms.
 */
import { smsKinds, smsTemplateParameters } from '../../domain/notifications/sms-templates.js';
import { provinceConfig } from '../../provinces/index.js';

const id = process.argv[2] ?? 'zhejiang';
const { sms } = provinceConfig(id);
const cell = (text: string) => text.replaceAll('|', '\\|');
const lines = [
  `Signature (短信签名): **${sms.signName}**`,
  '',
  '| kind | template code | body (模板内容) | parameters (模板变量) |',
  '| --- | --- | --- | --- |',
  ...smsKinds.map((kind) => {
    const template = sms.templates[kind];
    const params: readonly string[] = smsTemplateParameters[kind];
    return `| ${kind} | ${template.code} | ${cell(template.body)} | ${params.join(', ') || '—'} |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
