// Issue 24 in a service hall's window, at 1366×768: 到期提醒 and 统计 cover every counter, so a
// clerk is not offered them (F6 says why, and asks the server nothing), while an administrator at
// another counter lists the clients both clerks saved and adds up both clerks' sheets; and a sheet
// issued at one counter is verified as genuine by a clerk at another (核验告知单 at any counter).
// The hall's instances keep the machine's clock: the window's clock is set to the cases' day, the
// reminders are asked as of that day, and the statistics' days are read off the sheet numbers.
import { type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS } from '../e2e/support.ts';
import { REMINDER_TODAY, wangResident, zhangTransfer } from '../support/reminder-cases.ts';
import { expect, test, type OwnHall } from './support.ts';

async function counter(browser: Browser, hall: OwnHall, instance: 0 | 1, username: string, password: string, counterNo: string) {
  const context = await browser.newContext({ baseURL: hall.urls[instance], viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(`${REMINDER_TODAY}T10:00:00+08:00`));
  await page.goto('/');
  await page.locator('#hall-username').fill(username);
  await page.locator('#hall-password').fill(password);
  await page.locator('#hall-counter').fill(counterNo);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
  return page;
}

/** One API call from the page's own session (what the window would send). */
const call = (page: Page, method: string, input?: unknown) =>
  page.evaluate(
    async ([m, i]) => {
      const r = await fetch(`api/${m as string}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yibao': '1' },
        body: JSON.stringify({ input: i }),
      });
      return { status: r.status, body: (await r.json()) as { ok: boolean; value?: any; error?: { message: string } } };
    },
    [method, input] as const,
  );

const dayOf = (number: string) => `${number.slice(0, 4)}-${number.slice(4, 6)}-${number.slice(6, 8)}`;

test('到期提醒 and 统计 for the administrator across counters; a clerk is not offered them; 核验 at any counter', async ({
  browser,
  hall,
}) => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  const wang = await counter(browser, hall, 0, 'wang', 'wang-pass-1', '3');
  const li = await counter(browser, hall, 1, 'li', 'li-pass-1', '5');
  const zhang = await call(wang, 'saveCase', { caseFile: zhangTransfer });
  expect(zhang.body.ok).toBe(true);
  const first = await call(wang, 'issueSheet', { caseId: zhang.body.value.id, caseFile: zhangTransfer });
  const wangSaved = await call(li, 'saveCase', { caseFile: wangResident });
  expect(wangSaved.body.ok).toBe(true);
  const second = await call(li, 'issueSheet', { caseId: wangSaved.body.value.id, caseFile: wangResident });
  expect([first.body.ok, second.body.ok]).toEqual([true, true]);

  // The clerk: neither screen in the menu; F6 and F8 say why and ask the server nothing.
  const asked: string[] = [];
  wang.on('request', (r) => {
    if (/\/api\/(reminders|statistics|exportReminders|exportStatistics)$/.test(r.url())) asked.push(r.url());
  });
  await expect(wang.getByRole('button', { name: '案件 F3' })).toBeVisible();
  await expect(wang.getByRole('button', { name: '到期提醒 F6' })).toHaveCount(0);
  await expect(wang.getByRole('button', { name: '统计 F8' })).toHaveCount(0);
  await wang.keyboard.press('F6');
  await expect(wang.getByRole('heading', { name: '到期提醒' })).toBeVisible();
  await expect(wang.getByTestId('admin-only')).toContainText('只有管理员可以查看和导出');
  await expect(wang.getByTestId('reminder-list')).toHaveCount(0);
  await wang.screenshot({ path: join(SHOTS, 'hall-reminders-clerk.png') });
  await wang.keyboard.press('F8');
  await expect(wang.getByTestId('admin-only')).toContainText('只有管理员可以查看和导出');
  expect(asked).toEqual([]);
  // And the server refuses a clerk who asks anyway.
  expect(await call(wang, 'reminders', { within: 14, asOf: REMINDER_TODAY })).toMatchObject({
    status: 403,
    body: { ok: false, error: { message: '只有管理员可以进行此操作。' } },
  });

  // 核验告知单 at any counter: the sheet counter 5 issued, checked by the clerk at counter 3.
  const code = /核验码 ([0-9A-Z-]+)</.exec(second.body.value.html as string)?.[1] ?? '';
  expect(code).toMatch(/^\d{8}-05-\d{4}-[0-9A-F]{8}$/);
  await wang.keyboard.press('F3');
  await wang.getByLabel('核验码').fill(code);
  await wang.getByLabel('核验码').press('Enter');
  await expect(wang.getByTestId('verify-result').getByRole('status')).toContainText('真实有效');
  await expect(wang.getByTestId('verify-result')).toContainText('客户 王五');

  // The administrator at counter 1: every counter's clients, soonest first, ID and phone masked.
  const admin = await counter(browser, hall, 0, 'admin', 'admin-pass-1', '1');
  await admin.keyboard.press('F6');
  await expect(admin.getByRole('heading', { name: '到期提醒' })).toBeVisible();
  await expect(admin.locator('#reminder-as-of')).toHaveValue(REMINDER_TODAY);
  const rows = admin.getByTestId('reminder-list').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: '张三' }).locator('td').nth(7)).toContainText('3号窗口');
  await expect(rows.filter({ hasText: '张三' }).locator('td').nth(4)).toHaveText('138****5678');
  await expect(rows.filter({ hasText: '王五' }).locator('td').nth(7)).toContainText('5号窗口');
  await expect(admin.locator('body')).not.toContainText('13812345678');
  await admin.screenshot({ path: join(SHOTS, 'hall-reminders-admin.png') });

  // 统计: both counters' sheets on the days they were issued (the hall's own clock stamped them).
  await admin.keyboard.press('F8');
  await admin.locator('#stats-from').fill(dayOf(first.body.value.number as string));
  await admin.locator('#stats-to').fill(dayOf(second.body.value.number as string));
  await admin.getByRole('button', { name: '查询' }).click();
  const figure = (label: string) => admin.getByTestId('stats-summary').locator('tr').filter({ hasText: label }).locator('td');
  await expect(figure('出具告知单')).toHaveText('2 张');
  await expect(figure('保存案件')).toHaveText('2 件');
  await admin.locator('#stats-counter').fill('5');
  await admin.locator('#stats-counter').press('Enter');
  await expect(figure('出具告知单')).toHaveText('1 张');
  await admin.screenshot({ path: join(SHOTS, 'hall-statistics-admin.png') });
  for (const page of [wang, li, admin]) await page.context().close();
});
