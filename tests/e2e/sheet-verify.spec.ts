// 核验告知单 (issue 24 item 3): a sheet printed at the counter carries a 核验码 and its QR code;
// when the client comes back, 案件 → 核验告知单 says whether it is genuine and unchanged, and
// whether its figures still hold — on the day it was issued, and on a later day with why.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, expect, root, startOn, test } from './support.ts';
import type { Page } from '@playwright/test';

const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));

/** Saves the example case under a name and prints its sheet; returns the 核验码 as printed on it. */
async function printSheet(page: Page, name: string): Promise<string> {
  await startOn(page, example.asOf);
  await page.keyboard.press('F3');
  await page.getByTestId('open-case-file').setInputFiles({
    name: 'c.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...example, person: { ...example.person, name } })),
  });
  await expect(page.getByTestId('principal')).toHaveText('2,160.00 元');
  await page.keyboard.press('Control+s');
  await expect(page.getByText(/已保存案件/)).toBeVisible();
  await page.keyboard.press('Control+p');
  const preview = page.getByTestId('sheet-preview');
  await preview.getByRole('button', { name: '打印' }).click();
  await expect(page.getByTestId('sheet-number')).not.toHaveText('预览（未编号）');
  const sheet = page.frameLocator('iframe[title^="告知单"]');
  const code = ((await sheet.locator('.code').textContent()) ?? '').replace('核验码', '').trim();
  expect(code).toMatch(/^\d{8}-\d{2,}-\d{4}-[0-9A-F]{8}$/);
  await expect(sheet.getByRole('img', { name: '核验二维码' })).toBeVisible();
  await page.keyboard.press('Escape');
  return code;
}

async function verify(page: Page, code: string) {
  await page.keyboard.press('F3');
  const field = page.getByLabel('核验码');
  await field.fill(code);
  await field.press('Enter');
  return page.getByTestId('verify-result');
}

test.describe('on the day it was issued', () => {
  test.use({ servicesNow: '2026-11-22T10:30:00+08:00' });

  test('a genuine sheet: issued here, unchanged, its figures still hold; a wrong code is not genuine', async ({ page }) => {
    const code = await printSheet(page, '核验甲');
    const result = await verify(page, code);
    await expect(result.getByRole('status')).toContainText('真实有效');
    await expect(result).toContainText('客户 核验甲');
    await expect(result).toContainText('2,160.00 元');
    await expect(result).toContainText('按今天（2026-11-22）重新核算');
    await expect(result).toContainText('告知单上的结论仍然成立');
    await page.screenshot({ path: join(SHOTS, 'sheet-verify-genuine.png') });

    // Typed by hand in full-width digits with spaces: read as meant.
    const typed = code.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/-/g, ' - ');
    await expect((await verify(page, typed)).getByRole('status')).toContainText('真实有效');

    // One check digit off: the paper is not what was issued under that number.
    const forged = `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`;
    const wrong = await verify(page, forged);
    await expect(wrong.getByRole('status')).toContainText('不是该编号出具时的原件');
    await expect(wrong).toContainText('2,160.00 元');
    await expect(wrong).not.toContainText('真实有效');
  });
});

test.describe('a later day', () => {
  test.use({ servicesNow: '2026-12-10T09:00:00+08:00' });

  test('the figures no longer hold once the payment day has passed, and the window says why', async ({ page }) => {
    // Issued on 2026-11-22 (the case's own day, set by the window's clock), checked on 2026-12-10.
    const code = await printSheet(page, '核验乙');
    const result = await verify(page, code);
    await expect(result.getByRole('status')).toContainText('真实有效');
    await expect(result).toContainText('按今天（2026-12-10）重新核算');
    await expect(result).toContainText('告知单上的结论已不再全部成立');
    await expect(result).toContainText('计划缴费日期（2026年11月25日）已过');
    await expect(result.getByTestId('verify-differences')).toContainText('最迟缴费日期');
    // Only the date moved: the window does not blame the library.
    await expect(result).not.toContainText('政策库中适用于此案件的规定已更新');
    await page.screenshot({ path: join(SHOTS, 'sheet-verify-changed.png') });
  });
});
