/**
 * The petitioner's page in a real browser on a phone-sized window (375 × 812), over the local
 * runtime: write a petition with the SMS code read from `/_local/sms`, see the receipt, track the
 * case, and after the organ's reply (staff API) rate it and ask for review; once in the normal
 * mode and once in the elderly-friendly mode, with axe on every page in both, and keyboard-only use
 * of the form. `npm run screenshots` also writes the pages to docs/screenshots.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../../infra/local/platform.js';
import { launchChromium, seriousViolations } from '../support/browser.js';
import { bootPlatform, e2eClient } from '../support/e2e-client.js';

const shots = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
/** `npm run screenshots` refreshes docs/screenshots; a plain test run leaves them alone. */
const takeScreenshots = process.env['PORTAL_SCREENSHOTS'] === '1';
const ORGAN = '330106-zhujian';

let platform: RunningPlatform;
let stop: () => Promise<void>;
let client: ReturnType<typeof e2eClient>;
let browser: Browser;

beforeAll(async () => {
  ({ platform, stop } = await bootPlatform('petition-portal-browser-'));
  client = e2eClient(platform);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stop?.();
});

async function phonePage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    hasTouch: true,
  });
  return { context, page: await context.newPage() };
}

/** Every page checked with axe is recorded with its serious and critical findings (none expected). */
async function audit(page: Page, name: string, findings: Record<string, unknown[]>, shot?: string) {
  findings[name] = await seriousViolations(page);
  // Nothing is wider than the phone: no sideways scrolling, in either mode.
  expect(await page.evaluate('document.documentElement.scrollWidth'), `${name}: wider than the screen`).toBe(
    375,
  );
  if (shot && takeScreenshots) await page.screenshot({ path: join(shots, `${shot}.png`), fullPage: true });
}

async function latestCode(phone: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const sent = (await client.http('GET', '/_local/sms')).body as { to: string; text: string }[];
    const code = sent
      .filter((m) => m.to === phone)
      .map((m) => /验证码为(\d{6})/.exec(m.text)?.[1])
      .filter(Boolean)
      .at(-1);
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no verification code reached ${phone}`);
}

async function reply(trackingNumber: string): Promise<void> {
  const leader = { personId: 'leader-1', name: '李局长' };
  const handler = { personId: 'handler-1', name: '王科员' };
  expect((await client.act(trackingNumber, 'signFor', ORGAN, 'handler')).status).toBe(200);
  expect(
    (
      await client.act(trackingNumber, 'accept', ORGAN, 'leader', {
        notice: '您反映的问题已受理。',
        leader,
        handler,
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await client.act(trackingNumber, 'reply', ORGAN, 'handler', {
        outcome: 'explained',
        text: '经核查，物业费调整已经业主大会表决通过，现予解释说明。',
      })
    ).status,
  ).toBe(200);
  await client.drained();
}

/** Writes, receives, tracks, and after the reply rates as `rating`; returns the tracking number. */
async function walk(
  page: Page,
  phone: string,
  mode: 'normal' | 'elderly',
  findings: Record<string, unknown[]>,
) {
  const shot = (name: string) => `portal-${mode}-${name}`;
  await page.goto(`${platform.url}/`);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('网上信访');
  await audit(page, `${mode} home`, findings, shot('1-home'));

  await page
    .getByRole('link', { name: /^我要写信/ })
    .first()
    .click();
  await expect.poll(() => page.locator('#field-regionCode option').count()).toBeGreaterThan(10);
  // Submitting empty shows every problem beside its field and in a summary, no pop-up.
  await page.getByRole('button', { name: '提交信件' }).click();
  await expect.poll(() => page.getByText('请修改以下内容后再提交：').isVisible()).toBe(true);
  await audit(page, `${mode} write, with errors`, findings, shot('2-write-errors'));

  await page.getByLabel('姓名').fill('张三');
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect.poll(() => page.getByText('验证码已发送').isVisible()).toBe(true);
  await page.getByLabel('短信验证码').fill(await latestCode(phone));
  await page.getByLabel('事项所在地区').selectOption('330106');
  await page.getByLabel('标题').fill('小区物业乱收费');
  await page
    .getByLabel('内容')
    .fill('我们小区物业公司擅自提高物业费，业主多次反映无果，请住建部门调查处理。');
  await page.getByLabel('问题类别（选填）').selectOption('property-management');
  await audit(page, `${mode} write, filled`, findings, shot('3-write'));
  await page.getByRole('button', { name: '提交信件' }).click();

  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('信件已提交');
  const trackingNumber = String(await page.getByTestId('tracking-number').textContent());
  const queryCode = String(await page.getByTestId('query-code').textContent());
  expect(trackingNumber).toMatch(/^XF\d{14}$/);
  await audit(page, `${mode} receipt`, findings, shot('4-receipt'));
  // The same arrives by SMS.
  await client.drained();
  const texts = ((await client.http('GET', '/_local/sms')).body as { to: string; text: string }[])
    .filter((m) => m.to === phone)
    .map((m) => m.text);
  expect(texts.some((t) => t.includes(trackingNumber) && t.includes(queryCode))).toBe(true);

  await page.getByRole('button', { name: '查询办理进度' }).click();
  await expect.poll(() => page.getByTestId('stage').textContent()).toContain('待签收');
  expect(await page.getByTestId('rating-state').textContent()).toContain('答复后');
  await audit(page, `${mode} track, before the reply`, findings, shot('5-track'));

  await reply(trackingNumber);
  await page.reload();
  await expect.poll(() => page.getByTestId('stage').textContent()).toContain('待评价');
  await expect.poll(() => page.getByText('物业费调整已经业主大会表决通过').first().isVisible()).toBe(true);
  await audit(page, `${mode} track, replied`, findings, shot('6-replied'));
  return { trackingNumber, queryCode };
}

/** Presses Tab until the focused element matches `selector` (at most 60 times): keyboard reach. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  throw new Error(`${selector} is not reachable with Tab`);
}

/** A case filed through the signed web webhook and replied to by the organ. */
async function repliedCase(phone: string): Promise<{ trackingNumber: string; queryCode: string }> {
  const receipt = (await client.submit(phone)).body as { trackingNumber: string; queryCode: string };
  await client.drained();
  await reply(receipt.trackingNumber);
  return receipt;
}

/** Opens the case on the track page with the keyboard alone. */
async function trackByKeyboard(page: Page, receipt: { trackingNumber: string; queryCode: string }) {
  await page.goto(`${platform.url}/#/track`);
  await tabTo(page, '#field-number');
  await page.keyboard.type(receipt.trackingNumber);
  await tabTo(page, '#field-query');
  await page.keyboard.type(receipt.queryCode);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('stage').isVisible()).toBe(true);
}

