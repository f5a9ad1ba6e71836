/** The pure hot-issue rules (issue 16): term vectors, choosing and joining clusters, thresholds, heat, spikes. */
import { describe, expect, it } from 'vitest';
import {
  type ActiveCluster,
  chooseCluster,
  type GroupedCase,
  type HotspotCluster,
  heatOf,
  joinCluster,
  maxActivePerRegion,
  spikeOf,
  thresholdsPassed,
  withActiveCluster,
} from '../../domain/hotspots/clusters.js';
import { cosine, keywordsOf, termVector } from '../../domain/hotspots/terms.js';
import { clusterWarning } from '../../domain/hotspots/warnings.js';
import { hotspotWarningAlert } from '../../domain/notifications/staff-alerts.js';
import { provinceConfig } from '../../provinces/index.js';

const flatIdf = () => 1;
const config = provinceConfig('zhejiang').hotspots;
const DAY = 86_400_000;
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 4, 1 + day, hour)).toISOString();

const smell = [
  '蒋村化工厂排放刺鼻气味',
  '蒋村化工厂每天晚上排放刺鼻气味，请环保部门查处化工厂偷排。',
] as const;
const fees = ['小区物业乱收费', '物业公司擅自提高物业费，业主多次反映无果，请调查处理。'] as const;

function petition(
  n: number,
  text: readonly [string, string],
  petitioner = `p${n}`,
  when = at(n),
): GroupedCase {
  return {
    caseId: `XF2026050100000${n}`,
    trackingNumber: `XF2026050100000${n}`,
    regionCode: '330106',
    receivedAt: when,
    petitioner,
    skipLevel: false,
    title: text[0],
    topic: '环境保护',
    vector: termVector(text[0], text[1], flatIdf),
  };
}

/** A cluster grown from the petitions, in order. */
function grow(cases: readonly GroupedCase[]): HotspotCluster {
  let cluster: HotspotCluster | undefined;
  for (const c of cases) cluster = joinCluster(cluster, c, cluster ? cosine(c.vector, cluster.centroid) : 1);
  return cluster as HotspotCluster;
}

describe('term vectors', () => {
  it('gives a vector of unit length from the Chinese text only', () => {
    const vector = termVector('化工厂 2026年！', '化工厂ABC排放', flatIdf);
    expect(vector.every(([t]) => /^\p{Script=Han}{2}$/u.test(t))).toBe(true);
    expect(vector.reduce((s, [, w]) => s + w * w, 0)).toBeCloseTo(1, 3);
  });

  it('finds one matter worded twice closer than two matters', () => {
    const a = termVector(...smell, flatIdf);
    const b = termVector('化工厂气味刺鼻', '蒋村化工厂晚上排放刺鼻废气，请查处。', flatIdf);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, termVector(...fees, flatIdf)) + 0.2);
    expect(cosine(a, a)).toBeCloseTo(1, 3);
  });

  it('takes readable keywords from the title, not fragments across words', () => {
    const vector = termVector(...smell, flatIdf);
    expect(keywordsOf(vector, smell[0])[0]).toBe('蒋村化工厂排放刺鼻气味');
  });
});

describe('choosing a cluster', () => {
  const cluster = grow([petition(1, smell)]);
  const active: ActiveCluster[] = [
    { clusterId: cluster.clusterId, lastAt: cluster.lastAt, size: 1, centroid: cluster.centroid },
  ];

  it('chooses the similar active cluster and none for another matter', () => {
    expect(chooseCluster(active, petition(2, smell), config)?.clusterId).toBe(cluster.clusterId);
    expect(chooseCluster(active, petition(2, fees), config)).toBeUndefined();
  });

  it('ignores a cluster quiet for longer than the look-back', () => {
    const late = petition(2, smell, 'p2', at(config.lookbackDays + 2));
    expect(chooseCluster(active, late, config)).toBeUndefined();
  });
});

describe('joining a cluster', () => {
  it('counts a petitioner raising the matter again as a repeat, not as another person', () => {
    const cluster = grow([petition(1, smell), petition(2, smell), petition(3, smell, 'p1')]);
    expect(cluster.size).toBe(3);
    expect(cluster.distinctPetitioners).toBe(2);
    expect(cluster.members.map((m) => m.repeat)).toEqual([false, false, true]);
  });

  it('starts a cluster whose id comes from the case, so a retried delivery starts the same one', () => {
    expect(grow([petition(1, smell)]).clusterId).toBe(grow([petition(1, smell)]).clusterId);
  });
});

