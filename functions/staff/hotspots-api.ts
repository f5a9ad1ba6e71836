/**
 * `GET /staff/hotspots` (issue 16): the hot issues of a bureau's region subtree in a range of days,
 * hottest first. A function of its own: it only reads the table.
 */
import * as z from 'zod/mini';
import { type ReadHotspotsPorts, readHotspots } from '../../application/hotspots/read-hotspots.js';
import type { StaffClaimsConfig } from '../../domain/province/schema.js';
import { hotspotStore } from '../adapters/dynamodb/hotspot-store.js';
import type { Env } from '../runtime/environment.js';
import { httpFunction, json, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { principalOf, provinceWithClaims } from './principal.js';

export interface HotspotsApiPorts extends ReadHotspotsPorts {
  /** Which token claims name the staff member (province configuration). */
  readonly staffClaims: StaffClaimsConfig;
  readonly logger: LambdaAwareLogger;
}

const day = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  z.refine((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === d;
  }, 'not a calendar day'),
);

const hotspotsQuerySchema = z.strictObject({
  region: z.optional(z.string().check(z.regex(/^\d{6}$/, 'expected a 6-digit region code'))),
  from: z.optional(day),
  to: z.optional(day),
});

export function createHotspotsApi(ports: HotspotsApiPorts) {
  return httpFunction(async (event) => {
    const staff = principalOf(event, ports.staffClaims);
    const query = parseOr400(hotspotsQuerySchema, event.queryStringParameters ?? {}, 'query');
    return json(200, await readHotspots(ports, staff, query));
  }, ports.logger);
}

export async function composeHotspotsApi(env: Env, local: LocalServices = {}): Promise<HotspotsApiPorts> {
  return {
    hotspots: hotspotStore(env),
    ...(await provinceWithClaims(env)),
    clock: local.clock ?? systemClock,
    logger: local.logger ?? lambdaLogger('hotspots-api'),
  };
}

export const handler = onLambda(() => composeHotspotsApi(process.env), createHotspotsApi);
