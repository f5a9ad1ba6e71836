/**
 * The single-table design of cases (docs/data-model.md). This module is the only place that knows
 * key shapes, index names and item layouts; the repository, the tests, the local runtime and the
 * CDK stack all read them from here.
 *
 * Items:
 * - case:            pk `CASE#<caseId>`           sk `CASE`
 * - history line:    pk `CASE#<caseId>`           sk `HIST#<seq, 10 digits>`  (append-only)
 * - tracking number: pk `TRACKING#<number>`       sk `TRACKING`  (uniqueness guard and lookup)
 *
 * Instants are ISO 8601 UTC strings as `Date#toISOString` writes them, so that they sort as text.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { nextCheckpointAt } from '../../../domain/case/checkpoints.js';
import type { Case } from '../../../domain/case/model.js';
import type { CaseSummary, DueCase } from '../../../domain/case/repository.js';
import type { CaseEvent, HistoryEntry } from '../../../domain/case/transitions.js';

/** Primary key attributes of the table. */
export const tableKeys = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** How a GSI copies attributes: keys only, or keys plus the named attributes. */
export type IndexProjection =
  | { readonly type: 'KEYS_ONLY' }
  | { readonly type: 'INCLUDE'; readonly nonKeyAttributes: readonly string[] };

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly projection: IndexProjection;
}

/**
 * Every global secondary index, all keyed by string attributes. Only items that carry both key
 * attributes of an index appear in it, which makes `due`, `phone` and `outbox` sparse.
 */
export const caseIndexes = {
  /** A unit's cases: pk `UNIT#<unitId>`, sk `<stage>#<next checkpoint or ~>#<caseId>`. */
  inbox: {
    indexName: 'inbox',
    partitionKey: 'unitPk',
    sortKey: 'unitSk',
    projection: { type: 'INCLUDE', nonKeyAttributes: ['summary'] },
  },
  /** Cases with a next checkpoint (sparse): pk `DUE#<shard>`, sk `<checkpointAt>`. */
  due: {
    indexName: 'due',
    partitionKey: 'duePk',
    sortKey: 'dueSk',
    projection: { type: 'KEYS_ONLY' },
  },
  /** A petitioner's cases: pk `PETITIONER#<identityKey>`, sk `<registeredAt>#<caseId>`. */
  petitioner: {
    indexName: 'petitioner',
    partitionKey: 'petitionerPk',
    sortKey: 'petitionerSk',
    projection: { type: 'INCLUDE', nonKeyAttributes: ['summary'] },
  },
  /** Cases of a phone (sparse: only with a phone key): pk `PHONE#<phoneKey>`, sk `<registeredAt>#<caseId>`. */
  phone: {
    indexName: 'phone',
    partitionKey: 'phonePk',
    sortKey: 'phoneSk',
    projection: { type: 'INCLUDE', nonKeyAttributes: ['summary'] },
  },
  /** Unpublished events (sparse: removed once published): pk `OUTBOX`, sk `<occurredAt>#<caseId>#<seq>`. */
  outbox: {
    indexName: 'outbox',
    partitionKey: 'outboxPk',
    sortKey: 'outboxSk',
    projection: { type: 'INCLUDE', nonKeyAttributes: ['event'] },
  },
} as const satisfies Record<string, IndexDefinition>;

export type CaseIndexName = keyof typeof caseIndexes;

/** Number of partitions the due index is spread over unless configured otherwise. */
export const defaultDueShards = 4;

/** Sorts after every ISO instant: the checkpoint segment of a case that has none. */
export const noCheckpointSentinel = '~';

/**
 * DynamoDB rejects items above 400 KB. A case is refused well before that, so that the error is
 * ours and names the case (see docs/data-model.md, "Item size").
 */
export const maxCaseItemBytes = 350 * 1024;

/** The `entity` attribute of each item type. */
export const entities = { case: 'case', history: 'history', trackingNumber: 'trackingNumber' } as const;

