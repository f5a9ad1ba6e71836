/**
 * The console's 热点分析 page in a real browser against the whole local runtime: petitions about
 * one matter from different phones in 西湖区 go through the webhook, intake and the grouper; the
 * district bureau's triage officer opens the page, sees the cluster at the top, opens its row to
 * the chart of cases per day and the links to its cases, and follows one; axe-core finds nothing
 * serious. A unit that is not a bureau has no menu item and reads the API's refusal.
 */
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

const BUREAU = '330106-xinfang';
const ORGAN = '330106-zhujian';

/** One matter (a chemical plant's smell) in 西湖区, worded a little differently by each petitioner. */
const smell = [
  [
    '蒋村化工厂排放刺鼻气味',
    '蒋村附近的化工厂每天晚上排放刺鼻气味，居民无法开窗睡觉，请环保部门查处化工厂偷排。',
  ],
  ['化工厂夜间偷排废气刺鼻', '我家住在蒋村，化工厂夜间偷排废气，气味刺鼻，孩子咳嗽，请生态环境局查处。'],
  ['投诉蒋村化工厂废气扰民', '蒋村化工厂废气扰民，刺鼻气味持续一个多月，请求环保部门对化工厂偷排进行查处。'],
  ['蒋村化工厂气味刺鼻问题', '反映蒋村化工厂排放废气，刺鼻气味严重影响居民健康，希望尽快查处化工厂。'],
  ['化工厂排放刺鼻废气', '蒋村的化工厂晚上排放刺鼻废气，整个小区都能闻到气味，请环保部门查处偷排行为。'],
] as const;

beforeAll(async () => {
  [{ platform, stop }, browser] = await Promise.all([bootPlatform('console-hotspots-'), launchChromium()]);
  client = e2eClient(platform);
  context = await newContext(browser);
  page = await context.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stop?.();
});

describe('the hot-issues page', () => {
  const matter: string[] = [];

  it('shows the district bureau the cluster with its chart and its cases', async () => {
    // Prepare: five people about the smell, and one unrelated petition
    for (const [i, [title, content]] of smell.entries()) {
      const response = await client.submit(`1390000300${i}`, { title, content, regionCode: '330106' });
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      matter.push(response.body.trackingNumber as string);
    }
    await client.submit('13700004000', {
      title: '小区物业乱收费',
      content: '我们小区物业公司擅自提高物业费，业主多次反映无果，请住建部门调查处理。',
      regionCode: '330106',
    });
    expect(await client.drained()).toBe(200);

    // Act
    await signIn(page, platform.url, BUREAU, '分流员');
    await page.getByRole('link', { name: '热点分析' }).click();
    await page.getByRole('heading', { name: '热点分析' }).waitFor();
    const top = page.locator('.ant-table-tbody tr.ant-table-row').first();
    await top.waitFor();
    await top.getByRole('button', { name: '展开行' }).click();
    const cases = page.getByRole('navigation', { name: /的信访件$/ });
    await cases.waitFor();
    await page.getByRole('img', { name: /每日件数柱状图$/ }).waitFor();

    // Assess
    expect(await top.textContent()).toMatch(/西湖区.*环境保护.*5.*5/);
    const linked = await cases.getByRole('link').allTextContents();
    expect(linked.sort()).toEqual([...matter].sort());
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/console-hotspots.png', fullPage: true });
    await cases.getByRole('link', { name: matter[0] }).click();
    await page.waitForURL(`**/console/cases/${matter[0]}`);
  });

  it('has no menu item for a unit that is not a bureau, and shows the API’s refusal', async () => {
    // Prepare
    await signOut(page);
    await signIn(page, platform.url, ORGAN, '承办人');

    // Act
    await page.goto(`${platform.url}/console/hotspots`);
    const refusal = page.getByRole('alert');

    // Assess
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('无权操作');
    expect(await page.getByRole('link', { name: '热点分析' }).count()).toBe(0);
  });
});
