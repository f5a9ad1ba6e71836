/** Assessment queue consumer: counts every case event into the assessment counters (application/assessment). */
import { type CountEventPorts, countEvent } from '../../application/assessment/count-event.js';
import { busEnvelopeSchema } from '../../events/case-events.js';
import { assessmentStore } from '../adapters/dynamodb/assessment-store.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { provinceDirectoryOf } from '../runtime/province.js';
import { queueFunction } from '../runtime/sqs.js';

export type KpiAggregatorPorts = CountEventPorts;

export function createKpiAggregator(ports: KpiAggregatorPorts) {
  return queueFunction(
    'assessment',
    busEnvelopeSchema,
    ({ detail }) => countEvent(ports, detail),
    ports.logger,
  );
}

export async function composeKpiAggregator(env: Env, local: LocalServices = {}): Promise<KpiAggregatorPorts> {
  return {
    cases: caseRepository(env),
    assessment: assessmentStore(env, local.clock ?? systemClock),
    province: await provinceDirectoryOf(env),
    logger: local.logger ?? lambdaLogger('kpi-aggregator'),
  };
}

export const handler = onLambda(() => composeKpiAggregator(process.env), createKpiAggregator);
