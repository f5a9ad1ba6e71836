/**
 * The console's runtime configuration, read from `config.json` next to the static files: the
 * same build runs locally (local sign-in, API on the same origin) and in every province on AWS
 * (the province's OpenID Connect provider, the API's own URL).
 */
export type AuthConfig =
  | { readonly kind: 'local' }
  | {
      readonly kind: 'oidc';
      readonly issuer: string;
      readonly clientId: string;
      readonly scope?: string;
      /** Which token claims name the person, unit and role: the province's `staffClaims`, as the API reads them. */
      readonly claims?: StaffClaimNames;
    };

/** The claims that carry the person, the unit and the role, first present wins; `roles` maps the provider's role values. */
export interface StaffClaimNames {
  readonly subject: readonly string[];
  readonly unit: readonly string[];
  readonly role: readonly string[];
  readonly roles: Readonly<Record<string, string>>;
}

export interface ConsoleConfig {
  /** The staff API's base URL; empty for the same origin. */
  readonly apiBaseUrl: string;
  readonly auth: AuthConfig;
}

let loaded: Promise<ConsoleConfig> | undefined;

function isConfig(value: unknown): value is ConsoleConfig {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const auth = v['auth'] as Record<string, unknown> | undefined;
  if (typeof v['apiBaseUrl'] !== 'string' || typeof auth !== 'object' || auth === null) return false;
  if (auth['kind'] === 'local') return true;
  return (
    auth['kind'] === 'oidc' && typeof auth['issuer'] === 'string' && typeof auth['clientId'] === 'string'
  );
}

/** The configuration, fetched once. */
export function consoleConfig(): Promise<ConsoleConfig> {
  loaded ??= fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' })
    .then((r) => {
      if (!r.ok) throw new Error(`config.json: HTTP ${r.status}`);
      return r.json();
    })
    .then((value: unknown) => {
      if (!isConfig(value)) throw new Error('config.json: apiBaseUrl and auth are required');
      return value;
    });
  return loaded;
}
