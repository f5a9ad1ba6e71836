/**
 * Finding cases (`GET /staff/search`). By phone number (`phone=`), for the search page and the
 * registrar's repeat hints: through the keyed hash of the number (the number itself is stored
 * nowhere in clear, and never logged), only cases within the caller's remit, and every look-up
 * audited (who asked, how many cases were found). By words (`q=`): the cases in the inboxes the
 * caller may read (their unit's; a bureau's, every unit of its region) whose title or content
 * holds every word, read from the inbox index with no table scan and up to a bound, which the
 * answer says when it was reached.
 */
import { canSee, canSeeInboxOf, type StaffPrincipal } from '../../domain/access/jurisdiction.js';
import type { CaseRepository, CaseSummary } from '../../domain/case/repository.js';
import { normalisePhone } from '../../domain/intake/normalise.js';
import { ngramSimilarity } from '../../domain/intake/similarity.js';
import type { PersonalDataProtector } from '../../domain/ports.js';
import { InvalidRequestError } from '../errors.js';
import type { AuditTrail, ProvinceContext } from '../ports.js';

export interface SearchCasesPorts {
  readonly cases: Pick<CaseRepository, 'get' | 'byPhone' | 'inbox'>;
  readonly personalData: Pick<PersonalDataProtector, 'lookupKey'>;
  readonly province: Pick<ProvinceContext, 'directory' | 'config'>;
  readonly audit: AuditTrail;
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
  ports.audit.record({
    action: 'searchByPhone',
    outcome: 'allowed',
    personId: staff.personId,
    unitId: staff.unitId,
    role: staff.role,
    details: { found: found.length, shown: items.length },
  });
  return { items };
}

/** How many case summaries a word search reads from the inboxes, and how many cases it opens. */
const maxSummariesRead = 600;
const maxCasesOpened = 200;
/** At most this many matches are answered, newest first. */
const maxMatches = 50;

/** The words of a query: split on white space and Chinese or ASCII punctuation, lower-cased. */
function wordsOf(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[\s+,，、;；。.]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
}

/**
 * The summaries of the open and closed cases in the inboxes the caller may read (their unit's; a
 * bureau's, every unit of its region), up to a bound: `complete` is false when the bound was reached.
 */
export async function summariesInRemit(
  ports: {
    readonly cases: Pick<CaseRepository, 'inbox'>;
    readonly province: Pick<ProvinceContext, 'directory'>;
  },
  staff: StaffPrincipal,
  max = maxSummariesRead,
): Promise<{ summaries: CaseSummary[]; complete: boolean }> {
  const { directory } = ports.province;
  const own = directory.findUnit(staff.unitId);
  const unitIds = [
    staff.unitId,
    ...(own?.kind === 'bureau' ? directory.unitsInSubtree(own.regionCode).map((u) => u.id) : []),
  ].filter((id, i, all) => all.indexOf(id) === i && canSeeInboxOf(staff, id, directory));
  // Every unit's inbox at once (its open cases, and its closed ones: an inbox lists only the open
  // stages unless asked for another), page by page, until each is read or the bound is reached.
  type Part = { unitId: string; stage?: 'closed'; cursor?: string };
  const summaries = new Map<string, CaseSummary>();
  let pending: Part[] = unitIds.flatMap((unitId) => [{ unitId }, { unitId, stage: 'closed' as const }]);
  while (pending.length > 0) {
    if (summaries.size >= max) return { summaries: [...summaries.values()], complete: false };
    const pages = await Promise.all(
      pending.map(({ unitId, stage, cursor }) =>
        ports.cases.inbox({ unitId, limit: 100, ...(stage ? { stage } : {}), ...(cursor ? { cursor } : {}) }),
      ),
    );
    const next: Part[] = [];
    pages.forEach((page, i) => {
      for (const s of page.items) summaries.set(s.caseId, s);
      if (page.cursor) next.push({ ...pending[i]!, cursor: page.cursor });
    });
    pending = next;
  }
  return { summaries: [...summaries.values()], complete: true };
}

export async function searchByWords(
  ports: SearchCasesPorts,
  staff: StaffPrincipal,
  query: string,
): Promise<{ items: CaseSummary[]; complete: boolean }> {
  const words = wordsOf(query);
  if (words.length === 0)
    throw new InvalidRequestError([{ field: 'q', problem: 'expected at least one word' }], 'query');
  const read = await summariesInRemit(ports, staff);
  let complete = read.complete;
  const holdsAll = (text: string) => {
    const lower = text.toLowerCase();
    return words.every((w) => lower.includes(w));
  };
  const newestFirst = read.summaries.sort((a, b) => b.registeredAt.localeCompare(a.registeredAt));
  const byTitle = newestFirst.filter((s) => holdsAll(`${s.trackingNumber} ${s.title}`));
  const toOpen = newestFirst.filter((s) => !byTitle.includes(s));
  if (toOpen.length > maxCasesOpened) complete = false;
  const opened = await Promise.all(toOpen.slice(0, maxCasesOpened).map((s) => ports.cases.get(s.caseId)));
  const byContent = toOpen.filter((_, i) => {
    const c = opened[i];
    return c !== undefined && holdsAll(c.content);
  });
  const items = [...byTitle, ...byContent]
    .sort((a, b) => b.registeredAt.localeCompare(a.registeredAt))
    .slice(0, maxMatches);
  return { items, complete };
}

/** At most this many similar cases are answered, most similar first. */
const maxSimilar = 5;

/**
 * Duplicate hints while registering (`GET /staff/search?similar=`): the cases in the caller's
 * inboxes whose title is as similar to the draft's title as the province's repeat rule asks
 * (character n-grams, the same measure and threshold the platform links repeats by).
 */
export async function searchSimilar(
  ports: SearchCasesPorts,
  staff: StaffPrincipal,
  title: string,
): Promise<{ items: (CaseSummary & { similarity: number })[]; complete: boolean }> {
  const { similarityThreshold, ngramSize } = ports.province.config.repeat;
  const read = await summariesInRemit(ports, staff);
  const items = read.summaries
    .map((s) => ({ ...s, similarity: Math.round(ngramSimilarity(title, s.title, ngramSize) * 100) / 100 }))
    .filter((s) => s.similarity >= similarityThreshold)
    .sort((a, b) => b.similarity - a.similarity || b.registeredAt.localeCompare(a.registeredAt))
    .slice(0, maxSimilar);
  return { items, complete: read.complete };
}
