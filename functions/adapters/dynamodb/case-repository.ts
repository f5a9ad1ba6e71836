/**
 * CaseRepository on one DynamoDB table (see case-table.ts and docs/data-model.md). A transition
 * is one TransactWriteItems call: the case, conditional on its previous version, and its history
 * line with the event, which must not exist yet. Every read is a GetItem or a key Query.
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  CaseAlreadyExistsError,
  CaseNotFoundError,
  InvalidCursorError,
  StaleCaseVersionError,
  TrackingNumberTakenError,
} from '../../../domain/case/errors.js';
import type { Case } from '../../../domain/case/model.js';
import { endStages, type Stage, stages } from '../../../domain/case/model.js';
import type {
  AtLeastVersion,
  CaseRepository,
  CaseSummary,
  CreateOptions,
  DueCase,
  HistoryThrough,
  InboxQuery,
  Page,
  StoredHistoryLine,
  Transitions,
} from '../../../domain/case/repository.js';
import type { CaseEvent, HistoryEntry, TransitionOutcome } from '../../../domain/case/transitions.js';
import { type Env, optional } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import {
  type CaseIndexName,
  caseFromItem,
  caseIdFromIndexItem,
  caseIdFromTrackingItem,
  caseIndexes,
  caseToItem,
  defaultDueShards,
  dueCaseFromItem,
  eventFromItem,
  historyFromItem,
  historySeqOf,
  historyToItem,
  type Item,
  ItemShapeError,
  keys,
  submissionRegisteredUpdate,
  summaryFromItem,
  tableKeys,
  trackingNumberToItem,
} from './table.js';

/** What one read cost, as DynamoDB reports it. */
export interface ReadReport {
  readonly operation: 'GetItem' | 'Query';
  /** The index read, or undefined for the table itself. */
  readonly index?: CaseIndexName;
  /** Items returned. */
  readonly count: number;
  /** Items read before any filter (equal to `count` here: the repository never filters). */
  readonly scannedCount: number;
  /** Read capacity units consumed, when the engine reports them. */
  readonly capacityUnits?: number;
}

export interface DynamoCaseRepositoryOptions {
  readonly tableName: string;
  /** Partitions of the due index (default 4). Part of the data layout: every reader and writer must agree. */
  readonly dueShards?: number;
  /** Called after every read with its cost: for metrics, and for tests that pin what a query reads. */
  readonly onRead?: (report: ReadReport) => void;
}

/** The store failed for a reason other than a domain conflict (HTTP 500); the SDK error is the cause. */
class CaseStoreError extends Error {
  constructor(message: string, options: ErrorOptions) {
    super(message, options);
    this.name = 'CaseStoreError';
  }
}

/**
 * A history line for this seq exists although the case is not at that version: the table is
 * inconsistent (history is written only with its case). Nothing was written.
 */
export class HistoryLineExistsError extends Error {
  constructor(caseId: string, seq: number, options: ErrorOptions) {
    super(`history line ${seq} of case ${caseId} already exists; the transaction was rolled back`, options);
    this.name = 'HistoryLineExistsError';
  }
}

type SortCondition =
  | { readonly op: 'begins_with'; readonly value: string }
  | { readonly op: '<=' | '>='; readonly value: string }
  | { readonly op: 'between'; readonly low: string; readonly high: string };

/** One key query of a listing that may span several partitions or key ranges. */
interface QueryPart {
  readonly index: CaseIndexName;
  readonly partition: string;
  readonly sort?: SortCondition;
  readonly newestFirst?: boolean;
}

interface ListingCursor {
  /** The listing that handed the cursor out. */
  readonly l: string;
  /** The part the next page starts in. */
  readonly p: number;
  /** DynamoDB's LastEvaluatedKey in that part, if the part was left midway. */
  readonly k?: Record<string, string>;
}

const maxTransactionConflictAttempts = 3;

/** The open stages, in lifecycle order: an inbox without a stage lists these. */
const openStages: readonly Stage[] = stages.filter((s) => !endStages.has(s));

