/** Scheduled: publishes committed events a crash or a bus failure left in the outbox (application/sweeps). */
import { type PublishOutboxPorts, publishOutbox } from '../../application/sweeps/publish-outbox.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { eventPublisher } from '../adapters/eventbridge-publisher.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { granted, type LocalServices, systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { scheduledFunction } from '../runtime/schedule.js';

export type OutboxSweepPorts = PublishOutboxPorts;

export function createOutboxSweep(ports: OutboxSweepPorts) {
  return scheduledFunction(() => publishOutbox(ports), ports.logger);
}

export async function composeOutboxSweep(env: Env, local: LocalServices = {}): Promise<OutboxSweepPorts> {
  return {
    cases: caseRepository(env),
    events: granted(() => eventPublisher(env), local.events),
    clock: local.clock ?? systemClock,
    logger: local.logger ?? lambdaLogger('outbox-sweep'),
  };
}

export const handler = onLambda(() => composeOutboxSweep(process.env), createOutboxSweep);
