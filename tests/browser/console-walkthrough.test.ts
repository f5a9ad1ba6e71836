/**
 * The staff console in a real browser against the whole local runtime (browser → HTTP → handler →
 * DynamoDB Local): a visit registered by the district bureau's registrar, forwarded by its triage
 * officer, signed for, accepted, extended and replied to by the housing bureau, rated by the
 * petitioner through the public API, and shown closed; then stale versions and refusals, the
 * keyboard, and axe-core on every page.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/local/paths.js';
import type { RunningPlatform } from '../../infra/local/platform.js';
import { launchChromium, newContext, seriousViolations } from '../support/browser.js';
import { bootPlatform, e2eClient } from '../support/e2e-client.js';
import { act, choose, expectStage, pick, signIn, signOut } from './console-helpers.js';

let platform: RunningPlatform;
let stop: () => Promise<void>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let client: ReturnType<typeof e2eClient>;
let url: string;

/** `npm run screenshots` refreshes docs/screenshots/; a plain test run leaves them alone. */
const screenshots = process.env['SCREENSHOTS'] === '1' ? join(projectRoot, 'docs', 'screenshots') : undefined;
async function screenshot(name: string): Promise<void> {
  if (!screenshots) return;
  await mkdir(screenshots, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  [{ platform, stop }, browser] = await Promise.all([bootPlatform('console-browser-'), launchChromium()]);
  client = e2eClient(platform);
  url = platform.url;
  context = await newContext(browser);
  page = await context.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stop?.();
});

const ORGAN = '330106-zhujian';
const BUREAU = '330106-xinfang';
let trackingNumber = '';
let queryCode = '';