/** A DynamoDB item as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/** The primary key of an item. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
  readonly [attribute: string]: string;
}

// ---------------------------------------------------------------------------------------------
// Key builders

const caseSk = 'CASE';
const historyPrefix = 'HIST#';
const trackingSk = 'TRACKING';
const outboxPartition = 'OUTBOX';

/** Keys of every entity and index partition. */
export const keys = {
  case: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: caseSk }),
  history: (caseId: string, seq: number): ItemKey => ({ pk: `CASE#${caseId}`, sk: historySk(seq) }),
  /** The sort-key prefix of a case's history lines, for `begins_with`. */
  historyPrefix,
  trackingNumber: (trackingNumber: string): ItemKey => ({ pk: `TRACKING#${trackingNumber}`, sk: trackingSk }),
  inboxPartition: (unitId: string): string => `UNIT#${unitId}`,
  /** The sort-key prefix of a stage in a unit's inbox. */
  inboxStagePrefix: (stage: string): string => `${stage}#`,
  /** The greatest inbox sort key of a stage whose checkpoint is at or before `instant`. */
  inboxStageDueUpperBound: (stage: string, instant: string): string => `${stage}#${instant}#~`,
  duePartition: (shard: number): string => `DUE#${shard}`,
  petitionerPartition: (identityKey: string): string => `PETITIONER#${identityKey}`,
  phonePartition: (phoneKey: string): string => `PHONE#${phoneKey}`,
  outboxPartition,
} as const;

function historySk(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`history seq ${seq} is not a whole number`);
  return historyPrefix + String(seq).padStart(10, '0');
}

/** The case id in a case or history item's partition key. */
export function caseIdOfPartition(pk: string): string {
  if (!pk.startsWith('CASE#')) throw new Error(`'${pk}' is not a case partition key`);
  return pk.slice('CASE#'.length);
}

/** The due-index shard of a case: FNV-1a of its id, so a case always lands in the same shard. */
export function dueShardOf(caseId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < caseId.length; i++) {
    hash ^= caseId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

// ---------------------------------------------------------------------------------------------
// Items

export interface CaseItemOptions {
  /** Shards of the due index; must be the same for every writer and reader of a table. */
  readonly dueShards: number;
}

/** What a listing shows of a case: masked data only, never content, keys or sealed contact. */
export function summaryOf(c: Case): CaseSummary {
  const checkpoint = nextCheckpointAt(c);
  const open = c.deadlines.filter((d) => d.kind === 'obligation' && d.status === 'open');
  const nextDueAt = open.map((d) => d.dueAt).sort()[0];
  return {
    caseId: c.caseId,
    trackingNumber: c.trackingNumber,
    stage: c.stage,
    currentUnitId: c.currentUnitId,
    regionCode: c.regionCode,
    ...(c.categoryId === undefined ? {} : { categoryId: c.categoryId }),
    title: c.title,
    petitionerName: c.petitioner.name,
    ...(c.petitioner.maskedPhone === undefined ? {} : { maskedPhone: c.petitioner.maskedPhone }),
    registeredAt: c.registeredAt,
    ...(checkpoint === undefined ? {} : { nextCheckpointAt: checkpoint }),
    ...(nextDueAt === undefined ? {} : { nextDueAt }),
    // The deadline sweep flags an obligation overdue (超期); the listing shows that flag.
    overdue: open.some((d) => d.overdueAt !== undefined),
    version: c.version,
  };
}

/**
 * The case item with the keys of every index it belongs to. The whole case is one map attribute
 * (`case`); `summary` is what listings project; `version` is top level for the save condition.
 */
export function caseToItem(c: Case, options: CaseItemOptions): Item {
  const checkpoint = nextCheckpointAt(c);
  const listed = `${c.registeredAt}#${c.caseId}`;
  const item: Item = {
    ...keys.case(c.caseId),
    entity: entities.case,
    version: c.version,
    unitPk: keys.inboxPartition(c.currentUnitId),
    unitSk: `${keys.inboxStagePrefix(c.stage)}${checkpoint ?? noCheckpointSentinel}#${c.caseId}`,
    petitionerPk: keys.petitionerPartition(c.petitioner.identityKey),
    petitionerSk: listed,
    ...(c.petitioner.phoneKey === undefined
      ? {}
      : { phonePk: keys.phonePartition(c.petitioner.phoneKey), phoneSk: listed }),
    ...(checkpoint === undefined
      ? {}
      : { duePk: keys.duePartition(dueShardOf(c.caseId, options.dueShards)), dueSk: checkpoint }),
    summary: withoutUndefined(summaryOf(c)),
    case: withoutUndefined(c),
  };
  const size = approximateItemBytes(item);
  if (size > maxCaseItemBytes) throw new CaseItemTooLargeError(c.caseId, size);
  return item;
}

/** The case an item holds. */
export function caseFromItem(item: Item): Case {
  assertEntity(item, entities.case);
  return item['case'] as Case;
}

/** The summary a listing index projects. */
export function summaryFromItem(item: Item): CaseSummary {
  const summary = item['summary'];
  if (typeof summary !== 'object' || summary === null) {
    throw new Error(`item ${String(item['pk'])} carries no case summary`);
  }
  return summary as CaseSummary;
}

/** The due-index view of a case item (keys only). */
export function dueCaseFromItem(item: Item): DueCase {
  return { caseId: caseIdOfPartition(String(item['pk'])), checkpointAt: String(item['dueSk']) };
}

/**
 * A history line with the event of the same transition. Until the outbox relay marks it
 * published it carries the outbox keys; `entry` and `event` are never rewritten.
 */
export function historyToItem(entry: HistoryEntry, event: CaseEvent): Item {
  return {
    ...keys.history(entry.caseId, entry.seq),
    entity: entities.history,
    entry: withoutUndefined(entry),
    event: withoutUndefined(event),
    outboxPk: keys.outboxPartition,
    outboxSk: `${event.occurredAt}#${event.caseId}#${String(entry.seq).padStart(10, '0')}`,
  };
}

export function historyFromItem(item: Item): HistoryEntry {
  assertEntity(item, entities.history);
  return item['entry'] as HistoryEntry;
}

/** The event an outbox index item projects. */
export function eventFromItem(item: Item): CaseEvent {
  const event = item['event'];
  if (typeof event !== 'object' || event === null)
    throw new Error(`item ${String(item['pk'])} carries no event`);
  return event as CaseEvent;
}

/** The item that reserves a tracking number and points to its case. */
export function trackingNumberToItem(c: Case): Item {
  return { ...keys.trackingNumber(c.trackingNumber), entity: entities.trackingNumber, caseId: c.caseId };
}

export function caseIdFromTrackingItem(item: Item): string {
  assertEntity(item, entities.trackingNumber);
  return String(item['caseId']);
}

function assertEntity(item: Item, entity: string): void {
  if (item['entity'] !== entity) {
    throw new Error(
      `item ${String(item['pk'])}/${String(item['sk'])} is a '${String(item['entity'])}', not a '${entity}'`,
    );
  }
}

/** A copy without `undefined` members, which DynamoDB cannot store (optional fields left unset). */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutUndefined(v)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
    return out as T;
  }
  return value;
}

