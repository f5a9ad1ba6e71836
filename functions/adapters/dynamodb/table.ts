/**
 * The one table of a province (docs/data-model.md). This module is the only place that knows key
 * shapes, index names and item layouts: every store, the tests, the local runtime and the CDK
 * stack read them from here. Every item carries its `entity` and a `schemaVersion`, and is parsed
 * on read (never cast): an item of another shape or a newer version is refused with what is wrong.
 *
 * Items (pk / sk):
 * - case:              `CASE#<caseId>`                   `CASE`
 * - history line:      `CASE#<caseId>`                   `HIST#<seq, 10 digits>`  (append-only)
 * - tracking number:   `TRACKING#<number>`               `TRACKING`  (uniqueness guard and lookup)
 * - tracking counter:  `COUNTER#tracking#<yyyymmdd>`     `COUNTER`
 * - submission:        `SUBMISSION#<channel>#<id>`       `SUBMISSION`
 * - feed entry:        `FEED#<unitId>`                   `<at>#<caseId>#<version>#<kind>` or `<at>#digest#<day>`
 * - KPI counters:      `KPI#<unitId>`                    `<YYYY-MM>`
 * - KPI event marker:  `KPIEVT#<caseId>#<caseVersion>`   `KPIEVT`
 * - attempt counter:   `ATTEMPTS#<scope>#<key>#<window>` `ATTEMPTS`
 * - reply template:    `REPLYTPL`                        `<outcome>#<categoryId or *>`
 * - rate window:       `RATE#<scope>#<limit>/<window s>#<key>` `RATE`  (sliding-window limiter)
 * - verification code: `VERIFY#<phoneKey>`               `CODE`  (the code's keyed digest only)
 * - Open311 request:   `OPEN311#<partnerId>`             `REQ#<trackingNumber>`
 * - hot-issue region:  `HOTSPOT#<regionCode>`            `ACTIVE`  (the region's active clusters; versioned)
 * - hot-issue cluster: `HOTSPOT#<regionCode>`            `CLUSTER#<clusterId>`  (versioned)
 * - cluster membership:`HOTMEMBER#<caseId>`              `HOTMEMBER`  (a case is assigned once)
 * - hot-issue day:     `HOTDAY#<regionCode>#<topic>`     `<YYYY-MM-DD>`  (cases per Beijing day)
 * - hot-issue warning: `HOTWARN#<warningId>`             `WARNING`  (raised once, then delivered)
 * - sent SMS record:   `IDEMPOTENCY#sms`                 `<function>#<hash of the message id>`
 *   (written by Powertools Idempotency: status, expiresAt; it carries no entity of ours)
 *
 * Instants are ISO 8601 UTC strings as `Date#toISOString` writes them, so that they sort as text.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import type { Open311Record, StoredSubmission } from '../../../application/ports.js';
import { type CounterName, counterNames } from '../../../domain/assessment/kpis.js';
import type { UnitMonthCounters } from '../../../domain/assessment/store.js';
import { canonicalJson } from '../../../domain/canonical-json.js';
import { nextCheckpointAt } from '../../../domain/case/checkpoints.js';
import { eventOfLine, type LineEventContext } from '../../../domain/case/line-event.js';
import { type Case, type Channel, channels, replyOutcomes, stages } from '../../../domain/case/model.js';
import type { CaseSummary, DueCase } from '../../../domain/case/repository.js';
import { caseSchema, caseSummarySchema, historyEntrySchema } from '../../../domain/case/schema.js';
import type { CaseEvent, HistoryEntry } from '../../../domain/case/transitions.js';
import type { ActiveCluster, HotspotCluster } from '../../../domain/hotspots/clusters.js';
import type { RegionClusters, StoredCluster } from '../../../domain/hotspots/store.js';
import type { HotspotWarning } from '../../../domain/hotspots/warnings.js';
import { hotspotWarningKind, staffAlertKinds } from '../../../domain/notifications/staff-alerts.js';
import type { FeedEntry, StoredFeedEntry } from '../../../domain/notifications/staff-feed.js';
import type { ReplyTemplate } from '../../../domain/replies/templates.js';
import { caseEventSchema } from '../../../events/case-events.js';
import { pendingSubmissionSchema } from '../../../events/submissions.js';

/** Primary key attributes of the table. */
export const tableKeys = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** How a GSI copies attributes: keys only, or keys plus the named attributes. */
type IndexProjection =
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
 * attributes of an index appear in it, which makes `due` and `phone` sparse.
 */
