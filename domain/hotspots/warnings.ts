/**
 * Early warnings of mass petitions (群体性信访预警, issue 16): a cluster that passes one of the
 * province's thresholds, or a region and topic whose day count spikes against its baseline. A
 * warning's id is derived from what it is about, so it is raised once: once per cluster and
 * threshold, once per region, topic and day.
 */
import type { HotspotThreshold } from '../province/schema.js';
import type { HotspotCluster, Spike } from './clusters.js';

export interface HotspotWarning {
  readonly warningId: string;
  readonly kind: 'cluster' | 'spike';
  readonly regionCode: string;
  readonly topic: string;
  /** When the threshold was passed: the time of the case that passed it, or of the sweep that saw the spike. */
  readonly raisedAt: string;
  readonly clusterId?: string;
  readonly thresholdId?: string;
  readonly withinDays?: number;
  readonly title: string;
  readonly keywords: readonly string[];
  readonly size: number;
  readonly distinctPetitioners: number;
  readonly trackingNumbers: readonly string[];
  readonly spike?: Spike;
}

/** The warning a cluster gives when it passes a threshold. */
export function clusterWarning(
  cluster: HotspotCluster,
  threshold: HotspotThreshold,
  at: string,
): HotspotWarning {
  return {
    warningId: `cluster:${cluster.clusterId}:${threshold.id}`,
    kind: 'cluster',
    regionCode: cluster.regionCode,
    topic: cluster.topic,
    raisedAt: at,
    clusterId: cluster.clusterId,
    thresholdId: threshold.id,
    withinDays: threshold.withinDays,
    title: cluster.title,
    keywords: cluster.keywords,
    size: cluster.size,
    distinctPetitioners: cluster.distinctPetitioners,
    trackingNumbers: cluster.members.map((m) => m.trackingNumber),
  };
}

/** The warning a spike of a region and topic gives, once per day. */
export function spikeWarning(regionCode: string, topic: string, spike: Spike, at: string): HotspotWarning {
  return {
    warningId: `spike:${regionCode}:${topic}:${spike.day}`,
    kind: 'spike',
    regionCode,
    topic,
    raisedAt: at,
    title: `${topic}类信访量激增`,
    keywords: [],
    size: spike.count,
    distinctPetitioners: 0,
    trackingNumbers: [],
    spike,
  };
}
