/**
 * Finding a petitioner's cases by phone number (`GET /staff/search?phone=`), for the search page
 * and the registrar's repeat hints: through the keyed hash of the number (the number itself is
 * stored nowhere in clear, and never logged), only cases within the caller's remit, and every
 * look-up audited (who asked, how many cases were found).
 */
import { canSee, type StaffPrincipal } from '../../domain/access/jurisdiction.js';
import type { CaseRepository, CaseSummary } from '../../domain/case/repository.js';
import { normalisePhone } from '../../domain/intake/normalise.js';
import type { PersonalDataProtector } from '../../domain/ports.js';
import { InvalidRequestError } from '../errors.js';
import type { Logger, ProvinceContext } from '../ports.js';

export interface SearchCasesPorts {
  readonly cases: Pick<CaseRepository, 'get' | 'byPhone'>;
  readonly personalData: Pick<PersonalDataProtector, 'lookupKey'>;
  readonly province: Pick<ProvinceContext, 'directory'>;
  readonly logger: Logger;
}

/** Every case: the index's sort key is the registration instant. */
const sinceEver = '2000-01-01T00:00:00.000Z';
/** At most this many of a number's cases are read (newest first). */
const maxCases = 50;

export async function searchByPhone(
  ports: SearchCasesPorts,
  staff: StaffPrincipal,
  phone: string,
): Promise<{ items: CaseSummary[] }> {
  const normalised = normalisePhone(phone);
  if (!normalised)
    throw new InvalidRequestError(
      [{ field: 'phone', problem: 'expected a mainland mobile number of 11 digits' }],
      'query',
    );
  const found = (
    await ports.cases.byPhone(ports.personalData.lookupKey('phone', normalised), sinceEver)
  ).slice(0, maxCases);
  const cases = await Promise.all(found.map((s) => ports.cases.get(s.caseId)));
  const items = found.filter((_, i) => {
    const c = cases[i];
    return c !== undefined && canSee(staff, c, ports.province.directory);
  });
  ports.logger.info('phone lookup', {
    audit: true,
    personId: staff.personId,
    unitId: staff.unitId,
    role: staff.role,
    what: 'search-by-phone',
    found: found.length,
    shown: items.length,
  });
  return { items };
}