export const caseIndexes = {
  /** A unit's cases: pk `UNIT#<unitId>`, sk `<stage>#<next checkpoint or ~>#<caseId>`. */
  inbox: {
    indexName: 'inbox',
    partitionKey: 'unitPk',
    sortKey: 'unitSk',
    projection: { type: 'INCLUDE', nonKeyAttributes: ['summary'] },
  },
  /**
   * Cases with a next checkpoint (sparse): pk `DUE#<shard>`, sk `<checkpointAt>`. Also what other
   * sweeps read: submissions waiting for registration, active hot-issue clusters
   * (`HOTSPOT#ACTIVE`, sk `<activeUntil>#<regionCode>#<clusterId>`), the region and topic pairs of
   * a day (`HOTDAY#<day>`, sk `<regionCode>#<topic>`) and undelivered warnings (`HOTWARN#PENDING`).
   */
  due: {
    indexName: 'due',
    partitionKey: 'duePk',
    sortKey: 'dueSk',
    projection: { type: 'KEYS_ONLY' },
  },
  /**
   * A petitioner's cases: pk `PETITIONER#<identityKey>`, sk `<registeredAt>#<caseId>`. Keys only:
   * its keys never change after registration, so a transition writes nothing to it (issue 13);
   * readers fetch the summaries of the few cases it names.
   */
  petitioner: {
    indexName: 'petitioner',
    partitionKey: 'petitionerPk',
    sortKey: 'petitionerSk',
    projection: { type: 'KEYS_ONLY' },
  },
  /**
   * Cases of a phone (sparse: only with a phone key): pk `PHONE#<phoneKey>`, sk
   * `<registeredAt>#<caseId>`. Keys only, like `petitioner`.
   */
  phone: {
    indexName: 'phone',
    partitionKey: 'phonePk',
    sortKey: 'phoneSk',
    projection: { type: 'KEYS_ONLY' },
  },
} as const satisfies Record<string, IndexDefinition>;

export type CaseIndexName = keyof typeof caseIndexes;

/** Number of partitions the due index is spread over unless configured otherwise. */
export const defaultDueShards = 4;

/** Sorts after every ISO instant: the checkpoint segment of a case that has none. */
const noCheckpointSentinel = '~';

/**
 * DynamoDB rejects items above 400 KB. A case is refused well before that, so that the error is
 * ours and names the case (see docs/data-model.md, "Item size").
 */
const maxCaseItemBytes = 350 * 1024;

/** The `entity` attribute of each item type. */
export const entities = {
  case: 'case',
  history: 'history',
  trackingNumber: 'trackingNumber',
  trackingCounter: 'counter',
  submission: 'submission',
  feedEntry: 'feedEntry',
  kpiCounters: 'kpiCounters',
  kpiEventMarker: 'kpiEventMarker',
  attempts: 'attempts',
  replyTemplate: 'replyTemplate',
  rateWindow: 'rateWindow',
  verificationCode: 'verificationCode',
  open311Request: 'open311Request',
  hotspotRegion: 'hotspotRegion',
  hotspotCluster: 'hotspotCluster',
  hotspotMember: 'hotspotMember',
  hotspotDay: 'hotspotDay',
  hotspotWarning: 'hotspotWarning',
} as const;
type Entity = (typeof entities)[keyof typeof entities];

