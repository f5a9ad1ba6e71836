/**
 * DynamoCaseRepository against a real DynamoDB Local engine (started once by the global setup).
 * Every test gets its own table.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { nextCheckpointAt } from '../../domain/case/checkpoints.js';
import type { CommandOf } from '../../domain/case/commands.js';
import {
  CaseAlreadyExistsError,
  CaseNotFoundError,
  InvalidCursorError,
  StaleCaseVersionError,
  TrackingNumberTakenError,
} from '../../domain/case/errors.js';
import { eventOfLine } from '../../domain/case/line-event.js';
import type { Case } from '../../domain/case/model.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import {
  type CaseEvent,
  decide,
  type HistoryEntry,
  registerCase,
  type TransitionOutcome,
} from '../../domain/case/transitions.js';
import {
  type DynamoCaseRepository,
  HistoryLineExistsError,
  type ReadReport,
} from '../../functions/adapters/dynamodb/case-repository.js';
import {
  committedEventOf,
  historyToItem,
  ItemShapeError,
  keys,
  summaryOf,
} from '../../functions/adapters/dynamodb/table.js';
import {
  addDays,
  addHours,
  BUREAU,
  CITY_BUREAU,
  caseIn,
  ctx,
  ORGAN,
  registerCommand,
  staff,
  system,
  T0,
} from '../support/case-fixtures.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

let table: TestTable;
let repository: DynamoCaseRepository;
let reads: ReadReport[];

beforeEach(async () => {
  reads = [];
  table = await createTestTable(inject('dynamoEndpoint'), { onRead: (report) => reads.push(report) });
  repository = table.repository;
});

afterEach(async () => {
  await table.dispose();
});

/** A registration with its own id and tracking number. */
function registration(caseId: string, overrides: Partial<CommandOf<'register'>> = {}): CommandOf<'register'> {
  return registerCommand({ caseId, trackingNumber: `ZJ-${caseId}`, ...overrides });
}

/** Stores a case the way the use cases do: create, then one save per transition. */
async function store(repo: CaseRepository, outcomes: readonly TransitionOutcome[]): Promise<Case> {
  const [first, ...rest] = outcomes;
  if (!first) throw new Error('nothing to store');
  await repo.create(first);
  for (const outcome of rest) await repo.save(outcome);
  return (rest.at(-1) ?? first).case;
}

function note(c: Case, text: string, hoursLater = 1): TransitionOutcome {
  return decide(
    c,
    { type: 'recordHandlingNote', kind: 'note', text },
    ctx(addHours(c.updatedAt, hoursLater), staff('handler', ORGAN)),
  );
}

function itemsReadFrom(index: ReadReport['index']): number {
  return reads.filter((r) => r.index === index).reduce((sum, r) => sum + r.scannedCount, 0);
}

