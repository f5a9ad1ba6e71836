/** Hourly (issue 16): heat of active clusters, spikes per region and topic, undelivered warnings. */
import { type SweepHotspotsPorts, sweepHotspots } from '../../application/hotspots/sweep-hotspots.js';
import { hotspotStore } from '../adapters/dynamodb/hotspot-store.js';
import { staffFeed } from '../adapters/dynamodb/staff-feed.js';
import { hotspotEventPublisher } from '../adapters/eventbridge-publisher.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { granted, type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { lambdaMetrics } from '../runtime/metrics.js';
import { provinceDirectoryOf } from '../runtime/province.js';
import { scheduledFunction } from '../runtime/schedule.js';

export interface HotspotSweepPorts extends SweepHotspotsPorts {
  readonly logger: LambdaAwareLogger;
}

export function createHotspotSweep(ports: HotspotSweepPorts) {
  return scheduledFunction(() => sweepHotspots(ports), ports.logger);
}

export async function composeHotspotSweep(env: Env, local: LocalServices = {}): Promise<HotspotSweepPorts> {
  return {
    hotspots: hotspotStore(env),
    staffFeed: staffFeed(env),
    hotspotEvents: granted(() => hotspotEventPublisher(env), local.hotspotEvents),
    province: await provinceDirectoryOf(env),
    clock: local.clock ?? systemClock,
    metrics: local.metrics ?? lambdaMetrics('hotspot-sweep'),
    logger: local.logger ?? lambdaLogger('hotspot-sweep'),
  };
}

export const handler = onLambda(() => composeHotspotSweep(process.env), createHotspotSweep);
