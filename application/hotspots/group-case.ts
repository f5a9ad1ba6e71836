/**
 * Groups each registered case into a hot-issue cluster as it arrives (issue 16): read the region's
 * active clusters, choose the most similar (domain/hotspots), commit the case's membership, the
 * cluster, the region's list and the day count together, retrying when another case of the region
 * got there first; then deliver any warning the cluster raised. A retried delivery of the same
 * event finds the membership and changes nothing.
 */
import type { CaseEventPayload } from '../../domain/case/events.js';
import {
  chooseCluster,
  type GroupedCase,
  joinCluster,
  thresholdsPassed,
  withActiveCluster,
} from '../../domain/hotspots/clusters.js';
import type { TermVector } from '../../domain/hotspots/terms.js';
import { clusterWarning } from '../../domain/hotspots/warnings.js';
import { beijingDay } from '../../domain/notifications/daily-digest.js';
import type { HotspotStore, Logger, ProvinceContext } from '../ports.js';
import { type DeliverWarningsPorts, deliverWarnings } from './deliver-warnings.js';

const DAY_MS = 86_400_000;
/**
 * Attempts against other cases of the same region committing at the same time. A conflict costs a
 * re-read and a fresh decision here, in-process; only when every attempt lost does the record fail
 * and wait out the queue's visibility timeout (issue 13: no work done twice under a burst).
 */
const maxAttempts = 12;
/** Backoff before attempt n+1: a random wait up to base·2^(n−1), capped (full jitter). */
const backoffBaseMs = 25;
const backoffCapMs = 500;

/** Waits before trying again, so that cases that lost together do not collide together again. */
function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(backoffCapMs, backoffBaseMs * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/** What grouping reads from a petition's text: its term vector and its topic. */
export interface PetitionText {
  read(title: string, content: string): { vector: TermVector; topic: string };
}

export interface GroupCasePorts extends DeliverWarningsPorts {
  readonly hotspots: Pick<
    HotspotStore,
    'membership' | 'regionClusters' | 'cluster' | 'assign' | 'replaceCluster' | 'markDelivered'
  >;
  readonly text: PetitionText;
  readonly province: Pick<ProvinceContext, 'config' | 'directory'>;
  readonly logger: Logger;
}

/** The registration fields grouping needs. */
export type Registration = Pick<
  CaseEventPayload<'CaseRegistered'>,
  'caseId' | 'trackingNumber' | 'receivedAt' | 'regionCode' | 'title' | 'content' | 'skipLevel'
> & { readonly petitioner: { readonly identityKey: string } };

/** The cluster the case joined or started, or `already_assigned` for a redelivery. */
export async function groupCase(
  ports: GroupCasePorts,
  registration: Registration,
): Promise<{ outcome: 'assigned' | 'already_assigned'; clusterId?: string; attempts: number }> {
  if (await ports.hotspots.membership(registration.caseId))
    return { outcome: 'already_assigned', attempts: 0 };
  const config = ports.province.config.hotspots;
  const { vector, topic } = ports.text.read(registration.title, registration.content);
  const grouped: GroupedCase = {
    caseId: registration.caseId,
    trackingNumber: registration.trackingNumber,
    regionCode: registration.regionCode,
    receivedAt: registration.receivedAt,
    // A keyed hash already; a prefix is enough to tell people apart in one cluster.
    petitioner: registration.petitioner.identityKey.slice(0, 16),
    skipLevel: registration.skipLevel,
    title: registration.title,
    topic,
    vector,
  };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await backoff(attempt - 1);
    const region = await ports.hotspots.regionClusters(grouped.regionCode);
    const chosen = chooseCluster(region.active, grouped, config);
    const stored = chosen ? await ports.hotspots.cluster(grouped.regionCode, chosen.clusterId) : undefined;
    // The region's list names a cluster whose item is gone only if it was deleted by hand: start anew.
    const cluster = joinCluster(stored?.cluster, grouped, chosen && stored ? chosen.similarity : 1);
    const passed = thresholdsPassed(cluster, config.thresholds, grouped.receivedAt);
    const warnings = passed.map((t) => clusterWarning(cluster, t, grouped.receivedAt));
    const warned = { ...cluster, warned: [...cluster.warned, ...passed.map((t) => t.id)] };
    const result = await ports.hotspots.assign({
      caseId: grouped.caseId,
      region,
      activeAfter: withActiveCluster(region.active, warned, grouped.receivedAt, config.lookbackDays),
      cluster: warned,
      clusterVersion: stored?.version ?? 0,
      day: beijingDay(grouped.receivedAt),
      warnings,
      ...(warned.size >= 2
        ? { activeUntil: new Date(Date.parse(warned.lastAt) + config.lookbackDays * DAY_MS).toISOString() }
        : {}),
    });
    if (result === 'already_assigned') return { outcome: 'already_assigned', attempts: attempt };
    if (result === 'assigned') {
      if (warnings.length > 0) await deliverWarnings(ports, warnings);
      return { outcome: 'assigned', clusterId: warned.clusterId, attempts: attempt };
    }
  }
  throw new Error(
    `grouping case ${registration.caseId}: region ${registration.regionCode} kept changing (${maxAttempts} attempts)`,
  );
}

/** A dissatisfied rating (不满意) counts in its cluster's heat; a case in no cluster is left alone. */
export async function countDissatisfied(
  ports: Pick<GroupCasePorts, 'hotspots'>,
  caseId: string,
): Promise<boolean> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await backoff(attempt - 1);
    const membership = await ports.hotspots.membership(caseId);
    if (!membership) return false;
    const stored = await ports.hotspots.cluster(membership.regionCode, membership.clusterId);
    if (!stored) return false;
    const member = stored.cluster.members.find((m) => m.caseId === caseId);
    if (!member || member.dissatisfied) return false;
    const members = stored.cluster.members.map((m) =>
      m.caseId === caseId ? { ...m, dissatisfied: true } : m,
    );
    if (await ports.hotspots.replaceCluster({ ...stored.cluster, members }, stored.version)) return true;
  }
  throw new Error(`recording the rating of case ${caseId} in its cluster: the cluster kept changing`);
}
