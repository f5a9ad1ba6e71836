/**
 * Who is signed in: the bearer token and what it says (unit, role, name), kept in this tab's
 * session storage. Locally the runtime signs the token (`POST /_local/tokens`); on AWS the
 * province's OpenID Connect provider issues it (authorization code with PKCE, ./oidc.ts).
 */
export interface Session {
  readonly token: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly role: string;
  readonly name: string;
}

const key = 'console.session';
const listeners = new Set<() => void>();

export function currentSession(): Session | undefined {
  const raw = sessionStorage.getItem(key);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(key, JSON.stringify(session));
  for (const l of listeners) l();
}

export function clearSession(): void {
  sessionStorage.removeItem(key);
  for (const l of listeners) l();
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The unit and role claims of a JWT (not verified here: the API verifies every request). */
export function claimsOf(token: string, unitClaim = 'unit', roleClaim = 'role'): Record<string, string> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  return {
    unit: String(claims[unitClaim] ?? claims['custom:unit'] ?? ''),
    role: String(claims[roleClaim] ?? claims['custom:role'] ?? ''),
    name: String(claims['name'] ?? claims['sub'] ?? ''),
    sub: String(claims['sub'] ?? ''),
  };
}

/** The signed-in person's id as the API knows it (the token's subject), for forms that name them. */
export function signedInPersonId(session: Session | undefined = currentSession()): string | undefined {
  if (!session) return undefined;
  try {
    return claimsOf(session.token).sub || undefined;
  } catch {
    return undefined;
  }
}
