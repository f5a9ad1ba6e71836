/**
 * What the staff console needs of the API, through the real handlers on DynamoDB Local: the
 * actions a caller may take on a case, the staff directory, phone search (audited, within remit)
 * and the assessment report as an Excel workbook.
 */
import { inflateRawSync } from 'node:zlib';
import type {
  APIGatewayProxyEventV2,
  Context,
  APIGatewayProxyStructuredResultV2 as Result,
} from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../../domain/calendar/calendar.js';
import type { StaffRole } from '../../domain/case/model.js';
import { createIntakeConsumer } from '../../functions/intake/intake-consumer.js';
import { createWebWebhook } from '../../functions/intake/web-webhook.js';
import { createAssessmentApi } from '../../functions/staff/assessment-api.js';
import { createPetitionerContactApi } from '../../functions/staff/petitioner-contact-api.js';
import { createStaffApi } from '../../functions/staff/staff-api.js';
import { createStaffDirectoryApi } from '../../functions/staff/staff-directory-api.js';
import {
  httpEvent,
  signedRequest,
  type TestPlatform,
  testPlatform,
  webSecret,
} from '../support/test-platform.js';

const context = {} as Context;
const BUREAU = '330106-xinfang';
const ORGAN = '330106-zhujian';

let platform: TestPlatform;

beforeEach(async () => {
  platform = await testPlatform('2026-03-02T02:00:00.000Z');
});
afterEach(async () => platform.dispose());

function asStaff(event: APIGatewayProxyEventV2, unit: string, role: StaffRole): APIGatewayProxyEventV2 {
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: { jwt: { claims: { sub: `${role}@${unit}`, unit, role }, scopes: [] } },
    },
  } as APIGatewayProxyEventV2;
}

async function call(
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>,
  event: APIGatewayProxyEventV2,
) {
  const response = (await handler(event, context)) as Result;
  const text = String(response.body ?? '');
  return {
    status: response.statusCode ?? 0,
    headers: (response.headers ?? {}) as Record<string, string>,
    raw: text,
    base64: response.isBase64Encoded === true,
    body: response.headers?.['content-type']?.toString().startsWith('application/json')
      ? JSON.parse(text)
      : text,
  };
}

async function submitted(
  phone = '13700001234',
  matter = {
    title: '小区物业擅自占用公共绿地',
    content: '小区物业擅自将公共绿地改为停车位收费，业主反对无效，请求住建部门处理。',
  },
): Promise<string> {
  const body = JSON.stringify({
    submissionId: `console-${phone}`,
    petitioner: { name: '赵六', phone },
    regionCode: '330106',
    ...matter,
  });
  const receipt = JSON.parse(
    String(
      (
        (await createWebWebhook(platform.deps)(
          signedRequest('/webhooks/web', body, webSecret),
          context,
        )) as Result
      ).body,
    ),
  );
  await createIntakeConsumer(platform.deps)(platform.queue.drain('intake'), context);
  return receipt.trackingNumber;
}

describe('the case detail for the console', () => {
  it('lists the actions the caller may take now, and they follow the case', async () => {
    // Prepare
    const id = await submitted();
    const api = createStaffApi(platform.deps);
    const read = (unit: string, role: StaffRole) =>
      call(
        api,
        asStaff(httpEvent('GET', `/staff/cases/${id}`, { pathParameters: { caseId: id } }), unit, role),
      );
    // Act
    const triage = await read(BUREAU, 'triage_officer');
    const forwarded = await call(
      api,
      asStaff(
        httpEvent('POST', `/staff/cases/${id}/actions/forward`, {
          body: JSON.stringify({ toUnitId: ORGAN }),
          headers: { 'content-type': 'application/json' },
          pathParameters: { caseId: id, command: 'forward' },
        }),
        BUREAU,
        'triage_officer',
      ),
    );
    const atOrgan = await read(ORGAN, 'handler');
    const registrar = await read(BUREAU, 'registrar');
    // Assess
    expect(triage.body.allowedActions).toEqual(expect.arrayContaining(['forward', 'assign']));
    expect(forwarded.body.allowedActions).toEqual([]);
    expect(atOrgan.body.allowedActions).toEqual(['signFor', 'returnCase']);
    expect(registrar.body.allowedActions).toEqual([]);
  });
});

