// The printed sheet (补缴及待遇恢复告知单): for golden cases, a real PDF from headless
// Chromium, read back with pdftotext: every figure, date and name equals the assessment,
// the ID is masked, one A4 page (two at most for very long histories). HTML snapshots pin
// the layout; a reprint is byte-identical.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../src/core/assessment.ts';
import { formatDateZh, formatMonthZh, parseDate, parseMonth } from '../../src/core/calendar.ts';
import { fenToChineseCapital, formatFen } from '../../src/core/money.ts';
import { coverContinues, explanationsForRequest } from '../../src/core/explain/conclusions-zh.ts';
import { createServices } from '../../src/services/services.ts';
import { findChromium, htmlToPdf } from '../../src/sheet/pdf.ts';
import { renderSheetHtml } from '../../src/sheet/render.ts';
import { buildSheetData } from '../../src/sheet/sheet-data.ts';
import { Store } from '../../src/store/store.ts';
import { assessOk } from '../support/engine.ts';

const root = join(import.meta.dirname, '..', '..');
const golden = (name: string) => JSON.parse(readFileSync(join(root, 'tests', 'golden', 'valid', name), 'utf8')).case;
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
const OFFICE = { name: '南京市医疗保障经办中心', counter: '3', clerk: '李明' };
const compact = (text: string) => text.replace(/\s+/g, '');
const isForeign = (title: string) => !/[\u4e00-\u9fff]/.test(title.replace(/（[^）]*）/g, ''));
const ym = (m: string) => formatMonthZh(parseMonth(m)!);

/** A 45-year history of 30 ranges (for the two-page limit). */
function longCase() {
  const history = [];
  let m = 2026 * 12 + 6 - 540;
  for (let i = 0; i < 30; i++) {
    const to = i === 29 ? 2026 * 12 + 6 : m + 16;
    const fmt = (x: number) => `${Math.floor(x / 12)}-${String((x % 12) + 1).padStart(2, '0')}`;
    history.push({
      from: fmt(m),
      to: fmt(to),
      scheme: i % 5 === 4 ? 'flexible' : 'employee',
      status: i % 7 === 6 ? 'arrears' : 'paid',
      base: 6000 + i * 100,
    });
    m = to + 1 + (i % 4 === 3 ? 2 : 0);
  }
  return {
    format: 'yibao-case/1',
    asOf: '2026-11-22',
    region: '320100',
    person: { name: '欧阳长史', idNumber: '320102196305150019', sex: 'male', birth: '1963-05', retirementCategory: 'male' },
    history,
    deemedMonths: 36,
    request: { scheme: 'employee', paymentDate: '2026-11-25', transferFrom: '310000' },
  };
}

const CASES: Array<{ name: string; caseFile: any; maxPages: number }> = [
  { name: 'spec-example', caseFile: example, maxPages: 1 },
  { name: 'shenzhen-late-fee', caseFile: golden('02-s4-latefee-560-shenzhen.json'), maxPages: 1 },
  { name: 'shanghai-flexible', caseFile: golden('44-shanghai-flexible-waiting-restart.json'), maxPages: 1 },
  { name: 'wuhan-cumulative', caseFile: golden('61-wuhan-cumulative-4-months.json'), maxPages: 1 },
  { name: 'qingdao-resident', caseFile: golden('03-s5-qingdao-gap2.json'), maxPages: 1 },
  { name: 'long-45-years', caseFile: longCase(), maxPages: 2 },
];

