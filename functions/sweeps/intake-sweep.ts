/** Scheduled: queues again submissions that were stored but never registered (application/sweeps). */
import {
  type RequeueStrandedPorts,
  requeueStrandedSubmissions,
} from '../../application/sweeps/requeue-stranded-submissions.js';
import { submissionStore } from '../adapters/dynamodb/submission-store.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import { queueHoldings } from '../adapters/sqs-queue-holdings.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { scheduledFunction } from '../runtime/schedule.js';

export type IntakeSweepPorts = RequeueStrandedPorts;

export function createIntakeSweep(ports: IntakeSweepPorts) {
  return scheduledFunction(() => requeueStrandedSubmissions(ports), ports.logger);
}

export async function composeIntakeSweep(env: Env, local: LocalServices = {}): Promise<IntakeSweepPorts> {
  return {
    submissions: submissionStore(env),
    queue: messageQueue(env, ['intake']),
    queues: queueHoldings(env, ['intake']),
    clock: local.clock ?? systemClock,
    logger: local.logger ?? lambdaLogger('intake-sweep'),
  };
}

export const handler = onLambda(() => composeIntakeSweep(process.env), createIntakeSweep);