describe('my cases', () => {
  it('lists only the cases the caller is the responsible leader or handler of', async () => {
    // Prepare
    const id = await submitted();
    const other = await submitted('13700009999');
    const api = createStaffApi(platform.deps);
    const act = (caseId: string, command: string, role: StaffRole, body: unknown = {}, unit = ORGAN) =>
      call(
        api,
        asStaff(
          httpEvent('POST', `/staff/cases/${caseId}/actions/${command}`, {
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
            pathParameters: { caseId, command },
          }),
          unit,
          role,
        ),
      );
    for (const caseId of [id, other])
      await act(caseId, 'forward', 'triage_officer', { toUnitId: ORGAN }, BUREAU);
    const signed = await act(id, 'signFor', 'handler');
    const accepted = await act(id, 'accept', 'leader', {
      notice: '您反映的问题已受理。',
      leader: { personId: `leader@${ORGAN}`, name: '王局长' },
      handler: { personId: `handler@${ORGAN}`, name: '李科长' },
    });
    const inbox = (role: StaffRole, mine: string) =>
      call(api, asStaff(httpEvent('GET', '/staff/cases', { query: { mine } }), ORGAN, role));
    // Act
    const handler = await inbox('handler', 'true');
    const registrar = await inbox('registrar', 'true');
    const whole = await inbox('handler', 'false');
    // Assess
    expect([signed.status, accepted.status]).toEqual([200, 200]);
    const numbers = (answer: { body: { items: { trackingNumber: string }[] } }) =>
      answer.body.items.map((s) => s.trackingNumber).sort();
    expect(numbers(handler)).toEqual([id]);
    expect(handler.body.items[0].responsiblePersonIds).toEqual([`leader@${ORGAN}`, `handler@${ORGAN}`]);
    expect(registrar.body.items).toEqual([]);
    expect(numbers(whole)).toEqual([id, other].sort());
  });
});

describe('the supervision and accountability ledgers', () => {
  it('lists each supervision of the cases in the caller’s inboxes with its rectification deadline', async () => {
    // Prepare
    const id = await submitted();
    await submitted('13700008888');
    const api = createStaffApi(platform.deps);
    const post = (command: string, unit: string, role: StaffRole, body: unknown) =>
      call(
        api,
        asStaff(
          httpEvent('POST', `/staff/cases/${id}/actions/${command}`, {
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
            pathParameters: { caseId: id, command },
          }),
          unit,
          role,
        ),
      );
    await post('forward', BUREAU, 'triage_officer', { toUnitId: ORGAN });
    const opened = await post('openSupervision', BUREAU, 'supervisor', {
      mode: 'leader',
      reason: '群众反映强烈，督促尽快签收办理',
    });
    const ledger = (unit: string, kind: string) =>
      call(
        api,
        asStaff(httpEvent('GET', `/staff/ledgers/${kind}`, { pathParameters: { kind } }), unit, 'supervisor'),
      );
    // Act
    const bureau = await ledger(BUREAU, 'supervision');
    const organ = await ledger(ORGAN, 'supervision');
    const otherCounty = await ledger('330108-xinfang', 'supervision');
    const accountability = await ledger(BUREAU, 'accountability');
    const unknown = await ledger(BUREAU, 'praise');
    // Assess
    expect(opened.status).toBe(200);
    expect(bureau.body.items).toEqual([
      expect.objectContaining({
        trackingNumber: id,
        mode: 'leader',
        supervisingUnitId: BUREAU,
        targetUnitId: ORGAN,
        deadlineStatus: 'open',
        overdue: false,
        dueAt: expect.any(String),
      }),
    ]);
    expect(bureau.body.complete).toBe(true);
    expect(organ.body.items).toHaveLength(1);
    expect(otherCounty.body.items).toEqual([]);
    expect(accountability.body.items).toEqual([]);
    expect(unknown.status).toBe(400);
  });
});

