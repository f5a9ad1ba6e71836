/**
 * The content security policy of the platform's web apps, one definition for both places that
 * send it: CloudFront's response-headers policy (static-site.ts) and the local runtime
 * (infra/local/static-site.ts). Scripts come only from the site itself; styles may be inline
 * because Ant Design writes its styles at run time (CSS-in-JS); `connectTo` adds the origins the
 * app calls besides its own (the API, the identity provider).
 */
export function siteContentSecurityPolicy(connectTo: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectTo.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
