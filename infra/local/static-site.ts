/**
 * The web apps behind the local runtime, served from their build folders as CloudFront serves
 * them on AWS, with the same security headers as the response-headers policies
 * (infra/cdk/web-headers.ts):
 * - the staff console under `/console/`: a single-page app, so any path under it that names no
 *   file is a client-side route answered with its `index.html`; a runtime `config.json` made by
 *   the runtime; writes refused (405);
 * - the petitioner's page at `/`: its files only; a path that names no file (every API route)
 *   is left to the API, which the page shares its origin with.
 *
 * One function for both: the HTTP server asks it first for the apps (`kind: 'app'`) and, for a
 * path no API route matches, for the pages (`kind: 'pages'`), so a page's file never hides an API
 * route.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { siteContentSecurityPolicy, siteReferrerPolicy, type WebApp } from '../cdk/web-headers.js';
import type { OutgoingResponse } from './http-gateway.js';

/** One web app served from its build folder. */
export interface StaticSite {
  /** Which app: its security headers. */
  readonly app: WebApp;
  /** `app`: client-side routes under the prefix; `pages`: files only, other paths to the API. */
  readonly kind: 'app' | 'pages';
  /** The path prefix, with a trailing slash: `/console/`, `/`. */
  readonly prefix: string;
  /** The build folder (Vite's `dist`). */
  readonly dir: string;
  /** Served as `<prefix>config.json` when given: what the app reads at start (API, sign-in). */
  readonly config?: unknown;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function securityHeaders(app: WebApp): Record<string, string> {
  return {
    'content-security-policy': siteContentSecurityPolicy(app),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': siteReferrerPolicy[app],
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}

const text = (message: string) => Buffer.from(message);

/** True when `path` is under the site's prefix (or is the prefix without its trailing slash). */
function under(site: StaticSite, path: string): boolean {
  return path === site.prefix.slice(0, -1) || path.startsWith(site.prefix);
}

/**
 * The answer for `path` from the first of `sites` it belongs to (the longest prefix first), or
 * undefined: then the API answers.
 */
export function serveStatic(
  sites: readonly StaticSite[],
  method: string,
  path: string,
): OutgoingResponse | undefined {
  const site = [...sites].sort((a, b) => b.prefix.length - a.prefix.length).find((s) => under(s, path));
  if (!site) return undefined;
  const isApp = site.kind === 'app';
  const answer = (statusCode: number, body: Buffer, headers: Record<string, string>): OutgoingResponse => ({
    statusCode,
    headers: { ...securityHeaders(site.app), ...headers },
    body: method === 'HEAD' ? Buffer.alloc(0) : body,
  });
  const notFound = () =>
    isApp ? answer(404, text('Not Found'), { 'content-type': contentTypes['.txt']! }) : undefined;
  if (method !== 'GET' && method !== 'HEAD')
    return isApp ? answer(405, text('Method Not Allowed'), { allow: 'GET, HEAD' }) : undefined;
  if (site.prefix !== '/' && path === site.prefix.slice(0, -1))
    return answer(308, Buffer.alloc(0), { location: site.prefix });
  const index = join(site.dir, 'index.html');
  if (!existsSync(index))
    return isApp
      ? answer(503, text(`the app at ${site.prefix} is not built: run npm start`), {
          'content-type': contentTypes['.txt']!,
        })
      : undefined;
  let relativePath: string;
  try {
    relativePath = decodeURIComponent(path.slice(site.prefix.length));
  } catch {
    return notFound();
  }
  if (site.config !== undefined && relativePath === 'config.json')
    return answer(200, Buffer.from(JSON.stringify(site.config)), {
      'content-type': contentTypes['.json']!,
      'cache-control': 'no-store',
    });
  // Build bookkeeping (`.vite/manifest.json`, `.source-hash`) is not part of the site.
  if (relativePath.split('/').some((segment) => segment.startsWith('.'))) return notFound();
  const named =
    relativePath === '' || relativePath.endsWith('/') ? `${relativePath}index.html` : relativePath;
  const file = normalize(join(site.dir, named));
  if (file.startsWith(site.dir + sep) && existsSync(file) && statSync(file).isFile()) {
    const hashed = relativePath.startsWith('assets/');
    return answer(200, readFileSync(file), {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
  // A missing asset is a 404; any other path of an app is one of its client-side routes.
  if (!isApp || relativePath.startsWith('assets/') || extname(relativePath) !== '') return notFound();
  return answer(200, readFileSync(index), {
    'content-type': contentTypes['.html']!,
    'cache-control': 'no-cache',
  });
}
