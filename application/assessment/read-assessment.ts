/**
 * The assessment report (目标管理考核, DESIGN.md §2 step 11): the counters and rates of every unit
 * of a region, and the region's total, for a range of months; a half year is the report the
 * analysis meeting reads. A bureau sees the units of its region subtree, any other unit itself.
 */
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import {
  type Assessment,
  assessmentFor,
  beijingMonth,
  type Counters,
  halfYear,
  monthsBetween,
  sumCounters,
} from '../../domain/assessment/kpis.js';
import type { ProvinceDirectory } from '../../domain/province/directory.js';
import type { Unit } from '../../domain/province/schema.js';
import { AccessDeniedError, InvalidRequestError, NotFoundError } from '../errors.js';
import { type HotIssue, topHotIssues } from '../hotspots/read-hotspots.js';
import type { AssessmentStore, Clock, HotspotStore, ProvinceContext } from '../ports.js';

/** The longest range one request may ask for. */
const maxMonths = 12;
/** Hot issues the half-yearly report lists (issue 16). */
const reportedHotIssues = 5;

export interface ReadAssessmentPorts {
  readonly assessment: Pick<AssessmentStore, 'read'>;
  readonly hotspots: Pick<HotspotStore, 'clustersOf'>;
  readonly province: Pick<ProvinceContext, 'config' | 'directory'>;
  readonly clock: Clock;
}

export interface AssessmentRequest {
  readonly region?: string | undefined;
  readonly unit?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly half?: string | undefined;
}

export interface UnitReport {
  readonly unitId: string;
  readonly name: string;
  readonly kind: Unit['kind'];
  readonly regionCode: string;
  readonly counters: Counters;
  readonly rates: Assessment;
}

export interface AssessmentReport {
  readonly region?: string;
  readonly unit?: string;
  readonly from: string;
  readonly to: string;
  readonly half?: string;
  readonly months: readonly string[];
  readonly units: readonly UnitReport[];
  readonly total: { readonly counters: Counters; readonly rates: Assessment };
  /** In the half-yearly report of a region: its hottest issues of the half year, with their heat. */
  readonly hotIssues?: readonly HotIssue[];
}

export async function readAssessment(
  ports: ReadAssessmentPorts,
  staff: StaffPrincipal,
  request: AssessmentRequest,
): Promise<AssessmentReport> {
  const { directory } = ports.province;
  const thisMonth = beijingMonth(ports.clock.now());
  const range = request.half
    ? halfYear(request.half)
    : { from: request.from ?? request.to ?? thisMonth, to: request.to ?? request.from ?? thisMonth };
  let months: string[];
  try {
    months = monthsBetween(range.from, range.to, maxMonths);
  } catch (error) {
    throw new InvalidRequestError(
      [{ field: 'from', problem: (error as Error).message }],
      'range',
      'invalid_range',
    );
  }
  const scope = scopeOf(staff, request, directory);
  const stored = await ports.assessment.read(
    scope.units.map((u) => u.id),
    months,
  );
  const byUnit = new Map<string, Counters[]>();
  for (const row of stored) byUnit.set(row.unitId, [...(byUnit.get(row.unitId) ?? []), row.counters]);
  const units: UnitReport[] = scope.units
    .filter((u) => byUnit.has(u.id))
    .map((u) => {
      const counters = sumCounters(byUnit.get(u.id) ?? []);
      return {
        unitId: u.id,
        name: u.name,
        kind: u.kind,
        regionCode: u.regionCode,
        counters,
        rates: assessmentFor(counters),
      };
    });
  const total = sumCounters(units.map((u) => u.counters));
  const hotIssues =
    request.half && scope.regionCode
      ? await topHotIssues(ports, scope.regionCode, daysOf(range), reportedHotIssues)
      : undefined;
  return {
    ...(scope.regionCode ? { region: scope.regionCode } : scope.units[0] ? { unit: scope.units[0].id } : {}),
    from: range.from,
    to: range.to,
    ...(request.half ? { half: request.half } : {}),
    months,
    units,
    total: { counters: total, rates: assessmentFor(total) },
    ...(hotIssues ? { hotIssues } : {}),
  };
}

/** The first and last day of a range of months. */
function daysOf(range: { from: string; to: string }): { from: string; to: string } {
  const [year, month] = range.to.split('-').map(Number) as [number, number];
  return { from: `${range.from}-01`, to: new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10) };
}

/** The units a request covers, after checking the staff's remit. */
function scopeOf(
  staff: StaffPrincipal,
  request: AssessmentRequest,
  directory: ProvinceDirectory,
): { regionCode?: string; units: readonly Unit[] } {
  const own = directory.findUnit(staff.unitId);
  const isProvinceAdmin = staff.role === 'admin' && own?.kind === 'bureau' && own.level === 'province';
  const overRegion = (code: string) =>
    isProvinceAdmin || (own?.kind === 'bureau' && directory.isWithin(code, own.regionCode));
  // A department acts for its organ, so it reads its organ's counters too.
  const acting = own?.kind === 'department' ? own.parentId : staff.unitId;
  const deny = (reason: string): never => {
    throw new AccessDeniedError(staff, 'assessment', reason);
  };

  if (request.unit !== undefined) {
    const unit = directory.findUnit(request.unit);
    if (!unit) throw new NotFoundError('unknown_unit', `no unit ${request.unit} in this province`);
    if (unit.id !== staff.unitId && unit.id !== acting && !overRegion(unit.regionCode))
      deny(`${unit.id} is outside the remit of ${staff.unitId}`);
    return { units: [unit] };
  }
  const regionCode = request.region ?? (own?.kind === 'bureau' ? own.regionCode : undefined);
  if (regionCode === undefined) {
    const unit = directory.findUnit(acting);
    if (!unit) return deny(`${staff.unitId} is not a unit of this province`);
    return { units: [unit] };
  }
  if (!directory.findRegion(regionCode))
    throw new NotFoundError('unknown_region', `no region ${regionCode} in this province`);
  if (!overRegion(regionCode)) deny(`region ${regionCode} is outside the remit of ${staff.unitId}`);
  return { regionCode, units: directory.unitsInSubtree(regionCode) };
}
