// A clerk's day, round 2 (issue 21), items 19 down to 12: what a clerk met at the counter
// and must not meet again. Each test is the clerk's own steps at the counter's screen size.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { flexibleN5 } from './cases.ts';
import { SHOTS, callApi, openCaseFile, startOn } from './support.ts';

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1366, height: 768 } });

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
    await expect(question).toContainText('删除 删除确认 的案件？此操作不能撤销。');
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
    await page.keyboard.press('Escape');
    await expect(preview).toHaveCount(0);
    await expect(discarded).toHaveCount(0);
  } finally {
    for (const c of await callApi<Array<{ id: string }>>(page, 'listCases', { text: '陈旧提示' })) ids.push(c.id);
    for (const id of ids) await callApi(page, 'deleteCase', id);
  }
});
