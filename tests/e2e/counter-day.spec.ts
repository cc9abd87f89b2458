// Issue 11, "a day at the counter": one test per numbered item, as a clerk meets it at
// 1366×768. Each was run against the code before the fix and failed there.
import { type Page } from '@playwright/test';
import { join } from 'node:path';
import { idCheckChar } from '../../src/core/idcard.ts';
import { SITUATIONS, badInput, employerArrears, transferN3, twentyYears } from './cases.ts';
import { callApi, expect, openCaseFile, SERVICES_NOW, shanghaiTime, SHOTS, startOn, test } from './support.ts';

// One counter's day, item after item on the same database (cases saved earlier are found later).
test.describe.configure({ mode: 'serial' });

const unsavedQuestion = (page: Page) => page.getByRole('dialog', { name: '当前案件有未保存的修改' });
const row = (page: Page, i: number) => page.locator(`[data-row="${i}"]`);
const cell = (page: Page, i: number, label: string) => page.getByLabel(`第${i + 1}段${label}`, { exact: true });

/** A valid ID number for a birth day and sex (the check digit computed as GB 11643 says). */
function idNumber(birthDay: string, sex: 'male' | 'female'): string {
  const first17 = `320102${birthDay.replace(/-/g, '')}01${sex === 'male' ? '1' : '2'}`;
  return first17 + idCheckChar(first17);
}

/** Types a short valid case into a blank form (name, birth, one paid range). */
async function typeSmallCase(page: Page, name: string) {
  await page.locator('#person-name').fill(name);
  await page.locator('#person-birth').fill('1980-05');
  await page.locator('#case-region').fill('320100');
  await cell(page, 0, '开始月份').fill('2015-01');
  await cell(page, 0, '结束月份').fill('2026-07');
  await cell(page, 0, '缴费基数').fill('8000');
}

test('1. unsaved work is never discarded without a question (保存 / 不保存 / 取消), and a discard can be undone', async ({ page }) => {
  await startOn(page, '2026-11-22');
  // A blank, untouched form is left without a question.
  await page.keyboard.press('Control+Alt+n');
  await expect(unsavedQuestion(page)).toHaveCount(0);
  await typeSmallCase(page, '未保存甲');

  // 新建案件: the question, with its three answers; 取消 and Escape keep everything.
  await page.keyboard.press('Control+Alt+n');
  const ask = unsavedQuestion(page);
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('button')).toHaveText(['保存', '不保存', '取消']);
  await ask.getByRole('button', { name: '取消' }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.locator('#person-name')).toHaveValue('未保存甲');
  await page.getByRole('button', { name: '新建案件' }).click();
  await expect(ask).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ask).toHaveCount(0);
  await expect(page.getByRole('button', { name: '新建案件' })).toBeFocused(); // focus goes back where it was
  await expect(page.locator('#person-name')).toHaveValue('未保存甲');

  // 不保存: a new case, and the discarded one can be brought back.
  await page.keyboard.press('Control+Alt+n');
  await ask.getByRole('button', { name: '不保存' }).click();
  await expect(page.locator('#person-name')).toHaveValue('');
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(page.locator('#person-name')).toHaveValue('未保存甲');
  await expect(cell(page, 0, '结束月份')).toHaveValue('2026-07');

  // 保存: saved to 案件, then the new case.
  await page.keyboard.press('Control+Alt+n');
  await ask.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('#person-name')).toHaveValue('');
  const saved = await callApi<Array<{ personName: string }>>(page, 'listCases', { text: '未保存甲' });
  expect(saved.map((c) => c.personName)).toEqual(['未保存甲']);

  // Opening a saved case over unsaved work asks too.
  await typeSmallCase(page, '未保存乙');
  await page.keyboard.press('F3');
  await page.locator('#case-search').fill('未保存甲');
  await page.keyboard.press('Enter');
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: '取消' }).click();
  await page.keyboard.press('F2');
  await expect(page.locator('#person-name')).toHaveValue('未保存乙');

  // So does replacing the typed rows by an imported statement.
  const csv = '开始月份,结束月份,险种,缴费状态,缴费基数\n2001-01,2002-12,职工,已缴,3000\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page
    .getByRole('dialog', { name: /导入缴费明细/ })
    .getByRole('button', { name: '替换现有记录' })
    .click();
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: '不保存' }).click();
  await expect(cell(page, 0, '开始月份')).toHaveValue('2001-01');
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(cell(page, 0, '开始月份')).toHaveValue('2015-01');
});