/** The texts a client must find on the sheet, straight from the assessment. */
function expectedTexts(a: Assessment, caseFile: any): string[] {
  const out = [caseFile.person.name, a.regionName, `${a.region}`];
  if (a.interruption && a.interruption.months > 0)
    out.push(`中断${a.interruption.months}个月`, ym(a.interruption.from!), ym(a.interruption.to!));
  if (a.interruption?.keepShortDeadline) out.push(formatDateZh(parseDate(a.interruption.keepShortDeadline)!));
  for (const fen of [a.backPay.principalFen, a.backPay.lateFeeFen, a.backPay.totalFen])
    if (fen !== null && a.backPay.months.length) out.push(formatFen(fen));
  if (a.backPay.totalFen !== null && a.backPay.months.length) out.push(fenToChineseCapital(a.backPay.totalFen));
  // Cover that never stopped is said to continue, never given a start month (docs/rules.md §2).
  if (coverContinues(a)) out.push('医保待遇不中断');
  else if (a.benefits.from) out.push(`自${ym(a.benefits.from)}起享受医保待遇`);
  if (a.benefits.waitingMonths) out.push(`等待期${a.benefits.waitingMonths}个月`);
  // Residents' insurance has no lifetime years: the sheet says so instead of the 职工 block.
  if (a.request.scheme === 'resident') out.push('没有退休时累计缴费年限的要求');
  else {
    out.push(`${a.lifetime.countedMonths}个月`);
    if (a.lifetime.requiredMonths !== null) out.push(`${a.lifetime.requiredMonths}个月`);
    if (a.retirement.month) out.push(`法定退休年月为${ym(a.retirement.month)}`);
    if (a.lifetime.projectedAtRetirementMonths !== null) out.push(`${a.lifetime.projectedAtRetirementMonths}个月`);
  }
  out.push(formatDateZh(parseDate(a.request.paymentDate)!));
  // Documents only: a product default is named 本系统默认口径, a source not in Chinese stays off the client's sheet.
  for (const e of explanationsForRequest(a))
    for (const c of e.citations)
      out.push(c.grade === 'CONV' ? '本系统默认口径' : isForeign(c.title) ? '另有部分结论的依据为外文资料' : c.document);
  return out;
}

function sheetFor(caseFile: any, number = '20261122-03-0001') {
  const assessment = assessOk(caseFile);
  const data = buildSheetData({ number, issuedAt: '2026-11-22T10:30:00', office: OFFICE, caseFile, assessment });
  return { assessment, data, ...renderSheetHtml(data) };
}

const chromium = findChromium();
const pdftotext = spawnSync('pdftotext', ['-v']).error ? null : 'pdftotext';
if (!chromium || !pdftotext)
  console.log(`[sheet PDF tests skipped] need Chromium and poppler-utils: apt-get install -y chromium poppler-utils fonts-noto-cjk`);

describe('the printed sheet as PDF', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-sheet-test-'));
  for (const { name, caseFile, maxPages } of CASES) {
    it.skipIf(!chromium || !pdftotext)(
      `${name}: every figure, date and name of the assessment is on the A4 sheet; the ID is masked`,
      async () => {
        const { assessment, html, data } = sheetFor(caseFile);
        const pdf = join(dir, `${name}.pdf`);
        writeFileSync(pdf, await htmlToPdf(html));
        const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
        const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
        expect(pages).toBeGreaterThanOrEqual(1);
        expect(pages).toBeLessThanOrEqual(maxPages);
        expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
        const text = compact(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }));
        for (const expected of expectedTexts(assessment, caseFile))
          expect(text, `missing on the sheet: ${expected}`).toContain(compact(expected));
        expect(text).toContain(compact(data.number));
        expect(text).toContain('补缴及待遇恢复告知单');
        expect(text).toContain('以当地医保经办机构核定为准');
        expect(text).toContain('客户确认（签名）');
        if (caseFile.person.idNumber) {
          const id = String(caseFile.person.idNumber);
          expect(text).toContain(`${id.slice(0, 6)}********${id.slice(-4)}`);
          expect(text).not.toContain(id);
        }
        // Every warning reaches the client, as a plain sentence.
        const plain: Record<string, string> = {
          LOCAL_RULE_MISSING: '当地中断续保的具体规定尚未录入本系统',
          LOCAL_RULE_CAP_ONLY: '当地只规定了等待期的上限',
          POLICY_EXPIRED: '已过有效期（续期未确认）',
          UNVERIFIED_SOURCE: '来源未经官方原文核实',
          MISSING_PARAMETER: '本系统缺少部分当地数据',
          MISSING_INPUT: '缴费基数未能确定',
        };
        const foreign = new Set(
          assessment.explanations.flatMap((e) => e.citations.filter((c) => isForeign(c.title)).map((c) => c.document)),
        );
        for (const w of assessment.warnings) {
          expect(text).toContain(plain[w.code]);
          if (w.document && !foreign.has(w.document)) expect(text).toContain(compact(w.document));
        }
        expect(text).not.toMatch(/rules\.md|产品约定/);
      },
    );
  }

  it.skipIf(!chromium)('renders pages to PNG for review (written to .tmp/screens)', async () => {
    const out = join(root, '.tmp', 'screens');
    execFileSync('mkdir', ['-p', out]);
    for (const name of ['spec-example', 'long-45-years']) {
      const pdf = join(dir, `${name}.pdf`);
      if (!existsSync(pdf)) writeFileSync(pdf, await htmlToPdf(sheetFor(CASES.find((c) => c.name === name)!.caseFile).html));
      const r = spawnSync('pdftoppm', ['-png', '-r', '80', pdf, join(out, `sheet-${name}`)]);
      expect(r.status).toBe(0);
    }
  });
});

