/**
 * `GET /staff/notifications` (issue #7): a unit's notification feed, newest first, for a front
 * end that polls it. Staff read their own unit's feed, or that of a unit in their bureau's region
 * (the same remit as the inbox); anything else is refused with an audit line. A function of its
 * own: it only reads the table, and polling traffic does not share concurrency with case actions.
 */
import middy from '@middy/core';
import * as z from 'zod/mini';
import { canSeeInboxOf } from '../../domain/access/jurisdiction.js';
import { InvalidCursorError } from '../../domain/case/errors.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { HttpError, type HttpEvent, type HttpResult, httpErrors, json, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { denyAccess, principalOf } from './principal.js';

const feedQuerySchema = z.object({
  unit: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  since: z.optional(z.iso.datetime({ offset: true })),
  limit: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(100))), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

export function createStaffFeedApi(deps: Dependencies) {
  const { directory } = deps.province;

  const feed = async (event: HttpEvent): Promise<HttpResult> => {
    const staff = principalOf(event);
    const query = parseOr400(feedQuerySchema, event.queryStringParameters ?? {}, 'query');
    const unitId = query.unit ?? staff.unitId;
    if (!canSeeInboxOf(staff, unitId, directory))
      denyAccess(
        deps.logger,
        staff,
        'notifications',
        `the feed of ${unitId} is outside the remit of ${staff.unitId}`,
      );
    try {
      const page = await deps.staffFeed.list(unitId, {
        limit: query.limit,
        ...(query.since ? { since: new Date(Date.parse(query.since)).toISOString() } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return json(200, { unitId, items: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new HttpError(400, error.code, error.message);
      throw error;
    }
  };

  return middy<HttpEvent, HttpResult>(feed).use(httpErrors(deps.logger));
}

export const handler = onLambda(createStaffFeedApi);
