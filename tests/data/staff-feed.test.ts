/**
 * DynamoStaffFeed against a real DynamoDB Local engine (started once by the global setup). Every
 * test gets its own table.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { InvalidCursorError } from '../../domain/case/errors.js';
import type { DailyDigest } from '../../domain/notifications/daily-digest.js';
import type { StaffAlert } from '../../domain/notifications/staff-alerts.js';
import { DynamoStaffFeed } from '../../functions/adapters/dynamodb/staff-feed.js';
import { feedKey } from '../../functions/adapters/dynamodb/table.js';
import { BUREAU, ORGAN } from '../support/case-fixtures.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

let table: TestTable;
let feed: DynamoStaffFeed;

beforeEach(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  feed = new DynamoStaffFeed(table.client, table.tableName);
});

afterEach(async () => {
  await table.dispose();
});

function alert(n: number, fields: Partial<StaffAlert> = {}): StaffAlert {
  return {
    unitId: ORGAN,
    kind: 'deadline_warning',
    caseId: `XF2026030200000${n % 10}`,
    trackingNumber: `XF2026030200000${n % 10}`,
    caseVersion: n,
    at: `2026-03-${String(2 + n).padStart(2, '0')}T01:00:00.000Z`,
    title: '受理告知即将到期',
    detail: '请抓紧办理。',
    dueAt: '2026-03-20T08:00:00.000Z',
    ...fields,
  };
}

function digest(day: string, openCases: number): DailyDigest {
  return {
    unitId: ORGAN,
    kind: 'digest',
    day,
    at: `${day}T00:00:00.000Z`,
    title: `今日待办：在办${openCases}件，超期0件`,
    detail: '……',
    openCases,
    byStage: { handling: openCases },
    dueSoon: 0,
    overdue: 0,
    mostUrgent: [],
  };
}

describe('the staff feed', () => {
  it('stores an entry once, however often it is added', async () => {
    // Prepare
    const entry = alert(1);

    // Act
    const first = await feed.add([entry]);
    const again = await feed.add([entry, { ...entry, detail: '重复投递' }]);
    const page = await feed.list(ORGAN, { limit: 10 });

    // Assess
    expect([first, again]).toEqual([1, 0]);
    expect(page.items).toEqual([{ ...entry, id: feedKey(entry).sk }]);
    expect(page.cursor).toBeUndefined();
  });

  it('keys an alert by instant, case, padded version and kind, and expires it 90 days on', async () => {
    // Prepare
    const entry = alert(3, { caseVersion: 12 });

    // Act
    await feed.add([entry]);
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: feedKey(entry) }),
    );

    // Assess
    expect(feedKey(entry)).toEqual({
      pk: `FEED#${ORGAN}`,
      sk: `2026-03-05T01:00:00.000Z#XF20260302000003#0000000012#deadline_warning`,
    });
    expect(Item?.['expiresAt']).toBe(Date.parse('2026-06-03T01:00:00.000Z') / 1000);
  });

  it('lists newest first, page by page, without gaps or repeats', async () => {
    // Prepare
    const entries = Array.from({ length: 7 }, (_, i) => alert(i + 1));
    await feed.add(entries);

    // Act
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await feed.list(ORGAN, { limit: 3, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((e) => e.at));
      cursor = page.cursor;
    } while (cursor);

    // Assess
    expect(pages.map((p) => p.length).slice(0, 3)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(entries.map((e) => e.at).reverse());
  });

  it('returns only entries at or after `since`', async () => {
    // Prepare
    await feed.add([alert(1), alert(2), alert(3), alert(3, { kind: 'deadline_overdue', caseVersion: 4 })]);

    // Act
    const page = await feed.list(ORGAN, { limit: 10, since: alert(3).at });

    // Assess
    expect(page.items.map((e) => [e.at, e.kind])).toEqual([
      [alert(3).at, 'deadline_overdue'],
      [alert(3).at, 'deadline_warning'],
    ]);
  });

  it('keeps the feeds of units apart', async () => {
    // Prepare
    await feed.add([alert(1), alert(2, { unitId: BUREAU })]);

    // Act
    const organ = await feed.list(ORGAN, { limit: 10 });
    const bureau = await feed.list(BUREAU, { limit: 10 });

    // Assess
    expect(organ.items.map((e) => e.unitId)).toEqual([ORGAN]);
    expect(bureau.items.map((e) => e.unitId)).toEqual([BUREAU]);
  });

  it('stores one digest per unit and day', async () => {
    // Prepare
    const morning = digest('2026-03-03', 2);

    // Act
    const added = [
      await feed.add([morning]),
      await feed.add([digest('2026-03-03', 5)]),
      await feed.add([digest('2026-03-04', 5)]),
    ];
    const page = await feed.list(ORGAN, { limit: 10 });

    // Assess
    expect(added).toEqual([1, 0, 1]);
    expect(page.items.map((e) => (e.kind === 'digest' ? [e.day, e.openCases] : []))).toEqual([
      ['2026-03-04', 5],
      ['2026-03-03', 2],
    ]);
    expect(feedKey(morning).sk).toBe('2026-03-03T00:00:00.000Z#digest#2026-03-03');
  });

  it('throws InvalidCursorError for a cursor it did not hand out for this unit', async () => {
    // Prepare
    await feed.add([alert(1), alert(2), alert(3, { unitId: BUREAU }), alert(4, { unitId: BUREAU })]);
    const { cursor } = await feed.list(BUREAU, { limit: 1 });

    // Act
    const otherUnit = feed.list(ORGAN, { limit: 1, cursor: cursor! });
    const garbage = feed.list(ORGAN, { limit: 1, cursor: 'not-a-cursor' });
    const beforeSince = feed.list(BUREAU, { limit: 1, cursor: cursor!, since: '2026-03-09T00:00:00.000Z' });

    // Assess
    expect(cursor).toBeDefined();
    await expect(otherUnit).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(garbage).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(beforeSince).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