describe('DynamoCaseRepository writes', () => {
  it('reads back a stored case deep-equal to the one it stored', async () => {
    // Prepare
    const { outcomes, case: expected } = caseIn('supervising', registration('c-deep'));

    // Act
    await store(repository, outcomes);
    const stored = await repository.get('c-deep');

    // Assess
    expect(stored).toEqual(expected);
    expect(await repository.get('c-missing')).toBeUndefined();
  });

  it('throws CaseAlreadyExistsError when the case id is taken and changes nothing', async () => {
    // Prepare
    const first = caseIn('registered', registration('c-twice'));
    await repository.create(first.outcomes[0]!);
    const again = caseIn('registered', registration('c-twice', { title: '另一个标题' }));

    // Act
    const attempt = repository.create(again.outcomes[0]!);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CaseAlreadyExistsError);
    expect(await repository.get('c-twice')).toEqual(first.case);
    expect(await repository.history('c-twice')).toEqual([first.outcomes[0]!.history]);
  });

  it('throws TrackingNumberTakenError when another case holds the tracking number', async () => {
    // Prepare
    await repository.create(
      caseIn('registered', registration('c-a', { trackingNumber: 'ZJ-SAME' })).outcomes[0]!,
    );
    const other = caseIn('registered', registration('c-b', { trackingNumber: 'ZJ-SAME' })).outcomes[0]!;

    // Act
    const attempt = repository.create(other);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(TrackingNumberTakenError);
    expect(await repository.get('c-b')).toBeUndefined();
    expect((await repository.getByTrackingNumber('ZJ-SAME'))?.caseId).toBe('c-a');
  });

  it('throws StaleCaseVersionError for a transition from an old version and keeps case and history', async () => {
    // Prepare
    const { outcomes, case: handling } = caseIn('handling', registration('c-stale'));
    await store(repository, outcomes);
    const winner = note(handling, '第一次联系信访人');
    await repository.save(winner);
    const historyBefore = await repository.history('c-stale');
    const stale = note(handling, '基于旧版本的记录', 2);

    // Act
    const attempt = repository.save(stale);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(StaleCaseVersionError);
    expect(await repository.get('c-stale')).toEqual(winner.case);
    expect(await repository.history('c-stale')).toEqual(historyBefore);
  });

  it('lets exactly one of two concurrent transitions from the same version win', async () => {
    // Prepare
    const { outcomes, case: handling } = caseIn('handling', registration('c-race'));
    await store(repository, outcomes);
    const contenders = [note(handling, '甲的记录'), note(handling, '乙的记录', 2)];

    // Act
    const results = await Promise.allSettled(contenders.map((outcome) => repository.save(outcome)));

    // Assess
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [contenders[i]!] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(StaleCaseVersionError);
    expect(await repository.get('c-race')).toEqual(won[0]!.case);
    const history = await repository.history('c-race');
    expect(history).toHaveLength(outcomes.length + 1);
    expect(history.at(-1)).toEqual(won[0]!.history);
  });

  it('throws CaseNotFoundError for a transition of a case that was never stored', async () => {
    // Prepare
    const { outcomes } = caseIn('triage', registration('c-never'));

    // Act
    const attempt = repository.save(outcomes[1]!);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CaseNotFoundError);
    expect(await repository.history('c-never')).toEqual([]);
  });

  it('rolls the case write back when the history line of the transition already exists', async () => {
    // Prepare
    const { outcomes, case: handling } = caseIn('handling', registration('c-rollback'));
    await store(repository, outcomes);
    const outcome = note(handling, '办理记录');
    const squatter = { ...outcome.history, payload: { text: '伪造的记录' } } as HistoryEntry;
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: historyToItem(squatter, eventOfLine(squatter, outcome.event)),
      }),
    );

    // Act
    const attempt = repository.save(outcome);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(HistoryLineExistsError);
    expect(await repository.get('c-rollback')).toEqual(handling);
  });

  it('rolls the case and tracking number back when a create fails on its history line', async () => {
    // Prepare
    const registered = caseIn('registered', registration('c-orphan')).outcomes[0]!;
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: historyToItem(registered.history, registered.event),
      }),
    );

    // Act
    const attempt = repository.create(registered);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(HistoryLineExistsError);
    expect(await repository.get('c-orphan')).toBeUndefined();
    expect(await repository.getByTrackingNumber('ZJ-c-orphan')).toBeUndefined();
  });

  it('keeps the history append-only and in order past nine lines', async () => {
    // Prepare
    const { outcomes } = caseIn('supervising', registration('c-history'));
    await store(repository, outcomes);

    // Act
    const rewrite = repository.save(outcomes[3]!);

    // Assess
    await expect(rewrite).rejects.toBeInstanceOf(StaleCaseVersionError);
    const history = await repository.history('c-history');
    expect(history.length).toBeGreaterThan(9);
    expect(history).toEqual(outcomes.map((o) => o.history));
    expect(history.map((h) => h.seq)).toEqual(outcomes.map((_, i) => i + 1));
  });
});

