// The recycle bin (回收站) of a service hall (issue 22, finding 18): a clerk's deletion can be
// undone. A clerk deletes a case from the case list and is told it went to the 回收站; the clerk's
// window shows no 回收站; an administrator at another counter sees who deleted it and where,
// restores it with the PIN, and the clerk finds it again with its sheet.
import { type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { SHOTS } from '../e2e/support.ts';
import { expect, test, type OwnHall } from './support.ts';

const PIN = '246810';
const binCase = {
  format: 'yibao-case/1',
  asOf: '2027-11-01',
  region: '310000',
  person: { name: '回收站测试', sex: 'male', birth: '1980-03', retirementCategory: 'male', idNumber: '110101198003076515' },
  history: [
    { from: '2020-01', to: '2027-07', scheme: 'employee', status: 'paid', base: 7000 },
    { from: '2027-08', to: '2027-10', scheme: 'employee', status: 'arrears', base: 7000 },
  ],
  request: { scheme: 'employee', paymentDate: '2027-11-20', payer: 'individual' },
};

async function counter(browser: Browser, hall: OwnHall, instance: 0 | 1, username: string, password: string, counterNo: string) {
  const context = await browser.newContext({ baseURL: hall.urls[instance], viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.clock.install({ time: new Date(`${binCase.asOf}T10:00:00+08:00`) });
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

test('a clerk deletes a case; an administrator sees it in the 回收站 and restores it with its sheet', async ({ browser, hall }) => {
  test.setTimeout(180_000);
  const clerk = await counter(browser, hall, 0, 'wang', 'wang-pass-1', '7');
  const saved = await call(clerk, 'saveCase', { caseFile: binCase });
  expect(saved.body.ok).toBe(true);
  const sheet = await call(clerk, 'issueSheet', { caseId: saved.body.value.id, caseFile: binCase });
  expect(sheet.body.ok).toBe(true);

  await clerk.keyboard.press('F3');
  const list = clerk.getByTestId('case-list');
  await list.getByRole('button', { name: '删除 回收站测试' }).click();
  const question = clerk.getByRole('alertdialog', { name: '删除案件' });
  await expect(question).toContainText('删除后案件移入回收站，管理员可以恢复。');
  await question.getByRole('button', { name: '删除', exact: true }).click();
  await expect(clerk.getByText('已删除 回收站测试 的案件（已移入回收站，管理员可以恢复）')).toBeVisible();
  await expect(list).not.toContainText('回收站测试');
  // The clerk's 设置 shows no 回收站 (the hall would refuse it anyway).
  await clerk.keyboard.press('F4');
  await expect(clerk.getByRole('heading', { name: '设置' })).toBeVisible();
  await expect(clerk.getByTestId('case-bin')).toHaveCount(0);

  const admin = await counter(browser, hall, 1, 'admin', 'admin-pass-1', '1');
  expect((await call(admin, 'setAdminPin', { currentPin: null, newPin: PIN })).body.ok).toBe(true);
  await admin.keyboard.press('F4');
  const bin = admin.getByTestId('case-bin');
  const row = bin.getByRole('row', { name: /回收站测试/ });
  await expect(row).toContainText('110101********6515');
  await expect(row).toContainText('王芳（7 号窗口）');
  await expect(row).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/); // when (the hall's clock: not asserted)
  await admin.screenshot({ path: join(SHOTS, 'hall-case-bin.png') });

  // Without the PIN nothing is restored; with it the case is back.
  await row.getByRole('button', { name: '恢复 回收站测试' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'PIN' })).toBeVisible();
  await expect(row).toBeVisible();
  await admin.locator('#data-pin').fill(PIN);
  await row.getByRole('button', { name: '恢复 回收站测试' }).click();
  await expect(admin.getByText('已恢复 回收站测试 的案件，可在“案件”页找到。')).toBeVisible();
  await expect(bin).toContainText('回收站是空的。');
  await admin.screenshot({ path: join(SHOTS, 'hall-case-bin-restored.png') });

  await clerk.keyboard.press('F3');
  await clerk.locator('#case-search').fill('回收站测试');
  await expect(clerk.getByTestId('case-list')).toContainText('回收站测试');
  const sheets = await call(clerk, 'listSheets', saved.body.value.id);
  expect(sheets.body.value.map((s: { number: string }) => s.number)).toEqual([sheet.body.value.number]);
});