test('2. import reads the statement’s 险种 and 缴费状态; a row it cannot classify is unreadable, never defaulted', async ({ page }) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  const csv = [
    '费款所属期起,费款所属期止,险种类型,到账标志,缴费基数',
    '2019-01,2023-12,职工基本医疗保险（灵活就业人员）,已到账,7000',
    '2024-01,2024-06,职工基本医疗保险（灵活就业人员）,未到账,7000',
    '2024-07,2024-12,基本医疗保险,已到账,7000',
  ].join('\r\n');
  await page.getByTestId('import-file').setInputFiles({ name: '灵活就业明细.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  const dialog = page.getByRole('dialog', { name: /导入缴费明细/ });
  await expect(page.getByTestId('import-good')).toHaveText('2');
  await expect(page.getByTestId('import-bad')).toHaveText('1');
  await expect(dialog).toContainText('险种无法识别：“基本医疗保险”');
  await expect(dialog.locator('tbody tr').nth(0)).toContainText('灵活就业');
  await expect(dialog.locator('tbody tr').nth(1)).toContainText('欠费');
  await dialog.getByRole('button', { name: /追加导入 2 段/ }).click();
  await expect(cell(page, 0, '险种')).toHaveValue('flexible');
  await expect(cell(page, 1, '险种')).toHaveValue('flexible');
  await expect(cell(page, 1, '状态')).toHaveValue('arrears');
});

test('3. region names are understood everywhere: field, grid, paste, import (GB18030), policy filter; ambiguous names are named', async ({
  page,
}) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  // 参保地: an ambiguous name gets a clear message, a full one resolves.
  await page.locator('#case-region').fill('吉林');
  await page.locator('#case-region').press('Tab');
  await expect(page.locator('[data-field="case-region"]')).toContainText(
    '“吉林”可指吉林省（220000）、吉林市（220200），请输入全称或6位代码',
  );
  await page.locator('#case-region').fill('江苏南京');
  await page.locator('#case-region').press('Tab');
  await expect(page.locator('#case-region')).toHaveValue('320100');
  // The grid's 参保地 cell.
  await cell(page, 0, '参保地').fill('上海市');
  await cell(page, 0, '参保地').press('Tab');
  await expect(cell(page, 0, '参保地')).toHaveValue('310000');
  await expect(row(page, 0)).toContainText('上海市');
  // Pasted rows.
  await cell(page, 0, '开始月份').focus();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', '2010年7月\t2015年6月\t职工\t已缴\t6000\t南京市\n2015-07\t2026-07\t灵活就业\t已缴\t7500\t上海');
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(cell(page, 0, '参保地')).toHaveValue('320100');
  await expect(cell(page, 1, '参保地')).toHaveValue('310000');
  // A statement saved by a Chinese spreadsheet program (GB18030) with 南京市 / 上海市.
  const gb18030 = Buffer.from(
    'b7d1bfeecbf9caf4c6dac6f02cb7d1bfeecbf9caf4c6dad6b92ccfd5d6d62cbdc9b7d1d7b4ccac2cbdc9b7d1bbf9cafd2cb2ceb1a3b5d80a323031322d30312c323031352d31322cb3c7d5f2d6b0b9a4bbf9b1bed2bdc1c6b1a3cfd52cd2d1b5bdd5cb2c353030302cc4cfbea9cad00a323031362d30312c323031382d30362cb3c7d5f2d6b0b9a4bbf9b1bed2bdc1c6b1a3cfd52cd2d1b5bdd5cb2c363530302cc9cfbaa3cad00a323031382d30372c323032302d31322cc1e9bbeebecdd2b5c8cbd4b1d2bdc1c6b1a3cfd52cd2d1b5bdd5cb2c373030302cc9cfbaa3cad00a323032312d30312c323032332d31322cb3c7d5f2d6b0b9a4bbf9b1bed2bdc1c6b1a3cfd52cd2d1b5bdd5cb2c383030302cc4cfbea9cad00a323032342d30312c323032362d30372cb3c7d5f2d6b0b9a4bbf9b1bed2bdc1c6b1a3cfd52cd2d1b5bdd5cb2c393030302cc4cfbea9cad00a',
    'hex',
  );
  await page.getByTestId('import-file').setInputFiles({ name: '参保缴费明细.csv', mimeType: 'text/csv', buffer: gb18030 });
  await expect(page.getByTestId('import-good')).toHaveText('5');
  await expect(page.getByTestId('import-bad')).toHaveText('0');
  await page
    .getByRole('dialog', { name: /导入缴费明细/ })
    .getByRole('button', { name: '取消' })
    .click();
  // The policy library's region filter.
  await page.keyboard.press('F5');
  await page.locator('#policy-region').fill('江苏南京');
  await expect(page.getByTestId('policy-groups')).toContainText('南京市（320100）');
  await expect(page.getByTestId('policy-groups')).not.toContainText('上海市（310000）');
});

