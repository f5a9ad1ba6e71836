/** Notifications queue consumer: tells the petitioner by SMS what happened to their case. */
import { busEnvelopeSchema } from '../../events/case-events.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { onLambda } from '../runtime/lambda.js';
import { sqsConsumer } from '../runtime/sqs.js';
import { eventText } from './texts.js';

export function createNotifier(deps: Dependencies) {
  const unitName = (id: string) => deps.province.directory.findUnit(id)?.name ?? id;
  return sqsConsumer(
    'notifications',
    busEnvelopeSchema,
    async ({ detail: event }) => {
      const c = await deps.cases.get(event.caseId);
      if (!c) throw new Error(`event for unknown case ${event.caseId}`);
      const text = eventText(event, c, unitName, deps.environment.PUBLIC_BASE_URL);
      if (!text || !c.petitioner.sealedContact) return;
      const contact = JSON.parse(await deps.personalData.open(c.petitioner.sealedContact)) as {
        phone?: string;
      };
      if (!contact.phone) return;
      // One SMS per event: the gateway drops a repeated messageId, so a redelivery sends nothing.
      await deps.sms.send({
        messageId: `${event.caseId}:${event.caseVersion}`,
        to: contact.phone,
        caseId: c.caseId,
        text,
      });
    },
    deps.logger,
  );
}

export const handler = onLambda(createNotifier);
