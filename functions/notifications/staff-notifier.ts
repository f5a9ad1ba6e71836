/**
 * Staff-alerts queue consumer (issue #7): tells the units concerned by a case event what they
 * must do, in their notification feed. The case is loaded for names (title, responsible
 * people); who is told what is decided in `domain/notifications/staff-alerts.ts`. Idempotent:
 * an alert's key comes from the event, so a redelivered event stores nothing new.
 */
import { staffAlertsFor } from '../../domain/notifications/staff-alerts.js';
import { busEnvelopeSchema } from '../../events/case-events.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { onLambda } from '../runtime/lambda.js';
import { sqsConsumer } from '../runtime/sqs.js';

export function createStaffNotifier(deps: Dependencies) {
  const { directory } = deps.province;
  return sqsConsumer(
    'staff-alerts',
    busEnvelopeSchema,
    async ({ detail: event }) => {
      const c = await deps.cases.get(event.caseId);
      if (!c) throw new Error(`event for unknown case ${event.caseId}`);
      const alerts = staffAlertsFor(event, c, directory);
      if (alerts.length === 0) return;
      const added = await deps.staffFeed.add(alerts);
      deps.logger.info('staff alerted', {
        caseId: event.caseId,
        caseVersion: event.caseVersion,
        event: event.type,
        units: alerts.map((a) => a.unitId),
        added,
      });
    },
    deps.logger,
  );
}

export const handler = onLambda(createStaffNotifier);
