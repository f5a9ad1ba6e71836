import type {
  APIGatewayProxyEventV2,
  Context,
  APIGatewayProxyStructuredResultV2 as Result,
} from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../domain/case/model.js';
import { createIntakeConsumer } from '../../functions/intake/intake-consumer.js';
import { createWebWebhook } from '../../functions/intake/web-webhook.js';
import { createNotifier } from '../../functions/notifications/notifier.js';
import { createPublicApi } from '../../functions/public/public-api.js';
import { createStaffApi } from '../../functions/staff/staff-api.js';
import {
  httpEvent,
  signedRequest,
  sqsEvent,
  type TestPlatform,
  testPlatform,
  webSecret,
} from '../support/test-platform.js';

const context = {} as Context;
const BUREAU = '330106-xinfang';
const ORGAN = '330106-zhujian';

let platform: TestPlatform;

/** The audit lines written so far with this message (`refused` or `audited`), parsed. */
function auditLines(message: 'refused' | 'audited'): Record<string, unknown>[] {
  return platform.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['audit'] === true && line['message'] === message);
}
let api: ReturnType<typeof createStaffApi>;

beforeEach(async () => {
  platform = await testPlatform('2026-03-02T02:00:00.000Z');
  api = createStaffApi(platform.deps);
});
afterEach(async () => platform.dispose());

function asStaff(
  event: APIGatewayProxyEventV2,
  unit: string,
  role: StaffRole,
  sub = `${role}@${unit}`,
): APIGatewayProxyEventV2 {
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: { jwt: { claims: { sub, unit, role }, scopes: [] } },
    },
  } as APIGatewayProxyEventV2;
}

async function action(
  caseId: string,
  command: string,
  unit: string,
  role: StaffRole,
  body: unknown = {},
  ifMatch?: number,
) {
  const event = httpEvent('POST', `/staff/cases/${caseId}/actions/${command}`, {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': `"${ifMatch}"` } : {}) },
    pathParameters: { caseId, command },
  });
  const response = (await api(asStaff(event, unit, role), context)) as Result;
  return { status: response.statusCode, body: JSON.parse(String(response.body)) };
}