export class DynamoCaseRepository implements CaseRepository {
  private readonly tableName: string;
  private readonly dueShards: number;
  private readonly onRead: ((report: ReadReport) => void) | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    options: DynamoCaseRepositoryOptions,
  ) {
    const dueShards = options.dueShards ?? defaultDueShards;
    if (!Number.isInteger(dueShards) || dueShards < 1 || dueShards > 100) {
      throw new RangeError(`dueShards must be a whole number from 1 to 100, not ${dueShards}`);
    }
    this.tableName = options.tableName;
    this.dueShards = dueShards;
    this.onRead = options.onRead;
  }

  // -------------------------------------------------------------------------------------------
  // Writes

  async create(transitions: Transitions, options: CreateOptions = {}): Promise<void> {
    const chain = chainOf(transitions);
    const c = lastOf(chain).case;
    if (chain[0]!.case.version !== 1)
      throw new RangeError(`create takes a newly registered case, got version ${chain[0]!.case.version}`);
    const submission = options.registeredFrom;
    const input: TransactWriteCommandInput = {
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: this.caseItem(c),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: trackingNumberToItem(c),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...this.historyPuts(chain),
        // The submission leaves the pending partition in the same write: registered exactly once.
        ...(submission === undefined
          ? []
          : [
              {
                Update: submissionRegisteredUpdate(
                  this.tableName,
                  submission.channel,
                  submission.submissionId,
                ),
              },
            ]),
      ],
    };
    const historyAt = 2;
    await this.transact(input, `creating case ${c.caseId}`, (failed, cause) => {
      if (failed[0]) return new CaseAlreadyExistsError(c.caseId, { cause });
      if (failed[1]) return new TrackingNumberTakenError(c.trackingNumber, { cause });
      const line = chain.findIndex((_, i) => failed[historyAt + i]);
      if (line >= 0) return new HistoryLineExistsError(c.caseId, chain[line]!.history.seq, { cause });
      if (submission && failed[historyAt + chain.length])
        return new Error(`submission ${submission.channel}/${submission.submissionId} is not stored`, {
          cause,
        });
      return undefined;
    });
  }

  async save(transitions: Transitions): Promise<void> {
    const chain = chainOf(transitions);
    const c = lastOf(chain).case;
    const expectedVersion = chain[0]!.case.version - 1;
    if (expectedVersion < 1)
      throw new RangeError(`save takes transitions of a stored case, got version ${expectedVersion + 1}`);
    const input: TransactWriteCommandInput = {
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: this.caseItem(c),
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
            // Tells a stale version (the case is there) from a case that was never stored.
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...this.historyPuts(chain),
      ],
    };
    await this.transact(
      input,
      `saving version ${c.version} of case ${c.caseId}`,
      (failed, cause, reasons, lastAttempt) => {
        if (failed[0]) {
          return reasons[0]?.Item === undefined
            ? new CaseNotFoundError(c.caseId)
            : new StaleCaseVersionError(c.caseId, expectedVersion, { cause });
        }
        const line = chain.findIndex((_, i) => failed[1 + i]);
        if (line >= 0) return new HistoryLineExistsError(c.caseId, chain[line]!.history.seq, { cause });
        // Another writer kept the case busy through every retry: the caller re-reads and decides again.
        if (lastAttempt && reasons.some((r) => r.Code === 'TransactionConflict')) {
          return new StaleCaseVersionError(c.caseId, expectedVersion, { cause });
        }
        return undefined;
      },
    );
  }

  /** The history lines of a write, each with its event, none there before. */
  private historyPuts(chain: readonly TransitionOutcome[]) {
    return chain.map((outcome) => ({
      Put: {
        TableName: this.tableName,
        Item: historyToItem(outcome.history, outcome.event),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Reads

  async get(caseId: string, atLeast?: AtLeastVersion): Promise<Case | undefined> {
    if (atLeast) {
      const copy = await this.getItem(keys.case(caseId), { consistent: false });
      const c = copy === undefined ? undefined : caseFromItem(copy);
      if (c && c.version >= atLeast.atLeastVersion) return c;
    }
    const item = await this.getItem(keys.case(caseId));
    return item === undefined ? undefined : caseFromItem(item);
  }

  async getByTrackingNumber(trackingNumber: string): Promise<Case | undefined> {
    const guard = await this.getItem(keys.trackingNumber(trackingNumber));
    return guard === undefined ? undefined : this.get(caseIdFromTrackingItem(guard));
  }

  async history(caseId: string, through?: HistoryThrough): Promise<readonly HistoryEntry[]> {
    if (!through) return (await this.historyItems(caseId)).map(historyFromItem);
    const known = (through.known ?? []).filter((line) => line.seq <= through.version);
    // Lines 1…version exactly, or undefined when any is missing from what was read and known.
    const complete = (read: readonly HistoryEntry[]) => {
      const lines = new Map<number, HistoryEntry>();
      for (const line of [...read, ...known]) if (line.seq <= through.version) lines.set(line.seq, line);
      const ordered = [...lines.values()].sort((a, b) => a.seq - b.seq);
      return ordered.length === through.version && ordered.every((line, i) => line.seq === i + 1)
        ? ordered
        : undefined;
    };
    const firstKnown = Math.min(through.version + 1, ...known.map((line) => line.seq));
    const copy =
      firstKnown === 1
        ? []
        : (await this.historyItems(caseId, { before: firstKnown, consistent: false })).map(historyFromItem);
    const fromCopy = complete(copy);
    if (fromCopy) return fromCopy;
    const stored = await this.history(caseId);
    return complete(stored) ?? stored.filter((line) => line.seq <= through.version);
  }

  async storedHistory(caseId: string): Promise<readonly StoredHistoryLine[]> {
    return (await this.historyItems(caseId)).map((item) => {
      try {
        return historyFromItem(item);
      } catch (error) {
        if (!(error instanceof ItemShapeError)) throw error;
        return { seq: historySeqOf(item), unreadable: error.message };
      }
    });
  }

  async lastEvent(caseId: string): Promise<CaseEvent | undefined> {
    const { pk } = keys.case(caseId);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': tableKeys.partitionKey, '#sk': tableKeys.sortKey },
        ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.historyPrefix },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = result.Items?.[0];
    return item ? eventFromItem(item) : undefined;
  }

  /** A case's history items, or with `before` only the lines before that seq. */
  private async historyItems(
    caseId: string,
    { before, consistent = true }: { before?: number; consistent?: boolean } = {},
  ): Promise<Item[]> {
    const { pk } = keys.case(caseId);
    return this.queryAll(undefined, {
      ...(before === undefined
        ? {
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
            ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.historyPrefix },
          }
        : {
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :first AND :last',
            ExpressionAttributeValues: {
              ':pk': pk,
              ':first': keys.history(caseId, 0).sk,
              ':last': keys.history(caseId, Math.max(0, before - 1)).sk,
            },
          }),
      ExpressionAttributeNames: { '#pk': tableKeys.partitionKey, '#sk': tableKeys.sortKey },
      ConsistentRead: consistent,
    });
  }

  async inbox(query: InboxQuery): Promise<Page<CaseSummary>> {
    const partition = keys.inboxPartition(query.unitId);
    const sortOf = (stage: Stage): SortCondition =>
      query.dueBefore === undefined
        ? { op: 'begins_with', value: keys.inboxStagePrefix(stage) }
        : {
            op: 'between',
            low: keys.inboxStagePrefix(stage),
            high: keys.inboxStageDueUpperBound(stage, query.dueBefore),
          };
    const parts = (query.stage === undefined ? openStages : [query.stage]).map(
      (stage): QueryPart => ({ index: 'inbox', partition, sort: sortOf(stage) }),
    );
    return this.walk('inbox', parts, query.limit, query.cursor, summaryFromItem);
  }

  async holdsAnyCase(unitId: string): Promise<boolean> {
    const out = await this.query('inbox', {
      ...keyCondition({ index: 'inbox', partition: keys.inboxPartition(unitId) }),
      Limit: 1,
    });
    return (out.Count ?? 0) > 0;
  }

  async dueBefore(instant: string, options: { limit: number; cursor?: string }): Promise<Page<DueCase>> {
    const parts = Array.from(
      { length: this.dueShards },
      (_, shard): QueryPart => ({
        index: 'due',
        partition: keys.duePartition(shard),
        sort: { op: '<=', value: instant },
      }),
    );
    return this.walk('due', parts, options.limit, options.cursor, dueCaseFromItem);
  }

  async byPetitioner(identityKey: string, since: string): Promise<readonly CaseSummary[]> {
    return this.listAll({
      index: 'petitioner',
      partition: keys.petitionerPartition(identityKey),
      sort: { op: '>=', value: since },
    });
  }

  async byPhone(phoneKey: string, since: string): Promise<readonly CaseSummary[]> {
    return this.listAll({
      index: 'phone',
      partition: keys.phonePartition(phoneKey),
      sort: { op: '>=', value: since },
      newestFirst: true,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  private caseItem(c: Case): Item {
    return caseToItem(c, { dueShards: this.dueShards });
  }

  /**
   * Runs a transaction. A cancellation for a failed condition becomes the error `conflict` names;
   * a cancellation because another transaction held an item is retried (the conditions are
   * evaluated again, so a retry never overwrites a newer version); anything else is a CaseStoreError.
   */
  private async transact(
    input: TransactWriteCommandInput,
    what: string,
    conflict: (
      failed: readonly boolean[],
      cause: unknown,
      reasons: readonly CancellationReason[],
      lastAttempt: boolean,
    ) => Error | undefined,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand(input));
        return;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons === undefined) throw new CaseStoreError(`${what} failed`, { cause: error });
        const failed = reasons.map((r) => r.Code === 'ConditionalCheckFailed');
        const named = conflict(failed, error, reasons, attempt >= maxTransactionConflictAttempts);
        if (named) throw named;
        const busy = reasons.some((r) => r.Code === 'TransactionConflict');
        if (busy && attempt < maxTransactionConflictAttempts) {
          await delay(25 * attempt + Math.floor(Math.random() * 25));
          continue;
        }
        throw new CaseStoreError(`${what} was cancelled (${reasons.map((r) => r.Code).join(', ')})`, {
          cause: error,
        });
      }
    }
  }

  private async getItem(
    key: Record<string, string>,
    { consistent = true }: { consistent?: boolean } = {},
  ): Promise<Item | undefined> {
    try {
      const out = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: key,
          ConsistentRead: consistent,
          ...(this.onRead ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
        }),
      );
      this.onRead?.({
        operation: 'GetItem',
        count: out.Item ? 1 : 0,
        scannedCount: out.Item ? 1 : 0,
        ...capacity(out.ConsumedCapacity?.CapacityUnits),
      });
      return out.Item;
    } catch (error) {
      throw new CaseStoreError(`reading ${key['pk']} failed`, { cause: error });
    }
  }

  private async query(
    index: CaseIndexName | undefined,
    input: Omit<QueryCommandInput, 'TableName' | 'IndexName'>,
  ): Promise<QueryCommandOutput> {
    let out: QueryCommandOutput;
    try {
      out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ...(index === undefined ? {} : { IndexName: caseIndexes[index].indexName }),
          ...input,
          ...(this.onRead ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
        }),
      );
    } catch (error) {
      throw new CaseStoreError(`querying ${index ?? 'the table'} failed`, { cause: error });
    }
    this.onRead?.({
      operation: 'Query',
      ...(index === undefined ? {} : { index }),
      count: out.Count ?? 0,
      scannedCount: out.ScannedCount ?? 0,
      ...capacity(out.ConsumedCapacity?.CapacityUnits),
    });
    return out;
  }

  /** Every page of a query. Used for bounded sets: one case's history, one person's cases. */
  private async queryAll(
    index: CaseIndexName | undefined,
    input: Omit<QueryCommandInput, 'TableName' | 'IndexName'>,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.query(index, { ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) });
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /**
   * Every case a keys-only index names under one key, in index order, with its summary: one
   * query, then one BatchGetItem per hundred cases (none when the index names none).
   */
  private async listAll(part: QueryPart): Promise<CaseSummary[]> {
    const caseIds = (await this.queryAll(part.index, keyCondition(part))).map(caseIdFromIndexItem);
    const summaries = new Map<string, CaseSummary>();
    for (let at = 0; at < caseIds.length; at += 100) {
      let wanted: Record<string, string>[] = caseIds.slice(at, at + 100).map((id) => keys.case(id));
      for (let attempt = 1; wanted.length > 0; attempt++) {
        const out = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: wanted,
                ProjectionExpression: '#pk, #summary',
                ExpressionAttributeNames: { '#pk': tableKeys.partitionKey, '#summary': 'summary' },
              },
            },
          }),
        );
        for (const item of out.Responses?.[this.tableName] ?? [])
          summaries.set(caseIdFromIndexItem(item), summaryFromItem(item));
        wanted = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, string>[];
        if (wanted.length > 0 && attempt >= maxTransactionConflictAttempts)
          throw new CaseStoreError(`reading ${wanted.length} case summaries was left unprocessed`, {
            cause: undefined,
          });
        if (wanted.length > 0) await delay(25 * attempt);
      }
    }
    // A case the index named but the table no longer holds (deleted meanwhile) is left out.
    return caseIds.flatMap((id) => summaries.get(id) ?? []);
  }

  /**
   * One page of a listing made of several key queries read one after another (the shards of the
   * due index, the stages of an inbox). Each query asks only for what the page still lacks, so
   * nothing is read that is not returned.
   */
  private async walk<T>(
    listing: string,
    parts: readonly QueryPart[],
    limit: number,
    cursor: string | undefined,
    map: (item: Item) => T,
  ): Promise<Page<T>> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive whole number`);
    const start: ListingCursor =
      cursor === undefined ? { l: listing, p: 0 } : decodeCursor(cursor, listing, parts);
    const items: T[] = [];
    let p = start.p;
    let startKey = start.k;
    while (p < parts.length) {
      const part = parts[p]!;
      const out = await this.query(part.index, {
        ...keyCondition(part),
        Limit: limit - items.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      items.push(...(out.Items ?? []).map(map));
      startKey = out.LastEvaluatedKey as Record<string, string> | undefined;
      if (!startKey) p++;
      if (items.length >= limit) {
        if (p >= parts.length) return { items };
        return { items, cursor: encodeCursor({ l: listing, p, ...(startKey ? { k: startKey } : {}) }) };
      }
    }
    return { items };
  }
}

function keyCondition(part: QueryPart): Omit<QueryCommandInput, 'TableName' | 'IndexName'> {
  const index = caseIndexes[part.index];
  const names: Record<string, string> = { '#pk': index.partitionKey };
  const values: Record<string, string> = { ':pk': part.partition };
  let expression = '#pk = :pk';
  const sort = part.sort;
  if (sort) {
    names['#sk'] = index.sortKey;
    if (sort.op === 'begins_with') {
      expression += ' AND begins_with(#sk, :sk)';
      values[':sk'] = sort.value;
    } else if (sort.op === 'between') {
      expression += ' AND #sk BETWEEN :low AND :high';
      values[':low'] = sort.low;
      values[':high'] = sort.high;
    } else {
      expression += ` AND #sk ${sort.op} :sk`;
      values[':sk'] = sort.value;
    }
  }
  return {
    KeyConditionExpression: expression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(part.newestFirst ? { ScanIndexForward: false } : {}),
  };
}

