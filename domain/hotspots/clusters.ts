/**
 * Hot issues (热点, issue 16): every registered case joins the most similar active topic cluster
 * of its region, or starts one; a cluster's heat says how hot its matter is now; a province's
 * thresholds turn a cluster into a warning to the region's bureau. Incremental: one case changes
 * one cluster, nothing is recomputed over all cases. Pure: the caller hands in the time.
 *
 * Petitioners appear only as pseudonymous keys, to count how many different people raise a matter:
 * nothing here ranks or scores a person (PIPL); warnings are about matters and places.
 * The formula is documented in docs/decisions/0019-hot-issues.md.
 */
import type { HotspotConfig, HotspotThreshold } from '../province/schema.js';
import { centroidTerms, cosine, keywordsOf, type TermVector, withMember } from './terms.js';

const DAY_MS = 86_400_000;

/** One case of a cluster. */
interface ClusterMember {
  readonly caseId: string;
  readonly trackingNumber: string;
  /** When the matter was received (the petition's own time). */
  readonly at: string;
  /** Pseudonymous key of the petitioner (a keyed hash): only to count distinct people. */
  readonly petitioner: string;
  readonly skipLevel: boolean;
  /** The same petitioner had already raised this matter in the cluster. */
  readonly repeat: boolean;
  readonly dissatisfied?: boolean;
}

/** A topic cluster: one matter in one region. */
export interface HotspotCluster {
  readonly clusterId: string;
  readonly regionCode: string;
  /** The topic of the matter (one of the seven of the trained model). */
  readonly topic: string;
  /** The title of its most typical case, and how close that case was to the centroid. */
  readonly title: string;
  readonly titleSimilarity: number;
  readonly keywords: readonly string[];
  readonly centroid: TermVector;
  readonly size: number;
  readonly distinctPetitioners: number;
  readonly firstAt: string;
  readonly lastAt: string;
  /** The newest members, at most {@link maxStoredMembers}; `size` counts them all. */
  readonly members: readonly ClusterMember[];
  /** The thresholds already warned about: each warns once per cluster. */
  readonly warned: readonly string[];
}

/** A cluster as the region's list of active clusters keeps it, for the next case to compare with. */
export interface ActiveCluster {
  readonly clusterId: string;
  readonly lastAt: string;
  readonly size: number;
  readonly centroid: TermVector;
}

/** Members a cluster item keeps (the newest), so that it stays well under an item's size. */
const maxStoredMembers = 200;
/** Active clusters a region keeps for comparison; the stalest singletons go first beyond it. */
export const maxActivePerRegion = 300;

/** A registered case as grouping sees it. */
export interface GroupedCase {
  readonly caseId: string;
  readonly trackingNumber: string;
  readonly regionCode: string;
  readonly receivedAt: string;
  readonly petitioner: string;
  readonly skipLevel: boolean;
  readonly title: string;
  readonly topic: string;
  readonly vector: TermVector;
}

/** The active cluster most similar to the case, if any reaches the province's similarity. */
export function chooseCluster(
  active: readonly ActiveCluster[],
  c: Pick<GroupedCase, 'vector' | 'receivedAt'>,
  config: Pick<HotspotConfig, 'similarity' | 'lookbackDays'>,
): { clusterId: string; similarity: number } | undefined {
  const since = Date.parse(c.receivedAt) - config.lookbackDays * DAY_MS;
  let best: { clusterId: string; similarity: number } | undefined;
  for (const cluster of active) {
    if (Date.parse(cluster.lastAt) < since) continue;
    const similarity = cosine(c.vector, cluster.centroid);
    if (similarity >= config.similarity && (!best || similarity > best.similarity))
      best = { clusterId: cluster.clusterId, similarity };
  }
  return best;
}

/** The id of the cluster a case starts: derived from the case, so a retried delivery starts the same one. */
function newClusterId(caseId: string): string {
  return `hs-${caseId}`;
}

