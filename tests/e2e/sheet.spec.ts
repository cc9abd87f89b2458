// The print preview shows the sheet the services issue, and the case screen lists a
// case's sheets and reprints one identically.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, root, SHOTS, startOn, test } from './support.ts';

test('issue a sheet from the workbench (Ctrl+P), see it in the preview, find it under the case and reprint it', async ({ page }) => {
  const caseFile = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
  caseFile.person.name = '预览测试';
  await startOn(page, caseFile.asOf);
  await page.keyboard.press('F3');
  await page
    .getByTestId('open-case-file')
    .setInputFiles({ name: 'c.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(caseFile)) });
  await expect(page.getByTestId('principal')).toHaveText('2,160.00 元');
  await page.keyboard.press('Control+s');
  await expect(page.getByText(/已保存案件/)).toBeVisible();

  await page.keyboard.press('Control+p');
  const preview = page.getByTestId('sheet-preview');
  await expect(preview).toBeVisible();
  // The preview takes no number (issue 11 item 11): printing gives it one.
  await expect(page.getByTestId('sheet-number')).toHaveText('预览（未编号）');
  await preview.getByRole('button', { name: '打印' }).click();
  await expect(page.getByTestId('sheet-number')).not.toHaveText('预览（未编号）');
  const number = (await page.getByTestId('sheet-number').textContent())!;
  expect(number).toMatch(/^\d{8}-\d{2}-\d{4}$/);
  const sheet = page.frameLocator('iframe[title^="告知单"]');
  await expect(sheet.getByRole('heading', { name: '补缴及待遇恢复告知单' })).toBeVisible();
  await expect(sheet.locator('body')).toContainText('预览测试');
  await expect(sheet.locator('body')).toContainText('320102********0010');
  await expect(sheet.locator('body')).not.toContainText('320102197608150010');
  await expect(sheet.locator('body')).toContainText('合计 2,160.00 元（人民币贰仟壹佰陆拾元整）');
  await expect(sheet.locator('body')).toContainText('2026年11月30日');
  await expect(sheet.locator('body')).toContainText(number);
  // The bundled font is loaded in the preview too.
  await expect.poll(() => sheet.locator('body').evaluate(() => document.fonts.check('12px YibaoSheet', '补缴'))).toBe(true);
  await page.screenshot({ path: join(SHOTS, 'sheet-preview.png') });
  await page.keyboard.press('Escape');

  await page.keyboard.press('F3');
  await page.locator('#case-search').fill('预览测试');
  await page.getByRole('button', { name: '告知单' }).first().click();
  const list = page.getByTestId('sheet-list');
  await expect(list).toContainText(number);
  await list.getByRole('button', { name: '重印' }).first().click();
  await expect(page.getByTestId('sheet-number')).toHaveText(number);
  await expect(page.frameLocator('iframe[title^="告知单"]').locator('body')).toContainText('合计 2,160.00 元');
});

test('a preview the browser closes by itself (Escape with no fresh user activation) is closed on screen too, and opens again', async ({
  page,
}) => {
  // Chromium closes a modal <dialog> on Escape without a `cancel` event when the page's user
  // activation is used up (e.g. by print()): CI once saw the preview vanish while the screen
  // kept it "open". The native close is what the browser does then; the screen must follow it.
  const caseFile = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
  await startOn(page, caseFile.asOf);
  await page.keyboard.press('F3');
  await page
    .getByTestId('open-case-file')
    .setInputFiles({ name: 'c.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(caseFile)) });
  await expect(page.getByTestId('principal')).toHaveText('2,160.00 元');
  const preview = page.getByTestId('sheet-preview');
  await page.keyboard.press('Control+p');
  await expect(preview).toBeVisible();
  await preview.evaluate((dialog) => (dialog as HTMLDialogElement).close());
  await expect(preview).toHaveCount(0);
  await page.keyboard.press('Control+p');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('sheet-number')).toHaveText('预览（未编号）');
});