async function submitted(): Promise<{ trackingNumber: string; queryCode: string }> {
  const body = JSON.stringify({
    submissionId: 'staff-flow-1',
    petitioner: { name: '赵六', phone: '13700001234' },
    regionCode: '330106',
    title: '小区物业擅自占用公共绿地',
    content: '小区物业擅自将公共绿地改为停车位收费，业主反对无效，请求住建部门处理。',
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
  return receipt;
}

describe('the staff API', () => {
  it('walks a case from triage to a reply, and the petitioner is told each step', async () => {
    // Prepare
    const { trackingNumber, queryCode } = await submitted();
    const leader = { personId: 'leader-1', name: '李局长' };
    const handler = { personId: 'handler-1', name: '王科员' };
    // Act
    const steps = [
      await action(trackingNumber, 'forward', BUREAU, 'triage_officer', {
        toUnitId: ORGAN,
        reason: '属住建职责',
      }),
      await action(trackingNumber, 'signFor', ORGAN, 'handler'),
      await action(trackingNumber, 'accept', ORGAN, 'leader', {
        notice: '您反映的问题已受理，我局将在60日内答复。',
        leader,
        handler,
      }),
      await action(trackingNumber, 'requestExtension', ORGAN, 'handler', {
        days: 30,
        reason: '需会同综合执法部门现场核查',
      }),
      await action(trackingNumber, 'approveExtension', ORGAN, 'leader'),
      await action(trackingNumber, 'reply', ORGAN, 'handler', {
        outcome: 'supported',
        text: '已责令物业恢复绿地。',
      }),
    ];
    await createNotifier(platform.deps)(sqsEvent(platform.bus.envelopes()), context);
    await platform.sendQueuedSms();
    const view = JSON.parse(
      String(
        (
          (await createPublicApi(platform.deps)(
            httpEvent('GET', `/public/cases/${trackingNumber}`, {
              pathParameters: { trackingNumber },
              query: { code: queryCode },
            }),
            context,
          )) as Result
        ).body,
      ),
    );
    // Assess
    expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(steps.map((s) => s.body.stage)).toEqual([
      'awaiting_sign_for',
      'awaiting_acceptance',
      'handling',
      'handling',
      'handling',
      'awaiting_evaluation',
    ]);
    expect(steps[2]!.body.responsibility).toEqual({ unitId: ORGAN, leader, handler });
    const handling = steps[4]!.body.deadlines.find((d: { key: string }) => d.key === 'handling');
    expect(
      Date.parse(handling.dueAt) -
        Date.parse(steps[2]!.body.deadlines.find((d: { key: string }) => d.key === 'handling').dueAt),
    ).toBeGreaterThanOrEqual(30 * 86_400_000);
    const texts = platform.sms.sent.map((m) => m.text);
    expect(texts.some((t) => t.includes('已转送') && t.includes('西湖区住房和城乡建设局'))).toBe(true);
    expect(texts.some((t) => t.includes('已由') && t.includes('受理'))).toBe(true);
    expect(texts.some((t) => t.includes('延长30天'))).toBe(true);
    expect(texts.some((t) => t.includes('已责令物业恢复绿地') && t.includes('回复1满意'))).toBe(true);
    expect(view.timeline.map((t: { event: string }) => t.event)).toEqual([
      'CaseRegistered',
      'CaseForwarded',
      'CaseSigned',
      'CaseAccepted',
      'ExtensionApproved',
      'CaseReplied',
    ]);
  });

  it('answers 409 naming the stage for an action the stage does not allow', async () => {
    // Prepare
    const { trackingNumber } = await submitted();
    // Act
    const result = await action(trackingNumber, 'reply', BUREAU, 'handler', {
      outcome: 'supported',
      text: '答复',
    });
    // Assess
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ error: 'stage_conflict', stage: 'triage' });
  });

  it('answers 412 when If-Match holds a stale version, and changes nothing', async () => {
    // Prepare
    const { trackingNumber } = await submitted();
    const before = await platform.deps.cases.get(trackingNumber);
    // Act
    const result = await action(
      trackingNumber,
      'forward',
      BUREAU,
      'triage_officer',
      { toUnitId: ORGAN },
      before!.version - 1,
    );
    // Assess
    expect(result.status).toBe(412);
    expect((await platform.deps.cases.get(trackingNumber))?.version).toBe(before!.version);
  });

  it('refuses a unit outside its remit and a role the action is not for with 403, each audited with who, what, which case and why', async () => {
    // Prepare
    const { trackingNumber } = await submitted();
    // Act
    const other = await action(trackingNumber, 'forward', '330102-xinfang', 'triage_officer', {
      toUnitId: ORGAN,
    });
    const wrongRole = await action(trackingNumber, 'forward', BUREAU, 'handler', { toUnitId: ORGAN });
    // Assess
    expect(other.status).toBe(403);
    expect(wrongRole.status).toBe(403);
    expect(auditLines('refused')).toEqual([
      expect.objectContaining({
        action: 'forward',
        personId: 'triage_officer@330102-xinfang',
        unitId: '330102-xinfang',
        role: 'triage_officer',
        caseId: trackingNumber,
        reason: expect.stringContaining('330102-xinfang'),
        route: `POST /staff/cases/${trackingNumber}/actions/forward`,
      }),
      expect.objectContaining({
        action: 'forward',
        personId: `handler@${BUREAU}`,
        role: 'handler',
        caseId: trackingNumber,
        reason: expect.stringContaining("may not issue 'forward'"),
      }),
    ]);
  });

  it('audits every staff read of a case, with who read which case', async () => {
    // Prepare
    const { trackingNumber } = await submitted();
    // Act
    const read = (await api(
      asStaff(
        httpEvent('GET', `/staff/cases/${trackingNumber}`, { pathParameters: { caseId: trackingNumber } }),
        BUREAU,
        'triage_officer',
      ),
      context,
    )) as Result;
    // Assess
    expect(read.statusCode).toBe(200);
    expect(auditLines('audited')).toEqual([
      expect.objectContaining({
        action: 'read',
        outcome: 'allowed',
        personId: `triage_officer@${BUREAU}`,
        unitId: BUREAU,
        caseId: trackingNumber,
      }),
    ]);
  });

  it('audits a webhook request refused as unauthenticated (401), with the route and the caller', async () => {
    // Act
    const refused = (await createWebWebhook(platform.deps)(
      signedRequest('/webhooks/web', '{}', webSecret, { signature: 'forged', sourceIp: '10.4.4.4' }),
      context,
    )) as Result;
    // Assess
    expect(refused.statusCode).toBe(401);
    expect(auditLines('refused')).toEqual([
      expect.objectContaining({
        action: 'authenticate',
        route: 'POST /webhooks/web',
        sourceAddress: '10.4.4.4',
        reason: 'signature does not match',
      }),
    ]);
  });

  it('lets the city bureau see a district case but not forward it, and lists the inbox by stage', async () => {
    // Prepare
    const { trackingNumber } = await submitted();
    const inboxEvent = (unit: string, query: Record<string, string>) =>
      asStaff(httpEvent('GET', '/staff/cases', { query }), unit, 'supervisor');
    // Act
    const city = (await api(
      asStaff(
        httpEvent('GET', `/staff/cases/${trackingNumber}`, { pathParameters: { caseId: trackingNumber } }),
        '330100-xinfang',
        'supervisor',
      ),
      context,
    )) as Result;
    const stranger = (await api(
      asStaff(
        httpEvent('GET', `/staff/cases/${trackingNumber}`, { pathParameters: { caseId: trackingNumber } }),
        '330200-xinfang',
        'supervisor',
      ),
      context,
    )) as Result;
    const inbox = (await api(
      inboxEvent('330100-xinfang', { unit: BUREAU, stage: 'triage' }),
      context,
    )) as Result;
    const foreignInbox = (await api(inboxEvent('330200-xinfang', { unit: BUREAU }), context)) as Result;
    // Assess
    expect(city.statusCode).toBe(200);
    expect(JSON.parse(String(city.body)).petitioner).toEqual({ name: '赵六', maskedPhone: '137****1234' });
    expect(stranger.statusCode).toBe(403);
    expect(
      JSON.parse(String(inbox.body)).items.map((i: { trackingNumber: string }) => i.trackingNumber),
    ).toEqual([trackingNumber]);
    expect(foreignInbox.statusCode).toBe(403);
  });

  it('registers a letter for a registrar, once per reference', async () => {
    // Prepare
    const letter = {
      channel: 'letter',
      reference: 'L-2026-0001',
      receivedAt: '2026-03-01T09:00:00+08:00',
      petitioner: { name: '孙七', phone: '13600002222' },
      regionCode: '330106',
      title: '来信反映噪音扰民',
      content: '附近工地夜间施工噪音扰民，影响休息。',
    };
    const register = () =>
      api(
        asStaff(
          httpEvent('POST', '/staff/cases', {
            body: JSON.stringify(letter),
            headers: { 'content-type': 'application/json' },
          }),
          BUREAU,
          'registrar',
        ),
        context,
      ) as Promise<Result>;
    // Act
    const first = await register();
    const again = await register();
    // Assess
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(String(again.body)).trackingNumber).toBe(JSON.parse(String(first.body)).trackingNumber);
    expect(platform.queue.sent.filter((m) => m.queue === 'intake')).toHaveLength(2);
  });
});