/** The cluster after the case joins it (or the new cluster the case starts, when `cluster` is undefined). */
export function joinCluster(
  cluster: HotspotCluster | undefined,
  c: GroupedCase,
  similarity: number,
): HotspotCluster {
  const repeat = cluster?.members.some((m) => m.petitioner === c.petitioner) ?? false;
  const member: ClusterMember = {
    caseId: c.caseId,
    trackingNumber: c.trackingNumber,
    at: c.receivedAt,
    petitioner: c.petitioner,
    skipLevel: c.skipLevel,
    repeat,
  };
  if (!cluster) {
    const centroid = c.vector.slice(0, centroidTerms);
    return {
      clusterId: newClusterId(c.caseId),
      regionCode: c.regionCode,
      topic: c.topic,
      title: c.title,
      titleSimilarity: 1,
      keywords: keywordsOf(centroid, c.title),
      centroid,
      size: 1,
      distinctPetitioners: 1,
      firstAt: c.receivedAt,
      lastAt: c.receivedAt,
      members: [member],
      warned: [],
    };
  }
  const centroid = withMember(cluster.centroid, cluster.size, c.vector);
  const members = [...cluster.members, member]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .slice(-maxStoredMembers);
  // A repeat by a petitioner whose earlier case fell out of the stored members may count twice: rare, and bounded.
  const distinct = repeat ? cluster.distinctPetitioners : cluster.distinctPetitioners + 1;
  // The first case's title names the matter until a case closer to the centre comes (a typical one, not the loudest).
  const moreTypical = cluster.size >= 2 && similarity > cluster.titleSimilarity;
  return {
    ...cluster,
    title: moreTypical ? c.title : cluster.title,
    titleSimilarity: moreTypical ? similarity : cluster.size === 1 ? similarity : cluster.titleSimilarity,
    keywords: keywordsOf(centroid, moreTypical ? c.title : cluster.title),
    centroid,
    size: cluster.size + 1,
    distinctPetitioners: distinct,
    firstAt: [c.receivedAt, cluster.firstAt].sort()[0] as string,
    lastAt: [c.receivedAt, cluster.lastAt].sort()[1] as string,
    members,
  };
}

/**
 * The region's active clusters after `cluster` changed: it is updated in place or added; clusters
 * idle longer than the look-back are dropped; beyond {@link maxActivePerRegion} the stalest
 * singletons, then the stalest others, go first.
 */
export function withActiveCluster(
  active: readonly ActiveCluster[],
  cluster: HotspotCluster,
  now: string,
  lookbackDays: number,
): ActiveCluster[] {
  const since = new Date(Date.parse(now) - lookbackDays * DAY_MS).toISOString();
  const entry: ActiveCluster = {
    clusterId: cluster.clusterId,
    lastAt: cluster.lastAt,
    size: cluster.size,
    centroid: cluster.centroid,
  };
  const kept = [...active.filter((a) => a.clusterId !== cluster.clusterId && a.lastAt >= since), entry];
  if (kept.length <= maxActivePerRegion) return kept;
  const dropOrder = [...kept]
    .filter((a) => a.clusterId !== cluster.clusterId)
    .sort((a, b) => Math.min(a.size, 2) - Math.min(b.size, 2) || (a.lastAt < b.lastAt ? -1 : 1));
  const drop = new Set(dropOrder.slice(0, kept.length - maxActivePerRegion).map((a) => a.clusterId));
  return kept.filter((a) => !drop.has(a.clusterId));
}

/** The thresholds the cluster passes at `now` that it has not warned about yet. */
export function thresholdsPassed(
  cluster: HotspotCluster,
  thresholds: readonly HotspotThreshold[],
  now: string,
): HotspotThreshold[] {
  const nowMs = Date.parse(now);
  return thresholds.filter((t) => {
    if (cluster.warned.includes(t.id)) return false;
    const since = nowMs - t.withinDays * DAY_MS;
    const people = new Set(
      cluster.members
        .filter((m) => Date.parse(m.at) > since && Date.parse(m.at) <= nowMs)
        .map((m) => m.petitioner),
    );
    return people.size >= t.distinctPetitioners;
  });
}

