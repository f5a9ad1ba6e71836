/**
 * Issue 12 (hardening), over HTTP on the running local platform: what a probe of the platform found,
 * each with a test that failed before the fix.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSmsWebhookSecret,
  defaultWebWebhookSecret,
  type RunningPlatform,
} from '../../infra/local/platform.js';
import { bootPlatform, e2eClient, type Json } from '../support/e2e-client.js';
import { signatureHeaders } from '../support/webhook-signing.js';

let platform: RunningPlatform;
let stop: () => Promise<void>;
let client: ReturnType<typeof e2eClient>;

beforeAll(async () => {
  ({ platform, stop } = await bootPlatform('petition-hardening-'));
  client = e2eClient(platform);
}, 240_000);

afterAll(async () => stop());

async function sms(from: string, text: string, messageId: string): Promise<{ status: number; body: Json }> {
  const body = JSON.stringify({ messageId, from, text, receivedAt: new Date().toISOString() });
  return client.http('POST', '/webhooks/sms', body, signatureHeaders(defaultSmsWebhookSecret, body));
}

describe('what cannot be processed is refused before the 202 (item 2)', () => {
  it.each([
    ['an emoji', 'portal-🙏-1'],
    ['U+FFFF', 'portal-\uffff-1'],
    ['a space', 'portal 1'],
  ])(
    'refuses a submissionId with %s with a 400 naming it, and stores nothing',
    async (_what, submissionId) => {
      // Act
      const answer = await client.submit('13800000101', { submissionId });
      await client.drained();

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/submissionId: expected printable ASCII/);
    },
  );

  it('carries a petition written with emoji and noncharacters through every queue to its organ', async () => {
    // Act
    const answer = await client.submit('13800000102', {
      title: '小区噪音扰民🙏\uffff',
      content: '楼下商铺每晚营业到凌晨，噪音扰民😡，请住建部门处理。\ufffe',
    });
    await client.drained();
    const view = await client.staffView(answer.body.trackingNumber, '330106-xinfang');

    // Assess
    expect(answer.status).toBe(202);
    expect(view.stage).toBe('awaiting_sign_for');
    expect(view.title).toBe('小区噪音扰民🙏');
    expect(view.content).not.toMatch(/[\ufffe\uffff]/);
  });
});

describe('dates without bounds (item 3)', () => {
  const day = 86_400_000;
  async function registerLetter(reference: string, receivedAt: string) {
    return client.http(
      'POST',
      '/staff/cases',
      {
        channel: 'letter',
        reference,
        receivedAt,
        petitioner: { name: '郑十一', phone: '13600003333' },
        regionCode: '330106',
        title: '来信反映违章搭建',
        content: '邻居在楼顶违章搭建房屋，影响安全。',
      },
      { authorization: `Bearer ${await client.token('330106-xinfang', 'registrar')}` },
    );
  }

  it.each([
    ['the year 9999', '9999-12-31T00:00:00+08:00', /ahead of the platform's clock/],
    ['the year 2000', '2000-01-01T00:00:00+08:00', /more than 90 days before today/],
  ])('refuses a staff registration dated in %s with a 400 naming receivedAt', async (_when, at, problem) => {
    // Act
    const answer = await registerLetter(`L-bounds-${at.slice(0, 4)}`, at);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ field: 'receivedAt', problem: expect.stringMatching(problem) }]);
  });

  it('refuses an SMS the gateway dates in the year 9999 with a 400 naming receivedAt', async () => {
    // Prepare
    const body = JSON.stringify({
      messageId: 'sms-bounds-9999',
      from: '13800000131',
      text: '小区门口道路破损，请修复。',
      receivedAt: '9999-12-31T00:00:00Z',
    });

    // Act
    const answer = await client.http(
      'POST',
      '/webhooks/sms',
      body,
      signatureHeaders(defaultSmsWebhookSecret, body),
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ field: 'receivedAt', problem: expect.any(String) }]);
  });

  it('registers a letter received 20 days ago without holding anyone to account, and tells the bureau above', async () => {
    // Prepare
    const receivedAt = new Date(Date.now() - 20 * day).toISOString();

    // Act
    const answer = await registerLetter('L-late-20', receivedAt);
    await client.drained();
    await client.http('POST', '/_local/schedules/deadline-sweep');
    const view = await client.staffView(answer.body.trackingNumber, '330106-xinfang');
    const feed = await client.http('GET', '/staff/notifications', undefined, {
      authorization: `Bearer ${await client.token('330100-xinfang', 'supervisor')}`,
    });

    // Assess: the bureau's window runs from registration, so nothing is overdue or escalated.
    expect(answer.status).toBe(201);
    expect(view.registeredLate).toBe(true);
    expect(view.accountabilities).toEqual([]);
    expect(view.supervisions).toEqual([]);
    expect(view.deadlines.filter((d: Json) => d.overdue)).toEqual([]);
    expect(feed.body.items).toContainEqual(
      expect.objectContaining({ kind: 'late_registration', trackingNumber: answer.body.trackingNumber }),
    );
  });
});

describe('empty petitions (item 5)', () => {
  it.each([
    ['title', { title: '\u0000\u0000' }],
    ['title', { title: '\u200b\u200c\ufeff' }],
    ['content', { content: '\u3000 \u3000\t' }],
    ['petitioner.name', { petitioner: { name: '\u200b', phone: '13800000103' } }],
  ])('answers 400 naming %s when it has no visible text', async (field, fields) => {
    // Act
    const answer = await client.submit('13800000103', fields);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('asks an SMS sender with only whitespace for the matter, and opens no case', async () => {
    // Act
    const answer = await sms('13800000104', '\u3000 \u3000 ', 'sms-empty-1');
    await client.drained();
    const sent = (await client.http('GET', '/_local/sms')).body as { to: string; text: string }[];

    // Assess
    expect(answer.status).toBe(202);
    expect(answer.body.kind).toBe('empty');
    expect(sent.filter((m) => m.to === '13800000104').map((m) => m.text)).toEqual([
      expect.stringContaining('请回复您要反映的具体事项'),
    ]);
  });
});

describe('smaller ones (item 11)', () => {
  it('refuses a unit that does not exist as assisting organ with a 400 naming it', async () => {
    // Prepare
    const { body: receipt } = await client.submit('13800000111');
    await client.drained();
    const organ = '330106-zhujian';
    await client.act(receipt.trackingNumber, 'signFor', organ, 'handler');
    await client.act(receipt.trackingNumber, 'accept', organ, 'leader', {
      notice: '已受理。',
      leader: { personId: 'l-1', name: '王局长' },
      handler: { personId: 'h-1', name: '李科员' },
    });

    // Act
    const answer = await client.act(receipt.trackingNumber, 'addAssistingOrgan', organ, 'leader', {
      unitId: '330106-no-such-organ',
      reason: '需要协办',
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([
      { field: 'unitId', problem: '330106-no-such-organ is not an organ or department of this province' },
    ]);
  });

  it('checks the webhook signature over the raw bytes: a body that is not UTF-8 is a 400, not a 401', async () => {
    // Prepare
    const bytes = Buffer.concat([
      Buffer.from('{"submissionId":"portal-ff","title":"'),
      Buffer.from([0xff]),
      Buffer.from('"}'),
    ]);

    // Act
    const response = await fetch(`${platform.url}/webhooks/web`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signatureHeaders(defaultWebWebhookSecret, bytes),
      },
      body: bytes,
    });

    // Assess
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).error).toBe('invalid_encoding');
  });

  it('answers 409 to the same submissionId with another body, without the first sender’s query code', async () => {
    // Prepare
    const first = await client.submit('13800000112', { submissionId: 'portal-dup-1' });

    // Act
    const second = await client.submit('13800000113', { submissionId: 'portal-dup-1', title: '另一件事' });
    const again = await client.submit('13800000112', { submissionId: 'portal-dup-1' });

    // Assess
    expect(first.status).toBe(202);
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('submission_conflict');
    expect(JSON.stringify(second.body)).not.toContain(first.body.queryCode);
    expect(again.body.queryCode).toBe(first.body.queryCode);
  });

  it('shows staff the attachments a petitioner sent', async () => {
    // Prepare
    const attachments = [{ name: '现场照片.jpg', url: 'https://portal.example.gov.cn/files/abc.jpg' }];

    // Act
    const { body: receipt } = await client.submit('13800000114', { attachments });
    await client.drained();
    const view = await client.staffView(receipt.trackingNumber, '330106-xinfang');

    // Assess
    expect(view.attachments).toEqual(attachments);
  });
});

describe('tamper-evident history (item 7)', () => {
  function table() {
    const client = new DynamoDBClient({
      endpoint: platform.env['AWS_ENDPOINT_URL_DYNAMODB'],
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    return { db: DynamoDBDocumentClient.from(client), name: platform.env['TABLE_NAME'] };
  }
  async function integrity(caseId: string, unitId = '330106-xinfang', role = 'supervisor') {
    return client.http('GET', `/staff/cases/${caseId}/integrity`, undefined, {
      authorization: `Bearer ${await client.token(unitId, role)}`,
    });
  }

  it('finds an untouched history intact, and names the first line altered directly in DynamoDB', async () => {
    // Prepare: a case with a few lines (registered, screened in, routed, forwarded, signed for).
    const { body: receipt } = await client.submit('13800000171');
    await client.drained();
    await client.act(receipt.trackingNumber, 'signFor', '330106-zhujian', 'handler');
    const intact = await integrity(receipt.trackingNumber);
    const { db, name } = table();
    const key = { pk: `CASE#${receipt.trackingNumber}`, sk: 'HIST#0000000002' };
    const stored = (await db.send(new GetCommand({ TableName: name, Key: key }))).Item!;

    // Act: someone with table access rewrites when the second line happened.
    await db.send(
      new PutCommand({
        TableName: name,
        Item: { ...stored, entry: { ...stored['entry'], at: '2026-01-01T00:00:00.000Z' } },
      }),
    );
    const broken = await integrity(receipt.trackingNumber);

    // Assess
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({
      intact: true,
      lines: 5,
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({
      intact: false,
      brokenAtSeq: 2,
      problem: 'the line’s content does not match its hash',
    });
  });

  it('names a line that no longer reads as a history line', async () => {
    // Prepare
    const { body: receipt } = await client.submit('13800000172');
    await client.drained();
    const { db, name } = table();
    const key = { pk: `CASE#${receipt.trackingNumber}`, sk: 'HIST#0000000003' };
    const stored = (await db.send(new GetCommand({ TableName: name, Key: key }))).Item!;

    // Act
    await db.send(new PutCommand({ TableName: name, Item: { ...stored, entry: { seq: 'three' } } }));
    const unreadable = await integrity(receipt.trackingNumber);

    // Assess
    expect(unreadable.body).toMatchObject({ intact: false, brokenAtSeq: 3 });
    expect(unreadable.body.problem).toMatch(/cannot be read/);
  });

  it('lets only supervisors and administrators check, and audits a refusal', async () => {
    // Prepare
    const { body: receipt } = await client.submit('13800000173');
    await client.drained();

    // Act
    const handler = await integrity(receipt.trackingNumber, '330106-xinfang', 'triage_officer');
    const admin = await integrity(receipt.trackingNumber, '330106-xinfang', 'admin');

    // Assess
    expect(handler.status).toBe(403);
    expect(handler.body.message).toMatch(/supervisors and administrators may/);
    expect(admin.status).toBe(200);
  });
});
