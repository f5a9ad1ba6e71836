/**
 * Who may see a petitioner's contact in full (phone, identity number, address) rather than masked:
 * the staff who must reach the petitioner — the handler and leader of the unit holding the case or
 * responsible for it, of a unit with a revisit task, and the registrar of the unit that received
 * it. Everyone else sees the masked values only. Each reveal is audited by the use case.
 */
import type { Case, StaffRole } from '../case/model.js';
import type { ProvinceDirectory } from '../province/directory.js';
import { actingUnit, type StaffPrincipal } from './jurisdiction.js';

const contactRoles: ReadonlySet<StaffRole> = new Set(['handler', 'leader']);

export function mayRevealContact(staff: StaffPrincipal, c: Case, directory: ProvinceDirectory): boolean {
  if (c.petitioner.sealedContact === undefined) return false;
  const unit = actingUnit(directory, staff.unitId);
  if (staff.role === 'registrar') return unit === c.receivingUnitId;
  if (!contactRoles.has(staff.role)) return false;
  return (
    unit === c.currentUnitId || unit === c.responsibility?.unitId || c.revisits.some((t) => t.unitId === unit)
  );
}
