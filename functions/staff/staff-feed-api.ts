/**
 * `GET /staff/notifications` (issue #7): a unit's notification feed, newest first, for a front end
 * that polls it. A function of its own: it only reads the table, and polling traffic does not share
 * concurrency with case actions.
 */
import * as z from 'zod/mini';
import { type ReadFeedPorts, readFeed } from '../../application/staff/read-feed.js';
import type { StaffClaimsConfig } from '../../domain/province/schema.js';
import { staffFeed } from '../adapters/dynamodb/staff-feed.js';
import type { Env } from '../runtime/environment.js';
import { httpFunction, json, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import type { LocalServices } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { principalOf, provinceWithClaims } from './principal.js';

export interface StaffFeedApiPorts extends ReadFeedPorts {
  /** Which token claims name the staff member (province configuration). */
  readonly staffClaims: StaffClaimsConfig;
  readonly logger: LambdaAwareLogger;
}

const feedQuerySchema = z.object({
  unit: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  since: z.optional(z.iso.datetime({ offset: true })),
  limit: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(100))), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

export function createStaffFeedApi(ports: StaffFeedApiPorts) {
  return httpFunction(async (event) => {
    const staff = principalOf(event, ports.staffClaims);
    const query = parseOr400(feedQuerySchema, event.queryStringParameters, 'query');
    return json(
      200,
      await readFeed(ports, staff, {
        ...query,
        since: query.since ? new Date(Date.parse(query.since)).toISOString() : undefined,
      }),
    );
  }, ports.logger);
}

export async function composeStaffFeedApi(env: Env, local: LocalServices = {}): Promise<StaffFeedApiPorts> {
  return {
    staffFeed: staffFeed(env),
    ...(await provinceWithClaims(env)),
    logger: local.logger ?? lambdaLogger('staff-feed-api'),
  };
}

export const handler = onLambda(() => composeStaffFeedApi(process.env), createStaffFeedApi);
