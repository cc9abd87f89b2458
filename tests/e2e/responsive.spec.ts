// The window while the clerk types (issue 14), with the page's clock in the test's hands (no
// timing): 案件 searches once the typing pauses (150 ms), and an answer to a search the clerk
// has typed past is never shown, even when it arrives last; the draft is written once the typing
// pauses (500 ms) — the status says a change is on its way meanwhile — or at once when the
// clerk leaves the field. A long month-by-month back-pay table is drawn only when opened, and then
// only as far as the clerk scrolls; the region suggestions come when a region field is entered.
import { type Route } from '@playwright/test';
import { join } from 'node:path';
import { callApi, expect, openApp, openCaseFile, SHOTS, startOn, test } from './support.ts';

test.use({ viewport: { width: 1366, height: 768 } });

const personCase = (name: string) => ({
  format: 'yibao-case/1',
  asOf: '2026-11-28',
  region: '320100',
  person: { name, sex: 'male', birth: '1980-03', retirementCategory: 'male' },
  history: [{ from: '2010-01', to: '2026-10', scheme: 'employee', status: 'paid', base: 8000 }],
  request: { scheme: 'employee', paymentDate: '2026-11-28', payer: 'employer' },
});

test('案件 searches when the typing pauses, and a superseded answer is never shown', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-28T10:00:00+08:00') });
  await page.goto('/');
  const ids = [
    (await callApi<{ id: string }>(page, 'saveCase', { caseFile: personCase('防抖一号') })).id,
    (await callApi<{ id: string }>(page, 'saveCase', { caseFile: personCase('防抖二号') })).id,
  ];
  try {
    await callApi(page, 'clearDraft');
    await openApp(page);
    // From here the page's time moves only when the test moves it.
    await page.clock.pauseAt(new Date('2026-11-28T10:05:00+08:00'));
    const searches: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/listCases')) searches.push((request.postDataJSON() as { input: { text: string } }).input.text);
    });
    // Answers to searches for 防抖一 are held until the test lets them through.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/listCases', async (route: Route) => {
      if ((route.request().postDataJSON() as { input: { text: string } }).input.text === '防抖一') await released;
      await route.continue();
    });
    await page.keyboard.press('F3');
    const search = page.locator('#case-search');
    await expect(search).toBeFocused();
    const list = page.getByTestId('case-list');

    // Typing: no search until the pause.
    await search.pressSequentially('防');
    await page.clock.runFor(100);
    await search.pressSequentially('抖');
    await page.clock.runFor(149);
    expect(searches.filter((t) => t !== '')).toEqual([]);
    await page.clock.runFor(1);
    await expect.poll(() => searches.filter((t) => t !== '')).toEqual(['防抖']);
    await expect(list).toContainText('防抖一号');
    await expect(list).toContainText('防抖二号');

    // 防抖一's answer is held; the clerk types on to 防抖二, whose answer comes first.
    await search.pressSequentially('一');
    await page.clock.runFor(150);
    await expect.poll(() => searches.at(-1)).toBe('防抖一');
    await search.press('Backspace');
    await search.pressSequentially('二');
    await page.clock.runFor(150);
    await expect(list).not.toContainText('防抖一号');
    await expect(list).toContainText('防抖二号');
    // The older answer arrives last: it is not shown.
    const late = page.waitForResponse((r) => r.url().endsWith('/api/listCases') && r.request().postData()?.includes('防抖一') === true);
    release();
    await late;
    await page.evaluate(() => new Promise((resolve) => queueMicrotask(() => resolve(null))));
    await expect(list).not.toContainText('防抖一号');
    await expect(list).toContainText('防抖二号');
    expect(searches.filter((t) => t !== '')).toEqual(['防抖', '防抖一', '防抖二']);
  } finally {
    for (const id of ids) await callApi(page, 'deleteCase', id);
  }
});