function encodeCursor(cursor: ListingCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** Reads a cursor back, refusing one from another listing, another partition or of another shape. */
function decodeCursor(cursor: string, listing: string, parts: readonly QueryPart[]): ListingCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidCursorError();
  const { l, p, k } = parsed as Record<string, unknown>;
  if (l !== listing || typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= parts.length) {
    throw new InvalidCursorError();
  }
  if (k === undefined) return { l, p };
  const part = parts[p]!;
  const index = caseIndexes[part.index];
  const expected = [tableKeys.partitionKey, tableKeys.sortKey, index.partitionKey, index.sortKey].sort();
  if (typeof k !== 'object' || k === null) throw new InvalidCursorError();
  const entries = Object.entries(k);
  const names = entries.map(([name]) => name).sort();
  if (
    names.length !== expected.length ||
    names.some((name, i) => name !== expected[i]) ||
    entries.some(([, value]) => typeof value !== 'string') ||
    (k as Record<string, string>)[index.partitionKey] !== part.partition
  ) {
    throw new InvalidCursorError();
  }
  return { l, p, k: k as Record<string, string> };
}

interface CancellationReason {
  readonly Code?: string;
  readonly Item?: unknown;
}

/** The per-item reasons of a cancelled transaction, or undefined for any other error. */
function cancellationReasons(error: unknown): readonly CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: unknown }).CancellationReasons;
  return Array.isArray(reasons) ? (reasons as CancellationReason[]) : undefined;
}