describe('the petitioner’s contact in full', () => {
  it('opens it for the holding unit’s handler, audits the reveal without the values, and refuses others', async () => {
    // Prepare
    const id = await submitted('13700007777');
    const api = createStaffApi(platform.deps);
    await call(
      api,
      asStaff(
        httpEvent('POST', `/staff/cases/${id}/actions/forward`, {
          body: JSON.stringify({ toUnitId: ORGAN }),
          headers: { 'content-type': 'application/json' },
          pathParameters: { caseId: id, command: 'forward' },
        }),
        BUREAU,
        'triage_officer',
      ),
    );
    const contactApi = createPetitionerContactApi(platform.deps);
    const reveal = (unit: string, role: StaffRole) =>
      call(
        contactApi,
        asStaff(
          httpEvent('GET', `/staff/cases/${id}/petitioner`, { pathParameters: { caseId: id } }),
          unit,
          role,
        ),
      );
    const detail = (unit: string, role: StaffRole) =>
      call(
        api,
        asStaff(httpEvent('GET', `/staff/cases/${id}`, { pathParameters: { caseId: id } }), unit, role),
      );
    // Act
    const handler = await reveal(ORGAN, 'handler');
    const supervisor = await reveal(BUREAU, 'supervisor');
    const otherOrgan = await reveal('330106-jiaotong', 'handler');
    // Assess
    expect(handler.status).toBe(200);
    expect(handler.body).toMatchObject({ caseId: id, name: '赵六', phone: '13700007777' });
    expect(handler.headers['cache-control']).toBe('no-store');
    expect(supervisor.status).toBe(403);
    expect(otherOrgan.status).toBe(403);
    expect((await detail(ORGAN, 'handler')).body.mayRevealPetitioner).toBe(true);
    expect((await detail(BUREAU, 'supervisor')).body.mayRevealPetitioner).toBe(false);
    const audits = platform.logLines.filter((l) => l.includes('"action":"revealContact"'));
    // One allowed reveal, and the two refusals on the record too
    expect(audits).toHaveLength(3);
    expect(audits.join('\n')).not.toContain('7777');
    expect(audits.map((l) => JSON.parse(l))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          audit: true,
          outcome: 'allowed',
          unitId: ORGAN,
          caseId: id,
          details: { fields: expect.arrayContaining(['phone']) },
        }),
        expect.objectContaining({ audit: true, outcome: 'refused', unitId: BUREAU, caseId: id }),
      ]),
    );
  });
});

describe('the staff directory', () => {
  const directoryApi = () =>
    createStaffDirectoryApi({
      province: platform.deps.province,
      calendar: createHolidayCalendar(platform.deps.province.config.calendar),
      clock: platform.deps.clock,
      logger: platform.deps.logger,
    });

  it('gives units, regions, categories, Chinese names and the days off around today', async () => {
    // Act
    const answer = await call(
      directoryApi(),
      asStaff(httpEvent('GET', '/staff/directory'), ORGAN, 'handler'),
    );
    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.units).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: ORGAN, name: '西湖区住房和城乡建设局', kind: 'organ' }),
      ]),
    );
    expect(answer.body.regions).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: '330106', name: '西湖区' })]),
    );
    expect(answer.body.roles).toEqual(expect.arrayContaining([{ id: 'leader', name: '责任领导' }]));
    expect(answer.body.stages).toEqual(expect.arrayContaining([{ id: 'handling', name: '办理中' }]));
    // 2026-03-07 is a Saturday; 2026-04-05 is 清明
    expect(answer.body.calendar.daysOff).toEqual(expect.arrayContaining(['2026-03-07', '2026-04-05']));
    expect(answer.body.calendar.daysOff).not.toContain('2026-03-02');
    expect(answer.body.now).toBe('2026-03-02T02:00:00.000Z');
  });

  it('answers 401 without a staff token', async () => {
    // Act
    const answer = await call(directoryApi(), httpEvent('GET', '/staff/directory'));
    // Assess
    expect(answer.status).toBe(401);
  });
});

describe('phone search', () => {
  it('finds the petitioner’s cases within the caller’s remit, and audits the look-up without the number', async () => {
    // Prepare
    const id = await submitted('13700005678');
    const api = createStaffApi(platform.deps);
    const search = (unit: string, role: StaffRole, phone: string) =>
      call(api, asStaff(httpEvent('GET', '/staff/search', { query: { phone } }), unit, role));
    // Act
    const bureau = await search(BUREAU, 'registrar', '137 0000 5678');
    const otherCounty = await search('330108-xinfang', 'registrar', '13700005678');
    const nobody = await search(BUREAU, 'registrar', '13900000000');
    // Assess
    expect(bureau.body.items.map((s: { trackingNumber: string }) => s.trackingNumber)).toEqual([id]);
    expect(otherCounty.body.items).toEqual([]);
    expect(nobody.body.items).toEqual([]);
    const audits = platform.logLines.filter((l) => l.includes('"action":"searchByPhone"'));
    expect(audits).toHaveLength(3);
    expect(audits.join('\n')).not.toContain('5678');
    expect(JSON.parse(audits[0]!)).toMatchObject({
      audit: true,
      outcome: 'allowed',
      unitId: BUREAU,
      details: { found: 1, shown: 1 },
    });
  });

  it('answers 400 naming the phone when it is not a mobile number', async () => {
    // Act
    const answer = await call(
      createStaffApi(platform.deps),
      asStaff(httpEvent('GET', '/staff/search', { query: { phone: '12345' } }), BUREAU, 'registrar'),
    );
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('phone');
  });
});

