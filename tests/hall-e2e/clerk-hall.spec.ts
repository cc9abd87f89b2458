// Issue 21 ("a clerk's day, round 2"), the hall's items 2, 10 and 11, as clerks meet them at
// two counters of a service hall at 1366×768. Each was run against the code before the fix
// and failed there. Every case here is set up by the test (its own names), so the tests do
// not depend on what the other hall tests saved in the shared database.
import { type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { idCheckChar } from '../../src/core/idcard.ts';
import { SHOTS } from '../e2e/support.ts';
import { expect, test, type OwnHall } from './support.ts';

/** A valid ID number whose check character is X (a 1980-05-12 man). */
function idEndingInX(): string {
  for (let seq = 100; seq < 1000; seq++) {
    const first17 = `32010219800512${String(seq).padStart(3, '0')}`;
    if (Number(first17[16]) % 2 === 1 && idCheckChar(first17) === 'X') return `${first17}X`;
  }
  throw new Error('no ID ending in X');
}

const caseFor = (name: string, idNumber?: string) => ({
  format: 'yibao-case/1',
  asOf: '2027-11-01',
  region: '310000',
  person: { name, ...(idNumber ? { idNumber } : {}), sex: 'male', birth: '1980-05', retirementCategory: 'male' },
  history: [{ from: '2020-01', to: '2027-07', scheme: 'employee', status: 'paid', base: 7000 }],
  request: { scheme: 'employee', paymentDate: '2027-11-20', payer: 'individual' },
});

/** A counter: its own browser profile, signed in at one of the two instances. */
async function counter(
  browser: Browser,
  hall: OwnHall,
  instance: 0 | 1,
  username: string,
  password: string,
  counterNo: string,
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: hall.urls[instance],
    viewport: { width: 1366, height: 768 },
  });
  const page = await context.newPage();
  await page.goto('/');
  await signIn(page, username, password, counterNo);
  return page;
}

async function signIn(page: Page, username: string, password: string, counterNo: string) {
  await expect(page.getByRole('heading', { name: '医保续缴核算台 · 服务大厅登录' })).toBeVisible();
  await page.locator('#hall-username').fill(username);
  await page.locator('#hall-password').fill(password);
  await page.locator('#hall-counter').fill(counterNo);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
}

