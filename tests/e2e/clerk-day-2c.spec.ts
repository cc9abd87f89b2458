// A clerk's day, round 2 (issue 21), what was left: item 14 (developer words on screen and
// sheet), item 18's residue (设置's restore and erase asked by the browser's confirm()) and
// item 4's residue (退休类别 offering 职工 choices to a 城乡居民 client). Each test is the
// clerk's own steps at 1366×768 and failed on the code before its fix.
import { type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, expect, openCaseFile, root, SERVICES_NOW, shanghaiTime, SHOTS, startOn, test } from './support.ts';

test.use({ viewport: { width: 1366, height: 768 } });

const golden = (name: string) =>
  (JSON.parse(readFileSync(join(root, 'tests', 'golden', 'valid', name), 'utf8')) as { case: Record<string, any> }).case;
const example = () => JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8')) as Record<string, any>;
const sheetBody = (page: Page) => page.frameLocator('iframe[title^="告知单"]').locator('body');

/** What a developer would write and a clerk or client cannot read: the rule book, a section sign, a key, a hash. */
const DEVELOPER_WORDS = /rules\.md|§|\b[a-z]+[A-Z]?[a-z]*\.[a-z][A-Za-z.-]*\b|[0-9a-f]{12}|政策版本|版本 [0-9a-f]/;

// Nanjing's example (a transfer), Chongqing's employer arrears (the late fee's due day, a
// product default), Qingdao's residents (the enrolment window and the variable waiting period).
const cases = () => [
  { name: 'transfer', caseFile: example() },
  { name: 'arrears', caseFile: golden('304-chongqing-employer-arrears-2025-ten-plus-two-percent.json') },
  { name: 'resident', caseFile: golden('03-s5-qingdao-gap2.json') },
];

test('14. 依据 names documents and product defaults in words: no rules.md, §, key or policy hash on the workbench', async ({ page }) => {
  for (const { name, caseFile } of cases()) {
    await startOn(page, caseFile.asOf);
    await openCaseFile(page, caseFile);
    const explanations = page.getByTestId('explanations');
    await expect(explanations.getByTestId('citation').first()).toBeVisible();
    const text = (await explanations.innerText()).replace(/\s+/g, ' ');
    expect(text, name).not.toMatch(DEVELOPER_WORDS);
    await explanations.screenshot({ path: join(SHOTS, `clerk2c-14-basis-${name}.png`) });
  }
  // A product default says what it does, as the sheet does.
  await expect(page.getByTestId('citation').filter({ hasText: '本系统默认口径' }).first()).toContainText('集中参保期');
});

test('14. the sheet: no rules.md or policy hash; the preview shows a numbered sheet’s 核验码, not a 摘要', async ({ page }) => {
  for (const { name, caseFile } of cases()) {
    await startOn(page, caseFile.asOf);
    await openCaseFile(page, caseFile);
    await page.keyboard.press('Control+p');
    const sheet = sheetBody(page);
    await expect(sheet).toContainText('六、政策依据与提示');
    const text = (await sheet.innerText()).replace(/\s+/g, ' ');
    expect(text, name).not.toMatch(DEVELOPER_WORDS);
    expect(text, name).not.toContain('政策库（版本');
    if (name !== 'resident') {
      await page.getByTestId('sheet-preview').getByRole('button', { name: '关闭' }).click();
      continue;
    }
    // Numbered: the header beside the number shows the sheet's 核验码, the one printed on it.
    const preview = page.getByTestId('sheet-preview');
    await preview.getByRole('button', { name: '打印' }).click();
    await expect(page.getByTestId('sheet-number')).not.toHaveText('预览（未编号）');
    const number = (await page.getByTestId('sheet-number').textContent())!.trim();
    await expect(preview).toContainText(new RegExp(`核验码 ${number}-[0-9A-F]{8}`));
    await expect(preview).not.toContainText('摘要');
    await expect(sheetBody(page)).toContainText(new RegExp(`核验码 ${number}-[0-9A-F]{8}`));
    expect((await sheetBody(page).innerText()).replace(/\s+/g, ' ')).not.toMatch(DEVELOPER_WORDS);
    await page.screenshot({ path: join(SHOTS, 'clerk2c-14-sheet-numbered.png') });
  }
});

