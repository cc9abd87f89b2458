// What issue 9 changed on the printed sheet, read back from a real PDF (pdftotext): an
// in-city resumption with no local rule prints no benefits date and says the local office
// decides; arrears and an interruption that may not be back-paid are said in one sentence;
// a priced lifetime-years shortfall prints "退休时缴费年限不足：需补缴 N 个月，一次性约 X 元 / 按月 Y 元".
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../src/core/assessment.ts';
import { formatMonthCount } from '../../src/core/calendar.ts';
import { assess } from '../../src/core/engine/assess.ts';
import { PolicySet, type PolicyRow } from '../../src/core/policy/policy-set.ts';
import { validateCase } from '../../src/core/validate.ts';
import { findChromium, htmlToPdf } from '../../src/sheet/pdf.ts';
import { renderSheetHtml } from '../../src/sheet/render.ts';
import { buildSheetData } from '../../src/sheet/sheet-data.ts';
import { assessOk, seededStore } from '../support/engine.ts';

const root = join(import.meta.dirname, '..', '..');
const golden = (name: string) => JSON.parse(readFileSync(join(root, 'tests', 'golden', 'valid', name), 'utf8')).case;
const OFFICE = { name: '烟台市医疗保障事业中心', counter: '2', clerk: '王芳' };
const compact = (text: string) => text.replace(/\s+/g, '');

const chromium = findChromium();
const pdftotext = spawnSync('pdftotext', ['-v']).error ? null : 'pdftotext';
const dir = mkdtempSync(join(tmpdir(), 'yibao-rules-sheet-'));

/** The sheet of a case as a client receives it: PDF text, without spaces. */
async function sheetText(caseFile: unknown, assessment: Assessment, name: string, maxPages = 1): Promise<string> {
  const data = buildSheetData({
    number: '20261128-02-0001',
    issuedAt: '2026-11-28T10:00:00',
    office: OFFICE,
    caseFile: caseFile as never,
    assessment,
  });
  const pdf = join(dir, `${name}.pdf`);
  writeFileSync(pdf, await htmlToPdf(renderSheetHtml(data).html));
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(pages).toBeLessThanOrEqual(maxPages);
  return compact(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }));
}

