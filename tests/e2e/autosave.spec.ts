// The draft the window autosaves is derived from everything it stores — the form, what counts
// as saved (the baseline), the saved-at time and the case's version — so a save that ends while
// a draft write is under way rewrites it, and the next start does not "recover" work that was
// saved (issue 19: under load a slow save left a draft with the old baseline, and the next
// start showed a false 已恢复上次未保存的录入). The page's clock is the test's: the draft is
// written when the test moves time past the typing pause.
import { type Route } from '@playwright/test';
import { callApi, expect, openApp, openCaseFile, test } from './support.ts';

const caseFile = {
  format: 'yibao-case/1',
  asOf: '2026-11-28',
  region: '320100',
  person: { name: '慢保存', sex: 'male', birth: '1980-03', retirementCategory: 'male' },
  history: [{ from: '2010-01', to: '2026-10', scheme: 'employee', status: 'paid', base: 8000 }],
  request: { scheme: 'employee', paymentDate: '2026-11-28', payer: 'employer' },
};

type StoredDraft = { form: { form: { person: { name: string } }; baseline: { person: { name: string } } | null } } | null;

test('a save that ends while the draft is being written leaves no false "recovered" notice', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-28T10:00:00+08:00') });
  await page.goto('/');
  await callApi(page, 'clearDraft');
  await openApp(page);
  // From here the page's time moves only when the test moves it.
  await page.clock.pauseAt(new Date('2026-11-28T10:05:00+08:00'));
  const status = page.getByTestId('save-status');
  await openCaseFile(page, caseFile);
  await page.keyboard.press('Control+s');
  await expect(status).toContainText('已保存案件');

  // The clerk changes the saved case and saves again; the save is slow (held by the test)…
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/saveCase', async (route: Route) => {
    await released;
    await route.continue();
  });
  const name = page.locator('#person-name');
  await name.fill('慢保存二');
  const saving = page.waitForRequest((r) => r.url().endsWith('/api/saveCase'));
  await page.keyboard.press('Control+s');
  await saving;
  // …and meanwhile the typing pause passes: the draft is written, with the old baseline.
  const midSave = page.waitForResponse((r) => r.url().endsWith('/api/saveDraft'));
  await page.clock.runFor(500);
  await midSave;
  expect((await callApi<StoredDraft>(page, 'getDraft'))?.form.baseline?.person.name).toBe('慢保存');

  // The save ends.
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/saveCase'));
  release();
  await saved;
  await expect(status).toContainText('已保存案件');
  // The draft follows what now counts as saved once the pause has passed.
  await page.clock.runFor(500);
  await expect
    .poll(async () => (await callApi<StoredDraft>(page, 'getDraft'))?.form.baseline?.person.name, {
      message: 'the stored draft still counts the old version as saved',
      timeout: 5_000,
    })
    .toBe('慢保存二');

  // The next start: the saved case, and nothing to recover.
  await page.unroute('**/api/saveCase');
  await page.reload();
  await expect(page.locator('#person-name')).toHaveValue('慢保存二');
  await expect(status).toContainText('已保存案件');
  await expect(page.getByTestId('draft-recovered')).toHaveCount(0);
});