test('14. one national document, one grade: the retirement-age 办法 is graded alike for a man and a woman', async ({ page }) => {
  const grades: string[] = [];
  const c = example();
  for (const person of [c.person, { ...c.person, idNumber: undefined, sex: 'female', birth: '1976-08', retirementCategory: 'female-55' }]) {
    await startOn(page, c.asOf);
    await openCaseFile(page, { ...c, person });
    const line = page.getByTestId('citation').filter({ hasText: '渐进式延迟法定退休年龄' });
    await expect(line).toHaveCount(1);
    grades.push(((await line.textContent()) ?? '').replace(/^.*—\s*/, '').trim());
  }
  expect(grades[0]).toMatch(/级/);
  expect(grades[1]).toBe(grades[0]);
  await page.getByTestId('explanations').screenshot({ path: join(SHOTS, 'clerk2c-14-grade-woman.png') });
});

test('14. a Qingdao interpretation is not labelled 全国: elsewhere it is the product’s default after Qingdao, in Qingdao Qingdao’s', async ({
  page,
}) => {
  const qingdao = golden('03-s5-qingdao-gap2.json');
  // The same client in Nanjing: the variable waiting period rests on Qingdao's reading, said so.
  await startOn(page, qingdao.asOf);
  await openCaseFile(page, { ...qingdao, region: '320100' });
  const cited = page.getByTestId('citation');
  await expect(cited.first()).toBeVisible();
  for (const line of await cited.allTextContents()) expect(line.includes('青岛') && line.includes('全国'), line).toBe(false);
  await expect(cited.filter({ hasText: '本系统默认口径' }).filter({ hasText: '参照青岛市医疗保障局' })).toHaveCount(1);
  await page.getByTestId('explanations').screenshot({ path: join(SHOTS, 'clerk2c-14-qingdao-in-nanjing.png') });
  await page.keyboard.press('Control+p');
  const sheet = sheetBody(page);
  await expect(sheet).toContainText('参照青岛市医疗保障局');
  await expect(sheet).not.toContainText('青岛市医疗保障局解读（2025） 示例');
  await page.getByTestId('sheet-preview').getByRole('button', { name: '关闭' }).click();

  // In Qingdao: Qingdao's own interpretation, labelled 青岛市.
  await startOn(page, qingdao.asOf);
  await openCaseFile(page, qingdao);
  await expect(cited.filter({ hasText: '青岛市医疗保障局' }).first()).toContainText('青岛市，');
  for (const line of await cited.allTextContents()) expect(line.includes('青岛') && line.includes('全国'), line).toBe(false);
  await page.getByTestId('explanations').screenshot({ path: join(SHOTS, 'clerk2c-14-qingdao.png') });
});

test('14. backups are listed by their local date and time, never by a file name in UTC', async ({ page }) => {
  await startOn(page, '2026-12-07');
  await page.clock.setSystemTime(new Date(SERVICES_NOW)); // the services' clock names the backups
  await page.keyboard.press('F4');
  await page.getByRole('button', { name: '立即备份' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已备份' })).toHaveText(
    /^已备份（\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}，手动备份）$/,
  );
  const [latest] = await callApi<Array<{ name: string; createdAt: string }>>(page, 'listBackups');
  const local = shanghaiTime(latest!.createdAt);
  await expect(page.getByRole('status').filter({ hasText: '已备份' })).toHaveText(new RegExp(`^已备份（${local}:\\d{2}，手动备份）$`));
  const table = page.getByTestId('backup-list');
  await expect(table.getByRole('row').filter({ hasText: local }).filter({ hasText: '手动备份' }).first()).toBeVisible();
  const data = page.locator('section[aria-labelledby="data-heading"]');
  await expect(data).not.toContainText(/yibao-\d{8}/);
  await expect(data).not.toContainText('.sqlite');
  await data.screenshot({ path: join(SHOTS, 'clerk2c-14-backups.png') });
});