describe('DynamoCaseRepository writes of several transitions at once', () => {
  it('creates a case with the transitions decided right after registration, and marks its submission', async () => {
    // Prepare
    const { outcomes } = caseIn('triage', registration('c-chain'));
    const submission = { channel: 'web' as const, submissionId: 'sub-chain' };
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.submission('web', 'sub-chain'),
          status: 'received',
          duePk: 'INTAKE#PENDING',
          dueSk: 'x',
        },
      }),
    );

    // Act
    await repository.create(outcomes.slice(0, 2), { registeredFrom: submission });

    // Assess
    expect(await repository.get('c-chain')).toEqual(outcomes[1]!.case);
    expect(await repository.history('c-chain')).toEqual(outcomes.slice(0, 2).map((o) => o.history));
    expect(await repository.lastEvent('c-chain')).toEqual(outcomes[1]!.event);
    const marked = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.submission('web', 'sub-chain') }),
    );
    expect(marked.Item).toMatchObject({ status: 'registered' });
    expect(marked.Item).not.toHaveProperty('duePk');
  });

  it('writes nothing when the submission it registers is not stored', async () => {
    // Prepare
    const { outcomes } = caseIn('triage', registration('c-nosub'));

    // Act
    const attempt = repository.create(outcomes.slice(0, 2), {
      registeredFrom: { channel: 'web', submissionId: 'never-stored' },
    });

    // Assess
    await expect(attempt).rejects.toThrow(/submission web\/never-stored is not stored/);
    expect(await repository.get('c-nosub')).toBeUndefined();
    expect(await repository.history('c-nosub')).toEqual([]);
  });

  it('saves consecutive transitions in one write, all or none on a stale version', async () => {
    // Prepare
    const { outcomes, case: handling } = caseIn('handling', registration('c-two'));
    await store(repository, outcomes);
    const first = note(handling, '第一条记录');
    const second = note(first.case, '第二条记录');
    const winner = note(handling, '别人先写的记录', 3);
    await repository.save([first, second]);
    const stored = await repository.history('c-two');

    // Act
    const stale = repository.save([winner, note(winner.case, '不该留下的记录')]);

    // Assess
    await expect(stale).rejects.toBeInstanceOf(StaleCaseVersionError);
    expect(await repository.get('c-two')).toEqual(second.case);
    expect(stored.slice(-2)).toEqual([first.history, second.history]);
    expect(await repository.history('c-two')).toEqual(stored);
  });

  it('refuses transitions that are not consecutive versions of one case, writing nothing', async () => {
    // Prepare
    const { outcomes, case: handling } = caseIn('handling', registration('c-gap'));
    await store(repository, outcomes);
    const first = note(handling, '第一条记录');
    const skipped = note(note(first.case, '跳过的记录').case, '第三条记录');

    // Act
    const attempt = repository.save([first, skipped]);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(RangeError);
    expect(await repository.get('c-gap')).toEqual(handling);
  });
});

describe('DynamoCaseRepository reads of stored items', () => {
  it('refuses a case item of a newer schema version, naming the version', async () => {
    // Prepare
    const { outcomes } = caseIn('triage', registration('c-newer'));
    await store(repository, outcomes);
    const item = (
      await table.client.send(new GetCommand({ TableName: table.tableName, Key: keys.case('c-newer') }))
    ).Item!;
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { ...item, schemaVersion: 2 } }),
    );

    // Act
    const read = repository.get('c-newer');

    // Assess
    await expect(read).rejects.toThrow(ItemShapeError);
    await expect(read).rejects.toThrow(/schema version 2; this code reads case items up to version 1/);
  });

  it('refuses a case item altered into another shape, naming the field', async () => {
    // Prepare
    const { outcomes } = caseIn('triage', registration('c-altered'));
    await store(repository, outcomes);
    const item = (
      await table.client.send(new GetCommand({ TableName: table.tableName, Key: keys.case('c-altered') }))
    ).Item!;
    const altered = { ...item, case: { ...(item['case'] as object), stage: 'vanished' } };
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: altered }));

    // Act
    const read = repository.get('c-altered');

    // Assess
    await expect(read).rejects.toThrow(/CASE#c-altered\/CASE: case\.stage: /);
  });

  it('reads an item written before schema versions as version 1', async () => {
    // Prepare
    const { outcomes, case: stored } = caseIn('triage', registration('c-legacy'));
    await store(repository, outcomes);
    const item = (
      await table.client.send(new GetCommand({ TableName: table.tableName, Key: keys.case('c-legacy') }))
    ).Item!;
    const { schemaVersion: _dropped, ...legacy } = item;
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: legacy }));

    // Act
    const read = await repository.get('c-legacy');

    // Assess
    expect(read).toEqual(stored);
  });
});

