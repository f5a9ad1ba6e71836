/**
 * How the local runtime serves its web apps: the staff console's files from the build, client-side
 * routes to index.html, the runtime config, security headers, no way out of the build folder; the
 * petitioner's page's files at `/` with everything else left to the API; and the local sign-in
 * that stands in for the province's identity provider.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localSignIn } from '../../infra/local/sign-in.js';
import { openStaffTokens, type StaffTokens } from '../../infra/local/staff-tokens.js';
import { type StaticSite, serveStatic } from '../../infra/local/static-site.js';
import { provinceConfig } from '../../provinces/index.js';

let sites: StaticSite[];
let tokens: StaffTokens;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>信访工作台</title>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, '.source-hash'), 'secret-ish');
  const portal = mkdtempSync(join(tmpdir(), 'portal-dist-'));
  writeFileSync(join(portal, 'index.html'), '<!doctype html><title>网上信访</title>');
  writeFileSync(join(portal, 'mode.js'), 'void 0');
  sites = [
    { app: 'portal', kind: 'pages', prefix: '/', dir: portal },
    {
      app: 'console',
      kind: 'app',
      prefix: '/console/',
      dir,
      config: { apiBaseUrl: '', auth: { kind: 'local' } },
    },
  ];
  tokens = await openStaffTokens(mkdtempSync(join(tmpdir(), 'console-tokens-')));
});

const get = (path: string, method = 'GET') => serveStatic(sites, method, path);

describe('the console as the local runtime serves it', () => {
  it('serves a built asset with a long cache and the security headers', () => {
    // Act
    const answer = get('/console/assets/index-abc123.js')!;
    // Assess
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['cache-control']).toContain('immutable');
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a client-side route with index.html, and a missing asset with 404', () => {
    // Assess
    expect(get('/console/cases/XF20261202000001')!.body.toString()).toContain('信访工作台');
    expect(get('/console/')!.headers['cache-control']).toBe('no-cache');
    expect(get('/console/assets/gone.js')!.statusCode).toBe(404);
  });

  it('serves the runtime configuration the console reads at start', () => {
    // Act
    const answer = get('/console/config.json')!;
    // Assess
    expect(JSON.parse(answer.body.toString())).toEqual({ apiBaseUrl: '', auth: { kind: 'local' } });
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('keeps requests inside the build folder and hides dot files', () => {
    // Assess
    expect(get('/console/../../../etc/passwd')?.body.toString() ?? '').not.toContain('root:');
    expect(get('/console/%2e%2e/%2e%2e/package.json')!.body.toString()).not.toContain('"name"');
    expect(get('/console/.source-hash')!.statusCode).toBe(404);
  });

  it('redirects the bare prefix, refuses writes, and leaves other paths to the API', () => {
    // Assess
    expect(get('/console')).toMatchObject({ statusCode: 308, headers: { location: '/console/' } });
    expect(get('/console/', 'POST')!.statusCode).toBe(405);
    expect(get('/staff/cases')).toBeUndefined();
    expect(get('/consoles')).toBeUndefined();
  });
});

describe('the petitioner’s page beside it', () => {
  it('serves its files at / with its own stricter policy', () => {
    // Act
    const home = get('/')!;
    const script = get('/mode.js')!;
    // Assess
    expect(home.body.toString()).toContain('网上信访');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(home.headers['content-security-policy']).toContain("style-src 'self';");
    expect(home.headers['referrer-policy']).toBe('no-referrer');
    expect(get('/console/')!.headers['content-security-policy']).toContain(
      "style-src 'self' 'unsafe-inline'",
    );
  });

  it('leaves every path that names no file, and every write, to the API', () => {
    // Assess
    expect(get('/public/cases/XF20261202000001')).toBeUndefined();
    expect(get('/public/petitions', 'POST')).toBeUndefined();
    expect(get('/index.html', 'POST')).toBeUndefined();
    expect(get('/%E0%A4%A')).toBeUndefined();
    expect(get('/../package.json')?.body.toString() ?? '').not.toContain('"name"');
  });

  it('answers HEAD with the headers and no body', () => {
    // Act
    const answer = get('/', 'HEAD')!;
    // Assess
    expect(answer.statusCode).toBe(200);
    expect(answer.body.length).toBe(0);
  });
});

describe('local sign-in', () => {
  const signIn = localSignIn(provinceConfig('zhejiang'));
  const post = (body: unknown) =>
    signIn.control('POST', '/tokens', Buffer.from(JSON.stringify(body)), tokens);

  it('lists the province’s units and the roles with their Chinese names', async () => {
    // Act
    const answer = await signIn.control('GET', '/sign-in-options', Buffer.alloc(0), tokens);
    // Assess
    const body = answer.body as { units: { id: string }[]; roles: { id: string; name: string }[] };
    expect(answer.status).toBe(200);
    expect(body.units.map((u) => u.id)).toEqual(expect.arrayContaining(['330106-xinfang', '330106-zhujian']));
    expect(body.roles).toEqual(expect.arrayContaining([{ id: 'triage_officer', name: '分流员' }]));
  });

  it('signs a token for a unit and a role that the runtime accepts', async () => {
    // Act
    const answer = await post({ unitId: '330106-zhujian', role: 'leader' });
    // Assess
    const body = answer.body as { token: string; unitName: string };
    expect(answer.status).toBe(200);
    expect(body.unitName).toBe('西湖区住房和城乡建设局');
    expect(await tokens.verifyStaffToken(body.token)).toMatchObject({
      unit: '330106-zhujian',
      role: 'leader',
    });
  });

  it('answers 400 naming an unknown unit and role, and 405 to a GET of tokens', async () => {
    // Act
    const bad = await post({ unitId: '999999-nowhere', role: 'mayor' });
    const wrongMethod = await signIn.control('GET', '/tokens', Buffer.alloc(0), tokens);
    // Assess
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('unitId');
    expect(JSON.stringify(bad.body)).toContain('role');
    expect(wrongMethod.status).toBe(405);
  });
});