test('18 (设置). restoring a backup and erasing a client ask in the window, 取消 focused; Enter and Escape change nothing', async ({
  page,
}) => {
  const native: string[] = [];
  page.on('dialog', (d) => {
    native.push(d.message());
    void d.dismiss();
  });
  await startOn(page, '2026-12-07');
  await page.clock.setSystemTime(new Date(SERVICES_NOW));
  await page.keyboard.press('F4');
  await page.getByRole('button', { name: '立即备份' }).click();
  await expect(page.getByText(/^已备份（/)).toBeVisible(); // and the list shows it
  const table = page.getByTestId('backup-list');
  const restore = table.getByRole('button', { name: /^恢复/ }).first();
  await restore.click();
  const question = page.getByRole('alertdialog', { name: '恢复备份' });
  await expect(question).toBeVisible();
  await expect(question).toContainText('当前数据会先另存为一份备份');
  await expect(question.getByRole('button', { name: '取消' })).toBeFocused();
  await page.screenshot({ path: join(SHOTS, 'clerk2c-18-restore-question.png') });
  await page.keyboard.press('Escape');
  await expect(question).toHaveCount(0);
  await expect(restore).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(question).toHaveCount(0);
  await expect(page.getByText(/已恢复/)).toHaveCount(0);

  await page.locator('#client-id').fill('320102197608150010');
  await page.getByRole('button', { name: '删除（需 PIN）' }).click();
  const erase = page.getByRole('alertdialog', { name: '删除客户数据' });
  await expect(erase).toContainText('删除该客户的全部案件、告知单、打印记录和草稿？此操作不能撤销。');
  await expect(erase).toContainText('删除前做的备份仍含有该客户的数据');
  await expect(erase.getByRole('button', { name: '取消' })).toBeFocused();
  await page.screenshot({ path: join(SHOTS, 'clerk2c-18-erase-question.png') });
  await page.keyboard.press('Enter');
  await expect(erase).toHaveCount(0);
  await expect(page.getByText(/^已删除/)).toHaveCount(0);
  expect(native).toEqual([]);
});

test('4 (退休类别). a 城乡居民 client is offered no 职工 choice; an employee still is', async ({ page }) => {
  await startOn(page, '2026-12-07');
  const category = page.locator('#person-category');
  const choices = async () => (await category.locator('option').allTextContents()).map((t) => t.trim());
  await page.locator('#request-scheme').selectOption('resident');
  await page.locator('#person-sex').selectOption('female');
  await page.locator('#person-category').focus();
  await page.locator('section[aria-labelledby="client-heading"]').screenshot({ path: join(SHOTS, 'clerk2c-04-resident-category.png') });
  const resident = await choices();
  expect(resident.filter((t) => t.includes('职工'))).toEqual([]);
  expect(resident.some((t) => t.includes('原55周岁'))).toBe(true);
  expect(resident.some((t) => t.includes('男'))).toBe(false);
  await page.locator('#person-sex').selectOption('male');
  expect((await choices()).filter((t) => /职工|女/.test(t))).toEqual([]);
  await page.locator('#request-scheme').selectOption('employee');
  await expect(category.locator('option', { hasText: '男职工（原60周岁）' })).toHaveCount(1);
});

test('README’s keys: each key of its table is shown in the window, and the screen words it names are there', async ({ page }) => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('| key | what |'), readme.indexOf('\n\n', readme.indexOf('| key | what |')));
  const rows = table.split('\n').slice(2);
  expect(rows.length).toBeGreaterThan(8);
  // Keys README does not claim are shown: moving between cells and rows.
  const unshown = new Set(['Shift+Tab', 'Alt+↑/↓']);
  const keys = rows.flatMap((r) => [...(r.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!)).filter((k) => !unshown.has(k));
  const words = rows.flatMap((r) =>
    [
      ...r
        .split('|')
        .slice(2)
        .join('|')
        .matchAll(/[\u4e00-\u9fff]{2,}/g),
    ].map((m) => m[0]),
  );
  await startOn(page, '2026-11-22');
  await openCaseFile(page, example());
  await page.keyboard.press('Control+p');
  await expect(page.getByTestId('sheet-preview')).toBeVisible();
  const shownKeys = (await page.locator('kbd').allTextContents()).map((k) => k.trim());
  const text = await page.locator('body').innerText();
  await page.keyboard.press('Escape');
  const workbench = await page.locator('body').innerText();
  expect(keys.filter((k) => !shownKeys.includes(k))).toEqual([]);
  // Words of the table that name something in the window (the rest describe, e.g. 不保存 in a question).
  const onScreen = words.filter((w) => text.includes(w) || workbench.includes(w));
  expect(onScreen).toEqual(
    expect.arrayContaining(['客户信息', '参保记录', '如果改期缴费', '缴费日期', '保存案件', '出具告知单', '新建案件', '关闭']),
  );
});
