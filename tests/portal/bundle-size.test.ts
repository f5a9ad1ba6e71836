/**
 * The petitioner's page stays light on a phone: the JavaScript its first load fetches (the entry
 * script, everything it preloads and the classic scripts of index.html) is at most 150 KB gzipped.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePortalBuilt, portalBuild } from '../../infra/local/portal-build.js';

const budgetBytes = 150 * 1024;

beforeAll(async () => {
  await ensurePortalBuilt();
}, 120_000);

describe('the petitioner’s page build', () => {
  it('loads at most 150 KB of gzipped JavaScript first', async () => {
    // Prepare
    const html = await readFile(join(portalBuild, 'index.html'), 'utf8');
    const scripts = [
      ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
      ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
    ].map((m) => m[1] as string);
    // Act
    const sizes = await Promise.all(
      scripts.map(async (src) => gzipSync(await readFile(join(portalBuild, src)), { level: 9 }).length),
    );
    const total = sizes.reduce((a, b) => a + b, 0);
    // Assess
    expect(scripts.some((s) => s.includes('assets/index-'))).toBe(true);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(budgetBytes);
    console.info(`first-load JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (${scripts.join(', ')})`);
  });
});
