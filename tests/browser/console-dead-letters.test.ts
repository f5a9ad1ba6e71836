/**
 * The console's 死信 page in a real browser against the whole local runtime: an intake message
 * parked in the intake dead-letter queue (as a consumer that failed while the database was down
 * would have left it) is seen by the province bureau's administrator with what it refers to and
 * moved back after confirming; a supervisor sees it without the button; axe finds nothing serious.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../../infra/local/platform.js';
import { launchChromium, newContext, seriousViolations } from '../support/browser.js';
import { bootPlatform, e2eClient } from '../support/e2e-client.js';
import { signIn, signOut } from './console-helpers.js';

let platform: RunningPlatform;
let stop: () => Promise<void>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let client: ReturnType<typeof e2eClient>;

const PROVINCE_BUREAU = '330000-xinfang';
const submissionId = `browser-dlq-${randomUUID()}`;

beforeAll(async () => {
  [{ platform, stop }, browser] = await Promise.all([
    bootPlatform('console-dead-letters-'),
    launchChromium(),
  ]);
  client = e2eClient(platform);
  context = await newContext(browser);
  page = await context.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stop?.();
});

/** Parks a second copy of a registered submission's intake message in the intake DLQ. */
async function parkIntakeMessage(): Promise<void> {
  expect((await client.submit('13811119902', { submissionId })).status).toBe(202);
  expect(await client.drained()).toBe(200);
  await client.parkDeadLetters('intake', [
    { kind: 'submission.accepted', version: 1, channel: 'web', submissionId },
  ]);
}

describe('the dead-letters page', () => {
  it('shows the administrator a parked message and moves it back after confirming', async () => {
    // Prepare
    await parkIntakeMessage();
    await signIn(page, platform.url, PROVINCE_BUREAU, '管理员');

    // Act
    await page.getByRole('link', { name: '死信' }).click();
    await page.getByRole('heading', { name: '死信' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(submissionId) });
    await row.waitFor();

    // Assess
    expect(await row.textContent()).toContain('submission.accepted');
    expect(await row.textContent()).toContain('web');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/console-dead-letters.png', fullPage: true });

    // Act: move them back
    await page.getByRole('button', { name: '重新投递 intake' }).click();
    const dialog = page.getByRole('dialog', { name: '重新投递 intake 的死信？' });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '确认重新投递' }).click();

    // Assess
    await page.getByText('intake：已重新投递 1 条，失败 0 条').waitFor();
    await row.waitFor({ state: 'detached' });
  });

  it('shows a supervisor the page without the button', async () => {
    // Prepare
    await signOut(page);
    await signIn(page, platform.url, PROVINCE_BUREAU, '督查员');

    // Act
    await page.getByRole('link', { name: '死信' }).click();
    await page.getByRole('heading', { name: '死信' }).waitFor();
    await page.getByText(/^共 \d+ 条死信/).waitFor();

    // Assess
    expect(await page.getByRole('button', { name: /^重新投递/ }).count()).toBe(0);
  });
});
