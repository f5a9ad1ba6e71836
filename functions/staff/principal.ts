/**
 * The staff member behind a request. Bearer JWT: on AWS the HTTP API's JWT authorizer has
 * verified it; locally the gateway verified it with the local key. Either way the claims arrive in
 * `requestContext.authorizer.jwt.claims`.
 */
import * as z from 'zod/mini';
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import { staffRoles } from '../../domain/case/model.js';
import { HttpError, type HttpEvent } from '../runtime/http.js';

const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  unit: z.string().check(z.minLength(1)),
  role: z.enum(staffRoles),
});

/** The staff member behind a request, from the verified JWT claims; 401 without them. */
export function principalOf(event: HttpEvent): StaffPrincipal {
  const claims =
    (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt
      ?.claims ?? {};
  const parsed = claimsSchema.safeParse({
    sub: claims['sub'],
    unit: claims['unit'] ?? claims['custom:unit'],
    role: claims['role'] ?? claims['custom:role'],
  });
  if (!parsed.success)
    throw new HttpError(401, 'unauthenticated', 'a staff token with sub, unit and role claims is required');
  return { personId: parsed.data.sub, unitId: parsed.data.unit, role: parsed.data.role };
}
