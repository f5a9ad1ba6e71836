/**
 * Static pages on the local runtime (the petitioner's page at `/`), served from a build folder
 * beside the API with the headers CloudFront adds on AWS: a strict Content-Security-Policy and the
 * usual hardening. Paths that name no file fall through to the API gateway's 404.
 *
 * Kept apart from http-server.ts so that the staff console's static serving (issue 17) can fold
 * this in; until then the server asks it for any path no API route matches.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { OutgoingResponse } from './http-gateway.js';

/** A folder served under a path prefix (`/` for the petitioner's page). */
export interface StaticSite {
  readonly prefix: string;
  readonly root: string;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The policy the page is built for: its own scripts, styles and API only, never framed. */
const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const staticHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
} as const;

/** The file `path` names in one of `sites`, or undefined (then the API answers). */
export async function serveStatic(
  sites: readonly StaticSite[],
  method: string,
  path: string,
): Promise<OutgoingResponse | undefined> {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  for (const site of sites) {
    if (!(path === site.prefix.replace(/\/$/, '') || path.startsWith(site.prefix))) continue;
    let relative: string;
    try {
      relative = decodeURIComponent(path.slice(site.prefix.length));
    } catch {
      return undefined;
    }
    const root = resolve(site.root);
    const file = resolve(
      root,
      relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative,
    );
    if (file !== root && !file.startsWith(root + sep)) return undefined;
    try {
      if (!(await stat(file)).isFile()) continue;
    } catch {
      continue;
    }
    const body = await readFile(file);
    const hashed = /[-.][A-Za-z0-9_-]{8}\.(js|css)$/.test(file);
    return {
      statusCode: 200,
      headers: {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...staticHeaders,
      },
      body: method === 'HEAD' ? Buffer.alloc(0) : body,
    };
  }
  return undefined;
}
