// Issue 11 item 10: the client's sheet for every golden case with at most three years of
// back-pay: one A4 page, citations only to documents (the product's own defaults worded
// as 本系统默认口径, no docs/rules.md), no non-Chinese source, and no label running into its
// text. Rendered by Chromium from the unnumbered preview; each page is written as a PNG.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, expect, root, SHOTS, test } from './support.ts';

const dir = join(root, 'tests', 'golden', 'valid');
const goldens = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, caseFile: JSON.parse(readFileSync(join(dir, file), 'utf8')).case }));

// One test per golden case (121 and growing), in parallel on both workers: each is sized by the
// one sheet it checks. As one test over every case it outgrew its 8 minutes at a load of 25.
test.describe('10. every golden sheet with ≤ 3 years of back-pay: one A4 page, documents only, Chinese sources only, no colliding labels', () => {
  test.describe.configure({ mode: 'parallel' });
  for (const { file, caseFile } of goldens)
    test(file, async ({ page, specServer }) => {
      const outcome = await callApi<{ valid: boolean; assessment?: { backPay: { months: string[] } } }>(page, 'assess', caseFile);
      test.skip(
        !outcome.valid || (outcome.assessment?.backPay.months.length ?? 0) > 36,
        'more than three years of back-pay (or not valid)',
      );
      // The sheet's page on the server's origin, so its font loads (a 404 page: the window is not needed).
      await page.goto('fonts/');
      const sheet = await callApi<{ html: string }>(page, 'previewSheet', { caseFile });
      await page.setContent(sheet.html.split('{{FONT_BASE}}').join(`${specServer.url}fonts/`));
      await page.evaluate(() => document.fonts.ready);
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text, file).not.toMatch(/rules\.md|产品约定/);
      const basis = await page.locator('.basis li').allTextContents();
      for (const line of basis) expect(line, `${file}: a source in Chinese`).toMatch(/[\u4e00-\u9fff]/);
      for (const line of basis) expect(line, `${file}: no English title`).not.toMatch(/[A-Za-z]{4,} [A-Za-z]{4,}/);
      const collisions = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.label')].flatMap((label) => {
          const box = label.getBoundingClientRect();
          // The text's first line (a wrapped text's box starts at the left margin on its later lines).
          const next = label.nextElementSibling?.getClientRects()[0];
          const overflow = label.scrollWidth > label.clientWidth + 1;
          const overlaps = next ? next.left < box.right - 0.5 && next.top < box.bottom && next.bottom > box.top : false;
          return overflow || overlaps ? [label.textContent ?? ''] : [];
        }),
      );
      expect(collisions, `${file}: labels running into their text`).toEqual([]);
      // No cell's text runs out of its cell (a label column too narrow for its label).
      const overflowing = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('th, td')]
          .filter((c) => c.scrollWidth > c.clientWidth + 1)
          .map((c) => c.textContent ?? ''),
      );
      expect(overflowing, `${file}: cells whose text runs out`).toEqual([]);
      // The timeline's axis labels (years, months) do not run into each other either.
      const axisOverlaps = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('svg text')].map((t) => ({
          text: t.textContent ?? '',
          box: t.getBoundingClientRect(),
        }));
        return boxes.flatMap((a, i) =>
          boxes
            .slice(i + 1)
            .filter(({ box: b }) => a.box.left < b.right && b.left < a.box.right && a.box.top < b.bottom && b.top < a.box.bottom)
            .map((b) => `${a.text}/${b.text}`),
        );
      });
      expect(axisOverlaps, `${file}: timeline labels overlapping`).toEqual([]);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
      expect(pages, `${file}: one A4 page`).toBe(1);
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.screenshot({ path: join(SHOTS, `sheet-${file.replace(/\.json$/, '')}.png`), fullPage: true });
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.emulateMedia({ media: 'screen' });
    });
});

test('10. more than 40 golden sheets have at most three years of back-pay (the sheets checked above)', async ({ page }) => {
  let short = 0;
  for (const { caseFile } of goldens) {
    const outcome = await callApi<{ valid: boolean; assessment?: { backPay: { months: string[] } } }>(page, 'assess', caseFile);
    if (outcome.valid && (outcome.assessment?.backPay.months.length ?? 0) <= 36) short++;
  }
  expect(short).toBeGreaterThan(40);
});

test('10. product defaults are worded 本系统默认口径 with a plain explanation', async ({ page }) => {
  await page.goto('/');
  const caseFile = goldens.find((g) => g.file.startsWith('02-s4'))!.caseFile; // a late fee: its due day is a product default
  const sheet = await callApi<{ html: string }>(page, 'previewSheet', { caseFile });
  await page.setContent(sheet.html);
  await expect(page.locator('.basis')).toContainText('本系统默认口径');
  await expect(page.locator('.basis')).not.toContainText('医保续缴核算台在法规未明确时采用的默认做法');
});