describe.skipIf(!chromium || !pdftotext)('issue 9 on the printed sheet (PDF text)', () => {
  it('an in-city resumption with no local rule shows no benefits date; the local office decides', async () => {
    const caseFile = golden('100-yantai-in-city-no-local-rule.json');
    const a = assessOk(caseFile);
    expect(a.benefits.from).toBeNull();
    const text = await sheetText(caseFile, a, 'yantai');
    expect(text).toContain(compact('当地中断续保的规定尚未录入本系统：是否设等待期、待遇从哪个月起恢复，以当地医保经办机构核定为准。'));
    expect(text).toContain(compact('当地中断续保的具体规定尚未录入本系统'));
    expect(text).toContain(compact('能否补缴中断期间的4个月以当地医保经办机构核定为准；如可补缴，需补缴4个月'));
    // No date of benefits anywhere: neither "自 …年…月 起享受" nor a waiting period in months.
    expect(text).not.toMatch(/起享受医保待遇/);
    expect(text).not.toMatch(/等待期\d+个月/);
    expect(text).not.toContain('参照国家转移接续办法');
  });

  it('arrears owed and an interruption that may not be back-paid: both in one plain sentence', async () => {
    const caseFile = golden('109-shenzhen-transfer-long-gap-with-employer-arrears.json');
    // Six documents and five notices: the signature lines may run onto a second page.
    const text = await sheetText(caseFile, assessOk(caseFile), 'arrears', 2);
    expect(text).toContain(compact('用人单位欠缴的 1 个月须补缴，并按日加收滞纳金；本次中断的 5 个月按规定不能补缴'));
    expect(text).not.toMatch(/不能补缴。需补缴/);
  });

  it('a priced shortfall at retirement: "需补缴 N 个月，一次性约 X 元 / 按月 Y 元" (粤医保规〔2022〕6号 第十条)', async () => {
    // Guangdong's Art. 10 rule is seeded; the city's requirement and its year-before-last average
    // wage are not (not found), so this test adds two clearly made-up rows to price the formula:
    // 300 months required, and an average wage of 12,000.00 yuan for 2023.
    const store = seededStore();
    const gd = store.policies().rows.find((r) => r.id === '440000/lifetime.topUp.methods/2022-07-01');
    if (!gd) throw new Error('Guangdong top-up rule missing');
    const fixture = (key: string, value: unknown, from: string, to: string | null): PolicyRow => ({
      ...gd,
      id: `TEST/${key}`,
      region: '440100',
      key,
      value,
      effectiveFrom: from,
      effectiveTo: to,
      note: '测试用的假设值（不是政策）',
    });
    const policies = new PolicySet([
      ...store.policies().rows,
      fixture('lifetime.requiredMonths.male', 300, '2022-07-01', null),
      fixture('wage.averageMonthly', 12000, '2023-01-01', '2023-12-31'),
    ]);
    const caseFile = {
      format: 'yibao-case/1',
      asOf: '2025-03-18',
      region: '440100',
      person: { name: '何八', sex: 'male', birth: '1965-01', retirementCategory: 'male' },
      history: [{ from: '2004-03', to: '2025-02', scheme: 'employee', status: 'paid', base: 9000 }],
      deemedMonths: 0,
      request: { scheme: 'employee', paymentDate: '2025-03-20' },
    };
    const v = validateCase(caseFile, store.regions());
    if (!v.ok) throw new Error('case rejected');
    const a = assess(v.value, { policies, regions: store.regions() });
    // 2004-03..2025-02 = 252 months, retired 2025-02 → short by 48; base 12,000.00 × employer 4.5% = 540.00 a month.
    expect(a.lifetime).toMatchObject({ countedMonths: 252, requiredMonths: 300, shortfallAtRetirementMonths: 48 });
    expect(a.lifetime.topUp?.methods).toEqual([
      { method: 'monthly', baseFen: 1200000, rate: 0.045, monthlyFen: 54000, totalFen: 2592000 },
      { method: 'lumpSum', baseFen: 1200000, rate: 0.045, monthlyFen: 54000, totalFen: 2592000 },
    ]);
    const text = await sheetText(caseFile, a, 'top-up');
    expect(text).toContain(compact('退休时缴费年限不足：需补缴 48 个月，一次性约 25,920.00 元 / 按月 540.00 元'));
  });

  it('a figure whose row is graded D, S or UNVERIFIED is never printed as fact: "（未经核实，以当地核定为准）" stands beside it', async () => {
    const store = seededStore();
    // The same case on the same library, with the rows its figures rest on graded V, then S.
    const regraded = (rowIds: ReadonlySet<string>, grade: 'V' | 'S' | 'D') =>
      new PolicySet(store.policies().rows.map((r) => (rowIds.has(r.id) ? { ...r, grade } : r)));
    const assessOn = (caseFile: unknown, policies: PolicySet) => {
      const v = validateCase(caseFile, store.regions());
      if (!v.ok) throw new Error('case rejected');
      return assess(v.value, { policies, regions: store.regions() });
    };
    const cited = (a: Assessment, which: (id: string) => boolean) =>
      new Set(a.explanations.filter((e) => which(e.id)).flatMap((e) => e.citations.map((c) => c.rowId)));
    const MARK = '（未经核实，以当地核定为准）';

    // The lifetime requirement (issue 20: 南京's 360 months rested on a 2012 newspaper article).
    const retiree = golden('401-retirement-before-2025-male-60.json');
    const base = assessOk(retiree);
    const required = cited(base, (id) => id === 'lifetime.years');
    const months = `退休时须累计缴费满${formatMonthCount(base.lifetime.requiredMonths ?? 0)}`;
    const official = await sheetText(retiree, assessOn(retiree, regraded(required, 'V')), 'required-official');
    expect(official).toContain(compact(`${months}。`));
    expect(official).not.toContain(MARK);
    const weak = await sheetText(retiree, assessOn(retiree, regraded(required, 'S')), 'required-weak');
    expect(weak).toContain(compact(`${months}${MARK}。`));

    // The benefits date and the retroactive cover of an in-city resumption (a tier graded D).
    const resumption = golden('43-shanghai-flexible-long-tier.json');
    const before = assessOk(resumption);
    expect(before.benefits.from).not.toBeNull();
    const rule = cited(before, (id) => id.startsWith('local.'));
    const benefitsOfficial = await sheetText(resumption, assessOn(resumption, regraded(rule, 'V')), 'benefits-official', 2);
    expect(benefitsOfficial).not.toContain(MARK);
    const benefitsWeak = await sheetText(resumption, assessOn(resumption, regraded(rule, 'D')), 'benefits-weak', 2);
    // Beside the sentence, kept whole on its line (the date itself is read as before).
    expect(benefitsWeak).toMatch(new RegExp(`起享受医保待遇[^。]*。${MARK}中断期间医疗费用`));
    expect(benefitsWeak).toContain(compact(`发生的医疗费用不予报销。${MARK}`));
  });
});