/** The case, its history line and its event must describe the same transition. */
/** The transitions of one write, checked: one case, consecutive versions, each with its line and event. */
function chainOf(transitions: Transitions): readonly TransitionOutcome[] {
  const chain: readonly TransitionOutcome[] = Array.isArray(transitions)
    ? transitions
    : [transitions as TransitionOutcome];
  if (chain.length === 0) throw new RangeError('a write takes at least one transition');
  chain.forEach((outcome, i) => {
    assertConsistent(outcome);
    const first = chain[0]!.case;
    if (outcome.case.caseId !== first.caseId || outcome.case.version !== first.version + i)
      throw new RangeError(`the transitions of one write must be consecutive versions of one case`);
  });
  return chain;
}

function lastOf(chain: readonly TransitionOutcome[]): TransitionOutcome {
  return chain[chain.length - 1]!;
}

function assertConsistent({ case: c, history, event }: TransitionOutcome): void {
  if (history.caseId !== c.caseId || event.caseId !== c.caseId) {
    throw new Error(`the history line or event of case ${c.caseId} belongs to another case`);
  }
  if (history.seq !== c.version || event.caseVersion !== c.version) {
    throw new Error(`the history line and event of case ${c.caseId} must carry its version ${c.version}`);
  }
}

function capacity(units: number | undefined): { capacityUnits?: number } {
  return units === undefined ? {} : { capacityUnits: units };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The case repository of a function granted the table. */
export function caseRepository(env: Env): DynamoCaseRepository {
  return new DynamoCaseRepository(documentClient(env), {
    tableName: tableName(env),
    dueShards: optional(env, 'DUE_SHARDS') ?? defaultDueShards,
  });
}
