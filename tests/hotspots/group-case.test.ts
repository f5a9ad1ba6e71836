/**
 * Grouping and the sweep as use cases (issue 16), on the in-memory store with the adapter's
 * semantics: a retried delivery changes nothing, cases of one region at once do not split a matter,
 * a warning is delivered once however often the sweep runs.
 */
import { describe, expect, it } from 'vitest';
import { countDissatisfied, groupCase, type Registration } from '../../application/hotspots/group-case.js';
import { sweepHotspots } from '../../application/hotspots/sweep-hotspots.js';
import { termVector } from '../../domain/hotspots/terms.js';
import { provinceDirectory } from '../../domain/province/directory.js';
import type { HotspotWarningRaised } from '../../events/hotspot-events.js';
import { hotspotWarningRaisedSchema } from '../../events/hotspot-events.js';
import { provinceConfig } from '../../provinces/index.js';
import { MemoryHotspotStore } from './memory-store.js';

const config = provinceConfig('zhejiang');
const directory = provinceDirectory(config);

function setup(now = '2026-05-02T02:00:00.000Z') {
  const store = new MemoryHotspotStore();
  const feed: unknown[] = [];
  const events: HotspotWarningRaised[] = [];
  const ports = {
    hotspots: store,
    text: { read: (t: string, c: string) => ({ vector: termVector(t, c, () => 1), topic: '环境保护' }) },
    province: { config, directory },
    staffFeed: {
      add: async (entries: readonly { at: string; warningId?: string }[]) => {
        const fresh = entries.filter(
          (e) => !feed.some((f) => (f as { warningId?: string }).warningId === e.warningId),
        );
        feed.push(...fresh);
        return fresh.length;
      },
    },
    hotspotEvents: {
      publishHotspotEvents: async (e: readonly HotspotWarningRaised[]) => {
        events.push(...e);
      },
    },
    logger: { info() {}, warn() {}, error() {} },
    clock: { now: () => now },
    metrics: { record() {} },
  };
  return { store, feed, events, ports };
}

function registration(n: number, petitioner = `phone-key-${n}`): Registration {
  return {
    caseId: `XF2026050100000${n}`,
    trackingNumber: `XF2026050100000${n}`,
    receivedAt: `2026-05-01T0${n}:00:00.000Z`,
    regionCode: '330106',
    title: '蒋村化工厂排放刺鼻气味',
    content: `蒋村化工厂晚上排放刺鼻气味，请环保部门查处偷排（第${n}位居民）。`,
    skipLevel: false,
    petitioner: { identityKey: petitioner },
  };
}

describe('grouping a registered case', () => {
  it('changes nothing when the same registration is delivered again', async () => {
    // Prepare
    const { store, ports } = setup();
    await groupCase(ports, registration(1));
    const before = JSON.stringify([...store.clusters.values()]);

    // Act
    const again = await groupCase(ports, registration(1));

    // Assess
    expect(again.outcome).toBe('already_assigned');
    expect(JSON.stringify([...store.clusters.values()])).toBe(before);
    expect([...store.days.values()]).toEqual([1]);
  });

  it('puts cases of one matter that arrive at once into one cluster', async () => {
    const { store, ports } = setup();
    await Promise.all([1, 2, 3, 4].map((n) => groupCase(ports, registration(n))));
    const clusters = [...store.clusters.values()].map((c) => c.cluster);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.size).toBe(4);
  });

  it('warns once at the fifth distinct petitioner, with an event of the contract, and the sweep adds none', async () => {
    // Prepare
    const { ports, feed, events } = setup();
    for (const n of [1, 2, 3, 4]) await groupCase(ports, registration(n));
    await groupCase(ports, registration(5, 'phone-key-1'));
    expect(feed).toHaveLength(0);

    // Act
    await groupCase(ports, registration(6));
    await groupCase(ports, registration(7));
    await sweepHotspots(ports);
    await sweepHotspots(ports);

    // Assess
    expect(feed).toHaveLength(1);
    expect(events).toHaveLength(1);
    expect(hotspotWarningRaisedSchema.safeParse(events[0]).success).toBe(true);
    expect(events[0]).toMatchObject({ bureauUnitId: '330106-xinfang', distinctPetitioners: 5, size: 6 });
  });

  it('delivers in the sweep a warning stored by a grouper that crashed before delivering it', async () => {
    const { store, ports, feed } = setup();
    const failing = {
      ...ports,
      staffFeed: {
        add: async () => {
          throw new Error('feed down');
        },
      },
    };
    for (const n of [1, 2, 3, 4]) await groupCase(ports, registration(n));
    await expect(groupCase(failing, registration(5))).rejects.toThrow('feed down');
    expect(await groupCase(ports, registration(5))).toMatchObject({ outcome: 'already_assigned' });

    const report = await sweepHotspots(ports);

    expect(report.warningsDelivered).toBe(1);
    expect(feed).toHaveLength(1);
    expect(await store.undelivered(10)).toEqual([]);
  });

  it('counts a dissatisfied rating in the case’s cluster once', async () => {
    const { store, ports } = setup();
    await groupCase(ports, registration(1));
    expect(await countDissatisfied(ports, 'XF20260501000001')).toBe(true);
    expect(await countDissatisfied(ports, 'XF20260501000001')).toBe(false);
    expect([...store.clusters.values()][0]?.cluster.members[0]?.dissatisfied).toBe(true);
    expect(await countDissatisfied(ports, 'XF-not-grouped')).toBe(false);
  });
});
