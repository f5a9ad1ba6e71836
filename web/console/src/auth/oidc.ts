/**
 * Sign-in on AWS: the province's OpenID Connect provider (a Cognito user pool where the region has
 * one, the province's own identity platform in the China regions), authorization code with PKCE.
 * Loaded only when the configuration asks for it, so local sign-in never downloads it.
 */
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AuthConfig } from '../config';
import { claimsOf, type Session } from './session';

type OidcConfig = Extract<AuthConfig, { kind: 'oidc' }>;

function manager(config: OidcConfig): UserManager {
  const base = `${window.location.origin}${import.meta.env.BASE_URL}`;
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${base}signed-in`,
    post_logout_redirect_uri: `${base}sign-in`,
    response_type: 'code',
    scope: config.scope ?? 'openid profile',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

export async function startOidcSignIn(config: OidcConfig): Promise<void> {
  await manager(config).signinRedirect();
}

export async function completeOidcSignIn(config: OidcConfig): Promise<Session> {
  const user = await manager(config).signinRedirectCallback();
  // The ID token carries the unit and role attributes and the app client as its audience, which
  // is what the API's JWT authorizer checks; Cognito's access token carries neither.
  const token = user.id_token ?? user.access_token;
  const claims = claimsOf(token, config.claims);
  return {
    token,
    personId: claims['sub'] ?? '',
    unitId: claims['unit'] ?? '',
    unitName: claims['unit'] ?? '',
    role: claims['role'] ?? '',
    name: claims['name'] ?? '',
  };
}