describe('late registration', () => {
  it('flags a letter registered days late, runs its forwarding window from registration and opens no accountability', async () => {
    // Prepare: a letter received on 20 February, registered on 2 March.
    const letter = {
      channel: 'letter',
      reference: 'L-2026-0042',
      receivedAt: '2026-02-20T09:00:00+08:00',
      petitioner: { name: '郑十一', phone: '13600003333' },
      regionCode: '330106',
      title: '来信反映违章搭建',
      content: '邻居在楼顶违章搭建房屋，影响安全。',
    };
    const response = (await api(
      asStaff(
        httpEvent('POST', '/staff/cases', {
          body: JSON.stringify(letter),
          headers: { 'content-type': 'application/json' },
        }),
        BUREAU,
        'registrar',
      ),
      context,
    )) as Result;
    // Act
    await createIntakeConsumer(platform.deps)(platform.queue.drain('intake'), context);
    await createIntakeConsumer(platform.deps)(
      sqsEvent([
        { kind: 'submission.accepted', version: 1, channel: 'letter', submissionId: `${BUREAU}:L-2026-0042` },
      ]),
      context,
    );
    // Assess
    const c = (await platform.deps.cases.get(JSON.parse(String(response.body)).trackingNumber))!;
    expect(c.registeredLate).toBe(true);
    expect(c.accountabilities).toEqual([]);
    expect(c.deadlines.find((d) => d.key === 'forwarding')?.startAt).toBe(c.registeredAt);
  });
});
