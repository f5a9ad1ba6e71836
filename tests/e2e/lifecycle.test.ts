/**
 * The lifecycle end to end on the local runtime, over HTTP only: a petitioner's signed web
 * submission, routing, staff actions with real bearer tokens, the petitioner's SMS and public
 * view, the runtime clock and the schedules. One platform boots for the file; each scenario uses
 * its own petitioner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSms } from '../../domain/notifications/sms-templates.js';
import type { SmsTemplateUse } from '../../domain/ports.js';
import type { RunningPlatform } from '../../infra/local/platform.js';
import { provinceConfig } from '../../provinces/index.js';
import { bootPlatform, e2eClient } from '../support/e2e-client.js';

let platform: RunningPlatform;
let stop: () => Promise<void>;
let client: ReturnType<typeof e2eClient>;

beforeAll(async () => {
  ({ platform, stop } = await bootPlatform('petition-lifecycle-'));
  client = e2eClient(platform);
}, 240_000);

afterAll(async () => stop?.());

const http = (...args: Parameters<ReturnType<typeof e2eClient>['http']>) => client.http(...args);
const token = (unitId: string, role: string) => client.token(unitId, role);
const act = (...args: Parameters<ReturnType<typeof e2eClient>['act']>) => client.act(...args);

async function submit(
  phone: string,
  fields: Record<string, unknown> = {},
): Promise<{ trackingNumber: string; queryCode: string }> {
  const response = await client.submit(phone, fields);
  expect(response.status).toBe(202);
  return response.body;
}

async function view(receipt: { trackingNumber: string; queryCode: string }) {
  return (await http('GET', `/public/cases/${receipt.trackingNumber}?code=${receipt.queryCode}`)).body;
}

async function smsTo(phone: string): Promise<string[]> {
  return (await http('GET', '/_local/sms')).body
    .filter((m: { to: string }) => m.to === phone)
    .map((m: { text: string }) => m.text);
}

/** Waits until the queues have drained (the schedules endpoint answers only then). */
async function drained(): Promise<void> {
  expect(await client.drained()).toBe(200);
}

const ORGAN = '330106-zhujian';
const leader = { personId: 'leader-1', name: '李局长' };
const handler = { personId: 'handler-1', name: '王科员' };

