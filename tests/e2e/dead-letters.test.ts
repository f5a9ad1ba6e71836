/**
 * The dead-letter state in the staff API (issue 12, item 2): a message a queue gave up on is seen
 * by supervisors and administrators with what it refers to, and moved back by an administrator
 * through `HTTP → dead-letters-api → SQS → intake consumer → DynamoDB`; the work it stands for is
 * done once, and every look, move and refusal is audited.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPlatform, startPlatform } from '../../infra/local/platform.js';
import { e2eClient, type Json } from '../support/e2e-client.js';

let platform: RunningPlatform;
let dataDir: string;
let client: ReturnType<typeof e2eClient>;
const logLines: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'petition-dead-letters-'));
  platform = await startPlatform({
    port: 0,
    inMemory: true,
    dataDir,
    log: (line) => logLines.push(line),
    queueOverrides: { intake: { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 } },
  });
  client = e2eClient(platform);
}, 240_000);

afterAll(async () => {
  await platform?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const bureau = '330000-xinfang';

async function as(
  role: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  return client.http(method, path, body, { authorization: `Bearer ${await client.token(bureau, role)}` });
}

function audited(): Json[] {
  return logLines.filter((l) => l.includes('"audit":true')).map((l) => JSON.parse(l));
}

describe('dead letters in the staff API', () => {
  it('shows a registered submission and a poison message parked in the intake DLQ, moves them back once, and audits it', async () => {
    // Prepare: a petition registered, then its intake message and a poison one parked in the DLQ,
    // as a consumer that failed while the database was down would have left them.
    const phone = '13811119901';
    const submissionId = `e2e-dlq-${randomUUID()}`;
    const accepted = await client.submit(phone, { submissionId });
    await client.drained();
    await client.parkDeadLetters('intake', [
      { kind: 'nonsense' },
      { kind: 'submission.accepted', version: 1, channel: 'web', submissionId },
    ]);

    // Act
    const byHandler = await as('handler', 'GET', '/staff/dead-letters');
    const bySupervisor = await as('supervisor', 'GET', '/staff/dead-letters');
    const redriveBySupervisor = await as('supervisor', 'POST', '/staff/dead-letters/intake/redrive', {});
    const unknownQueue = await as('admin', 'POST', '/staff/dead-letters/nope/redrive', {});
    const badBody = await as('admin', 'POST', '/staff/dead-letters/intake/redrive', { max: 'all' });
    const redriven = await as('admin', 'POST', '/staff/dead-letters/intake/redrive', {});
    await client.drained();
    // The poison fails twice more (maxReceiveCount 2) and is parked again.
    let after: { status: number; body: Json } | undefined;
    for (let i = 0; i < 100; i++) {
      after = await as('admin', 'GET', '/staff/dead-letters');
      if (after.body.total === 1) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const sms = (await client.http('GET', '/_local/sms')).body as { to: string; messageId: string }[];

    // Assess
    expect(accepted.status).toBe(202);
    expect(byHandler.status).toBe(403);
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body.total).toBe(2);
    const parked = (bySupervisor.body.queues as Json[]).find((q) => q.queue === 'intake');
    expect(parked).toMatchObject({ waiting: 2 });
    expect(parked.letters.map((l: Json) => l.kind).sort()).toEqual(['nonsense', 'submission.accepted']);
    expect(parked.letters.find((l: Json) => l.kind === 'submission.accepted')).toMatchObject({
      submissionId,
      channel: 'web',
      receiveCount: expect.any(Number),
    });
    expect(JSON.stringify(bySupervisor.body)).not.toContain(phone);
    expect(redriveBySupervisor.status).toBe(403);
    expect(unknownQueue.status).toBe(404);
    expect(unknownQueue.body.message).toMatch(/no queue 'nope'; queues with dead letters: .*intake/);
    expect(badBody.status).toBe(400);
    expect(redriven).toEqual({ status: 200, body: { queue: 'intake', moved: 2, failed: 0 } });
    expect(after?.body.total).toBe(1);
    expect(after?.body.queues.find((q: Json) => q.queue === 'intake').letters).toEqual([
      expect.objectContaining({ kind: 'nonsense' }),
    ]);
    // The parked message was handled again without a second case or a second receipt.
    expect(sms.filter((m) => m.to === phone && m.messageId.startsWith('receipt:'))).toHaveLength(1);
    expect(audited()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'readDeadLetters', outcome: 'refused', role: 'handler' }),
        expect.objectContaining({ action: 'readDeadLetters', outcome: 'allowed', role: 'supervisor' }),
        expect.objectContaining({ action: 'redriveDeadLetters', outcome: 'refused', role: 'supervisor' }),
        expect.objectContaining({ action: 'redriveDeadLetters:intake', outcome: 'allowed', role: 'admin' }),
      ]),
    );
  });
});
