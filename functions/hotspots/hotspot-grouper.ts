/**
 * Hot-issue grouping (issue 16): consumes registered cases (and dissatisfied ratings) from the
 * `hotspots` queue, fed by a bus rule, and assigns each case to its topic cluster as it arrives.
 */
import { countDissatisfied, type GroupCasePorts, groupCase } from '../../application/hotspots/group-case.js';
import { busEnvelopeSchema } from '../../events/case-events.js';
import { hotspotStore } from '../adapters/dynamodb/hotspot-store.js';
import { staffFeed } from '../adapters/dynamodb/staff-feed.js';
import { hotspotEventPublisher } from '../adapters/eventbridge-publisher.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { granted, type LocalServices } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { provinceDirectoryOf } from '../runtime/province.js';
import { petitionTextOf } from '../runtime/routing-model.js';
import { queueFunction } from '../runtime/sqs.js';

export interface HotspotGrouperPorts extends GroupCasePorts {
  readonly logger: LambdaAwareLogger;
}

export function createHotspotGrouper(ports: HotspotGrouperPorts) {
  return queueFunction(
    'hotspots',
    busEnvelopeSchema,
    async ({ detail }) => {
      if (detail.type === 'CaseRegistered') {
        const result = await groupCase(ports, detail.payload);
        ports.logger.info('case grouped', { caseId: detail.caseId, ...result });
      } else if (detail.type === 'CaseEvaluated' && detail.payload.rating === 'dissatisfied') {
        await countDissatisfied(ports, detail.caseId);
      }
    },
    ports.logger,
    {
      // Registrations of one region write the region's list of active clusters at the version
      // read: at once, all but one would conflict and decide again. One after the other, each
      // reads what the one before committed and commits first time; other regions still run at
      // once. Merging a region's records into one transaction would save writes, but a
      // redelivered case or a raised warning would then cancel or fail its neighbours with it.
      // Ratings touch one cluster of a region the event does not name: they run at once, and a
      // conflict there is decided again in the use case.
      inTurnBy: ({ detail }) =>
        detail.type === 'CaseRegistered' ? `region ${detail.payload.regionCode}` : undefined,
    },
  );
}

export async function composeHotspotGrouper(
  env: Env,
  local: LocalServices = {},
): Promise<HotspotGrouperPorts> {
  return {
    hotspots: hotspotStore(env),
    staffFeed: staffFeed(env),
    hotspotEvents: granted(() => hotspotEventPublisher(env), local.hotspotEvents),
    text: await petitionTextOf(env),
    province: await provinceDirectoryOf(env),
    logger: local.logger ?? lambdaLogger('hotspot-grouper'),
  };
}

export const handler = onLambda(() => composeHotspotGrouper(process.env), createHotspotGrouper);
