/**
 * A petitioner's contact in full (`GET /staff/cases/{caseId}/petitioner`): opened from its sealed
 * envelope for the staff who may reach the petitioner, and every reveal audited (who, which case;
 * never the values). Anyone else is refused (403, audited at the edge).
 */
import * as z from 'zod/mini';
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import { mayRevealContact } from '../../domain/access/petitioner-contact.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import type { PersonalDataProtector } from '../../domain/ports.js';
import { AccessDeniedError } from '../errors.js';
import type { AuditTrail, ProvinceContext } from '../ports.js';
import { loadVisibleCase } from './read-cases.js';

export interface RevealContactPorts {
  readonly cases: Pick<CaseRepository, 'get'>;
  readonly personalData: Pick<PersonalDataProtector, 'open'>;
  readonly province: Pick<ProvinceContext, 'directory'>;
  readonly audit: AuditTrail;
}

const contactSchema = z.object({
  phone: z.optional(z.string()),
  idNumber: z.optional(z.string()),
  address: z.optional(z.string()),
});

export async function revealContact(ports: RevealContactPorts, staff: StaffPrincipal, caseId: string) {
  const c = await loadVisibleCase(ports, staff, caseId, 'revealContact');
  if (!mayRevealContact(staff, c, ports.province.directory) || !c.petitioner.sealedContact)
    throw new AccessDeniedError(
      staff,
      'revealContact',
      `the petitioner's contact on ${caseId} is shown masked to ${staff.role} of ${staff.unitId}`,
      caseId,
    );
  const contact = contactSchema.parse(JSON.parse(await ports.personalData.open(c.petitioner.sealedContact)));
  ports.audit.record({
    action: 'revealContact',
    outcome: 'allowed',
    personId: staff.personId,
    unitId: staff.unitId,
    role: staff.role,
    caseId,
    details: { fields: Object.keys(contact) },
  });
  return { caseId, name: c.petitioner.name, ...contact };
}
