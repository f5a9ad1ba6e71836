/** Scheduled every 5 minutes (issue #7): queues each case with a checkpoint due (application/sweeps). */
import { type QueueDueCasesPorts, queueDueCases } from '../../application/sweeps/queue-due-cases.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { lambdaMetrics } from '../runtime/metrics.js';
import { scheduledFunction } from '../runtime/schedule.js';

export interface DeadlineSweepPorts extends QueueDueCasesPorts {
  readonly logger: LambdaAwareLogger;
}

export function createDeadlineSweep(ports: DeadlineSweepPorts) {
  return scheduledFunction(() => queueDueCases(ports), ports.logger);
}

export async function composeDeadlineSweep(env: Env, local: LocalServices = {}): Promise<DeadlineSweepPorts> {
  return {
    cases: caseRepository(env),
    queue: messageQueue(env, ['casework']),
    clock: local.clock ?? systemClock,
    wallClock: systemClock,
    metrics: local.metrics ?? lambdaMetrics('deadline-sweep'),
    logger: local.logger ?? lambdaLogger('deadline-sweep'),
  };
}

export const handler = onLambda(() => composeDeadlineSweep(process.env), createDeadlineSweep);