/** The item layout this code writes, per entity. An item without one predates versioning (1). */
const schemaVersions: Readonly<Record<Entity, number>> = {
  case: 1,
  history: 1,
  trackingNumber: 1,
  counter: 1,
  submission: 1,
  feedEntry: 1,
  kpiCounters: 1,
  kpiEventMarker: 1,
  attempts: 1,
  replyTemplate: 1,
  rateWindow: 1,
  verificationCode: 1,
  open311Request: 1,
  hotspotRegion: 1,
  hotspotCluster: 1,
  hotspotMember: 1,
  hotspotDay: 1,
  hotspotWarning: 1,
};

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
  trackingCounter: (shanghaiDay: string): ItemKey => ({
    pk: `COUNTER#tracking#${shanghaiDay}`,
    sk: 'COUNTER',
  }),
  submission: (channel: string, submissionId: string): ItemKey => ({
    pk: `SUBMISSION#${channel}#${submissionId}`,
    sk: 'SUBMISSION',
  }),
  /** The due-index partition of submissions waiting for registration. */
  pendingSubmissionsPartition: 'INTAKE#PENDING',
  feedPartition: (unitId: string): string => `FEED#${unitId}`,
  kpiCounters: (unitId: string, month: string): ItemKey => ({ pk: `KPI#${unitId}`, sk: month }),
  kpiEventMarker: (caseId: string, caseVersion: number): ItemKey => ({
    pk: `KPIEVT#${caseId}#${caseVersion}`,
    sk: 'KPIEVT',
  }),
  /** Sent SMS records (Powertools Idempotency): pk this partition, sk the hashed message id. */
  sentSmsPartition: 'IDEMPOTENCY#sms',
  attempts: (scope: string, key: string, windowStart: number): ItemKey => ({
    pk: `ATTEMPTS#${scope}#${key}#${windowStart}`,
    sk: 'ATTEMPTS',
  }),
  /** The province's reply templates: one small partition, read whole. */
  replyTemplatePartition: 'REPLYTPL',
  replyTemplate: (outcome: string, categoryId: string): ItemKey => ({
    pk: 'REPLYTPL',
    sk: `${outcome}#${categoryId}`,
  }),
  rateWindow: (scope: string, key: string): ItemKey => ({ pk: `RATE#${scope}#${key}`, sk: 'RATE' }),
  verificationCode: (phoneKey: string): ItemKey => ({ pk: `VERIFY#${phoneKey}`, sk: 'CODE' }),
  open311Partition: (partnerId: string): string => `OPEN311#${partnerId}`,
  open311Request: (partnerId: string, trackingNumber: string): ItemKey => ({
    pk: `OPEN311#${partnerId}`,
    sk: `REQ#${trackingNumber}`,
  }),
  hotspotRegion: (regionCode: string): ItemKey => ({ pk: `HOTSPOT#${regionCode}`, sk: 'ACTIVE' }),
  hotspotCluster: (regionCode: string, clusterId: string): ItemKey => ({
    pk: `HOTSPOT#${regionCode}`,
    sk: `CLUSTER#${clusterId}`,
  }),
  hotspotClusterPrefix: 'CLUSTER#',
  hotspotPartition: (regionCode: string): string => `HOTSPOT#${regionCode}`,
  hotspotMember: (caseId: string): ItemKey => ({ pk: `HOTMEMBER#${caseId}`, sk: 'HOTMEMBER' }),
  hotspotDay: (regionCode: string, topic: string, day: string): ItemKey => ({
    pk: `HOTDAY#${regionCode}#${topic}`,
    sk: day,
  }),
  hotspotWarning: (warningId: string): ItemKey => ({ pk: `HOTWARN#${warningId}`, sk: 'WARNING' }),
  /** Due-index partitions of the hot-issue sweep. */
  activeClustersPartition: 'HOTSPOT#ACTIVE',
  hotspotDayPartition: (day: string): string => `HOTDAY#${day}`,
  pendingWarningsPartition: 'HOTWARN#PENDING',
} as const;

function historySk(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`history seq ${seq} is not a whole number`);
  return historyPrefix + String(seq).padStart(10, '0');
}

/** The case id in a case or history item's partition key. */
function caseIdOfPartition(pk: string): string {
  if (!pk.startsWith('CASE#')) throw new Error(`'${pk}' is not a case partition key`);
  return pk.slice('CASE#'.length);
}

/** The due-index shard of a case: FNV-1a of its id, so a case always lands in the same shard. */
function dueShardOf(caseId: string, shards: number): number {
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
    ...(c.responsibility === undefined
      ? {}
      : {
          responsiblePersonIds: [c.responsibility.leader.personId, c.responsibility.handler.personId],
        }),
    ...(c.supervisions.length > 0 ? { supervisions: c.supervisions.length } : {}),
    ...(c.accountabilities.length > 0 ? { accountabilities: c.accountabilities.length } : {}),
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
    ...stamp(entities.case),
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
  return parseAttribute(item, entities.case, 'case', caseSchema);
}