async function openFile(page: Page, caseFile: unknown) {
  await page.keyboard.press('F3');
  await page
    .getByTestId('open-case-file')
    .setInputFiles({ name: 'c.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(caseFile)) });
}

async function save(page: Page): Promise<{ ok: boolean; error?: { code: string } }> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/saveCase')), page.keyboard.press('Control+s')]);
  return (await response.json()) as { ok: boolean; error?: { code: string } };
}

test('2. the conflict dialog defaults to the safe choice; only the differing fields are marked; 561x is 561X', async ({
  browser,
  hall,
}) => {
  test.setTimeout(90_000);
  const id = idEndingInX();
  const a = await counter(browser, hall, 0, 'wang', 'wang-pass-1', '7');
  const b = await counter(browser, hall, 1, 'li', 'li-pass-1', '8');
  await openFile(a, caseFor('冲突默认项', id));
  await expect(a.locator('#person-name')).toHaveValue('冲突默认项');
  expect(await save(a)).toMatchObject({ ok: true });

  await b.keyboard.press('F3');
  await b.getByLabel('按姓名或身份证号查找').fill('冲突默认项');
  await b.getByRole('button', { name: '冲突默认项', exact: true }).click();
  await expect(b.locator('#person-name')).toHaveValue('冲突默认项');
  // Counter 8 retypes the ID with a lower-case x and changes the base; counter 7 renames and saves first.
  await b.locator('#person-id').fill(id.toLowerCase());
  await b.getByLabel('第1段缴费基数', { exact: true }).fill('7500');
  await a.locator('#person-name').fill('冲突默认项（七号改）');
  expect(await save(a)).toMatchObject({ ok: true });
  expect(await save(b)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

  const dialog = b.getByRole('alertdialog', { name: '保存冲突：此案件已在别的窗口修改' });
  await expect(dialog).toBeVisible();
  // The safe choice has the focus; overwriting is a deliberate click.
  await expect(dialog.getByRole('button', { name: '暂不处理，继续编辑' })).toBeFocused();
  // The ID is the same number (X either way): no difference is shown.
  const idRow = dialog.getByRole('row', { name: /^身份证号/ });
  await expect(idRow.locator('mark')).toHaveCount(0);
  // In the history row only the base differs, and only the base is marked.
  const rowOne = dialog.getByRole('row', { name: /^参保记录第1段/ });
  await expect(rowOne.locator('mark')).toHaveText(['基数 7500', '基数 7000']);
  await expect(dialog.getByRole('row', { name: /^姓名/ }).locator('mark')).toHaveText(['冲突默认项', '冲突默认项（七号改）']);
  await b.screenshot({ path: join(SHOTS, 'clerk2-hall-02-conflict.png') });

  // Enter takes the default: nothing is saved, the clerk's typing stays in the form.
  let savedAfter = false;
  b.on('request', (r) => {
    if (r.url().endsWith('/api/saveCase')) savedAfter = true;
  });
  await b.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(b.getByLabel('第1段缴费基数', { exact: true })).toHaveValue('7500');
  expect(savedAfter).toBe(false);
  await b.context().close();
  await a.context().close();
});

test('10. an expired session takes the keyboard; signing out asks about unsaved work and leaves nothing for the next clerk', async ({
  browser,
  hall,
}) => {
  test.setTimeout(90_000);
  const page = await counter(browser, hall, 0, 'wang', 'wang-pass-1', '7');
  await openFile(page, caseFor('会话过期客户'));
  await expect(page.locator('#person-name')).toHaveValue('会话过期客户');
  await page.locator('#request-payer').focus();
  const payer = await page.locator('#request-payer').inputValue();

  // The session ends (cookies gone); the next call finds out.
  await page.context().clearCookies();
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  const overlay = page.getByRole('dialog', { name: '重新登录' });
  await expect(overlay).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '服务大厅' })).not.toContainText('已登录');
  await expect(page.getByRole('status').filter({ hasText: '服务大厅' })).toContainText('登录已过期');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#request-payer')).toHaveValue(payer);
  await expect(page.locator('#hall-username')).toBeFocused();
  await page.screenshot({ path: join(SHOTS, 'clerk2-hall-10-expired.png') });
  await page.locator('#hall-username').fill('wang');
  await page.locator('#hall-password').fill('wang-pass-1');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(overlay).toHaveCount(0);
  await expect(page.locator('#person-name')).toHaveValue('会话过期客户');

  // 退出登录 with unsaved work asks first; 取消 keeps everything.
  await page.locator('#person-id').fill('320102198005120011');
  await page.getByRole('button', { name: '退出登录' }).click();
  const ask = page.getByRole('dialog', { name: '当前案件有未保存的修改' });
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('button')).toHaveText(['保存', '不保存', '取消']);
  await page.screenshot({ path: join(SHOTS, 'clerk2-hall-10-sign-out-question.png') });
  await ask.getByRole('button', { name: '取消' }).click();
  await expect(page.locator('#person-name')).toHaveValue('会话过期客户');
  await expect(page.getByRole('status').filter({ hasText: '服务大厅' })).toContainText('王芳');

  // 不保存: signed out, and the browser keeps no copy of the client.
  await page.getByRole('button', { name: '退出登录' }).click();
  await ask.getByRole('button', { name: '不保存' }).click();
  await expect(page.getByRole('heading', { name: '医保续缴核算台 · 服务大厅登录' })).toBeVisible();
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  expect(stored).not.toContain('会话过期客户');
  expect(stored).not.toContain('320102198005120011');

  // The next clerk at this browser starts with a blank form.
  await page.locator('#hall-username').fill('li');
  await page.locator('#hall-password').fill('li-pass-1');
  await page.locator('#hall-counter').fill('7');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
  await expect(page.locator('#person-name')).toHaveValue('');
  await expect(page.locator('#person-id')).toHaveValue('');
  await expect(page.locator('body')).not.toContainText('会话过期客户');
  await page.screenshot({ path: join(SHOTS, 'clerk2-hall-10-next-clerk.png') });
  await page.context().close();
});

test('11. hall wording: an unreachable hall server is said in Chinese; a clerk sees no administrator controls and no stuck refusal', async ({
  browser,
  hall,
}) => {
  test.setTimeout(90_000);
  const page = await counter(browser, hall, 1, 'li', 'li-pass-1', '8');
  // 设置 at a hall counter: no backup, retention or client-data controls, no single-counter wording.
  await page.keyboard.press('F4');
  await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
  for (const name of ['立即备份', '保存期限', '导出', '删除（需 PIN）'])
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('每天自动备份一次');
  // The shared settings are the administrator's: a clerk is told so, not refused after typing.
  await expect(page.getByRole('button', { name: '保存设置' })).toHaveCount(0);
  await expect(page.locator('body')).toContainText('由管理员设置');
  await expect(page.locator('body')).not.toContainText('只有管理员可以进行此操作');
  await page.screenshot({ path: join(SHOTS, 'clerk2-hall-11-settings.png') });

  // The hall server cannot be reached: the clerk is told in Chinese, naming the hall's server.
  await page.keyboard.press('F2');
  await openFile(page, caseFor('大厅断网客户'));
  await expect(page.locator('#person-name')).toHaveValue('大厅断网客户');
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await page.keyboard.press('Control+s');
  const alert = page.getByRole('alert').filter({ hasText: '无法连接' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('服务大厅');
  await expect(alert).not.toContainText('本机');
  await expect(alert).not.toContainText(/[A-Za-z]{4,}/);
  await page.screenshot({ path: join(SHOTS, 'clerk2-hall-11-unreachable.png') });
  // A message can be closed; it does not follow the clerk around.
  await page.unroute('**/api/**');
  await alert.getByRole('button', { name: '知道了' }).click();
  await expect(alert).toHaveCount(0);
  await expect(page.locator('#person-name')).toHaveValue('大厅断网客户');
  await page.context().close();
});
