/**
 * `GET /staff/assessment` (DESIGN.md §2 step 11, 目标管理考核): the counters and rates of every
 * unit of a region and the region's total, for a range of months; `half=2026H1` is the half-yearly
 * report, `format=csv` the same as a sheet, `format=xlsx` as an Excel workbook. A function of its own: it only reads the table.
 */
import * as z from 'zod/mini';
import { type ReadAssessmentPorts, readAssessment } from '../../application/assessment/read-assessment.js';
import type { StaffClaimsConfig } from '../../domain/province/schema.js';
import { assessmentStore } from '../adapters/dynamodb/assessment-store.js';
import { hotspotStore } from '../adapters/dynamodb/hotspot-store.js';
import type { Env } from '../runtime/environment.js';
import { httpFunction, json, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { toCsv, toXlsx } from './assessment-csv.js';
import { principalOf, provinceWithClaims } from './principal.js';

export interface AssessmentApiPorts extends ReadAssessmentPorts {
  /** Which token claims name the staff member (province configuration). */
  readonly staffClaims: StaffClaimsConfig;
  readonly logger: LambdaAwareLogger;
}

const month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'));

const assessmentQuerySchema = z
  .strictObject({
    region: z.optional(z.string().check(z.regex(/^\d{6}$/, 'expected a 6-digit region code'))),
    unit: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    from: z.optional(month),
    to: z.optional(month),
    half: z.optional(z.string().check(z.regex(/^\d{4}H[12]$/, 'expected YYYYH1 or YYYYH2'))),
    format: z._default(z.enum(['json', 'csv', 'xlsx']), 'json'),
  })
  .check(
    z.refine((q) => !(q.region && q.unit), { message: 'give region or unit, not both', path: ['unit'] }),
    z.refine((q) => !(q.half && (q.from || q.to)), {
      message: 'give half or from/to, not both',
      path: ['half'],
    }),
  );

export function createAssessmentApi(ports: AssessmentApiPorts) {
  return httpFunction(async (event) => {
    const staff = principalOf(event, ports.staffClaims);
    const query = parseOr400(assessmentQuerySchema, event.queryStringParameters, 'query');
    const report = await readAssessment(ports, staff, query);
    if (query.format === 'json') return json(200, report);
    const file = `assessment-${report.region ?? report.unit ?? 'none'}-${query.half ?? `${report.from}_${report.to}`}.${query.format}`;
    if (query.format === 'xlsx') {
      const title = `目标管理考核 ${report.region ?? report.unit} ${query.half ?? `${report.from} 至 ${report.to}`}`;
      return {
        statusCode: 200,
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="${file}"`,
        },
        body: toXlsx(report.units, title).toString('base64'),
        isBase64Encoded: true,
      };
    }
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file}"`,
      },
      body: toCsv(report.units),
    };
  }, ports.logger);
}

export async function composeAssessmentApi(env: Env, local: LocalServices = {}): Promise<AssessmentApiPorts> {
  const clock = local.clock ?? systemClock;
  return {
    assessment: assessmentStore(env, clock),
    hotspots: hotspotStore(env),
    ...(await provinceWithClaims(env)),
    clock,
    logger: local.logger ?? lambdaLogger('assessment-api'),
  };
}

export const handler = onLambda(() => composeAssessmentApi(process.env), createAssessmentApi);