/** The summary a listing index projects (index items carry no entity: the index says what they are). */
export function summaryFromItem(item: Item): CaseSummary {
  return parseValue(item, 'summary', caseSummarySchema);
}

/** The case a keys-only index item points to. */
export function caseIdFromIndexItem(item: Item): string {
  return caseIdOfPartition(String(item['pk']));
}

/** The due-index view of a case item (keys only). */
export function dueCaseFromItem(item: Item): DueCase {
  return { caseId: caseIdOfPartition(String(item['pk'])), checkpointAt: String(item['dueSk']) };
}

/**
 * A history line, written once and never rewritten, with what its event says beyond the line (the
 * tracking number and the unit after the transition; `eventOfLine` makes the event of the two).
 * The table's stream carries the new line to the event relay, which publishes its event
 * (docs/decisions/0020-cost-per-case.md): the line is the outbox, and nothing marks it. The event
 * is not stored whole: it repeats the line, and would double the line's write units.
 */
export function historyToItem(entry: HistoryEntry, event: CaseEvent): Item {
  const made = canonicalJson(withoutUndefined(eventOfLine(entry, event)));
  if (made !== canonicalJson(withoutUndefined(event)))
    throw new Error(
      `the event of case ${entry.caseId} version ${entry.seq} is not the event of its history line`,
    );
  const context: LineEventContext = { trackingNumber: event.trackingNumber, unitId: event.unitId };
  return {
    ...keys.history(entry.caseId, entry.seq),
    ...stamp(entities.history),
    entry: withoutUndefined(entry),
    eventContext: context,
  };
}

const lineEventContextSchema = z.object({ trackingNumber: z.string(), unitId: z.string() });

/** The sequence number in a history item's sort key. */
export function historySeqOf(item: Item): number {
  return Number(String(item['sk']).slice(historyPrefix.length));
}

export function historyFromItem(item: Item): HistoryEntry {
  return parseAttribute(item, entities.history, 'entry', historyEntrySchema);
}

/**
 * The event a history line carries (read from the table, or from the stream's new image): made
 * from the line, or as stored whole by lines written before the event was made from its line.
 */
export function eventFromItem(item: Item): CaseEvent {
  if (item['eventContext'] === undefined) return parseValue(item, 'event', caseEventSchema);
  const event = eventOfLine(historyFromItem(item), parseValue(item, 'eventContext', lineEventContextSchema));
  return parseValue({ ...item, event }, 'event', caseEventSchema);
}

/** The event of a newly written item if it is a history line; undefined for any other item. */
export function committedEventOf(item: Item): CaseEvent | undefined {
  if (item['entity'] !== entities.history) return undefined;
  assertEntity(item, entities.history);
  return eventFromItem(item);
}

/** The item that reserves a tracking number and points to its case. */
export function trackingNumberToItem(c: Case): Item {
  return { ...keys.trackingNumber(c.trackingNumber), ...stamp(entities.trackingNumber), caseId: c.caseId };
}

export function caseIdFromTrackingItem(item: Item): string {
  return parseAttribute(item, entities.trackingNumber, 'caseId', z.string().check(z.minLength(1)));
}

// ---------------------------------------------------------------------------------------------
// Submissions

/**
 * The update that marks a submission registered and takes it out of the pending partition (on its
 * own, or inside the transaction that registers its case).
 */
export function submissionRegisteredUpdate(tableName: string, channel: string, submissionId: string) {
  return {
    TableName: tableName,
    Key: keys.submission(channel, submissionId),
    UpdateExpression: 'SET #status = :registered REMOVE #duePk, #dueSk',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: {
      '#status': 'status',
      '#duePk': caseIndexes.due.partitionKey,
      '#dueSk': caseIndexes.due.sortKey,
    },
    ExpressionAttributeValues: { ':registered': 'registered' },
  };
}