test('4. a case reopened on a later day is assessed as of today, with a note; the payment date moves if it has passed', async ({
  page,
}) => {
  await startOn(page, '2026-11-20');
  await openCaseFile(page, { ...transferN3.caseFile, asOf: '2026-11-20', person: { ...transferN3.caseFile.person, name: '隔日再来' } });
  await expect(page.getByTestId('deadline')).toContainText('还有 10 天');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toContainText('已保存');

  await page.clock.setFixedTime(new Date('2026-11-28T10:00:00+08:00'));
  await page.reload();
  // F3 pressed before the reloaded window has started is lost (seen in CI): wait for the window.
  await expect(page.getByRole('button', { name: '案件 F3' })).toBeVisible();
  await page.keyboard.press('F3');
  await page.locator('#case-search').fill('隔日再来');
  await page.keyboard.press('Enter');
  await expect(page.locator('#as-of')).toHaveValue('2026-11-28');
  await expect(page.locator('#request-date')).toHaveValue('2026-11-28');
  const note = page.getByTestId('as-of-note');
  await expect(note).toContainText('办理日期已由 2026-11-20 改为今天 2026-11-28');
  await expect(note).toContainText('计划缴费日期 2026-11-25 已过，改为今天');
  await expect(page.getByTestId('deadline')).toContainText('2026-11-30');
  await expect(page.getByTestId('deadline')).toContainText('还有 2 天');
});

test('5. 退休类别 of a woman is a required choice, explained in plain words; changing 性别 follows', async ({ page }) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  await page.locator('#person-id').fill(idNumber('1978-03-09', 'female'));
  await expect(page.locator('#person-sex')).toHaveValue('female');
  await expect(page.locator('#person-category')).toHaveValue('');
  const field = page.locator('[data-field="retirementCategory"]');
  await expect(field).toContainText('原法定退休年龄55周岁');
  await expect(field).toContainText('原法定退休年龄50周岁');
  await page.locator('#person-category').focus();
  await page.locator('#person-category').blur();
  await expect(field.locator('.field-error')).toHaveText('请选择');
  await expect(page.locator('#person-category')).toHaveAccessibleDescription('请选择');
  await page.locator('#person-sex').selectOption('male');
  await expect(page.locator('#person-category')).toHaveValue('male');
  await page.locator('#person-sex').selectOption('female');
  await expect(page.locator('#person-category')).toHaveValue('');
  await page.locator('#person-category').selectOption('female-55');
  await expect(field.locator('.field-error')).toHaveCount(0);
});

test('6. the ID check digit is checked at the 18th character, and the full ID stays readable on screen', async ({ page }) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  const id = page.locator('#person-id');
  await id.focus();
  await page.keyboard.type('32010219760815001');
  await expect(id).toHaveAttribute('aria-invalid', 'false');
  await page.keyboard.type('1'); // the 18th character, a wrong check digit; the field is still being edited
  await expect(id).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-field="idNumber"]')).toContainText('身份证号校验不通过：号码中有数字录错，请对照证件逐位核对');
  await expect(id).toHaveAccessibleDescription(/身份证号校验不通过/);
  await page.keyboard.press('Tab');
  await expect(id).toHaveValue('320102197608150011'); // not masked while the client is on screen
});

test('7. an arrears result: conclusions first, warnings grouped and de-duplicated below them', async ({ page }) => {
  await startOn(page, employerArrears.caseFile.asOf);
  await openCaseFile(page, employerArrears.caseFile);
  const conclusions = page.getByTestId('conclusions');
  await expect(conclusions).toContainText('1,846.35 元');
  await expect(conclusions.getByTestId('benefits-from')).toBeInViewport();
  const warnings = page.getByTestId('warnings');
  const lines = warnings.getByTestId('warning-line');
  const codes = await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
  expect(new Set(codes).size).toBe(codes.length); // one line per kind
  expect((await conclusions.boundingBox())!.y).toBeLessThan((await warnings.boundingBox())!.y);
  await expect(warnings).not.toContainText('深圳市深圳市');
  await expect(lines.first().getByRole('button', { name: '详情' })).toBeVisible();
});

