/**
 * `GET /staff/cases/{caseId}/integrity`: whether a case's stored history is what the platform
 * wrote (domain/case/history-chain.ts), and if not, the first line that was changed. For the
 * supervisors and administrators who answer for the records; every check is audited.
 */
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import { checkChain } from '../../domain/case/history-chain.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import { AccessDeniedError } from '../errors.js';
import type { AuditTrail, ProvinceContext } from '../ports.js';
import { loadVisibleCase } from './read-cases.js';

export interface CheckIntegrityPorts {
  readonly cases: Pick<CaseRepository, 'get' | 'storedHistory'>;
  readonly province: Pick<ProvinceContext, 'directory'>;
  readonly audit: AuditTrail;
}

const checkers: readonly StaffPrincipal['role'][] = ['supervisor', 'admin'];

export async function checkIntegrity(ports: CheckIntegrityPorts, staff: StaffPrincipal, caseId: string) {
  if (!checkers.includes(staff.role))
    throw new AccessDeniedError(
      staff,
      'checkIntegrity',
      `a ${staff.role} may not check a case's integrity; supervisors and administrators may`,
      caseId,
    );
  const c = await loadVisibleCase(ports, staff, caseId, 'checkIntegrity');
  const check = checkChain(c, await ports.cases.storedHistory(c.caseId));
  ports.audit.record({
    action: 'checkIntegrity',
    outcome: 'allowed',
    personId: staff.personId,
    unitId: staff.unitId,
    role: staff.role,
    caseId: c.caseId,
    ...(check.intact ? {} : { reason: `broken at ${check.brokenAtSeq ?? 'the case'}: ${check.problem}` }),
  });
  return { caseId: c.caseId, trackingNumber: c.trackingNumber, version: c.version, ...check };
}
