/**
 * GET /public/cases/{trackingNumber}?code={queryCode}: the petitioner's view of their case.
 * A wrong code answers exactly like an unknown number, and an address that keeps guessing is
 * throttled (429) for the rest of the window.
 */
import { timingSafeEqual } from 'node:crypto';
import middy from '@middy/core';
import { z } from 'zod';
import { publicView } from '../../domain/case/public-view.js';
import { queryCodeDigest } from '../intake/accept-submission.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { HttpError, type HttpEvent, type HttpResult, httpErrors, json, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';

/** Wrong codes one address may try per window before it is refused. */
export const maxWrongCodesPerWindow = 10;
/** Must match the window of the counter built in the composition root. */
export const wrongCodeWindowSeconds = 900;

const lookupSchema = z.object({
  trackingNumber: z.string().regex(/^[A-Z0-9]{6,32}$/, 'expected a tracking number'),
  code: z.string().regex(/^\d{6}$/, 'expected the 6-digit query code'),
});

const notFound = () => new HttpError(404, 'not_found', 'no case with that tracking number and query code');

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createPublicApi(deps: Dependencies) {
  const wrongCodes = deps.wrongQueryCodes;
  const unitName = (id: string) => deps.province.directory.findUnit(id)?.name ?? id;

  const lookup = async (event: HttpEvent): Promise<HttpResult> => {
    const { trackingNumber, code } = parseOr400(
      lookupSchema,
      {
        trackingNumber: event.pathParameters?.['trackingNumber'],
        code: event.queryStringParameters?.['code'],
      },
      'lookup',
    );
    const address = event.requestContext.http.sourceIp;
    const nowMs = Date.parse(deps.wallClock.now());
    if ((await wrongCodes.count(address, nowMs)) >= maxWrongCodesPerWindow) {
      throw new HttpError(
        429,
        'too_many_attempts',
        'too many wrong query codes from this address; try again later',
        undefined,
        {
          'retry-after': String(wrongCodeWindowSeconds),
        },
      );
    }
    const found = await deps.cases.get(trackingNumber);
    if (!found || !sameDigest(found.queryCodeDigest, queryCodeDigest(deps, trackingNumber, code))) {
      await wrongCodes.record(address, nowMs);
      throw notFound();
    }
    const history = await deps.cases.history(found.caseId);
    return json(200, publicView(found, history, deps.clock.now(), unitName));
  };

  return middy<HttpEvent, HttpResult>(lookup).use(httpErrors(deps.logger));
}

export const handler = onLambda(createPublicApi);
