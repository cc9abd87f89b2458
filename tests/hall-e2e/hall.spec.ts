// A service hall in the browser: two counters signed in as different clerks, each on its own
// hall server instance, sharing one PostgreSQL database. A case saved at one is found at the
// other; a case edited at both at once gives the second save the conflict message with both
// versions, and nothing is lost; an administrator's policy edit reaches both counters.
import { type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { SHOTS } from '../e2e/support.ts';
import { expect, test, type OwnHall } from './support.ts';

const PIN = '246810';
const hallCase = {
  format: 'yibao-case/1',
  asOf: '2027-11-01',
  region: '310000',
  person: { name: '大厅测试', sex: 'male', birth: '1980-03', retirementCategory: 'male' },
  history: [
    { from: '2020-01', to: '2027-07', scheme: 'employee', status: 'paid', base: 7000 },
    { from: '2027-08', to: '2027-09', scheme: 'employee', status: 'arrears', base: 7000 },
    { from: '2027-10', to: '2027-10', scheme: 'employee', status: 'paid', base: 7000 },
  ],
  request: { scheme: 'employee', paymentDate: '2027-11-20', payer: 'individual' },
};

/** Ctrl+S, and the hall's answer to that save (not a notice left over from an earlier save). */
async function save(page: Page): Promise<{ ok: boolean; error?: { code: string } }> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/saveCase')), page.keyboard.press('Control+s')]);
  return (await response.json()) as { ok: boolean; error?: { code: string } };
}

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
  // The window's today is the case's day (a case is assessed as of today when opened later).
  await page.clock.install({ time: new Date(`${hallCase.asOf}T10:00:00+08:00`) });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '医保续缴核算台 · 服务大厅登录' })).toBeVisible();
  await page.locator('#hall-username').fill(username);
  await page.locator('#hall-password').fill(password);
  await page.locator('#hall-counter').fill(counterNo);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
  return page;
}