/** A submission waiting for registration carries the due-index keys of the pending partition. */
export function submissionToItem(submission: StoredSubmission): Item {
  const { sealedQueryCode, status, acceptedAt, ...pending } = submission;
  return {
    ...keys.submission(submission.channel, submission.submissionId),
    ...stamp(entities.submission),
    submission: withoutUndefined(pending),
    sealedQueryCode,
    status,
    acceptedAt,
    ...(status === 'received'
      ? {
          [caseIndexes.due.partitionKey]: keys.pendingSubmissionsPartition,
          [caseIndexes.due.sortKey]: pendingSubmissionSortKey(
            acceptedAt,
            submission.channel,
            submission.submissionId,
          ),
        }
      : {}),
  };
}

function pendingSubmissionSortKey(acceptedAt: string, channel: string, submissionId: string): string {
  return `${acceptedAt}#${channel}#${submissionId}`;
}

/** The greatest pending-submission sort key of submissions accepted at or before `instant`. */
export function pendingSubmissionsUpTo(instant: string): string {
  return `${instant}#~`;
}

const storedSubmissionFields = z.object({
  sealedQueryCode: z.string().check(z.minLength(1)),
  status: z.enum(['received', 'registered']),
  acceptedAt: z.string(),
});

export function submissionFromItem(item: Item): StoredSubmission {
  assertEntity(item, entities.submission);
  return {
    ...parseValue(item, 'submission', pendingSubmissionSchema),
    ...parseValue({ value: item }, 'value', storedSubmissionFields),
  };
}

/** The channel and id of a submission from its key (pending-index items carry keys only). */
export function submissionRefFromKey(pk: string): { channel: Channel; submissionId: string } {
  const [prefix, channel, ...rest] = pk.split('#');
  if (
    prefix !== 'SUBMISSION' ||
    !(channels as readonly string[]).includes(channel ?? '') ||
    rest.length === 0
  )
    throw new ItemShapeError(pk, 'not a submission key');
  return { channel: channel as Channel, submissionId: rest.join('#') };
}

// ---------------------------------------------------------------------------------------------
// The staff feed

/** How long a feed entry is kept before DynamoDB's TTL removes it. */
const feedRetentionDays = 90;

/** The keys of a feed entry: derived from what it reports, never from when it was written. */
export function feedKey(entry: FeedEntry): ItemKey {
  const pk = keys.feedPartition(entry.unitId);
  if (entry.kind === 'digest') return { pk, sk: `${entry.at}#digest#${entry.day}` };
  if (entry.kind === hotspotWarningKind) return { pk, sk: `${entry.at}#hotspot#${entry.warningId}` };
  const version = String(entry.caseVersion).padStart(10, '0');
  return { pk, sk: `${entry.at}#${entry.caseId}#${version}#${entry.kind}` };
}

/** The item of a feed entry, with its expiry (epoch seconds) for the table's TTL. */
export function feedEntryToItem(entry: FeedEntry): Item {
  return {
    ...feedKey(entry),
    ...stamp(entities.feedEntry),
    entry: withoutUndefined(entry),
    expiresAt: Math.floor(Date.parse(entry.at) / 1000) + feedRetentionDays * 86_400,
  };
}

const addressee = z.object({ personId: z.string(), name: z.string(), role: z.enum(['leader', 'handler']) });
const feedEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    unitId: z.string(),
    kind: z.literal('digest'),
    day: z.string(),
    at: z.string(),
    title: z.string(),
    detail: z.string(),
    openCases: z.number(),
    byStage: z.partialRecord(z.enum(stages), z.number()),
    dueSoon: z.number(),
    overdue: z.number(),
    mostUrgent: z.array(
      z.object({
        caseId: z.string(),
        trackingNumber: z.string(),
        stage: z.enum(stages),
        dueAt: z.optional(z.string()),
        overdue: z.boolean(),
      }),
    ),
  }),
  z.object({
    unitId: z.string(),
    kind: z.literal(hotspotWarningKind),
    warningId: z.string(),
    at: z.string(),
    title: z.string(),
    detail: z.string(),
    regionCode: z.string(),
    topic: z.string(),
    clusterId: z.optional(z.string()),
    trackingNumbers: z.array(z.string()),
  }),
  ...staffAlertKinds.map((kind) =>
    z.object({
      unitId: z.string(),
      kind: z.literal(kind),
      caseId: z.string(),
      trackingNumber: z.string(),
      caseVersion: z.number(),
      at: z.string(),
      title: z.string(),
      detail: z.string(),
      dueAt: z.optional(z.string()),
      addressees: z.optional(z.array(addressee)),
    }),
  ),
]) as unknown as z.ZodMiniType<FeedEntry>;