/**
 * An upper estimate of the stored size: DynamoDB counts attribute names and UTF-8 values, and
 * JSON adds quotes and punctuation on top, so the real item is somewhat smaller.
 */
export function approximateItemBytes(item: Item): number {
  return Buffer.byteLength(JSON.stringify(item), 'utf8');
}

/** A case grew past what one item can hold (see docs/data-model.md, "Item size"). */
export class CaseItemTooLargeError extends Error {
  readonly caseId: string;
  readonly bytes: number;
  constructor(caseId: string, bytes: number) {
    super(
      `case ${caseId} would take about ${bytes} bytes, above the ${maxCaseItemBytes}-byte limit of a case item`,
    );
    this.name = 'CaseItemTooLargeError';
    this.caseId = caseId;
    this.bytes = bytes;
  }
}

// ---------------------------------------------------------------------------------------------
// Table definition

/**
 * The table as CreateTable takes it: on-demand capacity, every GSI. Tests and the local runtime
 * create it with this; the CDK stack declares the same keys and indexes from the constants above.
 */
export function caseTableDefinition(tableName: string): CreateTableCommandInput {
  const indexes = Object.values(caseIndexes) as readonly IndexDefinition[];
  const attributes = new Set<string>([tableKeys.partitionKey, tableKeys.sortKey]);
  for (const index of indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableKeys.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableKeys.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection:
        index.projection.type === 'KEYS_ONLY'
          ? { ProjectionType: 'KEYS_ONLY' }
          : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.nonKeyAttributes] },
    })),
  };
}
