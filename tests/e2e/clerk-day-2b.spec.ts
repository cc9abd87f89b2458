// A clerk's day, round 2 (issue 21), items 19 down to 12: what a clerk met at the counter
// and must not meet again. Each test is the clerk's own steps at the counter's screen size.
import { type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idCheckChar } from '../../src/core/idcard.ts';
import { flexibleN5 } from './cases.ts';
import { callApi, expect, openCaseFile, serveOwn, SHOTS, startOn, test } from './support.ts';

// Not serial: each test starts from its own day and removes what it saved, so one failing does not skip the rest.
test.use({ viewport: { width: 1366, height: 768 } });

const PIN = '246810';

/**
 * Boxes whose text would not fit: each option of a select box is drawn in a copy of the box at
 * its natural width (same font, padding and arrow), which must not be wider than the box; a
 * filled input must show its whole value.
 */
async function clippedSelects(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const clipped: string[] = [];
    for (const select of Array.from(document.querySelectorAll('select'))) {
      if (select.getClientRects().length === 0) continue;
      const width = select.getBoundingClientRect().width;
      for (const option of Array.from(select.options)) {
        const probe = select.cloneNode(false) as HTMLSelectElement;
        probe.removeAttribute('id');
        const style = getComputedStyle(select);
        probe.style.cssText = `position:absolute;left:-9999px;top:0;width:auto;min-width:0;max-width:none;font:${style.font};padding:${style.padding};border:${style.border};letter-spacing:${style.letterSpacing}`;
        probe.append(new Option(option.text));
        document.body.append(probe);
        const needed = probe.getBoundingClientRect().width;
        probe.remove();
        if (needed > width + 0.5)
          clipped.push(
            `${select.getAttribute('aria-label') ?? select.id}：${option.text}（需 ${Math.ceil(needed)}px，现 ${Math.floor(width)}px）`,
          );
      }
    }
    // A typed value (a month, an amount) that does not fit scrolls inside its box.
    for (const input of Array.from(document.querySelectorAll('input'))) {
      if (input.getClientRects().length === 0 || input.type === 'file' || input.value === '') continue;
      if (input.scrollWidth > input.clientWidth) clipped.push(`${input.getAttribute('aria-label') ?? input.id}：${input.value}`);
    }
    return clipped;
  });
}