test('8. errors in the clerk’s words: labels, rows from 1, 月份不存在, nothing on a blank case until a field is left, all at once', async ({
  page,
}) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  await expect(page.locator('.field-error')).toHaveCount(0);
  await expect(page.getByTestId('input-problems')).toHaveCount(0);
  await page.locator('#person-name').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-field="name"]')).toContainText('请填写姓名');
  await expect(page.locator('.field-error')).toHaveCount(1);

  await page.locator('#person-name').fill('错录');
  await page.locator('#person-birth').fill('1976-08');
  await cell(page, 0, '开始月份').fill('2010-07');
  await cell(page, 0, '结束月份').fill('2016-13');
  await cell(page, 0, '缴费基数').fill('8000');
  await cell(page, 0, '缴费基数').press('Enter');
  await cell(page, 1, '开始月份').fill('2016-06');
  await cell(page, 1, '结束月份').fill('2026-07');
  await cell(page, 1, '缴费基数').fill('abc');
  await cell(page, 1, '缴费基数').press('Tab');
  await cell(page, 0, '开始月份').fill('2010-07'); // rows left: their problems show
  await cell(page, 0, '结束月份').fill('2016-12');
  await cell(page, 0, '结束月份').press('Tab');
  await cell(page, 0, '结束月份').fill('2016-13');
  await cell(page, 0, '结束月份').press('Tab');
  const problems = page.getByTestId('input-problems');
  await expect(problems).toContainText('第1段 结束月份：月份不存在：2016-13');
  await expect(problems).toContainText('第2段 缴费基数：请填写金额');
  await expect(problems).not.toContainText(/history\[|person\.|收到/);
  // Fixed month: now the overlap shows together with the base problem.
  await cell(page, 0, '结束月份').fill('2016-12');
  await cell(page, 0, '结束月份').press('Tab');
  await expect(problems).toContainText('第2段：与第1段（2010-07 至 2016-12）重叠：2016-06 至 2016-12');
  await expect(problems).toContainText('第2段 缴费基数：请填写金额');
  await expect(page.getByTestId('row-error-1')).toContainText('与第1段');
});

test('9. 替换现有记录 adds no half-filled row, and nothing half-filled is saved', async ({ page }) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  await typeSmallCase(page, '替换导入');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toContainText('已保存');
  const csv = '开始月份,结束月份,险种,缴费状态,缴费基数\n2012-01,2019-12,职工,已缴,6000\n2020-01,2026-07,职工,已缴,8000\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'r.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page
    .getByRole('dialog', { name: /导入缴费明细/ })
    .getByRole('button', { name: '替换现有记录' })
    .click();
  await expect(cell(page, 1, '结束月份')).toHaveValue('2026-07');
  await expect(page.locator('[data-row]')).toHaveCount(2);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toContainText('已保存');
  const [found] = await callApi<Array<{ id: string }>>(page, 'listCases', { text: '替换导入' });
  const saved = await callApi<{ caseFile: { history: unknown[] } }>(page, 'getCase', found!.id);
  expect(saved.caseFile.history).toEqual([
    { from: '2012-01', to: '2019-12', scheme: 'employee', status: 'paid', base: 6000 },
    { from: '2020-01', to: '2026-07', scheme: 'employee', status: 'paid', base: 8000 },
  ]);
});

