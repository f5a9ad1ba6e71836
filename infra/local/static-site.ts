/**
 * Static web apps behind the local runtime, as CloudFront serves them on AWS: files under a path
 * prefix from a build folder, the app's `index.html` for any other path under it (client-side
 * routes), a runtime `config.json` made by the runtime, and the same security headers as the
 * CloudFront response-headers policy (infra/cdk/static-site.ts, infra/cdk/web-headers.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { siteContentSecurityPolicy } from '../cdk/web-headers.js';
import type { OutgoingResponse } from './http-gateway.js';

/** One app: `/console/` served from `dir`. */
export interface StaticSite {
  /** The path prefix, with a trailing slash: `/console/`. */
  readonly prefix: string;
  /** The build folder (Vite's `dist`). */
  readonly dir: string;
  /** Served as `<prefix>config.json`: what the app reads at start (API base URL, sign-in). */
  readonly config: unknown;
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

const webSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': siteContentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

function answer(statusCode: number, body: Buffer, headers: Record<string, string>): OutgoingResponse {
  return { statusCode, headers: { ...webSecurityHeaders, ...headers }, body };
}

/** The answer for `path` if it belongs to one of the sites, else undefined. */
export function serveStatic(
  sites: readonly StaticSite[],
  method: string,
  path: string,
): OutgoingResponse | undefined {
  const site = sites.find((s) => path === s.prefix.slice(0, -1) || path.startsWith(s.prefix));
  if (!site) return undefined;
  if (path === site.prefix.slice(0, -1)) return answer(308, Buffer.alloc(0), { location: site.prefix });
  if (method !== 'GET' && method !== 'HEAD')
    return answer(405, Buffer.from('Method Not Allowed'), { allow: 'GET, HEAD' });
  const index = join(site.dir, 'index.html');
  if (!existsSync(index))
    return answer(503, Buffer.from(`the app at ${site.prefix} is not built: run npm start`), {
      'content-type': 'text/plain; charset=utf-8',
    });
  const relativePath = decodeURIComponent(path.slice(site.prefix.length));
  if (relativePath === 'config.json')
    return answer(200, Buffer.from(JSON.stringify(site.config)), {
      'content-type': contentTypes['.json']!,
      'cache-control': 'no-store',
    });
  // Build bookkeeping (`.vite/manifest.json`, `.source-hash`) is not part of the site.
  if (relativePath.split('/').some((segment) => segment.startsWith('.')))
    return answer(404, Buffer.from('Not Found'), { 'content-type': 'text/plain; charset=utf-8' });
  const file = normalize(join(site.dir, relativePath));
  const inside = file.startsWith(site.dir + sep);
  if (inside && existsSync(file) && statSync(file).isFile()) {
    const hashed = relativePath.startsWith('assets/');
    return answer(200, readFileSync(file), {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
  // A missing asset is a 404; any other path is a client-side route of the app.
  if (relativePath.startsWith('assets/') || extname(relativePath) !== '')
    return answer(404, Buffer.from('Not Found'), { 'content-type': 'text/plain; charset=utf-8' });
  return answer(200, readFileSync(index), {
    'content-type': contentTypes['.html']!,
    'cache-control': 'no-cache',
  });
}
