/**
 * Assessment queue consumer (DESIGN.md §2 step 11): counts every case event into the counters of
 * the units it concerns, per Asia/Shanghai month. The case is loaded for what the event does not
 * carry (deadlines, revisit tasks, supervision targets); what counts is decided in
 * `domain/assessment/kpis.ts`. Idempotent: the store applies an event at most once
 * (docs/decisions/0006-assessment-counters.md).
 */
import { kpiIncrements } from '../../domain/assessment/kpis.js';
import { busEnvelopeSchema } from '../../events/case-events.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { onLambda } from '../runtime/lambda.js';
import { sqsConsumer } from '../runtime/sqs.js';

export function createKpiAggregator(deps: Dependencies) {
  const settings = { registrationGraceDays: deps.province.config.escalation.registrationGraceDays };
  return sqsConsumer(
    'assessment',
    busEnvelopeSchema,
    async ({ detail: event }) => {
      const c = await deps.cases.get(event.caseId);
      if (!c) throw new Error(`event for unknown case ${event.caseId}`);
      const increments = kpiIncrements(event, c, settings);
      if (increments.length === 0) return;
      const applied = await deps.assessment.apply(event, increments);
      deps.logger.info(applied ? 'assessment counted' : 'assessment already counted', {
        caseId: event.caseId,
        caseVersion: event.caseVersion,
        event: event.type,
        units: increments.map((i) => i.unitId),
      });
    },
    deps.logger,
  );
}

export const handler = onLambda(createKpiAggregator);
