/**
 * The security headers of the platform's two web apps, one definition for both places that send
 * them: CloudFront's response-headers policies (static-site.ts) and the local
 * runtime (infra/local/static-site.ts).
 *
 * - The staff console (`console`): scripts only from the site itself; styles may be inline because
 *   Ant Design writes its styles at run time (CSS-in-JS); a referrer within the site.
 * - The petitioner's page (`portal`): no inline style either, and no referrer at all (the page's
 *   URLs may carry a tracking number).
 *
 * `connectTo` adds the origins the app calls besides its own (the API, the identity provider).
 */
export type WebApp = 'console' | 'portal';

export function siteContentSecurityPolicy(app: WebApp, connectTo: readonly string[] = []): string {
  const console = app === 'console';
  return [
    "default-src 'self'",
    "script-src 'self'",
    console ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    console ? "img-src 'self' data: blob:" : "img-src 'self' data:",
    console ? "font-src 'self' data:" : "font-src 'self'",
    `connect-src 'self' ${connectTo.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The Referrer-Policy each app is served with. */
export const siteReferrerPolicy = {
  console: 'strict-origin-when-cross-origin',
  portal: 'no-referrer',
} as const satisfies Record<WebApp, string>;