describe('the platform on one machine', () => {
  it('registers a signed web submission, sends the receipt, and shows it in the public lookup', async () => {
    // Act
    const receipt = await submit('13811110001');
    await drained();
    // Assess
    expect(receipt.queryCode).toMatch(/^\d{6}$/);
    expect((await smsTo('13811110001'))[0]).toContain(receipt.trackingNumber);
    const shown = await view(receipt);
    expect(shown.timeline[0].event).toBe('CaseRegistered');
    expect(shown.handlingUnit).toBe('西湖区住房和城乡建设局');
  });

  it('routes to the county organ, which signs for, accepts, extends and replies, and the petitioner sees each step', async () => {
    // Prepare
    const phone = '13811110002';
    const receipt = await submit(phone);
    await drained();
    const id = receipt.trackingNumber;
    // Act
    const steps = [
      await act(id, 'signFor', ORGAN, 'handler'),
      await act(id, 'accept', ORGAN, 'leader', { notice: '您反映的问题已受理。', leader, handler }),
      await act(id, 'requestExtension', ORGAN, 'handler', { days: 20, reason: '需现场核查' }),
      await act(id, 'approveExtension', ORGAN, 'leader'),
      await act(id, 'reply', ORGAN, 'handler', { outcome: 'supported', text: '已责令物业按原标准收费。' }),
    ];
    await drained();
    // Assess
    expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    const shown = await view(receipt);
    expect(shown.stage).toBe('awaiting_evaluation');
    expect(shown.timeline.map((t: { event: string }) => t.event)).toEqual([
      'CaseRegistered',
      'CaseForwarded',
      'CaseSigned',
      'CaseAccepted',
      'ExtensionApproved',
      'CaseReplied',
    ]);
    const texts = await smsTo(phone);
    expect(texts.some((t) => t.includes('已转送西湖区住房和城乡建设局'))).toBe(true);
    expect(texts.some((t) => t.includes('受理'))).toBe(true);
    expect(texts.some((t) => t.includes('延长20天'))).toBe(true);
    expect(texts.some((t) => t.includes('已责令物业按原标准收费') && t.includes('回复1满意'))).toBe(true);
  });

  it('warns, flags overdue and supervises an organ that never accepts, by the clock and the schedules alone, and repeats nothing', async () => {
    // Prepare
    const receipt = await submit('13811110003');
    await drained();
    await act(receipt.trackingNumber, 'signFor', ORGAN, 'handler');
    const staffView = async () =>
      (
        await http('GET', `/staff/cases/${receipt.trackingNumber}`, undefined, {
          authorization: `Bearer ${await token('330106-xinfang', 'supervisor')}`,
        })
      ).body;
    const acceptance = (await staffView()).deadlines.find((d: { key: string }) => d.key === 'acceptance');
    const sweep = () => http('POST', '/_local/schedules/deadline-sweep');
    // Act
    await http('POST', '/_local/clock', { set: acceptance.warnAt });
    await sweep();
    const warned = await staffView();
    await http('POST', '/_local/clock', { set: acceptance.dueAt });
    await sweep();
    const overdue = await view(receipt);
    await http('POST', '/_local/clock', {
      set: new Date(Date.parse(acceptance.dueAt) + 3 * 86_400_000 + 60_000).toISOString(),
    });
    await sweep();
    const supervised = await staffView();
    await sweep();
    await sweep();
    const settled = await staffView();
    // Assess
    expect(warned.deadlines.find((d: { key: string }) => d.key === 'acceptance').warnedAt).toBeDefined();
    expect(overdue).toMatchObject({ stage: 'awaiting_acceptance', overdue: true });
    expect(supervised.supervisions).toEqual([
      expect.objectContaining({ cause: 'overdue', targetUnitId: ORGAN, supervisingUnitId: '330106-xinfang' }),
    ]);
    expect(settled.version).toBe(supervised.version);
    const events = settled.timeline.map((t: { event: string }) => t.event);
    expect(events.filter((e: string) => e === 'CaseDeadlineWarned')).toHaveLength(1);
    expect(events.filter((e: string) => e === 'CaseDeadlineMissed')).toHaveLength(1);
    expect(events.filter((e: string) => e === 'SupervisionOpened')).toHaveLength(1);
  });

  it('closes a satisfied case, and revisits an unrated one at the organ and the county bureau', async () => {
    // Prepare
    const replied = async (phone: string) => {
      const receipt = await submit(phone, {
        title: `物业问题${phone}`,
        content: `${phone}反映：小区物业公司擅自提高物业费，请住建部门处理。`,
      });
      await drained();
      await act(receipt.trackingNumber, 'signFor', ORGAN, 'handler');
      await act(receipt.trackingNumber, 'accept', ORGAN, 'leader', { notice: '予以受理', leader, handler });
      await act(receipt.trackingNumber, 'reply', ORGAN, 'handler', {
        outcome: 'explained',
        text: '物业费调整符合规定。',
      });
      return receipt;
    };
    const satisfied = await replied('13811110004');
    const unrated = await replied('13811110005');
    // Act
    const rated = await http('POST', `/public/cases/${satisfied.trackingNumber}/evaluation`, {
      code: satisfied.queryCode,
      rating: 'satisfied',
    });
    await http('POST', '/_local/clock', { advanceDays: 10 });
    await http('POST', '/_local/schedules/deadline-sweep');
    const revisiting = (
      await http('GET', `/staff/cases/${unrated.trackingNumber}`, undefined, {
        authorization: `Bearer ${await token('330106-xinfang', 'supervisor')}`,
      })
    ).body;
    // Assess
    expect(rated.body).toMatchObject({ stage: 'closed', closed: { reason: '信访人满意或基本满意' } });
    expect(revisiting.stage).toBe('revisiting');
    expect(revisiting.revisits.map((t: { unitId: string }) => t.unitId)).toEqual([ORGAN, '330106-xinfang']);
  });

  it('sent every SMS of these scenarios as a template of the province, rendered exactly as the provider renders it', async () => {
    // Prepare
    const { sms } = provinceConfig('zhejiang');
    const bodies = new Map(Object.values(sms.templates).map((t) => [t.code, t.body]));

    // Act
    const sent = (await http('GET', '/_local/sms')).body as { text: string; template?: SmsTemplateUse }[];

    // Assess
    expect(sent.length).toBeGreaterThan(5);
    for (const message of sent) {
      expect(message.template?.signName).toBe(sms.signName);
      const body = bodies.get(message.template?.code ?? '');
      expect(body, `template ${message.template?.code}`).toBeDefined();
      expect(renderSms(sms.signName, body!, message.template!.params)).toBe(message.text);
    }
  });
});