describe('word search', () => {
  it('finds the cases whose title or content holds every word, within the caller’s inboxes', async () => {
    // Prepare
    const green = await submitted('13700001111');
    const wages = await submitted('13700002222', {
      title: '公司拖欠工资三个月',
      content: '西湖区某装修公司拖欠十二名工人工资三个月，多次讨要未果，请求劳动监察部门处理。',
    });
    const api = createStaffApi(platform.deps);
    const search = (unit: string, q: string) =>
      call(api, asStaff(httpEvent('GET', '/staff/search', { query: { q } }), unit, 'triage_officer'));
    // Act
    const byTitle = await search(BUREAU, '绿地');
    const byContent = await search(BUREAU, '装修公司 工人');
    const notBoth = await search(BUREAU, '绿地 工资');
    const otherCounty = await search('330108-xinfang', '绿地');
    const blank = await search(BUREAU, '   ');
    // Assess
    const numbers = (answer: { body: { items: { trackingNumber: string }[] } }) =>
      answer.body.items.map((s) => s.trackingNumber);
    expect(numbers(byTitle)).toEqual([green]);
    expect(byTitle.body.complete).toBe(true);
    expect(numbers(byContent)).toEqual([wages]);
    expect(notBoth.body.items).toEqual([]);
    expect(otherCounty.body.items).toEqual([]);
    expect(blank.status).toBe(400);
  });

  it('hints at duplicates: cases whose title is as similar to the draft’s as the repeat rule asks', async () => {
    // Prepare
    const green = await submitted('13700003333');
    await submitted('13700004444', { title: '公司拖欠工资三个月', content: '某公司拖欠工人工资三个月。' });
    const api = createStaffApi(platform.deps);
    const similar = (text: string) =>
      call(
        api,
        asStaff(httpEvent('GET', '/staff/search', { query: { similar: text } }), BUREAU, 'registrar'),
      );
    // Act
    const close = await similar('小区物业占用公共绿地');
    const unrelated = await similar('道路施工噪音扰民');
    // Assess
    expect(close.body.items.map((s: { trackingNumber: string }) => s.trackingNumber)).toEqual([green]);
    expect(close.body.items[0].similarity).toBeGreaterThanOrEqual(0.6);
    expect(unrelated.body.items).toEqual([]);
  });
});

/** The entries of a zip archive, by name (enough of the format to read what the writer wrote). */
function unzip(bytes: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let at = 0;
  while (bytes.readUInt32LE(at) === 0x04034b50) {
    const size = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const extra = bytes.readUInt16LE(at + 28);
    const name = bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    files.set(name, inflateRawSync(bytes.subarray(start, start + size)).toString('utf8'));
    at = start + size;
  }
  return files;
}

describe('the assessment report as a workbook', () => {
  it('answers format=xlsx with an Excel workbook of one row per unit, in Chinese', async () => {
    // Prepare
    await submitted();
    // Act
    const answer = await call(
      createAssessmentApi(platform.deps),
      asStaff(
        httpEvent('GET', '/staff/assessment', {
          query: { region: '330106', half: '2026H1', format: 'xlsx' },
        }),
        BUREAU,
        'supervisor',
      ),
    );
    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(answer.headers['content-disposition']).toContain('assessment-330106-2026H1.xlsx');
    expect(answer.base64).toBe(true);
    const files = unzip(Buffer.from(answer.raw, 'base64'));
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']),
    );
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('目标管理考核 330106 2026H1');
    expect(sheet).toContain('按时受理告知率');
  });

  it('still refuses an unknown format, naming it', async () => {
    // Act
    const answer = await call(
      createAssessmentApi(platform.deps),
      asStaff(
        httpEvent('GET', '/staff/assessment', { query: { region: '330106', format: 'pdf' } }),
        BUREAU,
        'supervisor',
      ),
    );
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('format');
  });
});
