/** Scheduled at 08:00 Beijing time (issue #7): writes each unit's daily digest (application/sweeps). */
import {
  type WriteDailyDigestsPorts,
  writeDailyDigests,
} from '../../application/sweeps/write-daily-digests.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { staffFeed } from '../adapters/dynamodb/staff-feed.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { lambdaMetrics } from '../runtime/metrics.js';
import { provinceDirectoryOf } from '../runtime/province.js';
import { scheduledFunction } from '../runtime/schedule.js';

export interface DailyDigestPorts extends WriteDailyDigestsPorts {
  readonly logger: LambdaAwareLogger;
}

export function createDailyDigest(ports: DailyDigestPorts) {
  return scheduledFunction(() => writeDailyDigests(ports), ports.logger);
}

export async function composeDailyDigest(env: Env, local: LocalServices = {}): Promise<DailyDigestPorts> {
  return {
    cases: caseRepository(env),
    staffFeed: staffFeed(env),
    province: await provinceDirectoryOf(env),
    clock: local.clock ?? systemClock,
    wallClock: systemClock,
    metrics: local.metrics ?? lambdaMetrics('daily-digest'),
    logger: local.logger ?? lambdaLogger('daily-digest'),
  };
}

export const handler = onLambda(() => composeDailyDigest(process.env), createDailyDigest);
