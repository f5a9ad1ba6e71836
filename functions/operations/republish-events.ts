/**
 * The operator's republishing of committed events, invoked by hand (no trigger), when the event
 * relay's failure queue alarms (application/operations/republish-events.ts). On AWS, read the
 * failure queue's message for the stretch it describes (`DDBStreamBatchInfo`:
 * `approximateArrivalOfFirstRecord` … `approximateArrivalOfLastRecord`), then:
 *
 *   aws lambda invoke --function-name <RepublishEventsFunctionName output> \
 *     --cli-binary-format raw-in-base64-out \
 *     --payload '{"action":"between","from":"2026-12-02T08:00:00Z","to":"2026-12-02T08:10:00Z"}' out.json
 *
 * and again with the `cursor` the answer gives until it gives none (each call scans up to `limit`
 * items of the table); or, for one case, `{"action":"case","caseId":"XF…","fromVersion":3}`.
 * Locally: `curl -H 'content-type: application/json' -X POST \
 *   127.0.0.1:3000/_local/functions/republish-events/invoke -d '{…}'`.
 */
import '../../domain/zod-messages.js';
import * as z from 'zod/mini';
import {
  type RepublishEventsPorts,
  type RepublishResult,
  republishEvents,
} from '../../application/operations/republish-events.js';
import { parseOrRefuse } from '../../application/validation.js';
import { committedEvents } from '../adapters/dynamodb/committed-events.js';
import { eventPublisher } from '../adapters/eventbridge-publisher.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { granted, type LocalServices, systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';

const instant = z.iso.datetime({ offset: true });
const requestSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('case'),
    caseId: z.string().check(z.minLength(1)),
    fromVersion: z.optional(z.int().check(z.positive())),
  }),
  z.object({
    action: z.literal('between'),
    from: instant,
    to: instant,
    limit: z.optional(z.int().check(z.positive(), z.maximum(10_000))),
    cursor: z.optional(z.string().check(z.minLength(1))),
  }),
]);

export function createRepublishEvents(ports: RepublishEventsPorts) {
  return async (event: unknown): Promise<RepublishResult> => {
    const request = parseOrRefuse(requestSchema, event, 'request');
    if (request.action === 'case')
      return republishEvents(ports, {
        kind: 'case',
        caseId: request.caseId,
        ...(request.fromVersion === undefined ? {} : { fromVersion: request.fromVersion }),
      });
    return republishEvents(ports, {
      kind: 'between',
      from: request.from,
      to: request.to,
      ...(request.limit === undefined ? {} : { limit: request.limit }),
      ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
    });
  };
}

export async function composeRepublishEvents(
  env: Env,
  local: LocalServices = {},
): Promise<RepublishEventsPorts> {
  return {
    committedEvents: committedEvents(env),
    events: granted(() => eventPublisher(env), local.events),
    clock: local.clock ?? systemClock,
    logger: local.logger ?? lambdaLogger('republish-events'),
  };
}

export const handler = onLambda(() => composeRepublishEvents(process.env), createRepublishEvents);
