/** How a person works the staff console, for the browser tests: sign in, pick, act. */

import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Signs in through the local sign-in page with a unit id and a role's Chinese name. */
export async function signIn(page: Page, baseUrl: string, unitId: string, roleName: string): Promise<void> {
  await page.goto(`${baseUrl}/console/sign-in`);
  await page.getByRole('heading', { name: '信访工作台' }).waitFor();
  await pick(page, '单位', unitId);
  await pick(page, '角色', roleName);
  await page.getByRole('button', { name: '登录' }).click();
  await page
    .getByRole('heading', { name: '工作台', exact: true })
    .waitFor()
    .catch(async (e) => {
      await page.screenshot({ path: '/tmp/fail.png' });
      throw e;
    });
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出' }).click();
  await page.getByRole('button', { name: '登录' }).waitFor();
}

/** Types into a searchable picker (a combobox) and takes the first match with Enter. */
export async function pick(page: Page, label: string, text: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.click();
  await box.fill(text);
  await page.locator('.ant-select-item-option-active').filter({ visible: true }).first().waitFor();
  await box.press('Enter');
}

/** Opens the picker and clicks the option a person reads. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByTitle(option, { exact: true }).last().click();
}

/** Clicks an action button of the case page and confirms its dialog after filling `fields`. */
export async function act(
  page: Page,
  action: string,
  fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void> = async () => {},
): Promise<void> {
  await page
    .getByRole('region', { name: '可办理的操作' })
    .getByRole('button', { name: action, exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: action });
  await dialog.waitFor();
  await fill(dialog);
  await dialog.getByRole('button', { name: `确认${action}` }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function stageShown(page: Page): Promise<string> {
  return (await page.getByTestId('case-stage').textContent()) ?? '';
}

export async function expectStage(page: Page, stage: string): Promise<void> {
  await expect.poll(() => stageShown(page), { timeout: 10_000 }).toBe(stage);
}