test('11. the preview takes no sheet number; the number is given when the clerk prints, and the print request is recorded', async ({
  page,
}) => {
  await startOn(page, '2026-11-22');
  await openCaseFile(page, { ...transferN3.caseFile, person: { ...transferN3.caseFile.person, name: '预览不编号' } });
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toContainText('已保存');
  const [found] = await callApi<Array<{ id: string }>>(page, 'listCases', { text: '预览不编号' });
  for (let i = 0; i < 2; i++) {
    await page.keyboard.press('Control+p');
    const preview = page.getByTestId('sheet-preview');
    await expect(preview.getByTestId('sheet-number')).toHaveText('预览（未编号）');
    await expect(page.frameLocator('iframe[title^="告知单"]').locator('body')).toContainText('预览（未编号）');
    await page.keyboard.press('Escape');
    await expect(preview).toHaveCount(0);
  }
  expect(await callApi(page, 'listSheets', found!.id)).toEqual([]);
  await page.keyboard.press('Control+p');
  await page.getByTestId('sheet-preview').getByRole('button', { name: '打印' }).click();
  await expect(page.getByTestId('sheet-number')).toHaveText(/^\d{8}-\d{2}-\d{4}$/);
  await expect(page.getByTestId('sheet-preview')).toContainText('已记录打印请求');
  const sheets = await callApi<Array<{ number: string; prints: number }>>(page, 'listSheets', found!.id);
  expect(sheets).toHaveLength(1);
  expect(sheets[0]!.prints).toBe(1);
  await expect(page.getByTestId('sheet-number')).toHaveText(sheets[0]!.number);
});

test('12. at 1366×768: no nested scrolling; conclusions, lifetime years and the print button in view; compact, de-duplicated citations', async ({
  page,
}) => {
  await startOn(page, '2026-11-22');
  // The start screen's notice of expiring documents: one compact line, gone on the next screen.
  const expiring = page.getByTestId('start-expiring');
  await expect(expiring).toBeVisible();
  expect((await expiring.boundingBox())!.height).toBeLessThanOrEqual(36);
  await page.keyboard.press('F3');
  await page.keyboard.press('F2');
  await expect(expiring).toHaveCount(0);
  for (const situation of SITUATIONS) {
    await startOn(page, situation.caseFile.asOf);
    await openCaseFile(page, situation.caseFile, `${situation.name}.json`);
    await page.keyboard.press('F2');
    await expect(page.locator('#person-name')).toHaveValue(situation.caseFile.person.name);
    const scrolling = await page.evaluate(() => {
      const scrollable = [...document.querySelectorAll<HTMLElement>('*')].filter((el) => {
        const style = getComputedStyle(el);
        return /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
      });
      return {
        page: document.documentElement.scrollHeight > window.innerHeight + 1,
        nested: scrollable.filter((el) => scrollable.some((other) => other !== el && other.contains(el))).map((el) => el.className),
      };
    });
    expect(scrolling, situation.name).toEqual({ page: false, nested: [] });
    await expect(page.getByRole('button', { name: /出具告知单/ })).toBeInViewport();
    if (situation !== badInput) {
      for (const id of ['conclusions', 'lifetime'])
        await expect(page.getByTestId(id), `${situation.name} ${id}`).toBeInViewport({ ratio: 1 });
      const cited = await page.getByTestId('citation').allTextContents();
      expect(new Set(cited).size, situation.name).toBe(cited.length);
      for (const c of cited) expect(c, situation.name).not.toMatch(/[a-z]+\.[a-zA-Z.]+ =/); // no internal keys
    } else {
      await expect(page.getByTestId('input-problems')).toBeInViewport();
    }
    const placeholders = await page.locator('[placeholder]').evaluateAll((els) => els.map((e) => e.getAttribute('placeholder') ?? ''));
    for (const p of placeholders) expect(p, 'a placeholder must not look like data').not.toMatch(/\d/);
    await page.screenshot({ path: join(SHOTS, `workbench-${situation.name}.png`) });
  }
});

test('13. banners never go stale: one save state, none carried into another case or screen, no false "recovered"', async ({ page }) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  await page.reload();
  await expect(page.getByTestId('draft-recovered')).toHaveCount(0); // an untouched blank form
  await typeSmallCase(page, '横幅测试');
  await page.keyboard.press('Control+s');
  const status = page.getByTestId('save-status');
  await expect(status).toContainText('已保存');
  await page.locator('#person-name').fill('横幅测试二');
  await expect(status).toContainText('未保存');
  await expect(status).not.toContainText('已保存');
  await page.keyboard.press('Control+s');
  await expect(status).toContainText('已保存');
  await page.reload();
  await expect(page.locator('#person-name')).toHaveValue('横幅测试二');
  await expect(page.getByTestId('draft-recovered')).toHaveCount(0); // it was saved: nothing to recover
  // A banner about this case (here: 办理日期 moved) does not follow to another screen or case.
  await page.clock.setFixedTime(new Date('2026-11-29T10:00:00+08:00'));
  await page.reload();
  await expect(page.getByTestId('as-of-note')).toBeVisible();
  await page.keyboard.press('F3');
  await page.keyboard.press('F2');
  await expect(page.getByTestId('as-of-note')).toHaveCount(0);
  const banners = page.locator('.banner');
  await page.locator('#person-name').fill('横幅测试三');
  await page.keyboard.press('Control+Alt+n');
  await unsavedQuestion(page).getByRole('button', { name: '不保存' }).click();
  await page.keyboard.press('F3');
  await page.keyboard.press('F2');
  await expect(banners).toHaveCount(0);
});

