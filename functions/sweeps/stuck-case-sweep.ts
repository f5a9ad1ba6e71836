/** Scheduled: puts cases stuck between automatic steps back on their way (application/sweeps). */
import { type ResumeStuckCasesPorts, resumeStuckCases } from '../../application/sweeps/resume-stuck-cases.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { lambdaMetrics } from '../runtime/metrics.js';
import { provinceOf } from '../runtime/province.js';
import { scheduledFunction } from '../runtime/schedule.js';

export interface StuckCaseSweepPorts extends ResumeStuckCasesPorts {
  readonly logger: LambdaAwareLogger;
}

export function createStuckCaseSweep(ports: StuckCaseSweepPorts) {
  return scheduledFunction(() => resumeStuckCases(ports), ports.logger);
}

export async function composeStuckCaseSweep(
  env: Env,
  local: LocalServices = {},
): Promise<StuckCaseSweepPorts> {
  return {
    cases: caseRepository(env),
    queue: messageQueue(env, ['routing']),
    province: await provinceOf(env),
    clock: local.clock ?? systemClock,
    metrics: local.metrics ?? lambdaMetrics('stuck-case-sweep'),
    logger: local.logger ?? lambdaLogger('stuck-case-sweep'),
  };
}

export const handler = onLambda(() => composeStuckCaseSweep(process.env), createStuckCaseSweep);