describe('DynamoCaseRepository lookups', () => {
  it('finds a case by its tracking number', async () => {
    // Prepare
    const { outcomes, case: expected } = caseIn(
      'triage',
      registration('c-track', { trackingNumber: 'ZJ20260302001' }),
    );
    await store(repository, outcomes);

    // Act
    const found = await repository.getByTrackingNumber('ZJ20260302001');
    const missing = await repository.getByTrackingNumber('ZJ20260302999');

    // Assess
    expect(found).toEqual(expected);
    expect(missing).toBeUndefined();
  });

  it('pages through a unit inbox by stage in checkpoint order with masked summaries', async () => {
    // Prepare
    const triage = [5, 1, 4, 2, 3].map((daysEarlier) =>
      caseIn('triage', registration(`c-inbox-${daysEarlier}`, { receivedAt: addDays(T0, -daysEarlier) })),
    );
    for (const fixture of triage) await store(repository, fixture.outcomes);
    await store(repository, caseIn('registered', registration('c-other-stage')).outcomes);
    await store(
      repository,
      caseIn('triage', registration('c-other-unit', { receivingUnitId: CITY_BUREAU })).outcomes,
    );
    const expectedOrder = ['c-inbox-5', 'c-inbox-4', 'c-inbox-3', 'c-inbox-2', 'c-inbox-1'];

    // Act
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await repository.inbox({
        unitId: BUREAU,
        stage: 'triage',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      pages.push(page);
      cursor = page.cursor;
    } while (cursor && pages.length < 10);

    // Assess
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    const items = pages.flatMap((p) => p.items);
    expect(items.map((s) => s.caseId)).toEqual(expectedOrder);
    const first = triage.find((f) => f.case.caseId === 'c-inbox-5')!.case;
    expect(items[0]).toEqual(summaryOf(first));
    expect(items[0]).not.toHaveProperty('content');
    expect(items[0]?.maskedPhone).toBe('138****5678');
  });

  it('tells whether a unit holds any case with one key query of at most one item', async () => {
    // Prepare
    await store(repository, caseIn('closed', registration('c-held-1')).outcomes);
    await store(repository, caseIn('handling', registration('c-held-2')).outcomes);
    reads.length = 0;

    // Act
    const organ = await repository.holdsAnyCase(ORGAN);
    const city = await repository.holdsAnyCase(CITY_BUREAU);

    // Assess
    expect([organ, city]).toEqual([true, false]);
    expect(reads.map((r) => [r.operation, r.index, r.count])).toEqual([
      ['Query', 'inbox', 1],
      ['Query', 'inbox', 0],
    ]);
  });

  it('shows the earliest due time of an open obligation in the summary', async () => {
    // Prepare
    const { outcomes, case: handling } = caseIn('handling', registration('c-due-at'));
    await store(repository, outcomes);

    // Act
    const page = await repository.inbox({ unitId: ORGAN, stage: 'handling', limit: 10 });

    // Assess
    expect(page.items[0]?.nextDueAt).toBe(handling.deadlines.find((d) => d.key === 'handling')?.dueAt);
  });

  it('limits an inbox to cases whose checkpoint is at or before dueBefore', async () => {
    // Prepare
    const fixtures = [1, 2, 3, 4].map((daysEarlier) =>
      caseIn('triage', registration(`c-due-${daysEarlier}`, { receivedAt: addDays(T0, -daysEarlier) })),
    );
    for (const fixture of fixtures) await store(repository, fixture.outcomes);
    const cutoff = nextCheckpointAt(fixtures[1]!.case)!;

    // Act
    const page = await repository.inbox({ unitId: BUREAU, stage: 'triage', dueBefore: cutoff, limit: 10 });

    // Assess
    expect(page.items.map((s) => s.caseId)).toEqual(['c-due-4', 'c-due-3', 'c-due-2']);
    expect(page.cursor).toBeUndefined();
  });

  it('lists the open stages of a unit inbox when no stage is given', async () => {
    // Prepare
    await store(repository, caseIn('registered', registration('c-open-registered')).outcomes);
    await store(repository, caseIn('triage', registration('c-open-triage')).outcomes);
    await store(repository, caseIn('screened_out', registration('c-ended')).outcomes);

    // Act
    const page = await repository.inbox({ unitId: BUREAU, limit: 10 });

    // Assess
    expect(page.items.map((s) => s.caseId)).toEqual(['c-open-registered', 'c-open-triage']);
  });

  it('throws InvalidCursorError for a cursor it did not hand out', async () => {
    // Prepare
    for (const n of [1, 2, 3])
      await store(repository, caseIn('triage', registration(`c-cursor-${n}`)).outcomes);
    const page = await repository.inbox({ unitId: BUREAU, stage: 'triage', limit: 1 });

    // Act
    const otherUnit = repository.inbox({ unitId: ORGAN, stage: 'triage', limit: 1, cursor: page.cursor! });
    const garbage = repository.inbox({ unitId: BUREAU, stage: 'triage', limit: 1, cursor: 'not-a-cursor' });
    const wrongListing = repository.dueBefore(T0, { limit: 1, cursor: page.cursor! });

    // Assess
    await expect(garbage).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(otherUnit).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(wrongListing).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('reads exactly the due cases from the sparse due index', async () => {
    // Prepare
    const now = addDays(T0, 5);
    const due = ['c-d1', 'c-d2', 'c-d3', 'c-d4', 'c-d5'];
    for (const id of due) {
      await store(repository, caseIn('triage', registration(id, { receivedAt: addDays(T0, -10) })).outcomes);
    }
    for (const id of ['c-later-1', 'c-later-2', 'c-later-3']) {
      await store(repository, caseIn('triage', registration(id)).outcomes);
    }
    const closed = caseIn('closed', registration('c-closed'));
    const screenedOut = caseIn('screened_out', registration('c-screened', { receivedAt: addDays(T0, -10) }));
    expect(nextCheckpointAt(closed.case)).toBeUndefined();
    expect(nextCheckpointAt(screenedOut.case)).toBeUndefined();
    await store(repository, closed.outcomes);
    await store(repository, screenedOut.outcomes);
    reads = [];

    // Act
    const page = await repository.dueBefore(now, { limit: 100 });

    // Assess
    expect(page.items.map((d) => d.caseId).sort()).toEqual(due);
    expect(page.items.every((d) => d.checkpointAt <= now)).toBe(true);
    expect(page.cursor).toBeUndefined();
    expect(itemsReadFrom('due')).toBe(due.length);
  });

  it('pages through every shard of the due index without repeating a case', async () => {
    // Prepare
    const due = Array.from({ length: 7 }, (_, i) => `c-page-${i}`);
    for (const id of due) {
      await store(repository, caseIn('triage', registration(id, { receivedAt: addDays(T0, -10) })).outcomes);
    }
    const now = addDays(T0, 5);

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await repository.dueBefore(now, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((d) => d.caseId));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 20);

    // Assess
    expect(seen.sort()).toEqual(due);
    expect(cursor).toBeUndefined();
  });

  it('finds a petitioner’s cases since an instant, oldest first', async () => {
    // Prepare
    const mine = {
      name: '张三',
      maskedPhone: '138****5678',
      identityKey: 'identity-mine',
      phoneKey: 'phone-mine',
    };
    const at = [addHours(T0, 1), addDays(T0, 1), addDays(T0, 2)];
    for (const [i, now] of at.entries()) {
      await repository.create(
        registerCase(registration(`c-mine-${i}`, { petitioner: mine }), ctx(now, system)),
      );
    }
    const someoneElse = { name: '李四', identityKey: 'identity-other', phoneKey: 'phone-other' };
    await repository.create(
      registerCase(registration('c-theirs', { petitioner: someoneElse }), ctx(at[2]!, system)),
    );

    // Act
    const found = await repository.byPetitioner('identity-mine', addHours(T0, 12));

    // Assess
    expect(found.map((s) => s.caseId)).toEqual(['c-mine-1', 'c-mine-2']);
    expect(found[0]).not.toHaveProperty('petitioner');
  });

  it('finds the cases of a phone newest first and skips cases without a phone', async () => {
    // Prepare
    const withPhone = {
      name: '张三',
      maskedPhone: '138****5678',
      identityKey: 'identity-p',
      phoneKey: 'phone-p',
    };
    const withoutPhone = { name: '张三', identityKey: 'identity-p' };
    await repository.create(
      registerCase(registration('c-p0', { petitioner: withPhone }), ctx(addHours(T0, 1), system)),
    );
    await repository.create(
      registerCase(registration('c-p1', { petitioner: withPhone }), ctx(addDays(T0, 1), system)),
    );
    await repository.create(
      registerCase(registration('c-p2', { petitioner: withoutPhone }), ctx(addDays(T0, 2), system)),
    );

    // Act
    const found = await repository.byPhone('phone-p', T0);

    // Assess
    expect(found.map((s) => s.caseId)).toEqual(['c-p1', 'c-p0']);
    expect((await repository.byPetitioner('identity-p', T0)).map((s) => s.caseId)).toEqual([
      'c-p0',
      'c-p1',
      'c-p2',
    ]);
  });
});

describe('DynamoCaseRepository events', () => {
  it('keeps each transition’s event on its history line, for the stream relay and the last-event read', async () => {
    // Prepare
    const { outcomes } = caseIn('awaiting_sign_for', registration('c-events'));

    // Act
    await repository.create(outcomes.slice(0, 2));
    await repository.save(outcomes.slice(2));

    // Assess
    const lines = await Promise.all(
      outcomes.map(
        async (o) =>
          (
            await table.client.send(
              new GetCommand({ TableName: table.tableName, Key: keys.history('c-events', o.history.seq) }),
            )
          ).Item,
      ),
    );
    expect(lines.map((item) => committedEventOf(item!))).toEqual(outcomes.map((o) => o.event));
    // The event is made from the line: stored beside it is only what the line does not say.
    expect(lines.map((item) => item?.['event'])).toEqual(outcomes.map(() => undefined));
    expect(lines[0]?.['eventContext']).toEqual({
      trackingNumber: 'ZJ-c-events',
      unitId: outcomes[0]!.event.unitId,
    });
    expect(await repository.lastEvent('c-events')).toEqual(outcomes.at(-1)!.event);
  });

  it('reads the event of a line that stores it whole, as lines did before', async () => {
    // Prepare
    const { outcomes } = caseIn('triage', registration('c-old-line'));
    await repository.create(outcomes.slice(0, 2));
    const [line] = outcomes.slice(1).map((o) => {
      const { eventContext: _made, ...item } = historyToItem(o.history, o.event);
      return { ...item, event: o.event };
    });
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: line }));

    // Act
    const event = await repository.lastEvent('c-old-line');

    // Assess
    expect(event).toEqual(outcomes[1]!.event);
    expect(committedEventOf(line!)).toEqual(outcomes[1]!.event);
  });

  it('refuses to store a line whose event is not the event of the line', () => {
    // Prepare
    const { outcomes } = caseIn('triage', registration('c-other-event'));
    const [first, second] = outcomes as [TransitionOutcome, TransitionOutcome];

    // Act
    const storing = () =>
      historyToItem(second.history, { ...second.event, payload: first.event.payload } as CaseEvent);

    // Assess
    expect(storing).toThrow(/not the event of its history line/);
  });
});

