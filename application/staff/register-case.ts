/**
 * Registration by a bureau's registrar of what arrived by letter, visit, phone, fax or e-mail
 * (`POST /staff/cases`): the same intake pipeline as the webhooks, idempotent on the registrar's
 * own reference.
 */
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import { receiptTimeProblem } from '../../domain/intake/register-rules.js';
import { staffRegistrationSchema } from '../../events/submissions.js';
import { AccessDeniedError, InvalidRequestError } from '../errors.js';
import {
  type AcceptSubmissionPorts,
  acceptSubmission,
  normaliseMatter,
  type Receipt,
} from '../intake/accept-submission.js';
import type { ProvinceContext } from '../ports.js';
import { parseOrRefuse } from '../validation.js';

export interface RegisterCasePorts extends AcceptSubmissionPorts {
  readonly province: Pick<ProvinceContext, 'directory' | 'config'>;
}

export async function registerCase(
  ports: RegisterCasePorts,
  staff: StaffPrincipal,
  /** Reads the request body; called only once the registrar may register. */
  readBody: () => unknown,
): Promise<Receipt> {
  if (staff.role !== 'registrar')
    throw new AccessDeniedError(
      staff,
      'register',
      `only a registrar may register cases, not a ${staff.role}`,
    );
  const { directory } = ports.province;
  const bureau = directory.findUnit(staff.unitId);
  if (bureau?.kind !== 'bureau')
    throw new AccessDeniedError(staff, 'register', `${staff.unitId} is not a petition bureau`);
  // Parsed only once the registrar may register: a refused caller learns nothing of the contract.
  const registration = parseOrRefuse(staffRegistrationSchema, readBody());
  const { intake } = ports.province.config;
  const problem = receiptTimeProblem(registration.receivedAt, ports.clock.now(), {
    aheadHours: intake.maxClockSkewHours,
    backDays: intake.staffBackEntryDays,
  });
  if (problem) throw new InvalidRequestError([{ field: 'receivedAt', problem }]);
  return acceptSubmission(ports, {
    channel: registration.channel,
    submissionId: `${staff.unitId}:${registration.reference}`,
    receivedAt: new Date(Date.parse(registration.receivedAt)).toISOString(),
    receivingUnitId: bureau.id,
    ...normaliseMatter(registration, directory),
  });
}