describe('the sheet HTML', () => {
  for (const name of ['spec-example', 'shenzhen-late-fee', 'qingdao-resident']) {
    it(`${name}: matches its snapshot (fixed number and time)`, async () => {
      const { html } = sheetFor(CASES.find((c) => c.name === name)!.caseFile);
      await expect(html).toMatchFileSnapshot(join(root, 'tests', 'sheet', '__snapshots__', `${name}.html`));
    });
  }

  it('never contains the full ID number, and its content hash is the SHA-256 of the HTML', () => {
    const { html, contentHash } = sheetFor(example);
    expect(html).not.toContain('320102197608150010');
    expect(html).toContain('320102********0010');
    expect(contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('issuing, recording and reprinting through the services', () => {
  it('numbers sheets per day and counter, stores them, and a reprint is byte-identical with the same hash', async () => {
    const store = new Store({ file: ':memory:' });
    const api = createServices(store);
    await api.saveSettings({ officeName: OFFICE.name, counterNumber: '3', clerkName: OFFICE.clerk, defaultRegion: '320100' });
    const saved = await api.saveCase({ caseFile: example });
    const caseId = saved.ok ? saved.value.id : null;
    const first = await api.issueSheet({ caseId, caseFile: example });
    const second = await api.issueSheet({ caseId, caseFile: example });
    if (!first.ok || !second.ok) throw new Error('issue failed');
    expect(first.value.number).toMatch(/^\d{8}-03-0001$/);
    expect(second.value.number).toMatch(/^\d{8}-03-0002$/);
    expect(first.value.html).toContain(OFFICE.name);
    expect(first.value.html).toContain('经办人 李明');
    const again = await api.getSheet(first.value.number);
    expect(again.ok && again.value.html).toBe(first.value.html);
    expect(again.ok && again.value.contentHash).toBe(first.value.contentHash);
    await api.recordPrint({ number: first.value.number, kind: 'print' });
    await api.recordPrint({ number: first.value.number, kind: 'print' });
    const list = await api.listSheets(caseId!);
    expect(list.ok && list.value.map((s) => [s.number, s.prints])).toEqual([
      [second.value.number, 0],
      [first.value.number, 2],
    ]);
    // Tampering with the stored sheet is detected, not reprinted.
    store.db.prepare(`UPDATE sheet SET html = replace(html, '2,160.00', '1,160.00') WHERE number = ?`).run(first.value.number);
    expect(await api.getSheet(first.value.number)).toMatchObject({ ok: false, error: { message: expect.stringContaining('摘要不符') } });
    store.close();
  });

  it('a preview is rendered unnumbered and stores nothing: the first sheet issued afterwards is still 0001', async () => {
    const store = new Store({ file: ':memory:' });
    const api = createServices(store);
    await api.saveSettings({ officeName: OFFICE.name, counterNumber: '3', clerkName: OFFICE.clerk, defaultRegion: '320100' });
    const saved = await api.saveCase({ caseFile: example });
    const caseId = saved.ok ? saved.value.id : null;
    for (let i = 0; i < 3; i++) {
      const preview = await api.previewSheet({ caseFile: example });
      if (!preview.ok) throw new Error(preview.error.message);
      expect(preview.value.html).toContain('预览（未编号）');
      expect(preview.value.html).toContain('合计 2,160.00 元');
    }
    expect(await api.listSheets(caseId!)).toEqual({ ok: true, value: [] });
    const issued = await api.issueSheet({ caseId, caseFile: example });
    expect(issued.ok && issued.value.number).toMatch(/^\d{8}-03-0001$/);
    expect(issued.ok && issued.value.html).not.toContain('预览（未编号）');
    const bad = await api.previewSheet({ caseFile: { ...example, region: '999999' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'region' }] } });
    store.close();
  });

  it('refuses to issue a sheet for an invalid case, naming the fields', async () => {
    const api = createServices(new Store({ file: ':memory:' }));
    const result = await api.issueSheet({ caseId: null, caseFile: { ...example, region: '999999' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'region' }] } });
  });
});
