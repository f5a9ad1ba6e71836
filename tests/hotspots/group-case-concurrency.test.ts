/**
 * Grouping under a burst (issue 13, issue 16), through the use case on DynamoHotspotStore against
 * DynamoDB Local: many cases of one region at once each cost re-reads, never a failed record, and
 * every case is counted in exactly one cluster.
 */
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { groupCase, type Registration } from '../../application/hotspots/group-case.js';
import { termVector } from '../../domain/hotspots/terms.js';
import { provinceDirectory } from '../../domain/province/directory.js';
import type { HotspotWarningRaised } from '../../events/hotspot-events.js';
import { DynamoHotspotStore } from '../../functions/adapters/dynamodb/hotspot-store.js';
import { provinceConfig } from '../../provinces/index.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

const config = provinceConfig('zhejiang');
const directory = provinceDirectory(config);
const region = '330106';

/** Two matters of one region, so that cases of the burst both join and start clusters. */
const matters = [
  {
    title: '蒋村化工厂排放刺鼻气味',
    content: '蒋村化工厂晚上排放刺鼻气味，请环保部门查处偷排',
    topic: '环境保护',
  },
  {
    title: '文三路路面塌陷多处坑洼',
    content: '文三路路面塌陷，坑洼积水，车辆行人通行危险',
    topic: '城乡建设',
  },
] as const;

let table: TestTable;
let store: DynamoHotspotStore;

beforeEach(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  store = new DynamoHotspotStore(table.client, table.tableName);
});

afterEach(async () => {
  await table.dispose();
});

function ports() {
  const events: HotspotWarningRaised[] = [];
  return {
    events,
    ports: {
      hotspots: store,
      text: {
        read: (title: string, content: string) => ({
          vector: termVector(title, content, () => 1),
          topic: matters.find((m) => m.title === title)?.topic ?? '其他',
        }),
      },
      province: { config, directory },
      staffFeed: { add: async (entries: readonly unknown[]) => entries.length },
      hotspotEvents: {
        publishHotspotEvents: async (e: readonly HotspotWarningRaised[]) => {
          events.push(...e);
        },
      },
      logger: { info() {}, warn() {}, error() {} },
    },
  };
}

function registration(n: number): Registration {
  const matter = matters[n % matters.length]!;
  const id = `XF202605010${String(n).padStart(5, '0')}`;
  return {
    caseId: id,
    trackingNumber: id,
    receivedAt: `2026-05-01T02:${String(n).padStart(2, '0')}:00.000Z`,
    regionCode: region,
    title: matter.title,
    content: `${matter.content}（第${n}位居民）。`,
    skipLevel: false,
    petitioner: { identityKey: `phone-key-${n}` },
  };
}

describe('grouping a burst of one region', () => {
  it('assigns every one of 20 cases registered at once exactly once, without failing any', async () => {
    // Prepare
    const { ports: grouping } = ports();
    const burst = Array.from({ length: 20 }, (_, i) => registration(i + 1));

    // Act
    const settled = await Promise.allSettled(burst.map((r) => groupCase(grouping, r)));

    // Assess
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    const results = settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    expect(results.map((r) => r?.outcome)).toEqual(burst.map(() => 'assigned'));
    const memberships = await Promise.all(burst.map((r) => store.membership(r.caseId)));
    expect(memberships.every((m) => m?.regionCode === region)).toBe(true);
    const clusters = await store.clustersOf(
      [region],
      { from: '2026-05-01T00:00:00.000Z', to: '2026-05-02T00:00:00.000Z' },
      1,
    );
    const members = clusters.flatMap((c) => c.members.map((m) => m.caseId));
    expect([...members].sort()).toEqual(burst.map((r) => r.caseId).sort());
    expect(clusters.reduce((sum, c) => sum + c.size, 0)).toBe(burst.length);
    expect(clusters.map((c) => c.size).sort()).toEqual([10, 10]);
    burst.forEach((r, i) => {
      const joined = clusters.find((c) => c.clusterId === memberships[i]?.clusterId);
      expect(joined?.members.map((m) => m.caseId)).toContain(r.caseId);
    });
    const days = await Promise.all(matters.map((m) => store.dayCounts(region, m.topic, ['2026-05-01'])));
    expect(days.map((d) => d.get('2026-05-01'))).toEqual([10, 10]);
  });
});