test('two counters share the case history; a simultaneous edit gets the conflict message; a policy edit reaches both', async ({
  browser,
  hall,
}) => {
  // Genuinely long: one story of about 60 actions on three signed-in counters (two clerks and an
  // administrator). Under a load of 25-35 on two cores every action took about 10 s (trace of a
  // run at 2028-02-29 under faketime, the window's clock fixed), and 240 s ran out mid-story.
  test.setTimeout(600_000);
  // A wrong password is refused with a Chinese message (and nothing else is shown).
  const probe = await browser.newPage({ baseURL: hall.urls[0], viewport: { width: 1366, height: 768 } });
  await probe.goto('/');
  await probe.locator('#hall-username').fill('wang');
  await probe.locator('#hall-password').fill('not-the-password');
  await probe.locator('#hall-counter').fill('3');
  await probe.getByRole('button', { name: '登录' }).click();
  await expect(probe.getByRole('alert')).toContainText('用户名或密码不正确');
  await probe.screenshot({ path: join(SHOTS, 'hall-sign-in-refused.png') });
  await probe.close();

  const a = await counter(browser, hall, 0, 'wang', 'wang-pass-1', '3');
  const b = await counter(browser, hall, 1, 'li', 'li-pass-1', '5');
  await expect(a.getByRole('status').filter({ hasText: '服务大厅' })).toContainText('王芳（经办人）· 3号窗口');
  await expect(b.getByRole('status').filter({ hasText: '服务大厅' })).toContainText('李强（经办人）· 5号窗口');

  // Counter 3 saves a case; counter 5 finds it.
  await a.keyboard.press('F3');
  await a
    .getByTestId('open-case-file')
    .setInputFiles({ name: 'c.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hallCase)) });
  await expect(a.locator('#person-name')).toHaveValue('大厅测试');
  await expect(a.getByTestId('principal')).toHaveText('1,540.00 元');
  expect(await save(a)).toMatchObject({ ok: true });
  await expect(a.getByText(/已保存案件/)).toBeVisible();
  await a.screenshot({ path: join(SHOTS, 'hall-counter-3-saved.png') });

  await b.keyboard.press('F3');
  await b.getByLabel('按姓名或身份证号查找').fill('大厅');
  await expect(b.getByRole('button', { name: '大厅测试', exact: true })).toBeVisible();
  await b.getByRole('button', { name: '大厅测试', exact: true }).click();
  await expect(b.locator('#person-name')).toHaveValue('大厅测试');

  // Both edit the same case; counter 3 saves first, counter 5 second.
  await a.locator('#person-name').fill('大厅测试（三号窗口改）');
  await b.locator('#person-name').fill('大厅测试（五号窗口改）');
  expect(await save(a)).toMatchObject({ ok: true });
  expect(await save(b)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  const dialog = b.getByRole('alertdialog', { name: '保存冲突：此案件已在别的窗口修改' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('conflict-message')).toContainText('未保存：此案件在您打开之后，已由王芳（3号窗口）于');
  await expect(dialog.getByTestId('conflict-message')).toContainText('您的修改仍在本窗口，没有丢失');
  // The other version's time is local, with the date, as every time in the window, and the
  // sentence says the same time as the table (the hall's server may run in another zone).
  const header = dialog.getByRole('columnheader', { name: /^已保存的版本（第 \d+ 版，王芳，3号窗口，\d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/ });
  await expect(header).toBeVisible();
  const shownAt = /(\d{4}-\d{2}-\d{2} \d{2}:\d{2})）$/.exec((await header.textContent())?.trim() ?? '')?.[1];
  expect(shownAt).toBeTruthy();
  await expect(dialog.getByTestId('conflict-message')).toContainText(`于 ${shownAt} 修改并保存`);
  const nameRow = dialog.getByRole('row', { name: /^姓名/ });
  await expect(nameRow).toContainText('大厅测试（五号窗口改）');
  await expect(nameRow).toContainText('大厅测试（三号窗口改）');
  await b.screenshot({ path: join(SHOTS, 'hall-conflict.png') });
  // The clerk's own typing is still in the form behind the dialog; they keep theirs, knowingly.
  await expect(b.locator('#person-name')).toHaveValue('大厅测试（五号窗口改）');
  const [overwrite] = await Promise.all([
    b.waitForResponse((r) => r.url().endsWith('/api/saveCase')),
    dialog.getByRole('button', { name: '用我的版本覆盖保存' }).click(),
  ]);
  expect(await overwrite.json()).toMatchObject({ ok: true, value: { version: 3 } });
  await expect(dialog).toHaveCount(0);
  // Counter 3 saving again from its older version is told in turn.
  await a.locator('#person-name').fill('大厅测试（三号窗口再改）');
  expect(await save(a)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  await expect(a.getByRole('alertdialog')).toContainText('已由李强（5号窗口）');
  await a.getByRole('button', { name: '采用已保存的版本（放弃我的修改）' }).click();
  await expect(a.locator('#person-name')).toHaveValue('大厅测试（五号窗口改）');

  // An administrator at a third counter records the 2027 base range for Shanghai.
  const admin = await counter(browser, hall, 0, 'admin', 'admin-pass-1', '1');
  await admin.keyboard.press('F5');
  await admin.locator('#new-pin').fill(PIN);
  await admin.locator('#new-pin-again').fill(PIN); // typed twice (issue 21)
  await admin.getByRole('button', { name: '设置 PIN' }).click();
  await expect(admin.getByText('管理员 PIN 已设置。')).toBeVisible();
  for (const [key, value] of [
    ['base.max', '38500'],
    ['base.min', '7700'],
  ] as const) {
    await admin.locator('#edit-region').fill('310000');
    await admin.locator('#edit-key').selectOption(key);
    await admin.locator('#edit-value').fill(value);
    await admin.locator('#edit-from').fill('2027-07-01');
    await admin.locator('#edit-to').fill('2028-06-30');
    await admin.locator('#edit-doc-number').fill('上海市人社局问答（2027-08）');
    await admin.locator('#edit-doc-title').fill('2027年度社会保险缴费基数上下限');
    await admin.locator('#edit-url').fill('https://rsj.sh.gov.cn/example-2027');
    await admin.locator('#edit-grade').selectOption('V'); // no grade is chosen for the administrator
    await admin.locator('#edit-reason').fill('2027年度缴费基数公布');
    await admin.getByRole('button', { name: '预览影响' }).click();
    await admin.locator('#edit-pin').fill(PIN);
    const [saved] = await Promise.all([
      admin.waitForResponse((r) => r.url().endsWith('/api/addPolicyValue')),
      admin.getByRole('button', { name: '确认保存' }).click(),
    ]);
    expect(await saved.json()).toMatchObject({ ok: true });
    await expect(admin.getByText(/已保存：新增 1 条/)).toBeVisible();
  }

  // Backups of a hall are the database's own business: the window says so instead of failing blank.
  await admin.keyboard.press('F4');
  await admin.getByRole('button', { name: '立即备份' }).click();
  await expect(admin.getByText(/备份与恢复请由管理员用 PostgreSQL 自带的工具/)).toBeVisible();
  await admin.screenshot({ path: join(SHOTS, 'hall-settings-backup.png') });
  await admin.keyboard.press('F5');

  // The administrator also keeps the accounts: a new clerk, from the window.
  await admin.getByRole('button', { name: '账号管理' }).click();
  const accounts = admin.getByRole('region', { name: '账号管理' });
  await expect(accounts).toContainText('王芳');
  await accounts.getByLabel('用户名').fill('zhao');
  await accounts.getByLabel('姓名').fill('赵敏');
  await accounts.getByLabel('初始密码').fill('zhao-pass-1');
  await accounts.getByRole('button', { name: '新建账号' }).click();
  await expect(accounts.getByRole('status')).toContainText('已创建账号 zhao（赵敏）');
  await expect(accounts.getByRole('row', { name: /zhao/ })).toContainText('经办人');
  await admin.screenshot({ path: join(SHOTS, 'hall-accounts.png') });

  // Both counters see it: on the 政策库 screen, and in the figures of the open case.
  for (const page of [a, b]) {
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.keyboard.press('F2');
    await expect(page.getByTestId('principal')).toHaveText('1,694.00 元');
    await page.keyboard.press('F5');
    await page.locator('#policy-region').fill('310000');
    await page.locator('#policy-search').fill('基数下限');
    await expect(page.getByTestId('policy-groups')).toContainText('7,700.00 元/月');
    await expect(page.getByTestId('audit-log')).toContainText('2027年度缴费基数公布');
  }
  await b.screenshot({ path: join(SHOTS, 'hall-counter-5-policy.png') });

  // A clerk may not edit the library: the server refuses, whatever the window offers.
  const refused = await a.evaluate(async () => {
    const r = await fetch('api/setAdminPin', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yibao': '1' },
      body: JSON.stringify({ input: { currentPin: '246810', newPin: '135790' } }),
    });
    return { status: r.status, body: await r.json() };
  });
  expect(refused).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN' } } });
});
