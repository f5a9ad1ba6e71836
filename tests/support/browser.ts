/**
 * A real browser for the web apps' tests (the staff console and the petitioner's page): Debian's
 * Chromium (`/usr/bin/chromium`, installed by infra/local/ensure-browser.sh) driven by
 * playwright-core, and axe-core's WCAG 2.1 A/AA rules. Nothing here downloads a browser build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Debian's Chromium headless; as root it needs --no-sandbox. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `no Chromium at ${chromiumPath}: run 'sh infra/local/ensure-browser.sh' (apt-get install chromium)`,
    );
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  });
}

/**
 * A fresh context (its own cookies and storage) as the people using the apps have it: zh-CN and
 * Beijing time, whatever the machine's; `options` adds the window size, touch and so on.
 */
export async function newContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    ...options,
  });
  context.setDefaultTimeout(30_000);
  return context;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * Waits (at most 2 s) for the page's finite CSS transitions and animations to end: a colour read
 * halfway through a menu's highlight is neither the colour before nor after. Spinners, which run
 * forever, are not waited for.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(`(async () => {
    const finite = document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
      .map((a) => a.finished.catch(() => undefined));
    await Promise.race([Promise.all(finite), new Promise((resolve) => setTimeout(resolve, 2000))]);
  })()`);
}

/**
 * The serious and critical WCAG 2.1 A/AA violations axe finds on the page as it is now. axe is
 * evaluated through the DevTools protocol, so the page's strict CSP stays on.
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  await settled(page);
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global; this runs in the page
    const { axe, document } = globalThis as any;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations
      .filter((v: { impact: string | null }) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
  });
}
