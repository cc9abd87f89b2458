// Sheet PDF time against Chromium printing a static A4 page of similar size, in the same
// run with the same Chromium and font (goal ≤ 1.5×). The sheet's time is the whole path:
// validate, assess, number and store, render the HTML, print to PDF.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assess } from '../src/core/engine/assess.ts';
import { validateCase } from '../src/core/validate.ts';
import { DEFAULT_SETTINGS } from '../src/services/settings.ts';
import { issueSheet } from '../src/services/sheets.ts';
import { findChromium, htmlToPdf } from '../src/sheet/pdf.ts';
import { FONT_BASE_PLACEHOLDER } from '../src/sheet/render.ts';
import { Store } from '../src/store/store.ts';

if (!findChromium()) {
  console.log('skipped: no Chromium (apt-get install -y chromium)');
  process.exit(0);
}
const root = join(import.meta.dirname, '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
const store = new Store({ file: ':memory:' });

async function sheetPdf(): Promise<number> {
  const v = validateCase(example, store.regions());
  if (!v.ok) throw new Error('invalid example');
  const assessment = assess(v.value, { policies: store.policies(), regions: store.regions() });
  const sheet = await issueSheet(store, {
    caseFile: v.caseFile,
    assessment,
    caseId: null,
    settings: { ...DEFAULT_SETTINGS, officeName: '测试中心', counterNumber: '1', clerkName: '测试' },
  });
  return (await htmlToPdf(sheet.html)).length;
}

// A static A4 page with as much Chinese text as the sheet, in the same font, no component.
const text = '本告知单根据办理时录入的参保信息和政策库生成，仅供办理参考，以医疗保障经办机构核定为准。';
const staticHtml = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>@page { size: A4; margin: 12mm; } @font-face { font-family: S; src: url('${FONT_BASE_PLACEHOLDER}DroidSansFallbackFull.ttf'); } body { font-family: S; font-size: 9.5pt; }</style></head><body>${Array.from({ length: 38 }, (_, i) => `<p>${i + 1}. ${text}</p>`).join('')}</body></html>`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (fn: () => unknown) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
await time(sheetPdf);
await time(() => htmlToPdf(staticHtml)); // warm both paths (disk cache, font)
const sheet: number[] = [];
const plain: number[] = [];
for (let i = 0; i < 7; i++) {
  plain.push(await time(() => htmlToPdf(staticHtml)));
  sheet.push(await time(sheetPdf));
}
const s = median(sheet);
const p = median(plain);
console.log(
  `sheet PDF (assess + number + render + print): ${s.toFixed(0)} ms; static A4 page of similar size: ${p.toFixed(0)} ms (medians of 7) → ratio ${(s / p).toFixed(2)}× (goal ≤ 1.5×)`,
);
store.close();