export function feedEntryFromItem(item: Item): StoredFeedEntry {
  return { ...parseAttribute(item, entities.feedEntry, 'entry', feedEntrySchema), id: String(item['sk']) };
}

// ---------------------------------------------------------------------------------------------
// Reply templates

const replyTemplateSchema = z.object({
  outcome: z.enum(replyOutcomes),
  categoryId: z.string().check(z.minLength(1)),
  text: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export function replyTemplateToItem(template: ReplyTemplate): Item {
  return {
    ...keys.replyTemplate(template.outcome, template.categoryId),
    ...stamp(entities.replyTemplate),
    template: withoutUndefined(template),
  };
}

export function replyTemplateFromItem(item: Item): ReplyTemplate {
  return parseAttribute(item, entities.replyTemplate, 'template', replyTemplateSchema);
}

// ---------------------------------------------------------------------------------------------
// Assessment counters

/** How long an applied-event marker is kept before DynamoDB's TTL removes it. */
const kpiMarkerRetentionDays = 400;

export function kpiEventMarkerToItem(caseId: string, caseVersion: number, nowIso: string): Item {
  return {
    ...keys.kpiEventMarker(caseId, caseVersion),
    ...stamp(entities.kpiEventMarker),
    expiresAt: Math.floor(Date.parse(nowIso) / 1000) + kpiMarkerRetentionDays * 86_400,
  };
}

/** The counters an item holds (every known counter attribute that is a number). */
export function kpiCountersFromItem(item: Item): UnitMonthCounters {
  assertEntity(item, entities.kpiCounters);
  const counters: Partial<Record<CounterName, number>> = {};
  for (const name of counterNames) {
    const value = item[name];
    if (typeof value === 'number' && value !== 0) counters[name] = value;
  }
  return { unitId: String(item['unitId']), month: String(item['sk']), counters };
}

// ---------------------------------------------------------------------------------------------
// Rate windows

/** The instants (epoch ms, oldest first) counted in a window, and the version guarding its writes. */
export interface RateWindow {
  readonly seq: number;
  readonly times: readonly number[];
}

const rateWindowSchema = z.object({ seq: z.int(), times: z.array(z.number()) });

export function rateWindowToItem(scope: string, key: string, window: RateWindow, expiresAt: number): Item {
  return {
    ...keys.rateWindow(scope, key),
    ...stamp(entities.rateWindow),
    seq: window.seq,
    times: [...window.times],
    expiresAt,
  };
}

export function rateWindowFromItem(item: Item | undefined): RateWindow | undefined {
  if (item === undefined) return undefined;
  assertEntity(item, entities.rateWindow);
  return parseValue({ ...item, value: item }, 'value', rateWindowSchema);
}

// ---------------------------------------------------------------------------------------------
// Verification codes

export interface StoredVerificationCode {
  readonly digest: string;
  readonly issuedAt: string;
  readonly validUntil: string;
  readonly wrong: number;
  readonly usedBy?: string;
}

const verificationCodeSchema = z.object({
  digest: z.string().check(z.minLength(1)),
  issuedAt: z.string(),
  validUntil: z.string(),
  wrong: z.int(),
  usedBy: z.optional(z.string()),
});

/** A new code: its digest only, kept one hour past its validity for retried requests, then TTL. */
export function verificationCodeToItem(
  phoneKey: string,
  code: { digest: string; issuedAt: string; validUntil: string },
): Item {
  return {
    ...keys.verificationCode(phoneKey),
    ...stamp(entities.verificationCode),
    digest: code.digest,
    issuedAt: code.issuedAt,
    validUntil: code.validUntil,
    wrong: 0,
    expiresAt: Math.floor(Date.parse(code.validUntil) / 1000) + 3_600,
  };
}

export function verificationCodeFromItem(item: Item): StoredVerificationCode {
  assertEntity(item, entities.verificationCode);
  return parseValue({ ...item, value: item }, 'value', verificationCodeSchema);
}

// ---------------------------------------------------------------------------------------------
// Open311 requests

const open311RecordSchema = z.object({
  partnerId: z.string(),
  trackingNumber: z.string(),
  submissionId: z.string(),
  serviceCode: z.string(),
  requestedAt: z.string(),
  description: z.string(),
  address: z.optional(z.string()),
  lat: z.optional(z.number()),
  long: z.optional(z.number()),
  mediaUrl: z.optional(z.string()),
});

export function open311RecordToItem(record: Open311Record): Item {
  return {
    ...keys.open311Request(record.partnerId, record.trackingNumber),
    ...stamp(entities.open311Request),
    record: withoutUndefined(record),
  };
}

export function open311RecordFromItem(item: Item): Open311Record {
  return parseAttribute(item, entities.open311Request, 'record', open311RecordSchema) as Open311Record;
}

// ---------------------------------------------------------------------------------------------
// Hot issues (issue 16)

const termVectorSchema = z.array(z.tuple([z.string(), z.number()]));
const activeClusterSchema = z.object({
  clusterId: z.string(),
  lastAt: z.string(),
  size: z.int(),
  centroid: termVectorSchema,
});
const hotspotClusterSchema = z.object({
  clusterId: z.string(),
  regionCode: z.string(),
  topic: z.string(),
  title: z.string(),
  titleSimilarity: z.number(),
  keywords: z.array(z.string()),
  centroid: termVectorSchema,
  size: z.int(),
  distinctPetitioners: z.int(),
  firstAt: z.string(),
  lastAt: z.string(),
  members: z.array(
    z.object({
      caseId: z.string(),
      trackingNumber: z.string(),
      at: z.string(),
      petitioner: z.string(),
      skipLevel: z.boolean(),
      repeat: z.boolean(),
      dissatisfied: z.optional(z.boolean()),
    }),
  ),
  warned: z.array(z.string()),
}) as unknown as z.ZodMiniType<HotspotCluster>;
const hotspotWarningSchema = z.object({
  warningId: z.string(),
  kind: z.enum(['cluster', 'spike']),
  regionCode: z.string(),
  topic: z.string(),
  raisedAt: z.string(),
  clusterId: z.optional(z.string()),
  thresholdId: z.optional(z.string()),
  withinDays: z.optional(z.int()),
  title: z.string(),
  keywords: z.array(z.string()),
  size: z.int(),
  distinctPetitioners: z.int(),
  trackingNumbers: z.array(z.string()),
  spike: z.optional(z.object({ day: z.string(), count: z.int(), mean: z.number(), z: z.number() })),
}) as unknown as z.ZodMiniType<HotspotWarning>;

export function hotspotRegionToItem(
  regionCode: string,
  active: readonly ActiveCluster[],
  version: number,
): Item {
  return { ...keys.hotspotRegion(regionCode), ...stamp(entities.hotspotRegion), version, active };
}

export function hotspotRegionFromItem(regionCode: string, item: Item | undefined): RegionClusters {
  if (item === undefined) return { regionCode, version: 0, active: [] };
  assertEntity(item, entities.hotspotRegion);
  return {
    regionCode,
    version: parseValue(item, 'version', z.int()),
    active: parseValue(item, 'active', z.array(activeClusterSchema)) as readonly ActiveCluster[],
  };
}

/**
 * A cluster item. `size`, `firstAt` and `lastAt` are copied to attributes of their own for the
 * listing's filter; while it is active it carries the sweep's due-index keys.
 */
export function hotspotClusterToItem(cluster: HotspotCluster, version: number, activeUntil?: string): Item {
  return {
    ...keys.hotspotCluster(cluster.regionCode, cluster.clusterId),
    ...stamp(entities.hotspotCluster),
    version,
    size: cluster.size,
    firstAt: cluster.firstAt,
    lastAt: cluster.lastAt,
    cluster: withoutUndefined(cluster),
    ...(activeUntil === undefined
      ? {}
      : {
          [caseIndexes.due.partitionKey]: keys.activeClustersPartition,
          [caseIndexes.due.sortKey]: `${activeUntil}#${cluster.regionCode}#${cluster.clusterId}`,
        }),
  };
}

export function hotspotClusterFromItem(item: Item): StoredCluster {
  return {
    cluster: parseAttribute(item, entities.hotspotCluster, 'cluster', hotspotClusterSchema),
    version: parseValue(item, 'version', z.int()),
  };
}

export function hotspotMemberToItem(caseId: string, regionCode: string, clusterId: string): Item {
  return { ...keys.hotspotMember(caseId), ...stamp(entities.hotspotMember), regionCode, clusterId };
}

export function hotspotMemberFromItem(item: Item): { regionCode: string; clusterId: string } {
  assertEntity(item, entities.hotspotMember);
  return parseValue(
    { ...item, value: item },
    'value',
    z.object({ regionCode: z.string(), clusterId: z.string() }),
  );
}

/** The due-index keys of a day count: the sweep finds a day's region and topic pairs by them. */
export function hotspotDayIndexKeys(regionCode: string, topic: string, day: string): Item {
  return {
    [caseIndexes.due.partitionKey]: keys.hotspotDayPartition(day),
    [caseIndexes.due.sortKey]: `${regionCode}#${topic}`,
  };
}

/** The region and topic a day-index item names. */
export function hotspotDayPairOf(item: Item): { regionCode: string; topic: string } {
  const sk = String(item[caseIndexes.due.sortKey]);
  const at = sk.indexOf('#');
  if (at < 1) throw new ItemShapeError(where(item), 'not a hot-issue day index key');
  return { regionCode: sk.slice(0, at), topic: sk.slice(at + 1) };
}

export function hotspotDayCountOf(item: Item): number {
  assertEntity(item, entities.hotspotDay);
  return parseValue(item, 'count', z.int());
}

/** A raised warning, undelivered: it carries the due-index keys of the pending partition until delivered. */
export function hotspotWarningToItem(warning: HotspotWarning): Item {
  return {
    ...keys.hotspotWarning(warning.warningId),
    ...stamp(entities.hotspotWarning),
    warning: withoutUndefined(warning),
    delivered: false,
    [caseIndexes.due.partitionKey]: keys.pendingWarningsPartition,
    [caseIndexes.due.sortKey]: `${warning.raisedAt}#${warning.warningId}`,
  };
}

export function hotspotWarningFromItem(item: Item): HotspotWarning {
  return parseAttribute(item, entities.hotspotWarning, 'warning', hotspotWarningSchema);
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** The entity and schema version every item carries. */
function stamp(entity: Entity): { entity: Entity; schemaVersion: number } {
  return { entity, schemaVersion: schemaVersions[entity] };
}

/** An item is not what its key or entity says, or is of a layout this code cannot read. */
export class ItemShapeError extends Error {
  constructor(where: string, problem: string) {
    super(`item ${where}: ${problem}`);
    this.name = 'ItemShapeError';
  }
}

function where(item: Item): string {
  return `${String(item['pk'])}/${String(item['sk'])}`;
}

function assertEntity(item: Item, entity: Entity): void {
  if (item['entity'] !== entity) {
    throw new ItemShapeError(where(item), `is a '${String(item['entity'])}', not a '${entity}'`);
  }
  const version = item['schemaVersion'] ?? 1;
  if (typeof version !== 'number' || version > schemaVersions[entity]) {
    throw new ItemShapeError(
      where(item),
      `has schema version ${String(version)}; this code reads ${entity} items up to version ${schemaVersions[entity]}`,
    );
  }
}

function parseValue<T>(item: Item, attribute: string, schema: z.ZodMiniType<T>): T {
  const parsed = schema.safeParse(item[attribute]);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${[attribute, ...i.path].join('.')}: ${i.message}`)
      .join('; ');
    throw new ItemShapeError(where(item), problems);
  }
  return parsed.data;
}

function parseAttribute<T>(item: Item, entity: Entity, attribute: string, schema: z.ZodMiniType<T>): T {
  assertEntity(item, entity);
  return parseValue(item, attribute, schema);
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
class CaseItemTooLargeError extends Error {
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
    // New images only: the event relay reads the history lines written (their events).
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
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
