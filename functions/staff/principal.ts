/**
 * The staff member behind a request. Bearer JWT: on AWS the HTTP API's JWT authorizer has
 * verified it (the province's OIDC provider, or a Cognito user pool); locally the gateway verified
 * it with the local key. Either way the claims arrive in `requestContext.authorizer.jwt.claims`,
 * and the province configuration (`staffClaims`) says which claims name the person, unit and role.
 */
import * as z from 'zod/mini';
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import { type StaffRole, staffRoles } from '../../domain/case/model.js';
import type { StaffClaimsConfig } from '../../domain/province/schema.js';
import type { Env } from '../runtime/environment.js';
import { HttpError, type HttpEvent } from '../runtime/http.js';
import { provinceDirectoryOf } from '../runtime/province.js';

const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  unit: z.string().check(z.minLength(1)),
  role: z.enum(staffRoles),
});

/** The claims as the platform's own tokens name them; also what Cognito's custom attributes are called. */
const defaultClaims: StaffClaimsConfig = {
  subject: ['sub'],
  unit: ['unit', 'custom:unit'],
  role: ['role', 'custom:role'],
  roles: {},
};

/**
 * A claim's values. API Gateway passes every claim as a string and renders an array claim (a
 * provider's `groups`) as `[a b c]`; locally the gateway does the same.
 */
function valuesOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  const list = /^\[(.*)\]$/.exec(claim.trim());
  return list ? list[1]!.split(/[\s,]+/).filter((v) => v.length > 0) : [claim];
}

function firstClaim(claims: Record<string, unknown>, names: readonly string[]): unknown {
  return names.map((name) => claims[name]).find((value) => value !== undefined && value !== '');
}

/** The first of the provider's role values that maps onto a platform role. */
function roleOf(claim: unknown, roles: StaffClaimsConfig['roles']): StaffRole | string | undefined {
  const values = valuesOf(claim);
  const mapped = Object.keys(roles).length === 0 ? values : values.map((v) => roles[v]);
  return mapped.find((v) => v !== undefined && (staffRoles as readonly string[]).includes(v)) ?? values[0];
}

/** The staff member behind a request, from the verified JWT claims; 401 without them. */
export function principalOf(event: HttpEvent, names: StaffClaimsConfig = defaultClaims): StaffPrincipal {
  const claims =
    (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt
      ?.claims ?? {};
  const parsed = claimsSchema.safeParse({
    sub: firstClaim(claims, names.subject),
    unit: valuesOf(firstClaim(claims, names.unit))[0],
    role: roleOf(firstClaim(claims, names.role), names.roles),
  });
  if (!parsed.success)
    throw new HttpError(
      401,
      'unauthenticated',
      `a staff token with ${names.subject[0]}, ${names.unit[0]} and ${names.role[0]} claims naming a unit and a platform role is required`,
    );
  return { personId: parsed.data.sub, unitId: parsed.data.unit, role: parsed.data.role };
}

/** The province's directory and the claim names of its staff tokens, for a staff API's ports. */
export async function provinceWithClaims(env: Env) {
  const province = await provinceDirectoryOf(env);
  return { province, staffClaims: province.config.staffClaims };
}