/** How hot a cluster is at an instant, and what the figure is made of. */
export interface Heat {
  readonly heat: number;
  /** (cases in the last window − cases in the window before) ÷ max(cases in the window before, 1). */
  readonly growth: number;
  readonly recent: number;
  readonly previous: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * heat = (S + 2P) × (1 + d + s + r/2) × (1 + min(max(growth, 0), 4) / 4), where each case counts
 * 2^(−age / half-life) in S, each distinct petitioner counts the same for their latest case in P,
 * and d, s and r are the shares of dissatisfied ratings, skip-level and repeat petitions among the
 * cases. Cases after `at` do not count (a report can ask how hot a matter was at a past instant).
 */
export function heatOf(
  cluster: Pick<HotspotCluster, 'members'>,
  at: string,
  config: Pick<HotspotConfig, 'halfLifeDays' | 'windowDays'>,
): Heat {
  const atMs = Date.parse(at);
  const members = cluster.members.filter((m) => Date.parse(m.at) <= atMs);
  const weight = (m: ClusterMember) => 2 ** (-(atMs - Date.parse(m.at)) / (config.halfLifeDays * DAY_MS));
  let cases = 0;
  const latest = new Map<string, number>();
  for (const m of members) {
    const w = weight(m);
    cases += w;
    latest.set(m.petitioner, Math.max(latest.get(m.petitioner) ?? 0, w));
  }
  let people = 0;
  for (const w of latest.values()) people += w;
  const share = (test: (m: ClusterMember) => boolean) =>
    members.length === 0 ? 0 : members.filter(test).length / members.length;
  const window = config.windowDays * DAY_MS;
  const recent = members.filter((m) => Date.parse(m.at) > atMs - window).length;
  const previous = members.filter(
    (m) => Date.parse(m.at) > atMs - 2 * window && Date.parse(m.at) <= atMs - window,
  ).length;
  const growth = (recent - previous) / Math.max(previous, 1);
  const factors =
    1 + share((m) => m.dissatisfied === true) + share((m) => m.skipLevel) + share((m) => m.repeat) / 2;
  const heat = (cases + 2 * people) * factors * (1 + Math.min(Math.max(growth, 0), 4) / 4);
  return { heat: round2(heat), growth: round2(growth), recent, previous };
}

/** A day's count in a region and topic against the same weekday of the weeks before. */
export interface Spike {
  readonly day: string;
  readonly count: number;
  readonly mean: number;
  readonly z: number;
}

/**
 * z = (count − mean) ÷ max(sd, √max(mean, 1)) over the same weekday of the `baselineWeeks` weeks
 * before: the floor is the spread a Poisson count would have, so a flat baseline of zeros does not
 * make every second case a spike. A spike needs at least `minCount` cases as well.
 */
export function spikeOf(
  day: string,
  countOn: (day: string) => number,
  config: HotspotConfig['spike'],
): Spike | undefined {
  const count = countOn(day);
  const baseline = baselineDays(day, config.baselineWeeks).map(countOn);
  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  const sd = Math.sqrt(baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / baseline.length);
  const z = (count - mean) / Math.max(sd, Math.sqrt(Math.max(mean, 1)));
  return count >= config.minCount && z >= config.z
    ? { day, count, mean: round2(mean), z: round2(z) }
    : undefined;
}

/** The same weekday of the `weeks` weeks before a day (`YYYY-MM-DD`), newest first. */
export function baselineDays(day: string, weeks: number): string[] {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Array.from({ length: weeks }, (_, i) =>
    new Date(ms - (i + 1) * 7 * DAY_MS).toISOString().slice(0, 10),
  );
}