describe('thresholds', () => {
  const five = [1, 2, 3, 4, 5].map((n) => petition(n, smell, `p${n}`, at(1, n)));

  it('passes at five distinct petitioners within seven days, once', () => {
    const cluster = grow(five);
    const passed = thresholdsPassed(cluster, config.thresholds, at(1, 6));
    expect(passed.map((t) => t.id)).toEqual(['five-in-seven-days']);
    expect(
      thresholdsPassed({ ...cluster, warned: ['five-in-seven-days'] }, config.thresholds, at(1, 6)),
    ).toEqual([]);
  });

  it('does not pass on repeats by one petitioner, nor on cases spread beyond the window', () => {
    const repeats = grow([...five.slice(0, 4), petition(9, smell, 'p1', at(1, 9))]);
    expect(thresholdsPassed(repeats, config.thresholds, at(1, 10))).toEqual([]);
    const spread = grow([1, 2, 3, 4, 5].map((n) => petition(n, smell, `p${n}`, at(n * 3))));
    expect(thresholdsPassed(spread, config.thresholds, at(16))).toEqual([]);
  });

  it('warns the bureau about the matter and the place without naming a petitioner', () => {
    const cluster = grow(five);
    const alert = hotspotWarningAlert(
      clusterWarning(cluster, config.thresholds[0]!, at(1, 6)),
      '330106-xinfang',
      '西湖区',
    );
    expect(alert.kind).toBe('hotspot_warning');
    expect(alert.detail).toContain('西湖区7日内已有5名不同信访人');
    expect(JSON.stringify(alert)).not.toMatch(/"p[0-9]"/);
  });
});

describe('heat', () => {
  const cluster = grow([1, 2, 3].map((n) => petition(n, smell, `p${n}`, at(0, n))));

  it('halves as a quiet cluster ages by one half-life', () => {
    const later = heatOf(cluster, at(3 * config.windowDays), config).heat;
    const oneHalfLifeLater = heatOf(
      cluster,
      new Date(Date.parse(at(3 * config.windowDays)) + config.halfLifeDays * DAY).toISOString(),
      config,
    ).heat;
    expect(oneHalfLifeLater).toBeCloseTo(later / 2, 1);
  });

  it('grows with distinct petitioners more than with repeats, and with dissatisfied ratings', () => {
    const distinct = heatOf(
      grow([1, 2, 3, 4].map((n) => petition(n, smell, `p${n}`, at(0, n)))),
      at(0, 6),
      config,
    );
    const repeats = heatOf(
      grow([1, 2, 3, 4].map((n) => petition(n, smell, 'p1', at(0, n)))),
      at(0, 6),
      config,
    );
    expect(distinct.heat).toBeGreaterThan(repeats.heat);
    const dissatisfied = { members: cluster.members.map((m) => ({ ...m, dissatisfied: true })) };
    expect(heatOf(dissatisfied, at(0, 6), config).heat).toBeGreaterThan(
      heatOf(cluster, at(0, 6), config).heat,
    );
  });

  it('measures growth against the window before', () => {
    const rising = grow([
      petition(1, smell, 'p1', at(0)),
      ...[2, 3, 4].map((n) => petition(n, smell, `p${n}`, at(config.windowDays + 1, n))),
    ]);
    expect(heatOf(rising, at(config.windowDays + 1, 8), config).growth).toBe(2);
  });
});

describe('spikes', () => {
  const counts = (map: Record<string, number>) => (day: string) => map[day] ?? 0;

  it('finds a day far above the same weekday of the weeks before', () => {
    const spike = spikeOf(
      '2026-05-29',
      counts({ '2026-05-29': 12, '2026-05-22': 2, '2026-05-15': 3, '2026-05-08': 2, '2026-05-01': 1 }),
      config.spike,
    );
    expect(spike?.count).toBe(12);
    expect(spike?.z).toBeGreaterThanOrEqual(3);
  });

  it('needs the province’s minimum count: a flat baseline of zeros does not make every pair a spike', () => {
    expect(spikeOf('2026-05-29', counts({ '2026-05-29': 4 }), config.spike)).toBeUndefined();
    expect(
      spikeOf(
        '2026-05-29',
        counts({ '2026-05-29': 6, '2026-05-22': 5, '2026-05-15': 6, '2026-05-08': 5, '2026-05-01': 6 }),
        config.spike,
      ),
    ).toBeUndefined();
  });
});

describe('a region’s active clusters', () => {
  it('drops clusters quiet beyond the look-back, and beyond the cap the stalest single cases first', () => {
    const entry = (id: string, lastAt: string, size: number): ActiveCluster => ({
      clusterId: id,
      lastAt,
      size,
      centroid: [],
    });
    const many = Array.from({ length: maxActivePerRegion }, (_, i) =>
      entry(`s${i}`, at(0, i % 24), i === 0 ? 3 : 1),
    );
    const kept = withActiveCluster(
      [entry('old', at(-40), 5), ...many],
      grow([petition(1, smell, 'p1', at(1))]),
      at(1),
      30,
    );
    expect(kept).toHaveLength(maxActivePerRegion);
    expect(kept.some((a) => a.clusterId === 'old')).toBe(false);
    expect(kept.some((a) => a.clusterId === 's0')).toBe(true);
  });
});
