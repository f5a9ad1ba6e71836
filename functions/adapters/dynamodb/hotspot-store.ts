/**
 * Hot-issue clusters on the case table (issue 16; item layouts in table.ts, docs/data-model.md,
 * docs/decisions/0019-hot-issues.md).
 *
 * An assignment is one transaction: the case's membership (put only if absent: a redelivery
 * cancels the whole transaction and nothing counts twice), the region's list of active clusters
 * and the cluster (each put only at the version read, so two cases of one region at once cannot
 * both start the same matter), the day count, and the warnings it raised (each put only if
 * absent). The sweep reads active clusters, a day's region and topic pairs and undelivered
 * warnings from the sparse due index, never by scanning.
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { HotspotCluster } from '../../../domain/hotspots/clusters.js';
import type {
  Assignment,
  AssignmentResult,
  HotspotStore,
  RegionClusters,
  StoredCluster,
} from '../../../domain/hotspots/store.js';
import type { HotspotWarning } from '../../../domain/hotspots/warnings.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import {
  caseIndexes,
  entities,
  hotspotClusterFromItem,
  hotspotClusterToItem,
  hotspotDayCountOf,
  hotspotDayIndexKeys,
  hotspotDayPairOf,
  hotspotMemberFromItem,
  hotspotMemberToItem,
  hotspotRegionFromItem,
  hotspotRegionToItem,
  hotspotWarningFromItem,
  hotspotWarningToItem,
  type Item,
  keys,
  tableKeys,
} from './table.js';

const batchGetLimit = 100;
const maxBatchAttempts = 8;

/** Hot-issue storage could not be read or written; the SDK error is the cause. */
class HotspotStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HotspotStoreError';
  }
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function cancellationCodes(error: unknown): readonly (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return Array.isArray(reasons) ? reasons.map((r) => r.Code) : [];
}

/** Items read and written, for the benchmark and the sweep's metrics. */
export interface ItemCounts {
  read: number;
  written: number;
}

export class DynamoHotspotStore implements HotspotStore {
  readonly counts: ItemCounts = { read: 0, written: 0 };

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async membership(caseId: string) {
    const item = await this.get(keys.hotspotMember(caseId));
    return item ? hotspotMemberFromItem(item) : undefined;
  }

  async regionClusters(regionCode: string): Promise<RegionClusters> {
    return hotspotRegionFromItem(regionCode, await this.get(keys.hotspotRegion(regionCode)));
  }

  async cluster(regionCode: string, clusterId: string): Promise<StoredCluster | undefined> {
    const item = await this.get(keys.hotspotCluster(regionCode, clusterId));
    return item ? hotspotClusterFromItem(item) : undefined;
  }