for (const size of [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
]) {
  test(`19: no select box or typed value is clipped at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await startOn(page, '2026-09-10');
    await openCaseFile(page, flexibleN5.caseFile);
    await page.keyboard.press('Alt+1');
    await expect(page.locator('#request-scheme')).toHaveValue('flexible');
    await page.screenshot({ path: join(SHOTS, `clerk-day-2b-19-selects-${size.width}.png`) });
    expect(await clippedSelects(page)).toEqual([]);
  });
}

test('18: deleting a case asks in the window; 取消 has the focus, Escape and Enter keep the case', async ({ page }) => {
  const native: string[] = [];
  page.on('dialog', (d) => {
    native.push(d.message());
    void d.dismiss();
  });
  await startOn(page, '2026-09-10');
  const { id } = await callApi<{ id: string }>(page, 'saveCase', {
    caseFile: { ...flexibleN5.caseFile, person: { ...flexibleN5.caseFile.person, name: '删除确认' } },
  });
  try {
    await page.keyboard.press('F3');
    const list = page.getByTestId('case-list');
    await expect(list).toContainText('删除确认');
    const question = page.getByRole('alertdialog', { name: '删除案件' });

    // Escape: nothing deleted, focus back on the row's 删除.
    await list.getByRole('button', { name: '删除 删除确认' }).click();
    await expect(question).toBeVisible();
    await expect(question).toContainText('删除 删除确认 的案件？删除后案件移入回收站，管理员可以恢复。');
    await expect(question.getByRole('button', { name: '取消' })).toBeFocused();
    await page.screenshot({ path: join(SHOTS, 'clerk-day-2b-18-delete-question.png') });
    await page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    await expect(list.getByRole('button', { name: '删除 删除确认' })).toBeFocused();
    await expect(list).toContainText('删除确认');

    // Enter on the safe choice: nothing deleted either.
    await page.keyboard.press('Enter');
    await expect(question).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(question).toHaveCount(0);
    await expect(list).toContainText('删除确认');

    // Deleting is a deliberate act on the red button.
    await list.getByRole('button', { name: '删除 删除确认' }).click();
    await question.getByRole('button', { name: '删除', exact: true }).click();
    await expect(page.getByText('已删除 删除确认 的案件')).toBeVisible();
    await expect(list).not.toContainText('删除确认');
    expect(native).toEqual([]);
  } finally {
    await page.request.post('api/deleteCase', { headers: { 'x-yibao': '1' }, data: { input: id } });
  }
});

test('17: the 已放弃未保存的录入 / 撤销 notice leaves once the next case is saved, or printed', async ({ page }) => {
  await startOn(page, '2026-09-10');
  const discarded = page.getByTestId('discarded');
  const discardThenOpen = async (name: string) => {
    await page.locator('#person-name').fill(`${name}（放弃）`);
    await openCaseFile(page, { ...flexibleN5.caseFile, person: { ...flexibleN5.caseFile.person, name } });
    await page.getByRole('dialog', { name: '当前案件有未保存的修改' }).getByRole('button', { name: '不保存' }).click();
    await expect(page.locator('#person-name')).toHaveValue(name);
    await expect(discarded).toContainText('已放弃未保存的录入');
  };
  const ids: string[] = [];
  try {
    // Saved: the next case is the clerk's work now; an undo of the one before would only confuse.
    await discardThenOpen('陈旧提示甲');
    await page.keyboard.press('Control+s');
    await expect(page.getByText(/已保存案件/)).toBeVisible();
    await expect(discarded).toHaveCount(0);
    await page.screenshot({ path: join(SHOTS, 'clerk-day-2b-17-saved-no-undo.png') });

    // Printed (without saving first): the sheet handed out is about this case.
    await discardThenOpen('陈旧提示乙');
    await page.keyboard.press('Control+p');
    const preview = page.getByTestId('sheet-preview');
    await preview.getByRole('button', { name: '打印' }).click();
    await expect(page.getByTestId('sheet-number')).not.toHaveText('预览（未编号）');
    // The print request is recorded once the browser's print() has returned; an Escape sent
    // while print() runs belongs to the print dialog, not to the preview (a CI flake).
    await expect(preview.getByRole('status')).toContainText('已记录打印请求');
    await page.keyboard.press('Escape');
    await expect(preview).toHaveCount(0);
    await expect(discarded).toHaveCount(0);
  } finally {
    for (const c of await callApi<Array<{ id: string }>>(page, 'listCases', { text: '陈旧提示' })) ids.push(c.id);
    for (const id of ids) await callApi(page, 'deleteCase', id);
  }
});

test('16: 本地规则设置 has a tab of its own, the PIN is typed twice at the top, choices in words, labelled tiers, no stale hint after saving', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-2b-rules-'));
  const server = await serveOwn({ db: join(dir, 'yibao.sqlite') });
  try {
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
    await page.keyboard.press('F5');

    // The PIN first, without scrolling, and a new one typed twice.
    const pinPanel = page.getByTestId('admin-pin');
    await expect(pinPanel).toBeInViewport({ ratio: 1 });
    await pinPanel.locator('#new-pin').fill(PIN);
    await pinPanel.locator('#new-pin-again').fill('246811');
    await pinPanel.getByRole('button', { name: '设置 PIN' }).click();
    await expect(pinPanel.getByRole('alert')).toHaveText('两次输入的新 PIN 不一致，请重新输入。');
    await pinPanel.locator('#new-pin-again').fill(PIN);
    await pinPanel.getByRole('button', { name: '设置 PIN' }).click();
    await expect(pinPanel.getByRole('status')).toHaveText('管理员 PIN 已设置。');
    await expect(pinPanel.getByRole('button', { name: '修改 PIN…' })).toBeVisible();

    // 本地规则设置 is a tab, its heading on the first screen rather than below every parameter table.
    await page.getByRole('tab', { name: '本地规则设置' }).click();
    const rules = page.getByTestId('local-rules');
    await expect(rules.getByRole('heading', { name: /本地规则设置/ })).toBeInViewport();
    // Choices in words, never codes; every tier control has a label.
    await expect(rules).not.toContainText('0=');
    await expect(rules.getByLabel('第 1 档待遇起始').locator('option')).toHaveText(['（不设）', '缴费当月起', '缴费次月起']);
    for (const label of ['中断月数至', '可否补缴', '等待期（月）', '中断期间待遇可追溯', '视为首次参保'])
      await expect(rules.getByLabel(`第 1 档${label}`)).toBeVisible();
    await expect(rules.getByLabel('连续缴费时待遇起始').locator('option')).toHaveText(['（不设）', '缴费当月起', '缴费次月起']);

    // A one-value rule, previewed and saved: the confirmation, and no 请先预览 hint beside it.
    await rules.locator('#rule-region').fill('330100');
    await rules.locator('#rule-from').fill('2027-01-01');
    await rules.locator('#rule-doc-number').fill('杭医保〔2027〕5号（测试）');
    await rules.locator('#rule-doc-title').fill('关于职工医保断缴后续缴待遇的通知（测试）');
    await rules.locator('#rule-article').fill('第三条');
    await rules.locator('#rule-grade').selectOption('V');
    await rules.getByLabel('连续缴费时待遇起始').selectOption({ label: '缴费次月起' });
    await rules.locator('#rule-reason').fill('录入本市连续缴费待遇起始');
    await rules.locator('#rule-payment-date').fill('2027-03-10');
    await rules.getByRole('button', { name: '预览典型情形与影响' }).click();
    await expect(rules.getByTestId('typical-table')).toBeVisible();
    await rules.locator('#rule-pin').fill(PIN);
    await rules.getByRole('button', { name: '保存本地规则' }).click();
    await expect(rules.getByTestId('rule-saved')).toContainText('已保存本地规则：新增 1 条');
    await expect(rules.getByTestId('rule-save-blocked')).toHaveCount(0);
    await rules.getByTestId('rule-saved').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'clerk-day-2b-16-local-rule-saved.png') });
    // Changed after saving: the hint comes back, the old confirmation goes.
    await rules.locator('#rule-reason').fill('录入本市连续缴费待遇起始（更正）');
    await expect(rules.getByTestId('rule-save-blocked')).toHaveText('请先点击“预览”，看过典型情形和影响后才能保存');
    await expect(rules.getByTestId('rule-saved')).toHaveCount(0);
    await rules.getByRole('heading', { name: /本地规则设置/ }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'clerk-day-2b-16-local-rule-tab.png') });
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A valid ID number for a birth day and sex (the check digit as GB 11643 computes it). */
function idNumber(birthDay: string, sex: 'male' | 'female'): string {
  const first17 = `340102${birthDay.replace(/-/g, '')}01${sex === 'male' ? '1' : '2'}`;
  return first17 + idCheckChar(first17);
}

test('13: a 合肥 counter starts in 姓名, sees its keys, hears only of its own expiring documents, and Tab skips what the ID filled', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-2b-first-'));
  const server = await serveOwn({ db: join(dir, 'yibao.sqlite') });
  try {
    // The counter's settings and a saved case, on this test's own server (not the shared one).
    const own = async <T>(method: string, input: unknown): Promise<T> => {
      const r = await page.request.post(`${server.url}api/${method}`, { headers: { 'x-yibao': '1' }, data: { input } });
      const body = (await r.json()) as { ok: boolean; value: T };
      expect(body.ok).toBe(true);
      return body.value;
    };
    await own('saveSettings', { officeName: '合肥市医保中心', counterNumber: '3', clerkName: '', defaultRegion: '340100' });
    const { id } = await own<{ id: string }>('saveCase', {
      caseFile: { ...flexibleN5.caseFile, person: { ...flexibleN5.caseFile.person, name: '打开后光标' } },
    });
    await page.clock.setFixedTime(new Date('2026-12-07T10:00:00+08:00'));
    await page.goto(server.url);
    await expect(page.getByText('合肥市医保中心')).toBeVisible();

    // The first screen: the cursor in 姓名; the jump keys on screen beside what they reach.
    await expect(page.locator('#person-name')).toBeFocused();
    await expect(page.getByRole('heading', { name: /客户信息/ })).toContainText('Alt+1');
    await expect(page.getByRole('heading', { name: /参保记录/ })).toContainText('Alt+2');
    await expect(page.getByRole('button', { name: /新建案件/ })).toContainText('Ctrl+Alt+N');
    // No other city's documents in the start notice (深圳 and 广州 expired ones are in the library).
    await expect(page.locator('body')).not.toContainText('深圳市人民政府令');
    await expect(page.locator('body')).not.toContainText('穗医保');
    await page.screenshot({ path: join(SHOTS, 'clerk-day-2b-13-first-screen.png') });

    // From the ID: a man's 性别, 出生年月 and 退休类别 are filled, so Tab goes on to 参保地.
    await page.locator('#person-name').fill('张先生');
    await page.keyboard.press('Tab');
    await expect(page.locator('#person-id')).toBeFocused();
    await page.keyboard.type(idNumber('1975-04-18', 'male'));
    await expect(page.locator('#person-birth')).toHaveValue('1975-04');
    await page.keyboard.press('Tab'); // 联系电话 (optional) comes last in 客户信息, after 办理日期
    await expect(page.locator('#case-region')).toBeFocused();
    // A woman's 退休类别 must still be chosen: Tab stops there.
    await page.locator('#person-id').fill('');
    await page.locator('#person-id').pressSequentially(idNumber('1978-09-02', 'female'));
    await expect(page.locator('#person-sex')).toHaveValue('female');
    await page.keyboard.press('Tab');
    await expect(page.locator('#person-category')).toBeFocused();

    // A case opened from 案件 puts the cursor in its 姓名, not nowhere.
    await page.locator('#person-name').fill('');
    await page.locator('#person-id').fill('');
    await page.keyboard.press('F3');
    await page.locator('#case-search').fill('打开后光标');
    await expect(page.getByTestId('case-list')).toContainText('打开后光标');
    await page.keyboard.press('Enter');
    const ask = page.getByRole('dialog', { name: '当前案件有未保存的修改' });
    // The form still holds what the ID filled (性别, 出生年月): asked first, as always.
    await ask.getByRole('button', { name: '不保存' }).click();
    await expect(page.locator('#person-name')).toHaveValue('打开后光标');
    await expect(page.locator('#person-name')).toBeFocused();
    // With a result on screen, 如果改期缴费 shows its key too.
    await expect(page.getByTestId('what-if')).toContainText('Alt+3');
    await page.screenshot({ path: join(SHOTS, 'clerk-day-2b-13-opened-case.png') });
    await own('deleteCase', id);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('12: import knows 缴费月份, 参保地区 and 缴费工资; a button that cannot be pressed looks it', async ({ page }) => {
  await startOn(page, '2026-09-10');
  await page.keyboard.press('Control+Alt+n');
  const csv = ['缴费月份,险种,缴费状态,缴费工资,参保地区', '2024-01,职工,已缴,7000,南京市', '2024-02,职工,已缴,7000,南京市'].join('\r\n');
  await page.getByTestId('import-file').setInputFiles({ name: '明细.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  const dialog = page.getByRole('dialog', { name: /导入缴费明细/ });
  await expect(page.getByTestId('import-good')).toHaveText('1'); // two months, one range
  await expect(dialog).not.toContainText('以下列未使用');
  await expect(dialog.locator('tbody tr').first()).toContainText('7000');
  await expect(dialog.locator('tbody tr').first()).toContainText('南京');
  await expect(dialog.locator('tbody tr').first()).not.toContainText('同参保地');
  await dialog.getByRole('button', { name: '取消' }).click();

  // Nothing readable: 追加导入 0 段 is disabled, and looks unlike the enabled primary button.
  const bad = ['缴费月份,险种,缴费状态', '2024-13,职工,已缴'].join('\r\n');
  await page.getByTestId('import-file').setInputFiles({ name: '坏.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
  const append = dialog.getByRole('button', { name: /追加导入 0 段/ });
  await expect(append).toBeDisabled();
  const look = (name: RegExp | string) =>
    page
      .getByRole('button', { name })
      .first()
      .evaluate((b) => {
        const s = getComputedStyle(b);
        return `${s.backgroundColor} ${s.color} ${s.cursor}`;
      });
  const disabledLook = await append.evaluate((b) => {
    const s = getComputedStyle(b);
    return `${s.backgroundColor} ${s.color} ${s.cursor}`;
  });
  await page.screenshot({ path: join(SHOTS, 'clerk-day-2b-12-import-disabled.png') });
  await dialog.getByRole('button', { name: '取消' }).click();
  const enabledLook = await look(/保存案件/);
  expect(disabledLook).not.toBe(enabledLook);
  expect(disabledLook).toContain('not-allowed');
});
