/**
 * `GET /staff/assessment` (DESIGN.md §2 step 11, 目标管理考核): the assessment counters and rates
 * of every unit of a region, and the region's total, for a range of months; `half=2026H1` is the
 * half-yearly report the analysis meeting reads, `format=csv` the same as a sheet, one row per unit.
 * A bureau sees the units of its region subtree, any other unit sees itself; anything else is
 * refused with an audit line. A function of its own: it only reads the table.
 */
import middy from '@middy/core';
import * as z from 'zod/mini';
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import {
  type Assessment,
  assessmentFor,
  beijingMonth,
  type Counters,
  halfYear,
  monthsBetween,
  type Rate,
  sumCounters,
} from '../../domain/assessment/kpis.js';
import type { ProvinceDirectory } from '../../domain/province/directory.js';
import type { Unit } from '../../domain/province/schema.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { HttpError, type HttpEvent, type HttpResult, httpErrors, json, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { denyAccess, principalOf } from './principal.js';

const month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'));

const assessmentQuerySchema = z
  .strictObject({
    region: z.optional(z.string().check(z.regex(/^\d{6}$/, 'expected a 6-digit region code'))),
    unit: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    from: z.optional(month),
    to: z.optional(month),
    half: z.optional(z.string().check(z.regex(/^\d{4}H[12]$/, 'expected YYYYH1 or YYYYH2'))),
    format: z._default(z.enum(['json', 'csv']), 'json'),
  })
  .check(
    z.refine((q) => !(q.region && q.unit), { message: 'give region or unit, not both', path: ['unit'] }),
    z.refine((q) => !(q.half && (q.from || q.to)), {
      message: 'give half or from/to, not both',
      path: ['half'],
    }),
  );

/** The longest range one request may ask for. */
const maxMonths = 12;

interface UnitReport {
  readonly unitId: string;
  readonly name: string;
  readonly kind: Unit['kind'];
  readonly regionCode: string;
  readonly counters: Counters;
  readonly rates: Assessment;
}

export function createAssessmentApi(deps: Dependencies) {
  const { directory } = deps.province;

  const assessment = async (event: HttpEvent): Promise<HttpResult> => {
    const staff = principalOf(event);
    const query = parseOr400(assessmentQuerySchema, event.queryStringParameters ?? {}, 'query');
    const range = query.half
      ? halfYear(query.half)
      : {
          from: query.from ?? query.to ?? beijingMonth(deps.clock.now()),
          to: query.to ?? query.from ?? beijingMonth(deps.clock.now()),
        };
    let months: string[];
    try {
      months = monthsBetween(range.from, range.to, maxMonths);
    } catch (error) {
      throw new HttpError(400, 'invalid_range', (error as Error).message);
    }
    const scope = scopeOf(staff, query, directory, deps);

    const stored = await deps.assessment.read(
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
    const totalCounters = sumCounters(units.map((u) => u.counters));
    const period = { from: range.from, to: range.to, ...(query.half ? { half: query.half } : {}) };

    if (query.format === 'csv') {
      const file = `assessment-${scope.regionCode ?? scope.units[0]?.id ?? 'none'}-${query.half ?? `${range.from}_${range.to}`}.csv`;
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${file}"`,
        },
        body: toCsv(units),
      };
    }
    return json(200, {
      ...(scope.regionCode ? { region: scope.regionCode } : { unit: scope.units[0]?.id }),
      ...period,
      months,
      units,
      total: { counters: totalCounters, rates: assessmentFor(totalCounters) },
    });
  };

  return middy<HttpEvent, HttpResult>(assessment).use(httpErrors(deps.logger));
}

/** The units a request covers, after checking the staff's remit (403 with an audit line otherwise). */
function scopeOf(
  staff: StaffPrincipal,
  query: { region?: string | undefined; unit?: string | undefined },
  directory: ProvinceDirectory,
  deps: Dependencies,
): { regionCode?: string; units: readonly Unit[] } {
  const own = directory.findUnit(staff.unitId);
  const isProvinceAdmin = staff.role === 'admin' && own?.kind === 'bureau' && own.level === 'province';
  const overRegion = (code: string) =>
    isProvinceAdmin || (own?.kind === 'bureau' && directory.isWithin(code, own.regionCode));
  // A department acts for its organ, so it reads its organ's counters too.
  const acting = own?.kind === 'department' ? own.parentId : staff.unitId;

  if (query.unit !== undefined) {
    const unit = directory.findUnit(query.unit);
    if (!unit) throw new HttpError(404, 'unknown_unit', `no unit ${query.unit} in this province`);
    if (unit.id !== staff.unitId && unit.id !== acting && !overRegion(unit.regionCode))
      denyAccess(deps.logger, staff, 'assessment', `${unit.id} is outside the remit of ${staff.unitId}`);
    return { units: [unit] };
  }
  const regionCode = query.region ?? (own?.kind === 'bureau' ? own.regionCode : undefined);
  if (regionCode === undefined) {
    const unit = directory.findUnit(acting);
    if (!unit) denyAccess(deps.logger, staff, 'assessment', `${staff.unitId} is not a unit of this province`);
    return { units: [unit] };
  }
  if (!directory.findRegion(regionCode))
    throw new HttpError(404, 'unknown_region', `no region ${regionCode} in this province`);
  if (!overRegion(regionCode))
    denyAccess(
      deps.logger,
      staff,
      'assessment',
      `region ${regionCode} is outside the remit of ${staff.unitId}`,
    );
  return { regionCode, units: directory.unitsInSubtree(regionCode) };
}

const csvColumns: readonly [string, (u: UnitReport) => string | number][] = [
  ['单位', (u) => u.name],
  ['单位编号', (u) => u.unitId],
  ['登记件数', (u) => u.counters.registered ?? 0],
  ['按时登记率', (u) => formatRate(u.rates.onTimeRegistration)],
  ['转送交办件数', (u) => u.counters.forwarded ?? 0],
  ['按时转送交办率', (u) => formatRate(u.rates.onTimeForwarding)],
  ['受理告知件数', (u) => (u.counters.accepted ?? 0) + (u.counters.declined ?? 0)],
  ['按时受理告知率', (u) => formatRate(u.rates.onTimeAcceptance)],
  ['办结答复件数', (u) => u.counters.replied ?? 0],
  ['按期办结率', (u) => formatRate(u.rates.onTimeCompletion)],
  ['满意率', (u) => formatRate(u.rates.satisfaction)],
  ['回访完成率', (u) => formatRate(u.rates.revisitCompletion)],
  ['重复信访率', (u) => formatRate(u.rates.repeatRate)],
  ['越级访率', (u) => formatRate(u.rates.skipLevelRate)],
  ['超期件数', (u) => u.counters.overdue ?? 0],
  ['督办件数', (u) => u.counters.supervised ?? 0],
  ['责任追究件数', (u) => u.counters.accountability ?? 0],
];

/** `66.67% (2/3)`, or `-` when nothing was counted. */
function formatRate(rate: Rate): string {
  return rate.value === null
    ? '-'
    : `${(rate.value * 100).toFixed(2)}% (${rate.numerator}/${rate.denominator})`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One header row and one row per unit; CRLF line ends (RFC 4180). */
export function toCsv(units: readonly UnitReport[]): string {
  const rows = [
    csvColumns.map(([title]) => title),
    ...units.map((u) => csvColumns.map(([, cell]) => cell(u))),
  ];
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export const handler = onLambda(createAssessmentApi);
