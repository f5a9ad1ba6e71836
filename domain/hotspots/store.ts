/**
 * The port of hot-issue storage (issue 16): clusters per region, the region's list of active
 * clusters that serialises assignments in the region, each case's membership (what makes a retried
 * delivery assign nothing twice), day counts per region and topic, and raised warnings until they
 * are delivered.
 */
import type { ActiveCluster, HotspotCluster } from './clusters.js';
import type { HotspotWarning } from './warnings.js';

/** A region's active clusters, with the version its next write must find. */
export interface RegionClusters {
  readonly regionCode: string;
  /** 0 when the region has none yet. */
  readonly version: number;
  readonly active: readonly ActiveCluster[];
}

/** A stored cluster and the version its next write must find. */
export interface StoredCluster {
  readonly cluster: HotspotCluster;
  readonly version: number;
}

/** One case's assignment: everything written together or nothing. */
export interface Assignment {
  readonly caseId: string;
  /** The region's list after the assignment; written only if the region is still at `region.version`. */
  readonly region: RegionClusters;
  readonly activeAfter: readonly ActiveCluster[];
  /** The cluster after the case joined; written only if it is still at `clusterVersion` (0: new). */
  readonly cluster: HotspotCluster;
  readonly clusterVersion: number;
  /** The Beijing day and topic the case counts for (spikes). */
  readonly day: string;
  /** Warnings the assignment raised; each is stored once, undelivered. */
  readonly warnings: readonly HotspotWarning[];
  /** Until when the cluster is active for the sweep (absent: a single case, not swept). */
  readonly activeUntil?: string;
}

export type AssignmentResult = 'assigned' | 'already_assigned' | 'conflict';

export interface HotspotStore {
  /** The cluster a case was assigned to, if it was. */
  membership(caseId: string): Promise<{ regionCode: string; clusterId: string } | undefined>;
  regionClusters(regionCode: string): Promise<RegionClusters>;
  cluster(regionCode: string, clusterId: string): Promise<StoredCluster | undefined>;
  /** Commits an assignment; `conflict` when the region or cluster moved on meanwhile (read again and retry). */
  assign(assignment: Assignment): Promise<AssignmentResult>;
  /** Writes a changed cluster if it is still at `version`; false when it moved on. */
  replaceCluster(cluster: HotspotCluster, version: number): Promise<boolean>;
  /** The clusters of several cases that are active at `now` (the sweep's index). */
  activeClusters(now: string): Promise<readonly StoredCluster[]>;
  /** Records the heat the sweep computed; takes a cluster that went quiet out of the sweep's index. */
  recordHeat(
    stored: StoredCluster,
    heat: { heat: number; growth: number; at: string },
    stillActive: boolean,
  ): Promise<void>;
  /** Clusters of these regions whose cases fall in [from, to] at least in part, of `minSize` cases or more. */
  clustersOf(
    regionCodes: readonly string[],
    range: { from: string; to: string },
    minSize: number,
  ): Promise<readonly HotspotCluster[]>;
  /** Region and topic pairs with cases on a Beijing day. */
  countedOn(day: string): Promise<readonly { regionCode: string; topic: string }[]>;
  /** The counts of a region and topic on these days (0 for a day without cases). */
  dayCounts(regionCode: string, topic: string, days: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** Stores a warning once, undelivered; false when it was stored before. */
  raise(warning: HotspotWarning): Promise<boolean>;
  /** Warnings stored but not yet delivered, oldest first. */
  undelivered(limit: number): Promise<readonly HotspotWarning[]>;
  markDelivered(warningId: string): Promise<void>;
}
