/**
 * The operator's republishing of committed events (functions/operations/republish-events.ts) on
 * DynamoDB Local: cases registered through the webhook and the intake consumer, their events
 * published by the real stream relay; then the events read back from the history lines and
 * published again, by case or by the stretch of time a relay failure names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../application/errors.js';
import { InvalidCursorError } from '../../domain/case/errors.js';
import { DynamoCommittedEvents } from '../../functions/adapters/dynamodb/committed-events.js';
import { createRepublishEvents } from '../../functions/operations/republish-events.js';
import { registerWebPetition, type TestPlatform, testPlatform } from '../support/test-platform.js';

let platform: TestPlatform;
let republish: ReturnType<typeof createRepublishEvents>;

beforeEach(async () => {
  platform = await testPlatform('2026-03-02T02:00:00.000Z');
  republish = createRepublishEvents({
    committedEvents: new DynamoCommittedEvents(platform.table.client, platform.table.tableName),
    events: platform.bus,
    clock: platform.clock,
    logger: platform.deps.logger,
  });
});
afterEach(async () => platform.dispose());

const registered = (submissionId: string) => registerWebPetition(platform, submissionId);
const publishedOf = (caseId: string) => platform.bus.published.filter((e) => e.caseId === caseId);

describe('republishing committed events', () => {
  it('publishes a case’s events again from its history lines, in order, from a version on', async () => {
    // Prepare
    const caseId = await registered('again-1');
    const relayed = publishedOf(caseId);
    platform.bus.published.length = 0;

    // Act
    const all = await republish({ action: 'case', caseId });
    const fromTwo = await republish({ action: 'case', caseId, fromVersion: 2 });

    // Assess
    expect(relayed.length).toBeGreaterThanOrEqual(2);
    expect(all).toEqual({ published: relayed.length, cases: 1 });
    expect(fromTwo.published).toBe(relayed.length - 1);
    expect(platform.bus.published).toEqual([...relayed, ...relayed.slice(1)]);
  });

  it('publishes the events of the lines written in a stretch of time, page by page, each once', async () => {
    // Prepare: one case an hour before the stretch; one decided two minutes before it starts (the
    // stream times the write, a moment after the decision), and two in it.
    const before = await registered('again-before');
    platform.clock.advanceHours(1);
    const justBefore = await registered('again-just-before');
    platform.clock.advanceHours(2 / 60);
    const from = platform.clock.now();
    const first = await registered('again-in-1');
    const second = await registered('again-in-2');
    const to = platform.clock.now();
    const expected = [...publishedOf(justBefore), ...publishedOf(first), ...publishedOf(second)];
    platform.bus.published.length = 0;

    // Act: small pages, as an operator would go on with each cursor.
    let cursor: string | undefined;
    let pages = 0;
    let read: string | undefined;
    do {
      const page = await republish({ action: 'between', from, to, limit: 3, ...(cursor ? { cursor } : {}) });
      cursor = page.cursor;
      read = page.from;
      pages++;
    } while (cursor);

    // Assess
    expect(pages).toBeGreaterThan(1);
    expect(read).toBe(new Date(Date.parse(from) - 5 * 60_000).toISOString());
    expect(publishedOf(before)).toEqual([]);
    expect([...platform.bus.published].sort(byCaseAndVersion)).toEqual([...expected].sort(byCaseAndVersion));
  });

  it('refuses events older than the SMS sender remembers, and publishes none of them', async () => {
    // Prepare
    const caseId = await registered('again-old');
    platform.clock.advanceHours(15 * 24);
    platform.bus.published.length = 0;

    // Act
    const byCase = await republish({ action: 'case', caseId }).catch((error: unknown) => error);
    const byTime = await republish({
      action: 'between',
      from: '2026-03-02T00:00:00Z',
      to: platform.clock.now(),
    }).catch((error: unknown) => error);

    // Assess
    expect(byCase).toBeInstanceOf(InvalidRequestError);
    expect(String(byCase)).toMatch(/fromVersion: version 1 .* more than 14 days ago/);
    expect(byTime).toBeInstanceOf(InvalidRequestError);
    expect(platform.bus.published).toEqual([]);
  });

  it('refuses a request it cannot read, naming the field, and a cursor it did not hand out', async () => {
    // Act
    const failure = (request: unknown) => republish(request).catch((error: unknown) => error);
    const noInstant = await failure({ action: 'between', from: 'yesterday', to: '2026-03-02T02:00:00Z' });
    const backwards = await failure({
      action: 'between',
      from: '2026-03-02T02:00:00Z',
      to: '2026-03-02T01:59:00Z',
    });
    const foreignCursor = await failure({
      action: 'between',
      from: '2026-03-02T01:00:00Z',
      to: '2026-03-02T02:00:00Z',
      cursor: Buffer.from('{"pk":1}').toString('base64url'),
    });

    // Assess
    expect(noInstant).toBeInstanceOf(InvalidRequestError);
    expect(String(noInstant)).toMatch(/invalid request: from:/);
    expect(String(backwards)).toMatch(/to: must not be before from/);
    expect(foreignCursor).toBeInstanceOf(InvalidCursorError);
  });
});

function byCaseAndVersion(
  a: { caseId: string; caseVersion: number },
  b: { caseId: string; caseVersion: number },
) {
  return a.caseId.localeCompare(b.caseId) || a.caseVersion - b.caseVersion;
}
