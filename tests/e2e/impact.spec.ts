// The impact preview as the administrator sees it (issue 14): every saved case is checked while
// the window stays usable — "已检查 N / 共 M 件" and 停止检查 while it runs, 确认保存 waiting for it
// with the reason beside it — then all the changed cases page by page. The progress answers are
// held back by the test (not timed), so the running state is certainly on screen when it is
// looked at. (Stopping a check is tested through the services, tests/unit/impact.test.ts: here
// the check of a few cases may end before a click could stop it.)
import { type Page, type Route } from '@playwright/test';
import { join } from 'node:path';
import { expect, openApp, SHOTS, test } from './support.ts';

const CHANGED = 60;
/** Shenzhen clients with employer arrears in Aug–Sep 2026: a new employer rate from 2026-08 changes each. */
const shenzhenCase = (i: number) => ({
  format: 'yibao-case/1',
  asOf: '2026-11-22',
  region: '440300',
  person: { name: `影响预览${String(i).padStart(2, '0')}`, sex: 'male', birth: '1980-03', retirementCategory: 'male' },
  history: [
    { from: '2015-01', to: '2026-07', scheme: 'employee', status: 'paid', base: 9000 + i },
    { from: '2026-08', to: '2026-09', scheme: 'employee', status: 'arrears', base: 9000 + i },
    { from: '2026-10', to: '2026-10', scheme: 'employee', status: 'paid', base: 9000 + i },
  ],
  request: { scheme: 'employee', paymentDate: '2026-11-25', payer: 'employer' },
});

async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const response = await page.request.post(`api/${method}`, { headers: { 'x-yibao': '1' }, data: { input } });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message ?? 'failed'}`);
  return body.value;
}

/** Holds every impactProgress call until the function it returns is called (then lets them all through). */
async function holdProgress(page: Page): Promise<() => void> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const handler = async (route: Route) => {
    await gate;
    await route.continue();
  };
  await page.route('**/api/impactProgress', handler);
  return open;
}

async function fillShenzhenEdit(page: Page) {
  await page.locator('#edit-region').fill('440300');
  await page.locator('#edit-key').selectOption('employee.rate.employer');
  await page.locator('#edit-value').fill('6.5%');
  await page.locator('#edit-from').fill('2026-08-01');
  await page.locator('#edit-doc-number').fill('深医保发〔2026〕88号（测试）');
  await page.locator('#edit-doc-title').fill('关于调整用人单位缴费费率的通知');
  await page.locator('#edit-url').fill('https://hsa.sz.gov.cn/example');
  await page.locator('#edit-grade').selectOption('V');
  await page.locator('#edit-reason').fill('影响预览测试');
}

test('the impact preview shows its progress, waits before saving, and lists every changed case page by page', async ({ page }) => {
  await openApp(page);
  const ids: string[] = [];
  for (let i = 0; i < CHANGED; i++) ids.push((await call<{ id: string }>(page, 'saveCase', { caseFile: shenzhenCase(i) })).id);
  try {
    await page.keyboard.press('F5');
    await fillShenzhenEdit(page);

    // While the check runs: its progress, a stop button, and 确认保存 waiting with the reason.
    const release = await holdProgress(page);
    await page.getByRole('button', { name: '预览影响' }).click();
    const impact = page.getByTestId('impact');
    await expect(impact.getByTestId('impact-progress')).toHaveText(/^已检查 0 \/ 共 \d+ 件$/);
    await expect(impact.getByRole('button', { name: '停止检查' })).toBeVisible();
    await expect(page.getByRole('button', { name: '确认保存' })).toBeDisabled();
    await expect(page.getByTestId('save-blocked')).toHaveText(/^正在检查已保存案件（已检查 0 \/ 共 \d+ 件），检查完毕后才能保存$/);
    release();

    // Finished: every saved case checked, all changed ones listed, 50 to a page.
    await expect(page.getByTestId('impact-summary')).toContainText(`已保存案件中有 ${CHANGED} 件的结果会改变（已检查全部`);
    await expect(page.getByTestId('save-blocked')).toHaveText('请输入管理员 PIN');
    await expect(impact.getByTestId('impact-page')).toHaveText(`第 1–50 件，共 ${CHANGED} 件`);
    await expect(impact.locator('tbody tr')).toHaveCount(50);
    await page.getByTestId('impact-summary').scrollIntoViewIfNeeded();
    await expect(impact.locator('tbody')).toContainText('影响预览00');
    await page.screenshot({ path: join(SHOTS, 'impact-preview.png') });
    await impact.getByRole('button', { name: '下一页' }).click();
    await expect(impact.getByTestId('impact-page')).toHaveText(`第 51–${CHANGED} 件，共 ${CHANGED} 件`);
    await expect(impact.locator('tbody tr')).toHaveCount(CHANGED - 50);
    await impact.locator('.pager').screenshot({ path: join(SHOTS, 'impact-pager.png') });
    await expect(impact.locator('tbody')).toContainText(`影响预览${CHANGED - 1}`);
    await expect(impact.locator('tbody')).toContainText('补缴本金');
  } finally {
    for (const id of ids) await call(page, 'deleteCase', id);
  }
});
