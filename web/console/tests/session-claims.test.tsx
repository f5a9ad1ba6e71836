/** The console reads the signed-in person, unit and role from a token as the API does (the province's staffClaims). */
import { describe, expect, it } from 'vitest';
import { claimsOf } from '../src/auth/session';

/** An unsigned JWT with these claims, base64url-encoded as providers do (UTF-8 first). */
const token = (claims: Record<string, unknown>) => {
  const bytes = new TextEncoder().encode(JSON.stringify(claims));
  const base64 = btoa(String.fromCharCode(...bytes));
  return `x.${base64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}.y`;
};

describe('the claims of a staff token', () => {
  it('reads the platform’s own claim names by default, and Cognito’s custom attributes', () => {
    // Assess
    expect(claimsOf(token({ sub: 'leader@330106-zhujian', unit: '330106-zhujian', role: 'leader' }))).toEqual(
      {
        sub: 'leader@330106-zhujian',
        unit: '330106-zhujian',
        role: 'leader',
        name: 'leader@330106-zhujian',
      },
    );
    expect(
      claimsOf(
        token({ sub: 'u-1', 'custom:unit': '330106-xinfang', 'custom:role': 'registrar', name: '王' }),
      ),
    ).toMatchObject({ unit: '330106-xinfang', role: 'registrar', name: '王' });
  });

  it('follows the province’s claim names and maps its provider’s role values onto the platform’s', () => {
    // Prepare: a provider that names the person by employee number and the role by a group
    const names = {
      subject: ['employee_no', 'sub'],
      unit: ['org_code'],
      role: ['groups'],
      roles: { 'xf-ld': 'leader', 'xf-cb': 'handler' },
    };
    // Act
    const claims = claimsOf(
      token({ sub: 'opaque', employee_no: 'E1024', org_code: '330106-zhujian', groups: ['staff', 'xf-ld'] }),
      names,
    );
    // Assess
    expect(claims).toMatchObject({ sub: 'E1024', unit: '330106-zhujian', role: 'leader' });
  });
});