test('the draft is written when the typing pauses, and at once when the field is left', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-28T10:00:00+08:00') });
  await page.goto('/');
  await callApi(page, 'clearDraft');
  await openApp(page);
  // From here the page's time moves only when the test moves it; the blank form's first draft
  // write (due meanwhile) is let through before the clerk types.
  await page.clock.pauseAt(new Date('2026-11-28T10:05:00+08:00'));
  await page.waitForLoadState('networkidle');
  const written: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/saveDraft'))
      written.push((request.postDataJSON() as { input: { form: { form: { person: { name: string } } } } }).input.form.form.person.name);
  });
  const status = page.getByTestId('save-status');
  const draftName = async () =>
    (await callApi<{ form: { form: { person: { name: string } } } } | null>(page, 'getDraft'))?.form.form.person.name ?? null;

  const name = page.locator('#person-name');
  await name.click();
  await name.pressSequentially('草稿甲');
  await page.clock.runFor(499);
  // Typed, not yet written: the status says it is on its way.
  await expect(status).toHaveText('未保存的修改（正在保存草稿…）');
  expect(await draftName(), `draft writes so far: ${JSON.stringify(written)}`).not.toBe('草稿甲');
  await page.clock.runFor(1);
  await expect(status).toContainText('未保存的修改（草稿已自动保存');
  expect(await draftName()).toBe('草稿甲');

  // Leaving the field writes it at once, without waiting for the pause.
  await name.pressSequentially('乙');
  await expect(status).toHaveText('未保存的修改（正在保存草稿…）');
  await page.keyboard.press('Tab');
  await expect(status).toContainText('未保存的修改（草稿已自动保存');
  expect(await draftName()).toBe('草稿甲乙');
  await callApi(page, 'clearDraft');
});

test('a long month-by-month back-pay table is drawn when opened, and as far as the clerk scrolls', async ({ page }) => {
  // The window moves a reopened case's 办理日期 to today: today is the case's own day, so the
  // arrears end where the case says (150 months), whatever the machine's date.
  await startOn(page, '2026-11-28');
  // 150 months of employer arrears (2014-01 to 2026-06): each is owed, month by month.
  await openCaseFile(page, {
    ...personCase('欠费很久'),
    history: [
      { from: '2005-01', to: '2013-12', scheme: 'employee', status: 'paid', base: 8000 },
      { from: '2014-01', to: '2026-06', scheme: 'employee', status: 'arrears', base: 8000 },
      { from: '2026-07', to: '2026-10', scheme: 'employee', status: 'paid', base: 8000 },
    ],
  });
  const backpay = page.getByTestId('backpay');
  await expect(backpay.getByText('逐月明细（150 个月）')).toBeVisible();
  await expect(page.getByTestId('backpay-months')).toHaveCount(0);
  await backpay.getByText('逐月明细（150 个月）').click();
  const months = page.getByTestId('backpay-months');
  const rows = months.locator('tbody tr:not(.more)');
  await expect(rows).toHaveCount(60);
  await expect(rows.first()).toContainText('2014-01');
  await expect(months.locator('tr.more')).toHaveText('还有 90 个月，向下滚动显示');
  await months.locator('tr.more').scrollIntoViewIfNeeded();
  await expect(rows).toHaveCount(120);
  await months.locator('tr.more').scrollIntoViewIfNeeded();
  await expect(rows).toHaveCount(150);
  await expect(months.locator('tr.more')).toHaveCount(0);
  await expect(rows.last()).toContainText('2026-06');
  await rows.last().scrollIntoViewIfNeeded();
  await expect(rows.last()).toBeInViewport();
  await page.screenshot({ path: join(SHOTS, 'backpay-months-long.png') });
  await callApi(page, 'clearDraft');
});

test('the region suggestions come when the clerk first enters a region field', async ({ page }) => {
  await callApi(page, 'clearDraft');
  await openApp(page);
  // Not with the first form…
  await expect(page.getByTestId('case-region-suggestions')).toHaveCount(0);
  // …but as soon as the clerk is in the field, with every region by name.
  await page.locator('#case-region').focus();
  const suggestions = page.getByTestId('case-region-suggestions');
  await expect(suggestions.locator('option[value="320100"]')).toHaveText('南京市');
  expect(await suggestions.locator('option').count()).toBeGreaterThan(300);
  await page.locator('#case-region').fill('杭州');
  await page.keyboard.press('Tab');
  await expect(page.locator('#case-region')).toHaveValue('330100');
  await callApi(page, 'clearDraft');
});
