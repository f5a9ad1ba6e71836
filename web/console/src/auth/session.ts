/**
 * Who is signed in: the bearer token and what it says (unit, role, name), kept in this tab's
 * session storage. Locally the runtime signs the token (`POST /_local/tokens`); on AWS the
 * province's OpenID Connect provider issues it (authorization code with PKCE, ./oidc.ts).
 */
import type { StaffRole } from '../../../../domain/case/model';
import type { StaffClaimNames } from '../config';

export interface Session {
  readonly token: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly role: string;
  readonly name: string;
  /** The person id the API knows (the token's subject claim), when the sign-in read it. */
  readonly personId?: string;
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

/** The platform's own token claims, and Cognito's custom attributes (what the API reads by default). */
const defaultClaimNames: StaffClaimNames = {
  subject: ['sub'],
  unit: ['unit', 'custom:unit'],
  role: ['role', 'custom:role'],
  roles: {},
};

/** The platform's roles (a record, so that the type check notices a role added to the domain). */
const platformRoles: Readonly<Record<StaffRole, true>> = {
  registrar: true,
  triage_officer: true,
  handler: true,
  leader: true,
  supervisor: true,
  admin: true,
};

/** A claim's values: an array claim (a provider's `groups`) or one value. */
const valuesOf = (claim: unknown): string[] =>
  Array.isArray(claim) ? claim.map(String) : claim === undefined || claim === '' ? [] : [String(claim)];

/**
 * The person, unit and role a JWT names, read as the API reads them (functions/staff/principal.ts:
 * the first present of each claim, the provider's role values mapped onto the platform's). Not
 * verified here: the API verifies every request.
 */
export function claimsOf(token: string, names: StaffClaimNames = defaultClaimNames): Record<string, string> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const first = (list: readonly string[]) =>
    list.map((name) => claims[name]).find((v) => v !== undefined && v !== '');
  const roleValues = valuesOf(first(names.role));
  const mapped = Object.keys(names.roles).length === 0 ? roleValues : roleValues.map((v) => names.roles[v]);
  const role =
    mapped.find((v): v is string => v !== undefined && Object.hasOwn(platformRoles, v)) ??
    roleValues[0] ??
    '';
  const sub = valuesOf(first(names.subject))[0] ?? '';
  return {
    unit: valuesOf(first(names.unit))[0] ?? '',
    role,
    name: String(claims['name'] ?? sub),
    sub,
  };
}

/** The signed-in person's id as the API knows it (the token's subject), for forms that name them. */
export function signedInPersonId(session: Session | undefined = currentSession()): string | undefined {
  if (!session) return undefined;
  try {
    return session.personId ?? (claimsOf(session.token).sub || undefined);
  } catch {
    return undefined;
  }
}
