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

test('4. a 城乡居民 client is shown what applies to residents’ insurance, worded once on screen and sheet', async ({ page }) => {
  // Qingdao residents’ insurance, no cover in 2025 and 2026, paying outside the window (golden 03).
  const c = JSON.parse(readFileSync(join(root, 'tests', 'golden', 'valid', '03-s5-qingdao-gap2.json'), 'utf8')).case;
  await startOn(page, c.asOf);
  await openCaseFile(page, c);
  const from = ((await page.getByTestId('benefits-from').textContent()) ?? '').trim();
  expect(from).toMatch(/^\d{4}-\d{2}$/);
  const lifetime = page.getByTestId('lifetime');
  await expect(lifetime).toContainText('城乡居民医保');
  await expect(lifetime).not.toContainText('已计');
  await expect(lifetime).not.toContainText('未录入');
  await expect(page.getByTestId('explanations')).not.toContainText(/女职工|男职工|法定退休/);
  await page.screenshot({ path: join(SHOTS, 'clerk2-04-resident.png') });
  await page.keyboard.press('Control+p');
  const sheet = sheetBody(page);
  const [year, month] = from.split('-');
  await expect(sheet).toContainText(`${year}年${Number(month)}月 起享受医保待遇`);
  await expect(sheet).not.toContainText('职工医保已计缴费年限');
  await expect(sheet).not.toContainText('自缴费当月起');
  await expect(sheet).not.toContainText(/女职工|男职工|延迟法定退休/);
  await page.screenshot({ path: join(SHOTS, 'clerk2-04-resident-sheet.png') });
});

test('5. rows pasted without a header in the grid’s own column order keep 基数, 险种 and 状态; nothing unknown is drawn', async ({
  page,
}) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  await cell(page, 0, '开始月份').focus();
  // 开始, 结束, 月缴费基数, 险种, 状态, 参保地 — as the grid shows them.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData(
      'text/plain',
      '2015-01\t2019-12\t6000\t灵活就业\t已缴\t\n2020-01\t2020-06\t6500\t职工\t欠费\t上海市\n2020-07\t2020-09\t6500\t养老\t已缴\t',
    );
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(cell(page, 0, '缴费基数')).toHaveValue('6000');
  await expect(cell(page, 0, '险种')).toHaveValue('flexible');
  await expect(cell(page, 0, '状态')).toHaveValue('paid');
  await expect(cell(page, 1, '缴费基数')).toHaveValue('6500');
  await expect(cell(page, 1, '险种')).toHaveValue('employee');
  await expect(cell(page, 1, '状态')).toHaveValue('arrears');
  await expect(cell(page, 1, '参保地')).toHaveValue('310000');
  // A scheme the grid does not know (养老) is named at the row, never guessed, never drawn in a colour the legend lacks.
  await expect(page.getByTestId('row-error-2')).toContainText('险种：无法识别“养老”');
  const kinds = await page
    .getByTestId('timeline')
    .first()
    .locator('[data-kind]')
    .evaluateAll((cells) => [...new Set(cells.map((c) => c.getAttribute('data-kind')))]);
  for (const kind of kinds)
    expect(['employee', 'flexible', 'resident', 'arrears', 'uncovered', 'gap', 'current-gap', 'future', 'payment']).toContain(kind);
  const fills = await page
    .getByTestId('timeline')
    .first()
    .locator('rect')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('fill') ?? ''));
  expect(fills.filter((f) => !f.startsWith('var(--') && f !== 'transparent')).toEqual([]);
  await page.screenshot({ path: join(SHOTS, 'clerk2-05-paste.png') });
});

test('9. a sheet with no amount is flagged before printing and tells the client what to do next', async ({ page }) => {
  const c = example();
  c.person.name = '金额未知';
  c.history = [
    { from: '1995-01', to: '1995-03', scheme: 'employee', status: 'arrears', base: 3000 },
    { from: '2010-07', to: '2026-10', scheme: 'employee', status: 'paid', base: 8000 },
  ];
  c.request = { scheme: 'employee', paymentDate: '2026-11-25', payer: 'employer', base: null, transferFrom: null };
  await startOn(page, '2026-11-22');
  await openCaseFile(page, c);
  await expect(page.getByTestId('total')).toHaveText('无法计算');
  await page.keyboard.press('Control+p');
  const preview = page.getByTestId('sheet-preview');
  await expect(preview.getByTestId('sheet-no-amount')).toContainText('没有可计算的应缴金额');
  const sheet = sheetBody(page);
  await expect(sheet).toContainText('合计：暂无法计算');
  await expect(sheet).toContainText('核定应缴金额');
  await page.screenshot({ path: join(SHOTS, 'clerk2-09-no-amount.png') });
});