describe('DynamoCaseRepository reads that a copy may serve', () => {
  it('reads a copy at least as new as asked (half the units) and reads consistently only when the copy is older', async () => {
    // Prepare
    const { outcomes } = caseIn('triage', registration('c-copy'));
    const stored = await store(repository, outcomes);
    reads.length = 0;

    // Act
    const copy = await repository.get('c-copy', { atLeastVersion: stored.version });
    const copyReads = reads.splice(0);
    const newer = await repository.get('c-copy', { atLeastVersion: stored.version + 1 });
    const newerReads = reads.splice(0);
    const missing = await repository.get('c-none', { atLeastVersion: 0 });
    const missingReads = reads.splice(0);

    // Assess
    expect(copy).toEqual(stored);
    expect(copyReads.map((r) => r.capacityUnits)).toEqual([0.5]);
    // No copy that new exists: the consistent read says what is stored, whatever its version.
    expect(newer).toEqual(stored);
    expect(newerReads.map((r) => r.capacityUnits)).toEqual([0.5, 1]);
    expect(missing).toBeUndefined();
    expect(missingReads).toHaveLength(2);
  });

  it('gives the history through a version from the lines in hand and the earlier lines read as a copy', async () => {
    // Prepare
    const { outcomes } = caseIn('triage', registration('c-through'));
    const stored = await store(repository, outcomes);
    const lines = outcomes.map((o) => o.history);
    reads.length = 0;

    // Act
    const history = await repository.history('c-through', {
      version: stored.version,
      known: lines.slice(-1),
    });
    const historyReads = reads.splice(0);
    const earlier = await repository.history('c-through', { version: 2 });
    const allKnown = await repository.history('c-through', { version: stored.version, known: lines });
    const allKnownReads = reads.splice(0);

    // Assess
    expect(history).toEqual(lines);
    // One eventually consistent query of the lines before the one in hand.
    expect(historyReads).toEqual([expect.objectContaining({ operation: 'Query', count: lines.length - 1 })]);
    expect(historyReads[0]!.capacityUnits).toBe(0.5);
    expect(earlier).toEqual(lines.slice(0, 2));
    expect(allKnown).toEqual(lines);
    expect(allKnownReads.filter((r) => r.operation === 'Query')).toHaveLength(1);
  });

  it('reads the history consistently when a line up to the version is missing from the copy', async () => {
    // Prepare
    const { outcomes } = caseIn('triage', registration('c-gap'));
    const stored = await store(repository, outcomes);
    const lines = outcomes.map((o) => o.history);
    reads.length = 0;

    // Act: a version the stored lines do not reach yet.
    const history = await repository.history('c-gap', { version: stored.version + 1 });

    // Assess
    expect(history).toEqual(lines);
    expect(reads.map((r) => [r.operation, r.capacityUnits])).toEqual([
      ['Query', 0.5],
      ['Query', 1],
    ]);
  });
});
