/**
 * Hot-issue storage in memory with the DynamoDB adapter's semantics (versioned writes, membership
 * once, warnings once): for use-case tests and the offline replay of `npm run hotspots:eval`.
 */
import type { HotspotCluster } from '../../domain/hotspots/clusters.js';
import type {
  Assignment,
  AssignmentResult,
  HotspotStore,
  RegionClusters,
  StoredCluster,
} from '../../domain/hotspots/store.js';
import type { HotspotWarning } from '../../domain/hotspots/warnings.js';

export class MemoryHotspotStore implements HotspotStore {
  readonly members = new Map<string, { regionCode: string; clusterId: string }>();
  readonly regions = new Map<string, RegionClusters>();
  readonly clusters = new Map<string, StoredCluster & { activeUntil?: string }>();
  readonly days = new Map<string, number>();
  readonly warnings = new Map<string, { warning: HotspotWarning; delivered: boolean }>();
  /** Items read and written, counted as DynamoDB would bill them (one per item). */
  readonly counts = { read: 0, written: 0 };

  async membership(caseId: string) {
    this.counts.read++;
    return this.members.get(caseId);
  }
  async regionClusters(regionCode: string): Promise<RegionClusters> {
    this.counts.read++;
    return this.regions.get(regionCode) ?? { regionCode, version: 0, active: [] };
  }
  async cluster(regionCode: string, clusterId: string) {
    this.counts.read++;
    const stored = this.clusters.get(`${regionCode}#${clusterId}`);
    return stored && { cluster: stored.cluster, version: stored.version };
  }
  async assign(a: Assignment): Promise<AssignmentResult> {
    if (this.members.has(a.caseId)) return 'already_assigned';
    const key = `${a.cluster.regionCode}#${a.cluster.clusterId}`;
    if ((this.regions.get(a.cluster.regionCode)?.version ?? 0) !== a.region.version) return 'conflict';
    if ((this.clusters.get(key)?.version ?? 0) !== a.clusterVersion) return 'conflict';
    if (a.warnings.some((w) => this.warnings.has(w.warningId))) return 'conflict';
    this.members.set(a.caseId, { regionCode: a.cluster.regionCode, clusterId: a.cluster.clusterId });
    this.regions.set(a.cluster.regionCode, {
      regionCode: a.cluster.regionCode,
      version: a.region.version + 1,
      active: a.activeAfter,
    });
    this.clusters.set(key, {
      cluster: a.cluster,
      version: a.clusterVersion + 1,
      ...(a.activeUntil ? { activeUntil: a.activeUntil } : {}),
    });
    const day = `${a.cluster.regionCode}#${a.cluster.topic}#${a.day}`;
    this.days.set(day, (this.days.get(day) ?? 0) + 1);
    for (const w of a.warnings) this.warnings.set(w.warningId, { warning: w, delivered: false });
    this.counts.written += 4 + a.warnings.length;
    return 'assigned';
  }
  async replaceCluster(cluster: HotspotCluster, version: number) {
    const key = `${cluster.regionCode}#${cluster.clusterId}`;
    const stored = this.clusters.get(key);
    if (!stored || stored.version !== version) return false;
    this.clusters.set(key, { ...stored, cluster, version: version + 1 });
    this.counts.written++;
    return true;
  }
  async activeClusters(now: string) {
    const active = [...this.clusters.values()].filter(
      (c) => c.activeUntil !== undefined && c.activeUntil >= now,
    );
    this.counts.read += 2 * active.length;
    return active.map(({ cluster, version }) => ({ cluster, version }));
  }
  async recordHeat(stored: StoredCluster, _heat: unknown, stillActive: boolean) {
    const key = `${stored.cluster.regionCode}#${stored.cluster.clusterId}`;
    const current = this.clusters.get(key);
    if (!current || current.version !== stored.version) return;
    if (!stillActive) this.clusters.set(key, { cluster: current.cluster, version: current.version });
    this.counts.written++;
  }
  async clustersOf(regionCodes: readonly string[], range: { from: string; to: string }, minSize: number) {
    return [...this.clusters.values()]
      .map((c) => c.cluster)
      .filter(
        (c) =>
          regionCodes.includes(c.regionCode) &&
          c.size >= minSize &&
          c.firstAt <= range.to &&
          c.lastAt >= range.from,
      );
  }
  async countedOn(day: string) {
    return [...this.days.keys()]
      .map((k) => k.split('#'))
      .filter(([, , d]) => d === day)
      .map(([regionCode, topic]) => ({ regionCode: regionCode as string, topic: topic as string }));
  }
  async dayCounts(regionCode: string, topic: string, days: readonly string[]) {
    return new Map(days.map((d) => [d, this.days.get(`${regionCode}#${topic}#${d}`) ?? 0]));
  }
  async raise(warning: HotspotWarning) {
    if (this.warnings.has(warning.warningId)) return false;
    this.warnings.set(warning.warningId, { warning, delivered: false });
    return true;
  }
  async undelivered(limit: number) {
    return [...this.warnings.values()]
      .filter((w) => !w.delivered)
      .map((w) => w.warning)
      .slice(0, limit);
  }
  async markDelivered(warningId: string) {
    const w = this.warnings.get(warningId);
    if (w) w.delivered = true;
  }
}