describe('the petitioner’s page on a phone', () => {
  it('writes, receives, tracks and rates satisfied, with no serious axe finding on any page', async () => {
    // Prepare
    const { context, page } = await phonePage();
    const findings: Record<string, unknown[]> = {};
    // Act
    await walk(page, '13833330001', 'normal', findings);
    await page.getByLabel('满意', { exact: true }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByTestId('rating-state').textContent()).toContain('您已评价：满意');
    await audit(page, 'normal rated', findings, 'portal-normal-7-rated');
    // Assess
    expect(await page.getByTestId('stage').textContent()).toContain('已办结');
    expect(findings).toEqual(Object.fromEntries(Object.keys(findings).map((k) => [k, []])));
    expect(Object.keys(findings)).toHaveLength(7);
    await context.close();
  }, 120_000);

  it('does the same in the elderly-friendly mode, which survives a reload; rates dissatisfied and asks for review', async () => {
    // Prepare
    const { context, page } = await phonePage();
    const findings: Record<string, unknown[]> = {};
    await page.goto(`${platform.url}/`);
    await page.getByRole('button', { name: '适老化模式' }).click();
    await page.reload();
    expect(await page.evaluate("document.documentElement.classList.contains('elderly')")).toBe(true);
    expect(await page.getByRole('button', { name: '关闭适老化模式' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const size = await page.evaluate('getComputedStyle(document.documentElement).fontSize');
    // Act
    await walk(page, '13833330002', 'elderly', findings);
    await page.getByLabel('不满意', { exact: true }).check();
    await page.getByLabel('意见（选填）').fill('解释不清楚。');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByTestId('rating-state').textContent()).toContain('您已评价：不满意');
    await page.getByLabel('理由').fill('业主大会表决程序不合法，请求复查。');
    await page.getByRole('button', { name: '申请复查' }).click();
    await expect.poll(() => page.getByTestId('stage').textContent()).toContain('复查中');
    await audit(page, 'elderly review requested', findings, 'portal-elderly-7-review');
    // Assess
    expect(size).toBe('24px');
    expect(await page.getByTestId('review-state').textContent()).toContain('复查正在办理中');
    expect(findings).toEqual(Object.fromEntries(Object.keys(findings).map((k) => [k, []])));
    await context.close();
  }, 120_000);

  it('reaches every control of the form with the keyboard alone', async () => {
    // Prepare
    const { context, page } = await phonePage();
    await page.goto(`${platform.url}/#/write`);
    await expect.poll(() => page.locator('#field-regionCode option').count()).toBeGreaterThan(10);
    // Act
    const reached = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.add(
        String(
          await page.evaluate("document.activeElement?.id || document.activeElement?.textContent || ''"),
        ),
      );
    }
    // Assess
    for (const id of [
      'field-name',
      'field-phone',
      'field-code',
      'field-idNumber',
      'field-address',
      'field-regionCode',
      'field-title',
      'field-content',
      'field-category',
    ])
      expect(reached, id).toContain(id);
    expect([...reached]).toEqual(
      expect.arrayContaining(['适老化模式', '获取验证码', '添加附件链接', '提交信件']),
    );
    await context.close();
  }, 60_000);

  it('refuses a wrong code beside the code field, in Chinese', async () => {
    // Prepare
    const { context, page } = await phonePage();
    await page.goto(`${platform.url}/#/write`);
    await expect.poll(() => page.locator('#field-regionCode option').count()).toBeGreaterThan(10);
    await page.getByLabel('姓名').fill('李四');
    await page.getByLabel('手机号码').fill('13833330003');
    await page.getByRole('button', { name: '获取验证码' }).click();
    const code = await latestCode('13833330003');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    // Act
    await page.getByLabel('短信验证码').fill(wrong);
    await page.getByLabel('事项所在地区').selectOption('330106');
    await page.getByLabel('标题').fill('路灯不亮');
    await page.getByLabel('内容').fill('文三路路灯已坏一个月。');
    await page.getByRole('button', { name: '提交信件' }).click();
    // Assess
    await expect.poll(() => page.locator('#error-code').textContent()).toBe('验证码不正确');
    expect(await page.getByLabel('短信验证码').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  }, 60_000);

  it('rates and asks for review, then re-review, with the keyboard alone, and says why nothing more can be asked', async () => {
    // Prepare
    const { context, page } = await phonePage();
    const findings: Record<string, unknown[]> = {};
    const receipt = await repliedCase('13833330004');
    await trackByKeyboard(page, receipt);
    // Act: rate 不满意 (arrow keys move within the radio group) and ask for review
    await tabTo(page, 'input[name="rating"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('rating-state').textContent()).toContain('您已评价：不满意');
    await tabTo(page, '#field-reason');
    await page.keyboard.type('物业费调整程序不合法。');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('stage').textContent()).toContain('复查中');
    // the review decision, then 复核
    const decided = await client.act(receipt.trackingNumber, 'decideReview', '330100-zhujian', 'leader', {
      decision: 'upheld',
      text: '维持原答复意见。',
    });
    expect(decided.status).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: '申请复核' }).isVisible()).toBe(true);
    expect(await page.getByTestId('review-opinion').textContent()).toContain('维持原答复意见。');
    await audit(page, 'normal re-review open', findings, 'portal-normal-8-re-review');
    await tabTo(page, '#field-reason');
    await page.keyboard.type('复查意见认定事实不清。');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('stage').textContent()).toContain('复核中');
    expect(
      (
        await client.act(receipt.trackingNumber, 'decideReReview', '330000-zhujian', 'leader', {
          decision: 'upheld',
          text: '复核维持，终结。',
        })
      ).status,
    ).toBe(200);
    await page.reload();
    // Assess
    await expect.poll(() => page.getByTestId('stage').textContent()).toContain('已办结');
    expect(await page.getByTestId('review-state').textContent()).toContain('复核意见为终结意见');
    expect(await page.getByTestId('re_review-opinion').textContent()).toContain('复核维持，终结。');
    await audit(page, 'normal re-review decided', findings);
    expect(findings).toEqual(Object.fromEntries(Object.keys(findings).map((k) => [k, []])));
    await context.close();
  }, 120_000);

  // Last: it moves the platform's business clock past a rating window.
  it('says when the rating window has lapsed, in Beijing time, and offers no rating', async () => {
    // Prepare
    const { context, page } = await phonePage();
    const receipt = await repliedCase('13833330005');
    const view = (
      await client.http('GET', `/public/cases/${receipt.trackingNumber}?code=${receipt.queryCode}`)
    ).body as { deadlines: { step: string; dueAt: string }[] };
    const due = view.deadlines.find((d) => d.step === 'evaluation')!.dueAt;
    // Act
    await client.http('POST', '/_local/clock', { set: new Date(Date.parse(due) + 60_000).toISOString() });
    await client.http('POST', '/_local/schedules/deadline-sweep');
    await client.drained();
    await trackByKeyboard(page, receipt);
    // Assess
    const beijingDay = new Date(Date.parse(due) + 8 * 3_600_000);
    await expect
      .poll(() => page.getByTestId('rating-state').textContent())
      .toContain(
        `评价期限已于${beijingDay.getUTCFullYear()}年${beijingDay.getUTCMonth() + 1}月${beijingDay.getUTCDate()}日`,
      );
    expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
