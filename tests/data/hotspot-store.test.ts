/** DynamoHotspotStore against DynamoDB Local (issue 16): assignments once, versioned, the sweep's index. */
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { type GroupedCase, joinCluster, withActiveCluster } from '../../domain/hotspots/clusters.js';
import type { Assignment } from '../../domain/hotspots/store.js';
import { termVector } from '../../domain/hotspots/terms.js';
import { clusterWarning } from '../../domain/hotspots/warnings.js';
import { DynamoHotspotStore } from '../../functions/adapters/dynamodb/hotspot-store.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

let table: TestTable;
let store: DynamoHotspotStore;

beforeEach(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  store = new DynamoHotspotStore(table.client, table.tableName);
});

afterEach(async () => {
  await table.dispose();
});

const grouped = (n: number): GroupedCase => ({
  caseId: `XF2026050100000${n}`,
  trackingNumber: `XF2026050100000${n}`,
  regionCode: '330106',
  receivedAt: `2026-05-01T0${n}:00:00.000Z`,
  petitioner: `p${n}`,
  skipLevel: false,
  title: '蒋村化工厂排放刺鼻气味',
  topic: '环境保护',
  vector: termVector('蒋村化工厂排放刺鼻气味', '请查处', () => 1),
});

async function assignment(n: number, overrides: Partial<Assignment> = {}): Promise<Assignment> {
  const region = await store.regionClusters('330106');
  const clusterId = region.active[0]?.clusterId;
  const stored = clusterId ? await store.cluster('330106', clusterId) : undefined;
  const cluster = joinCluster(stored?.cluster, grouped(n), 0.9);
  return {
    caseId: grouped(n).caseId,
    region,
    activeAfter: withActiveCluster(region.active, cluster, grouped(n).receivedAt, 30),
    cluster,
    clusterVersion: stored?.version ?? 0,
    day: '2026-05-01',
    warnings: [],
    ...(cluster.size >= 2 ? { activeUntil: '2026-05-31T00:00:00.000Z' } : {}),
    ...overrides,
  };
}

describe('DynamoHotspotStore', () => {
  it('assigns a case once: a second commit of the same case is refused whole', async () => {
    const first = await assignment(1);
    expect(await store.assign(first)).toBe('assigned');
    expect(await store.assign({ ...first, region: { ...first.region, version: 1 } })).toBe(
      'already_assigned',
    );
    expect(await store.membership(grouped(1).caseId)).toEqual({
      regionCode: '330106',
      clusterId: first.cluster.clusterId,
    });
    expect(await store.dayCounts('330106', '环境保护', ['2026-05-01'])).toEqual(new Map([['2026-05-01', 1]]));
  });

  it('refuses an assignment made on a region that moved on meanwhile', async () => {
    const stale = await assignment(1);
    expect(await store.assign(await assignment(2))).toBe('assigned');
    expect(await store.assign(stale)).toBe('conflict');
    expect(await store.membership(grouped(1).caseId)).toBeUndefined();
  });

  it('lists active clusters of several cases for the sweep, and no longer once retired', async () => {
    await store.assign(await assignment(1));
    await store.assign(await assignment(2));
    const active = await store.activeClusters('2026-05-02T00:00:00.000Z');
    expect(active.map((a) => a.cluster.size)).toEqual([2]);
    await store.recordHeat(active[0]!, { heat: 5, growth: 1, at: '2026-06-30T00:00:00.000Z' }, false);
    expect(await store.activeClusters('2026-05-02T00:00:00.000Z')).toEqual([]);
    expect(
      (
        await store.clustersOf(
          ['330106'],
          { from: '2026-05-01T00:00:00.000Z', to: '2026-05-02T00:00:00.000Z' },
          2,
        )
      ).length,
    ).toBe(1);
  });

  it('keeps a raised warning undelivered until marked, and raises it once', async () => {
    const a = await assignment(1);
    const warning = clusterWarning(
      a.cluster,
      { id: 'five', distinctPetitioners: 5, withinDays: 7 },
      a.cluster.lastAt,
    );
    expect(await store.assign({ ...a, warnings: [warning] })).toBe('assigned');
    expect(await store.raise(warning)).toBe(false);
    expect((await store.undelivered(10)).map((w) => w.warningId)).toEqual([warning.warningId]);
    await store.markDelivered(warning.warningId);
    expect(await store.undelivered(10)).toEqual([]);
    expect(await store.countedOn('2026-05-01')).toEqual([{ regionCode: '330106', topic: '环境保护' }]);
  });
});
