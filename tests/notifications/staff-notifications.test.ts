/**
 * Staff notifications with the real handlers on DynamoDB Local: the deadline sweep and casework
 * raise the events, the staff notifier writes the feeds, the daily digest summarises a unit's
 * open cases, and the feed API answers within the inbox remit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseDeadline } from '../../domain/case/model.js';
import { driver } from '../support/drive.js';
import { type TestPlatform, testPlatform } from '../support/test-platform.js';

const BUREAU = '330106-xinfang';
const ORGAN = '330106-zhujian';
/** A county bureau of another city (Ningbo), outside the remit of Xihu's bureau and organs. */
const OTHER_BUREAU = '330212-xinfang';

let platform: TestPlatform;
let drive: ReturnType<typeof driver>;

beforeEach(async () => {
  platform = await testPlatform('2026-03-02T02:00:00.000Z');
  drive = driver(platform);
});
afterEach(async () => platform.dispose());

interface FeedItem {
  readonly id: string;
  readonly kind: string;
  readonly unitId: string;
  readonly caseId?: string;
  readonly dueAt?: string;
}

async function feedOf(unit: string): Promise<FeedItem[]> {
  const page = await platform.deps.staffFeed.list(unit, { limit: 100 });
  return page.items as unknown as FeedItem[];
}

/** A case forwarded to the organ and signed for, then left unaccepted; its acceptance deadline. */
async function unacceptedCase(): Promise<{ caseId: string; acceptance: CaseDeadline }> {
  const { trackingNumber: caseId } = await drive.submit({});
  expect((await drive.act(caseId, 'forward', BUREAU, 'triage_officer', { toUnitId: ORGAN })).status).toBe(
    200,
  );
  expect((await drive.act(caseId, 'signFor', ORGAN, 'handler')).status).toBe(200);
  const c = await platform.deps.cases.get(caseId);
  return { caseId, acceptance: c!.deadlines.find((d) => d.key === 'acceptance')! };
}

describe('staff notifications', () => {
  it('warns the organ, then tells the organ and the county bureau it is overdue, and repeats nothing', async () => {
    // Prepare
    const { caseId, acceptance } = await unacceptedCase();
    const received = drive.staffAlertEnvelopes();

    // Act
    const deliveries = [await drive.alertStaff(received)];
    platform.clock.set(acceptance.warnAt);
    await drive.tick();
    const warned = drive.staffAlertEnvelopes();
    deliveries.push(await drive.alertStaff(warned));
    const afterWarning = await feedOf(ORGAN);
    platform.clock.set(acceptance.dueAt);
    await drive.tick();
    const missed = drive.staffAlertEnvelopes();
    deliveries.push(await drive.alertStaff(missed));
    const [organ, bureau] = [await feedOf(ORGAN), await feedOf(BUREAU)];
    deliveries.push(await drive.alertStaff([...received, ...warned, ...missed]));

    // Assess
    expect(deliveries.flatMap((d) => d.batchItemFailures)).toEqual([]);
    expect(warned).toHaveLength(1);
    expect(afterWarning.map((a) => [a.kind, a.caseId])).toEqual([
      ['deadline_warning', caseId],
      ['case_received', caseId],
    ]);
    expect(afterWarning[0]?.dueAt).toBe(acceptance.dueAt);
    expect(organ.map((a) => a.kind)).toEqual(['deadline_overdue', 'deadline_warning', 'case_received']);
    expect(bureau.map((a) => [a.kind, a.caseId, a.dueAt])).toEqual([
      ['deadline_overdue', caseId, acceptance.dueAt],
    ]);
    expect(await feedOf(ORGAN)).toEqual(organ);
    expect(await feedOf(BUREAU)).toEqual(bureau);
  });

  it('digests the organ’s open case as overdue, once per day', async () => {
    // Prepare
    const { caseId, acceptance } = await unacceptedCase();
    platform.clock.set(acceptance.dueAt);
    await drive.tick();

    // Act
    const first = await drive.digest();
    const again = await drive.digest();
    platform.clock.advanceHours(24);
    const nextDay = await drive.digest();

    // Assess
    const unitCount = platform.deps.province.config.units.length;
    // Every unit is probed; only the organ, which holds the case, is read page by page.
    expect(first).toMatchObject({ unitsRead: unitCount, probes: unitCount, inboxPages: 1 });
    expect(first).toMatchObject({ itemsRead: 1, digestsWritten: 1 });
    expect(again.digestsWritten).toBe(0);
    expect(nextDay.digestsWritten).toBe(1);
    const digests = (await platform.deps.staffFeed.list(ORGAN, { limit: 10 })).items;
    expect(digests).toHaveLength(2);
    expect(digests[1]).toMatchObject({
      kind: 'digest',
      unitId: ORGAN,
      openCases: 1,
      overdue: 1,
      dueSoon: 0,
      byStage: { awaiting_acceptance: 1 },
      mostUrgent: [{ caseId, trackingNumber: caseId, stage: 'awaiting_acceptance', overdue: true }],
    });
    expect(await feedOf(BUREAU)).toEqual([]);
  });

  it('serves the feed to its unit and the bureau over it, and refuses a bureau elsewhere', async () => {
    // Prepare
    const { caseId } = await unacceptedCase();
    await drive.alertStaff(drive.staffAlertEnvelopes());

    // Act
    const own = await drive.feed(ORGAN, 'handler');
    const overseen = await drive.feed(BUREAU, 'supervisor', { unit: ORGAN, limit: '1' });
    const elsewhere = await drive.feed(OTHER_BUREAU, 'supervisor', { unit: ORGAN });
    const badCursor = await drive.feed(ORGAN, 'handler', { cursor: 'not-a-cursor' });

    // Assess
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ unitId: ORGAN, items: [{ kind: 'case_received', caseId }] });
    expect(own.body.items[0].id).toEqual(expect.any(String));
    expect(overseen.status).toBe(200);
    expect(overseen.body.items).toHaveLength(1);
    expect(elsewhere.status).toBe(403);
    expect(
      platform.logLines.some(
        (l) => l.includes('"audit":true') && l.includes('"refused"') && l.includes(OTHER_BUREAU),
      ),
    ).toBe(true);
    expect(badCursor.status).toBe(400);
  });
});
