/**
 * The staff console's JavaScript weight, from the build's manifest: the first load of every page
 * opened directly (the entry and what it imports, the layout, and the page's own chunk) stays
 * within 350 KB gzipped, and each later page, form or chart loads its own code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { consoleDist } from '../../infra/local/console-build.js';

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
}

const manifest = JSON.parse(readFileSync(join(consoleDist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;
const gzipped = new Map<string, number>();
const gzipBytes = (file: string) => {
  let size = gzipped.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(join(consoleDist, file)), { level: 9 }).length;
    gzipped.set(file, size);
  }
  return size;
};

/** The JavaScript files a chunk needs before it runs: itself and its static imports, transitively. */
function closure(key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  if (chunk.file.endsWith('.js')) into.add(chunk.file);
  for (const imported of chunk.imports ?? []) closure(imported, into);
  return into;
}

const kb = (files: Set<string>) => [...files].reduce((sum, f) => sum + gzipBytes(f), 0) / 1024;
const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
const layout = 'src/components/AppLayout.tsx';
const pages = Object.keys(manifest).filter((k) => k.startsWith('src/pages/') && k.endsWith('.tsx'));

/** What the browser fetches to show a page opened directly (a bookmark, or after sign-in). */
function firstLoad(page: string): Set<string> {
  const files = closure(entry);
  if (page !== 'src/pages/SignIn.tsx' && page !== 'src/pages/SignedIn.tsx') closure(layout, files);
  return closure(page, files);
}

describe('the staff console build', () => {
  it('splits every page into its own chunk', () => {
    // Assess
    expect(pages.sort()).toEqual(
      [
        'Assessment',
        'CasePage',
        'DeadLetters',
        'Hotspots',
        'Ledgers',
        'Notifications',
        'NotFound',
        'Queues',
        'Register',
        'ReplyTemplates',
        'Search',
        'SignIn',
        'SignedIn',
        'Triage',
      ]
        .map((p) => `src/pages/${p}.tsx`)
        .sort(),
    );
    for (const page of pages) expect(closure(entry).has(manifest[page]!.file)).toBe(false);
  });

  it('loads at most 350 KB of gzipped JavaScript for the first page', () => {
    // Act
    const figures = Object.fromEntries(
      pages.map((p) => [p.slice('src/pages/'.length, -4), Math.round(kb(firstLoad(p)))]),
    );
    console.log(`first load, KB of gzipped JavaScript per page: ${JSON.stringify(figures)}`);
    // Assess: any page may be opened directly (a bookmark, a link in a notice, after sign-in)
    expect(Object.keys(figures)).toHaveLength(pages.length);
    for (const [page, kilobytes] of Object.entries(figures))
      expect(kilobytes, `${page}: first load`).toBeLessThanOrEqual(350);
  });

  it('keeps ECharts, the forms, the results tables and the OIDC client out of the first load', () => {
    // Assess
    const first = [...firstLoad('src/pages/Queues.tsx')].join(' ');
    expect(first).not.toMatch(/Assessment|oidc|RateChart|ActionDialog/);
    expect([...firstLoad('src/pages/Assessment.tsx')].join(' ')).not.toMatch(/RateChart|RateTable/);
    expect([...firstLoad('src/pages/Hotspots.tsx')].join(' ')).not.toMatch(/DailyCountChart/);
    expect([...firstLoad('src/pages/CasePage.tsx')].join(' ')).not.toMatch(/ActionDialog/);
    expect([...firstLoad('src/pages/Triage.tsx')].join(' ')).not.toMatch(/DispatchDialog/);
    expect([...firstLoad('src/pages/Search.tsx')].join(' ')).not.toMatch(/CaseQueue/);
  });
});
