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
import type { Logger, ProvinceContext } from '../ports.js';
import { loadVisibleCase } from './read-cases.js';

export interface RevealContactPorts {
  readonly cases: Pick<CaseRepository, 'get'>;
  readonly personalData: Pick<PersonalDataProtector, 'open'>;
  readonly province: Pick<ProvinceContext, 'directory'>;
  readonly logger: Logger;
}

const contactSchema = z.object({
  phone: z.optional(z.string()),
  idNumber: z.optional(z.string()),
  address: z.optional(z.string()),
});

export async function revealContact(ports: RevealContactPorts, staff: StaffPrincipal, caseId: string) {
  const c = await loadVisibleCase(ports, staff, caseId);
  if (!mayRevealContact(staff, c, ports.province.directory) || !c.petitioner.sealedContact)
    throw new AccessDeniedError(
      staff,
      'reveal-contact',
      `the petitioner's contact on ${caseId} is shown masked to ${staff.role} of ${staff.unitId}`,
      caseId,
    );
  const contact = contactSchema.parse(JSON.parse(await ports.personalData.open(c.petitioner.sealedContact)));
  ports.logger.info('petitioner contact revealed', {
    audit: true,
    personId: staff.personId,
    unitId: staff.unitId,
    role: staff.role,
    what: 'reveal-contact',
    caseId,
    fields: Object.keys(contact),
  });
  return { caseId, name: c.petitioner.name, ...contact };
}
