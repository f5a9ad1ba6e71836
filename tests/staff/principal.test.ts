/**
 * Staff principals from the claims of the province's own identity provider: which claims name
 * the person, unit and role is province configuration (`staffClaims`), and the provider's role
 * values map onto the platform's roles.
 */
import { describe, expect, it } from 'vitest';
import { provinceConfigSchema } from '../../domain/province/schema.js';
import { HttpError, type HttpEvent } from '../../functions/runtime/http.js';
import { principalOf } from '../../functions/staff/principal.js';
import { provinceConfig } from '../../provinces/index.js';

const withClaims = (claims: Record<string, string>): HttpEvent =>
  ({ requestContext: { authorizer: { jwt: { claims, scopes: [] } } } }) as unknown as HttpEvent;

/** A province whose provider names the unit `org_code` and lists roles in `groups`. */
const mapped = provinceConfigSchema.parse({
  ...provinceConfig('zhejiang'),
  staffClaims: {
    subject: ['preferred_username', 'sub'],
    unit: ['org_code'],
    role: ['groups'],
    roles: { xf_registrar: 'registrar', xf_leader: 'leader' },
  },
}).staffClaims;

describe('principalOf', () => {
  it('reads the unit and role from the claims the province configuration names', () => {
    // Prepare
    const event = withClaims({
      preferred_username: 'zhang.wei',
      org_code: '330106-xinfang',
      groups: 'xf_leader',
    });

    // Act
    const principal = principalOf(event, mapped);

    // Assess
    expect(principal).toEqual({ personId: 'zhang.wei', unitId: '330106-xinfang', role: 'leader' });
  });

  it('takes the first mapped role of an array claim as API Gateway renders it', () => {
    // Prepare
    const event = withClaims({
      sub: 'u-1',
      org_code: '330106-xinfang',
      groups: '[staff xf_registrar xf_leader]',
    });

    // Act
    const principal = principalOf(event, mapped);

    // Assess
    expect(principal.role).toBe('registrar');
    expect(principal.personId).toBe('u-1');
  });

  it('answers 401 when no role value maps onto a platform role', () => {
    // Prepare
    const event = withClaims({ sub: 'u-1', org_code: '330106-xinfang', groups: '[staff admin]' });

    // Act
    const act = () => principalOf(event, mapped);

    // Assess
    expect(act).toThrow(HttpError);
    expect(act).toThrow(/org_code and groups/);
  });

  it("reads the platform's own claims and Cognito's custom attributes by default", () => {
    // Prepare
    const local = withClaims({ sub: 'a', unit: '330106-xinfang', role: 'handler' });
    const cognito = withClaims({ sub: 'b', 'custom:unit': '330106-xinfang', 'custom:role': 'registrar' });

    // Act
    const defaults = provinceConfig('zhejiang').staffClaims;

    // Assess
    expect(principalOf(local, defaults).role).toBe('handler');
    expect(principalOf(cognito, defaults)).toEqual({
      personId: 'b',
      unitId: '330106-xinfang',
      role: 'registrar',
    });
  });
});
