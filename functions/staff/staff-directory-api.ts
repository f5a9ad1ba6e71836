/**
 * `GET /staff/directory`: the units, regions, categories, roles, stages and working days the
 * console's forms and countdowns need. A function of its own: it reads only the province's
 * configuration (no table access), and the console reads it at every sign-in.
 */
import { type ReadDirectoryPorts, readDirectory } from '../../application/staff/read-directory.js';
import { createHolidayCalendar } from '../../domain/calendar/calendar.js';
import type { Env } from '../runtime/environment.js';
import { httpFunction, json } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { provinceDirectoryOf } from '../runtime/province.js';
import { principalOf } from './principal.js';

export interface StaffDirectoryApiPorts extends ReadDirectoryPorts {
  readonly logger: LambdaAwareLogger;
}

export function createStaffDirectoryApi(ports: StaffDirectoryApiPorts) {
  return httpFunction(async (event) => {
    principalOf(event, ports.province.config.staffClaims);
    return json(200, readDirectory(ports), { 'cache-control': 'private, max-age=300' });
  }, ports.logger);
}

export async function composeStaffDirectoryApi(
  env: Env,
  local: LocalServices = {},
): Promise<StaffDirectoryApiPorts> {
  const province = await provinceDirectoryOf(env);
  return {
    province,
    calendar: createHolidayCalendar(province.config.calendar),
    clock: local.clock ?? systemClock,
    logger: local.logger ?? lambdaLogger('staff-directory-api'),
  };
}

export const handler = onLambda(() => composeStaffDirectoryApi(process.env), createStaffDirectoryApi);