  async assign(a: Assignment): Promise<AssignmentResult> {
    const regionCode = a.cluster.regionCode;
    const versioned = (version: number) =>
      version === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': version },
          };
    const day = keys.hotspotDay(regionCode, a.cluster.topic, a.day);
    const items = [
      {
        Put: {
          TableName: this.tableName,
          Item: hotspotMemberToItem(a.caseId, regionCode, a.cluster.clusterId),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: hotspotRegionToItem(regionCode, a.activeAfter, a.region.version + 1),
          ...versioned(a.region.version),
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: hotspotClusterToItem(a.cluster, a.clusterVersion + 1, a.activeUntil),
          ...versioned(a.clusterVersion),
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: day,
          UpdateExpression:
            'ADD #count :one SET #entity = :entity, schemaVersion = :v1, regionCode = :region, topic = :topic, #duePk = :duePk, #dueSk = :dueSk',
          ExpressionAttributeNames: {
            '#count': 'count',
            '#entity': 'entity',
            '#duePk': caseIndexes.due.partitionKey,
            '#dueSk': caseIndexes.due.sortKey,
          },
          ExpressionAttributeValues: {
            ':one': 1,
            ':entity': entities.hotspotDay,
            ':v1': 1,
            ':region': regionCode,
            ':topic': a.cluster.topic,
            ':duePk': hotspotDayIndexKeys(regionCode, a.cluster.topic, a.day)[caseIndexes.due.partitionKey],
            ':dueSk': hotspotDayIndexKeys(regionCode, a.cluster.topic, a.day)[caseIndexes.due.sortKey],
          },
        },
      },
      ...a.warnings.map((w) => ({
        Put: {
          TableName: this.tableName,
          Item: hotspotWarningToItem(w),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      this.counts.written += items.length;
      return 'assigned';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes === undefined)
        throw new HotspotStoreError(`assigning case ${a.caseId} to a cluster failed`, { cause: error });
      if (codes[0] === 'ConditionalCheckFailed') return 'already_assigned';
      return 'conflict';
    }
  }

  async replaceCluster(cluster: HotspotCluster, version: number): Promise<boolean> {
    const key = keys.hotspotCluster(cluster.regionCode, cluster.clusterId);
    const current = await this.get(key);
    try {
      // The index keys stay as they are: only the sweep moves a cluster in or out of its index.
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...hotspotClusterToItem(cluster, version + 1),
            ...indexKeysOf(current),
            ...(current?.['heat'] === undefined
              ? {}
              : { heat: current['heat'], growth: current['growth'], heatAt: current['heatAt'] }),
          },
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': version },
        }),
      );
      this.counts.written++;
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw new HotspotStoreError(`writing cluster ${cluster.clusterId} failed`, { cause: error });
    }
  }

  async activeClusters(now: string): Promise<readonly StoredCluster[]> {
    const refs = await this.queryAll({
      IndexName: caseIndexes.due.indexName,
      KeyConditionExpression: '#pk = :pk AND #sk >= :now',
      ExpressionAttributeNames: { '#pk': caseIndexes.due.partitionKey, '#sk': caseIndexes.due.sortKey },
      ExpressionAttributeValues: { ':pk': keys.activeClustersPartition, ':now': now },
    });
    const items = await this.batchGet(refs.map((r) => ({ pk: String(r['pk']), sk: String(r['sk']) })));
    return items.map(hotspotClusterFromItem);
  }

  async recordHeat(
    stored: StoredCluster,
    heat: { heat: number; growth: number; at: string },
    stillActive: boolean,
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.hotspotCluster(stored.cluster.regionCode, stored.cluster.clusterId),
          UpdateExpression: `SET heat = :heat, growth = :growth, heatAt = :at${stillActive ? '' : ' REMOVE #duePk, #dueSk'}`,
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: {
            '#version': 'version',
            ...(stillActive
              ? {}
              : { '#duePk': caseIndexes.due.partitionKey, '#dueSk': caseIndexes.due.sortKey }),
          },
          ExpressionAttributeValues: {
            ':heat': heat.heat,
            ':growth': heat.growth,
            ':at': heat.at,
            ':version': stored.version,
          },
        }),
      );
      this.counts.written++;
    } catch (error) {
      // A case joined meanwhile: the next sweep records the heat of the cluster as it is then.
      if (isConditionFailure(error)) return;
      throw new HotspotStoreError(`recording the heat of ${stored.cluster.clusterId} failed`, {
        cause: error,
      });
    }
  }

  async clustersOf(
    regionCodes: readonly string[],
    range: { from: string; to: string },
    minSize: number,
  ): Promise<readonly HotspotCluster[]> {
    const perRegion = await Promise.all(
      regionCodes.map((code) =>
        this.queryAll({
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          FilterExpression: '#size >= :min AND firstAt <= :to AND lastAt >= :from',
          ExpressionAttributeNames: {
            '#pk': tableKeys.partitionKey,
            '#sk': tableKeys.sortKey,
            '#size': 'size',
          },
          ExpressionAttributeValues: {
            ':pk': keys.hotspotPartition(code),
            ':prefix': keys.hotspotClusterPrefix,
            ':min': minSize,
            ':to': range.to,
            ':from': range.from,
          },
        }),
      ),
    );
    return perRegion.flat().map((item) => hotspotClusterFromItem(item).cluster);
  }

  async countedOn(day: string) {
    const refs = await this.queryAll({
      IndexName: caseIndexes.due.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': caseIndexes.due.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.hotspotDayPartition(day) },
    });
    return refs.map(hotspotDayPairOf);
  }

  async dayCounts(regionCode: string, topic: string, days: readonly string[]) {
    const items = await this.batchGet(days.map((d) => keys.hotspotDay(regionCode, topic, d)));
    return new Map(items.map((item) => [String(item['sk']), hotspotDayCountOf(item)]));
  }

  async raise(warning: HotspotWarning): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: hotspotWarningToItem(warning),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      this.counts.written++;
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw new HotspotStoreError(`raising warning ${warning.warningId} failed`, { cause: error });
    }
  }

  async undelivered(limit: number): Promise<readonly HotspotWarning[]> {
    const out = await this.query({
      IndexName: caseIndexes.due.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': caseIndexes.due.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.pendingWarningsPartition },
      Limit: limit,
    });
    const items = await this.batchGet(out.items.map((r) => ({ pk: String(r['pk']), sk: String(r['sk']) })));
    return items
      .filter((item) => item['delivered'] !== true)
      .map(hotspotWarningFromItem)
      .sort((a, b) => (a.raisedAt < b.raisedAt ? -1 : 1));
  }

  async markDelivered(warningId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.hotspotWarning(warningId),
        UpdateExpression: 'SET delivered = :true REMOVE #duePk, #dueSk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: {
          '#duePk': caseIndexes.due.partitionKey,
          '#dueSk': caseIndexes.due.sortKey,
        },
        ExpressionAttributeValues: { ':true': true },
      }),
    );
    this.counts.written++;
  }

  private async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    try {
      const out = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      this.counts.read++;
      return out.Item;
    } catch (error) {
      throw new HotspotStoreError(`reading ${key.pk} failed`, { cause: error });
    }
  }

  private async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<{ items: Item[]; next?: Item }> {
    try {
      const out = await this.client.send(new QueryCommand({ TableName: this.tableName, ...input }));
      this.counts.read += out.ScannedCount ?? out.Items?.length ?? 0;
      return { items: out.Items ?? [], ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
    } catch (error) {
      throw new HotspotStoreError('querying hot issues failed', { cause: error });
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const all: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await this.query({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) });
      all.push(...page.items);
      start = page.next;
    } while (start);
    return all;
  }

  private async batchGet(wanted: readonly { pk: string; sk: string }[]): Promise<Item[]> {
    const found: Item[] = [];
    for (let i = 0; i < wanted.length; i += batchGetLimit) {
      let pending: Record<string, unknown>[] = wanted
        .slice(i, i + batchGetLimit)
        .map((k) => ({ pk: k.pk, sk: k.sk }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= maxBatchAttempts)
          throw new HotspotStoreError(`${pending.length} items stayed unprocessed`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
        try {
          const out = await this.client.send(
            new BatchGetCommand({
              RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          );
          const items = out.Responses?.[this.tableName] ?? [];
          this.counts.read += items.length;
          found.push(...items);
          pending = out.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        } catch (error) {
          throw new HotspotStoreError('reading hot-issue items failed', { cause: error });
        }
      }
    }
    return found;
  }
}

/** The due-index keys an item carries, to keep them through a rewrite. */
function indexKeysOf(item: Item | undefined): Item {
  const pk = item?.[caseIndexes.due.partitionKey];
  const sk = item?.[caseIndexes.due.sortKey];
  return pk === undefined || sk === undefined
    ? {}
    : { [caseIndexes.due.partitionKey]: pk, [caseIndexes.due.sortKey]: sk };
}

/** Hot-issue storage of a function granted the table. */
export function hotspotStore(env: Env): DynamoHotspotStore {
  return new DynamoHotspotStore(documentClient(env), tableName(env));
}
