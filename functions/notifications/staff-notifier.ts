/** Staff-alerts queue consumer (issue #7): writes the alerts of each case event to the units' feeds. */
import { type AlertStaffPorts, alertStaff } from '../../application/notifications/alert-staff.js';
import { busEnvelopeSchema } from '../../events/case-events.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { staffFeed } from '../adapters/dynamodb/staff-feed.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import type { LocalServices } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { provinceDirectoryOf } from '../runtime/province.js';
import { queueFunction } from '../runtime/sqs.js';

export type StaffNotifierPorts = AlertStaffPorts;

export function createStaffNotifier(ports: StaffNotifierPorts) {
  return queueFunction(
    'staff-alerts',
    busEnvelopeSchema,
    ({ detail }) => alertStaff(ports, detail),
    ports.logger,
  );
}

export async function composeStaffNotifier(env: Env, local: LocalServices = {}): Promise<StaffNotifierPorts> {
  return {
    cases: caseRepository(env),
    staffFeed: staffFeed(env),
    province: await provinceDirectoryOf(env),
    logger: local.logger ?? lambdaLogger('staff-notifier'),
  };
}

export const handler = onLambda(() => composeStaffNotifier(process.env), createStaffNotifier);