describe('the staff console', () => {
  it('takes a visit from registration through triage, handling and the reply to closure', async () => {
    // Registration (登记) by the district bureau's registrar
    await signIn(page, url, BUREAU, '登记员');
    await page.getByRole('link', { name: '登记' }).click();
    await page.getByRole('heading', { name: '登记信访事项' }).waitFor();
    await page.getByLabel('来件编号').fill('XH-LF-0001');
    await page.getByLabel('信访人姓名').fill('赵六');
    await page.getByLabel('联系电话').fill('13900001111');
    await pick(page, '问题属地', '西湖区');
    await page.getByLabel('标题').fill('来访反映家庭赡养问题');
    await page.getByLabel('诉求内容').fill('本人来访反映家中长辈赡养问题，兄弟之间协商不成，请求帮助协调。');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    const receipt = await page.getByText(/^已登记：XF\d+$/).textContent();
    trackingNumber = receipt!.replace('已登记：', '');
    queryCode = /查询码 (\d{6})/.exec((await page.getByText(/查询码 \d{6}/).textContent()) ?? '')![1]!;
    expect(await client.drained()).toBe(200);
    await signOut(page);

    // Triage (分流): the router could not place it; the triage officer forwards it
    await signIn(page, url, BUREAU, '分流员');
    await page.getByRole('link', { name: '分流' }).click();
    // The row opens to what the router made of it: nothing it could place, here
    await page.getByRole('button', { name: `分流候选：${trackingNumber}` }).click();
    await page.getByRole('region', { name: `${trackingNumber} 的分流建议` }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel(`选择 ${trackingNumber}`).check();
    await page.getByRole('button', { name: /转送\/交办所选/ }).click();
    const dispatch = page.getByRole('dialog', { name: /转送\/交办 1 件/ });
    await pick(page, '接收单位', ORGAN);
    await dispatch.getByRole('button', { name: '确认' }).click();
    await page.getByText('已处理 1 件').waitFor();
    expect(await client.drained()).toBe(200);
    await signOut(page);

    // The housing bureau's handler finds it in 待签收 and opens it with the keyboard
    await signIn(page, url, ORGAN, '承办人');
    await page.getByRole('tab', { name: '待签收' }).click();
    const row = page.getByRole('row', { name: new RegExp(trackingNumber) });
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '来访反映家庭赡养问题' }).waitFor();
    expect(page.url()).toContain(`/console/cases/${trackingNumber}`);

    await act(page, '签收');
    await expectStage(page, '已签收，待受理');
    // The handler may see the petitioner's number in full (the reveal is audited)
    const petitioner = page.getByRole('region', { name: '信访人' });
    expect(await petitioner.textContent()).not.toContain('13900001111');
    await petitioner.getByRole('button', { name: '查看完整联系方式' }).click();
    await petitioner.getByText('13900001111').waitFor();
    // Only the organ's leader accepts (首办责任: the responsible leader signs the notice)
    expect(await page.getByRole('button', { name: '受理', exact: true }).count()).toBe(0);
    await signOut(page);

    await signIn(page, url, ORGAN, '责任领导');
    await page.goto(`${url}/console/cases/${trackingNumber}`);
    await act(page, '受理', async (dialog) => {
      await dialog.getByLabel('受理告知书').fill('您反映的问题已受理，我局将依法办理。');
      await dialog.getByLabel('责任领导姓名').fill('李局长');
      await dialog.getByLabel('责任领导工号').fill('leader-1');
      await dialog.getByLabel('责任人姓名').fill('王科员');
      await dialog.getByLabel('责任人工号').fill('handler-1');
    });
    await expectStage(page, '办理中');
    await signOut(page);

    // The handler asks for more time
    await signIn(page, url, ORGAN, '承办人');
    await page.goto(`${url}/console/cases/${trackingNumber}`);
    await act(page, '申请延期', async (dialog) => {
      await dialog.getByLabel('延长天数').fill('20');
      await dialog.getByLabel('延期理由').fill('需组织家庭成员调解');
    });
    await signOut(page);

    // The leader approves the extension and replies
    await signIn(page, url, ORGAN, '责任领导');
    await page.goto(`${url}/console/cases/${trackingNumber}`);
    await act(page, '批准延期');
    await page.getByText(/延期 20 天（已批准）/).waitFor();
    await act(page, '答复', async (dialog) => {
      await choose(page, '答复结果', '支持');
      // The reply starts from the reply template of the outcome (the platform's, none stored yet)
      await expect.poll(() => dialog.getByLabel('答复意见').inputValue()).toContain('经调查核实属实');
      await dialog.getByLabel('答复意见').fill('经调解，兄弟三人已签订赡养协议。');
    });
    await expectStage(page, '已答复，待评价');

    // The petitioner rates it through the public API; the console shows it closed
    const rated = await client.http('POST', `/public/cases/${trackingNumber}/evaluation`, {
      code: queryCode,
      rating: 'satisfied',
    });
    expect(rated.status).toBe(200);
    expect(await client.drained()).toBe(200);
    await page.reload();
    await expectStage(page, '已办结');
    await screenshot('case-page');
    const timeline = await page.getByRole('region', { name: '办理记录' }).textContent();
    for (const step of ['登记', '转送', '签收', '受理', '批准延期', '答复']) expect(timeline).toContain(step);
    await signOut(page);
  }, 180_000);

  it('offers only the actions the API allows, shows a refusal with its reason, and reloads a stale case', async () => {
    // Prepare: a case waiting at the organ
    const submitted = await client.submit('13900002222');
    expect(submitted.status).toBe(202);
    expect(await client.drained()).toBe(200);
    const id = submitted.body.trackingNumber as string;
    await signIn(page, url, ORGAN, '责任领导');
    await page.goto(`${url}/console/cases/${id}`);
    const actions = page.getByRole('region', { name: '可办理的操作' });
    await actions.getByRole('button', { name: '签收', exact: true }).waitFor();
    // Act: someone else signs for it meanwhile; then this page tries to return it
    expect((await client.act(id, 'signFor', ORGAN, 'handler')).status).toBe(200);
    await actions.getByRole('button', { name: '退回', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '退回' });
    await dialog.getByRole('button', { name: '确认退回' }).click();
    // Assess: the form refuses to send without a reason; then the stale version is reported
    await dialog.getByText('请填写退回理由').waitFor();
    await dialog.getByLabel('退回理由').fill('不属于本单位职责');
    await dialog.getByRole('button', { name: '确认退回' }).click();
    await dialog.getByText('该案件已被他人修改').waitFor();
    await page.keyboard.press('Escape');
    await expectStage(page, '已签收，待受理');
    // A refusal carries the API's reason: no extension was requested
    await act(page, '受理', async (d) => {
      await d.getByLabel('受理告知书').fill('已受理。');
      await d.getByLabel('责任领导姓名').fill('李局长');
      await d.getByLabel('责任领导工号').fill('leader-1');
      await d.getByLabel('责任人姓名').fill('王科员');
      await d.getByLabel('责任人工号').fill('handler-1');
    });
    await page
      .getByRole('region', { name: '可办理的操作' })
      .getByRole('button', { name: '批准延期', exact: true })
      .click();
    const approve = page.getByRole('dialog', { name: '批准延期' });
    await approve.getByRole('button', { name: '确认批准延期' }).click();
    await approve.getByText(/操作未成功/).waitFor();
    await page.keyboard.press('Escape');
    await signOut(page);

    // The district bureau supervises it; the supervision shows in its ledger with its deadline
    expect(
      (
        await client.act(id, 'openSupervision', BUREAU, 'supervisor', {
          mode: 'leader',
          reason: '督促尽快办理',
        })
      ).status,
    ).toBe(200);
    await signIn(page, url, BUREAU, '督查员');
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '台账' }).click();
    const ledgerRow = page.getByRole('row', { name: new RegExp(id) });
    await ledgerRow.waitFor();
    expect(await ledgerRow.textContent()).toMatch(
      /领导督查.*西湖区信访局.*西湖区住房和城乡建设局.*\d+个工作日/,
    );
    await signOut(page);
  }, 120_000);

  it('lets the province admin edit a reply template, and every staff member read it', async () => {
    await signIn(page, url, '330000-xinfang', '管理员');
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '答复模板' }).click();
    await page.getByRole('heading', { name: '答复模板', exact: true }).waitFor();
    await page.getByRole('button', { name: '编辑解释说明模板' }).click();
    await page.getByLabel('解释说明模板内容').fill('您好！关于您反映的问题，现将有关政策解释如下：');
    await page.getByRole('button', { name: '保存解释说明模板' }).click();
    await page.getByText('模板已保存').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot('reply-templates');
    await signOut(page);
    await signIn(page, url, ORGAN, '承办人');
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '答复模板' }).click();
    await page.getByText('您好！关于您反映的问题，现将有关政策解释如下：').waitFor();
    expect(await page.getByRole('button', { name: '编辑解释说明模板' }).count()).toBe(0);
    await signOut(page);
  }, 120_000);

  it('lists the unit’s cases nearest deadline first, with working-day countdowns', async () => {
    // Prepare: three petitions the router sends to the housing bureau, in three stages
    const filed = [];
    for (const [phone, title] of [
      ['13900003331', '小区电梯长期故障无人维修'],
      ['13900003332', '物业擅自提高停车费'],
      ['13900003333', '小区公共绿地被占用'],
    ] as const) {
      const answer = await client.submit(phone, {
        title,
        content: `${title}，物业公司置之不理，请住建部门调查处理。`,
      });
      filed.push(answer.body.trackingNumber as string);
    }
    expect(await client.drained()).toBe(200);
    const leader = { personId: 'leader-1', name: '李局长' };
    const handler = { personId: 'handler-1', name: '王科员' };
    for (const id of filed.slice(1))
      expect((await client.act(id, 'signFor', ORGAN, 'handler')).status).toBe(200);
    expect(
      (await client.act(filed[2]!, 'accept', ORGAN, 'leader', { notice: '已受理。', leader, handler }))
        .status,
    ).toBe(200);
    // Act
    await signIn(page, url, ORGAN, '承办人');
    const rows = page.getByRole('row', { name: /^XF/ });
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    const titles = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('aria-label') ?? ''));
    // Assess: signing for is due first, then acceptance, then the reply
    const order = ['小区电梯长期故障无人维修', '物业擅自提高停车费', '小区公共绿地被占用'].map((t) =>
      titles.findIndex((label) => label.includes(t)),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    await expect.poll(() => page.getByText(/^剩\d+个工作日$/).count()).toBeGreaterThanOrEqual(3);
    await screenshot('queues');
    await signOut(page);
  }, 120_000);

  it('finds no serious or critical accessibility violation on any page', async () => {
    const findings: Record<string, unknown[]> = {};
    const check = async (name: string) => {
      findings[name] = await seriousViolations(page);
    };
    await page.evaluate('sessionStorage.clear()');
    await page.goto(`${url}/console/`);
    await page.getByRole('button', { name: '登录' }).waitFor();
    await check('sign-in');
    await signIn(page, url, BUREAU, '督查员');
    await page.getByRole('table').waitFor();
    await check('queues');
    await page.goto(`${url}/console/cases/${trackingNumber}`);
    await expectStage(page, '已办结');
    await check('case');
    for (const [link, heading] of [
      ['登记', '登记信访事项'],
      ['分流', '分流'],
      ['查询', '查询'],
      ['台账', '台账'],
      ['答复模板', '答复模板'],
      ['考核', '目标管理考核'],
    ] as const) {
      await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      if (heading === '登记信访事项') {
        // Repeat hints: the number of a petitioner filed in the queue test above
        await page.getByLabel('联系电话').fill('13900003331');
        await page.getByText(/该电话已有 1 件信访记录/).waitFor();
        // Duplicate hints: a title like the first case's
        await page.getByLabel('标题').fill('反映家庭赡养问题');
        // (the hints read every inbox of the bureau's region: slow on a loaded machine)
        await page.getByText(/可能重复：已有 \d+ 件标题相近的信访件/).waitFor({ timeout: 45_000 });
        await page
          .getByText(new RegExp(`${trackingNumber}`))
          .first()
          .waitFor();
      }
      if (heading === '查询') {
        // Words of the first case's content find it
        await page.getByLabel('标题或内容').fill('兄弟 赡养');
        await page.getByLabel('标题或内容').press('Enter');
        await page.getByRole('row', { name: new RegExp(trackingNumber) }).waitFor({ timeout: 45_000 });
      }
      if (heading === '台账') await page.getByRole('row', { name: /领导督查/ }).waitFor({ timeout: 45_000 });
      await check(heading);
    }
    await page.getByRole('img', { name: /柱状图/ }).waitFor();
    await screenshot('assessment');
    await page.getByRole('link', { name: /^通知/ }).click();
    await page.getByRole('heading', { name: '通知', exact: true }).waitFor();
    await check('notifications');
    expect(findings).toEqual(Object.fromEntries(Object.keys(findings).map((k) => [k, []])));
  }, 240_000);
});
