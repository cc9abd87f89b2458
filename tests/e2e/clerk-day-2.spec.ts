// Issue 21, "a clerk's day, round 2": one test per numbered item, as a clerk meets it at
// 1366×768. Each was run against the code before the fix and failed there. The cases are
// set up here (Nanjing's example, months before any rate in the library, Shanghai's
// flexible start rule), and the tests assert what the clerk sees.
import { type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openCaseFile, root, SHOTS, startOn, test } from './support.ts';

const example = () => JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8')) as Record<string, any>;
const cell = (page: Page, i: number, label: string) => page.getByLabel(`第${i + 1}段${label}`, { exact: true });
const sheetBody = (page: Page) => page.frameLocator('iframe[title^="告知单"]').locator('body');

test('1. a paid month with a base of 0 is refused at the field; nothing is priced at 0.00', async ({ page }) => {
  await startOn(page, '2026-11-22');
  await openCaseFile(page, example());
  await expect(page.getByTestId('principal')).toHaveText('2,160.00 元');
  await cell(page, 0, '缴费基数').fill('0');
  await cell(page, 0, '缴费基数').press('Tab');
  await expect(page.getByTestId('input-problems')).toContainText('第1段 缴费基数');
  await expect(page.getByTestId('input-problems')).toContainText('应大于 0');
  await expect(page.getByTestId('total')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /出具告知单/ })).toBeDisabled();
  // Below one yuan is a typing error too; the request's 补缴基数 likewise.
  await cell(page, 0, '缴费基数').fill('0.5');
  await expect(page.getByTestId('input-problems')).toContainText('第1段 缴费基数');
  await cell(page, 0, '缴费基数').fill('8000');
  await page.locator('#request-base').fill('0');
  await page.locator('#request-base').press('Tab');
  await expect(page.getByTestId('input-problems')).toContainText('应大于 0');
  await page.screenshot({ path: join(SHOTS, 'clerk2-01-base-zero.png') });
  await page.locator('#request-base').fill('8000');
  await expect(page.getByTestId('principal')).toHaveText('2,160.00 元');
});

test('3. a continuous payer is told cover continues, not a start month, on screen and on the sheet', async ({ page }) => {
  // Shanghai flexible, paid through 2026-11, paying 2026-12-15: n = 0.
  const c = example();
  c.region = '310000';
  c.asOf = '2026-12-01';
  c.person.name = '连续缴费';
  c.history = [{ from: '2015-01', to: '2026-11', scheme: 'flexible', status: 'paid', base: 7000 }];
  c.request = { scheme: 'flexible', paymentDate: '2026-12-15', payer: 'individual', base: null, transferFrom: null };
  await startOn(page, '2026-12-01');
  await openCaseFile(page, c);
  const benefits = page.getByTestId('benefits');
  await expect(page.getByTestId('interruption')).toContainText('连续缴费');
  await expect(benefits).toContainText('待遇不中断');
  await expect(benefits).not.toContainText(/起享受/);
  await expect(page.getByTestId('conclusions-line')).not.toContainText(/起享受/);
  await page.screenshot({ path: join(SHOTS, 'clerk2-03-continuous.png') });
  await page.keyboard.press('Control+p');
  await expect(sheetBody(page)).toContainText('待遇不中断');
  await expect(sheetBody(page)).not.toContainText(/起享受医保待遇/);
  await page.screenshot({ path: join(SHOTS, 'clerk2-03-continuous-sheet.png') });
});

test('6. full-width digits, full-width separators and "8000元" are read as the clerk meant', async ({ page }) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  await page.locator('#person-name').fill('全角录入');
  // An IME left in full-width mode: the ID number, the months, the base and the date.
  await page.locator('#person-id').fill('３２０１０２１９７６０８１５００１０');
  await expect(page.locator('#person-birth')).toHaveValue('1976-08');
  await page.locator('#case-region').fill('320100');
  await cell(page, 0, '开始月份').fill('２０１０－０７');
  await cell(page, 0, '结束月份').fill('２０２６／０７');
  await cell(page, 0, '缴费基数').fill('8000元');
  await page.locator('#request-date').fill('２０２６．１１．２５');
  await page.locator('#request-base').fill('８０００');
  await page.locator('#request-base').press('Tab');
  await expect(page.getByTestId('input-problems')).toHaveCount(0);
  await expect(page.locator('#person-id-err')).toHaveCount(0);
  await expect(page.getByTestId('interruption-months')).toHaveText('3');
  await expect(page.getByTestId('principal')).toHaveText('2,160.00 元');
  // The field shows what was read once the clerk leaves it.
  await expect(cell(page, 0, '开始月份')).toHaveValue('2010-07');
  await page.screenshot({ path: join(SHOTS, 'clerk2-06-full-width.png') });
  // A number that is too short is named by its length in half-width digits.
  await page.locator('#person-id').fill('３２０１０２');
  await page.locator('#person-id').press('Tab');
  await expect(page.locator('#person-id-err')).toContainText('现为6位');
});

test('7. the what-if date takes a compact date (20270215) as README promises', async ({ page }) => {
  await startOn(page, '2026-11-22');
  await openCaseFile(page, example());
  await expect(page.getByTestId('principal')).toHaveText('2,160.00 元');
  await page.locator('#what-if-date').fill('20270215');
  await page.locator('#what-if-date').press('Enter');
  await expect(page.getByTestId('what-if-table')).toContainText('改在 2027-02-15');
  await expect(page.getByTestId('what-if')).not.toContainText('请按');
  await page.getByTestId('what-if').screenshot({ path: join(SHOTS, 'clerk2-07-what-if.png') });
});

test('8. an unknown principal makes the late fee unknown too, never 0.00', async ({ page }) => {
  // Arrears in 1995, before any rate in the library, paid by the client.
  const c = example();
  c.person.name = '本金未知';
  c.history = [
    { from: '1995-01', to: '1995-03', scheme: 'employee', status: 'arrears', base: 3000 },
    { from: '2010-07', to: '2026-10', scheme: 'employee', status: 'paid', base: 8000 },
  ];
  c.request = { scheme: 'employee', paymentDate: '2026-11-25', payer: 'individual', base: null, transferFrom: null };
  await startOn(page, '2026-11-22');
  await openCaseFile(page, c);
  await expect(page.getByTestId('principal')).toHaveText('无法计算');
  await expect(page.getByTestId('late-fee')).toHaveText('无法计算');
  await expect(page.getByTestId('conclusions')).not.toContainText('0.00 元');
  await page.getByTestId('conclusions').screenshot({ path: join(SHOTS, 'clerk2-08-unknown-principal.png') });
});

test('15. a wrong check digit says the number does not check and to re-read it, not which last digit to type', async ({ page }) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  await page.locator('#person-id').fill('320102197608150013');
  const message = page.locator('#person-id-err');
  await expect(message).toContainText('校验');
  await expect(message).toContainText('逐位核对');
  await expect(message).not.toContainText('末位应为');
  await expect(message).not.toContainText(/应为\s*\d/);
  await page.locator('section[aria-labelledby="client-heading"]').screenshot({ path: join(SHOTS, 'clerk2-15-id-check.png') });
});