test('14. times are shown in local time with the date (backups; the policy audit in policy.spec.ts)', async ({ page }) => {
  await startOn(page, '2026-11-22');
  await page.clock.setSystemTime(new Date(SERVICES_NOW)); // the services' day: backups are named by the services' clock
  await page.keyboard.press('F4');
  await page.getByRole('button', { name: '立即备份' }).click();
  await expect(page.getByText(/^已备份（/)).toBeVisible();
  const [latest] = await callApi<Array<{ name: string; createdAt: string }>>(page, 'listBackups');
  const table = page.getByTestId('backup-list');
  await expect(table).not.toContainText('UTC');
  await expect(table).not.toContainText(latest!.name); // the file's name is in UTC: never shown (issue 21)
  await expect(
    table
      .getByRole('row')
      .filter({ hasText: shanghaiTime(latest!.createdAt) })
      .filter({ hasText: '手动备份' })
      .first(),
  ).toBeVisible();
  // The policy audit's times: checked in policy.spec.ts, after an edit (this database has none yet).
});

test('15. entry speed: focus after 新建案件, new rows default to the case region, gaps typed as the next start; ≤ 90 keystrokes for 20 years', async ({
  page,
}) => {
  await startOn(page, '2026-11-22');
  await page.keyboard.press('Control+Alt+n');
  await expect(page.locator('#person-name')).toBeFocused();
  const c = twentyYears.caseFile;
  await page.locator('#person-name').fill(c.person.name);
  await page.locator('#person-id').fill(c.person.idNumber);
  await page.locator('#case-region').fill('南京');
  await page.locator('#request-date').fill(c.request.paymentDate);
  await page.locator('#request-payer').selectOption('individual');

  let keystrokes = 0;
  const press = async (key: string) => {
    keystrokes += key.split('+').length;
    await page.keyboard.press(key);
  };
  const type = async (text: string) => {
    keystrokes += [...text].length;
    await page.keyboard.type(text);
  };
  await press('Alt+2');
  await type('200608');
  await press('Tab');
  await type('201003');
  await press('Tab');
  await type('3500');
  await press('Enter'); // next range, from 2010-04, cursor on its start
  await press('Tab');
  await type('201412');
  await press('Tab');
  await type('5000');
  await press('Enter');
  await type('201505'); // a gap: typed as the next start
  await press('Tab');
  await type('201706');
  await press('Enter'); // same base
  await press('Tab');
  await type('202102');
  await press('Tab');
  await type('7200');
  await press('Enter');
  await type('202109');
  await press('Tab');
  await type('202312');
  await press('Enter');
  await press('Tab');
  await type('202607');
  await press('Tab');
  await type('9000');
  console.log(`keystrokes for the 20-year, 6-range history (4 employers, 2 gaps): ${keystrokes}`);
  expect(keystrokes).toBeLessThanOrEqual(90);

  const typed = await page
    .locator('[data-row]')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('input')].map((i) => i.value).join(' ')));
  expect(typed).toEqual(c.history.map((h: { from: string; to: string; base: number }) => `${h.from} ${h.to} ${h.base} `));
  await expect(page.getByTestId('counted')).toContainText('230 个月');
  await expect(page.getByTestId('timeline').locator('[data-kind=uncovered]')).toHaveCount(17); // 2006-01…07, 2015-01…04, 2021-03…08
  await expect(page.getByTestId('timeline').locator('[data-kind=current-gap]')).toHaveCount(3);

  // A row after one in another city starts in the case's region again.
  await cell(page, 5, '参保地').fill('310000');
  await cell(page, 5, '参保地').press('Enter');
  await expect(cell(page, 6, '参保地')).toHaveValue('');
  await expect(cell(page, 6, '开始月份')).toBeFocused();
});
