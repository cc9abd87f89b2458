// A library whose coverage the tests know by construction: the shipped national rows and
// product conventions only, plus one made-up city file for 杭州 (330100) whose rows answer
// some questions from official text (Q2, Q6), some only weakly (Q4, a D-graded rate; Q5 and Q8
// rest on a product convention), one with only a cap (Q1) and the rest not at all; its
// flexible-rate document ends 2027-01-31, within 90 days of 2026-12-01. The research engineers'
// city files are left out, so their work never changes what these tests expect.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { releaseAssets } from './release-fixture.ts';

export const COVERAGE_AS_OF = '2026-12-01';
export const COVERAGE_CITY = '330100';

const row = (key: string, value: unknown, document: string, grade: string, effectiveFrom = '2020-01-01') => ({
  region: COVERAGE_CITY,
  key,
  value,
  effectiveFrom,
  effectiveTo: null,
  document,
  article: '第一条',
  url: null,
  grade,
  lastReviewed: '2026-11-30',
  note: '测试用：覆盖情况的已知答案。',
});

export const COVERAGE_SEED = {
  description: '测试用：覆盖情况的已知答案（杭州，虚构文件）。',
  documents: [
    {
      id: 'TEST-HZ-RULE',
      number: '杭医保〔2020〕1号（测试）',
      title: '职工医保断缴续缴规定（测试）',
      issuer: '杭州市医疗保障局',
      // A made-up page on the bureau's own host: a B row must cite a government site (docs/rules.md §0).
      url: 'https://ybj.hangzhou.gov.cn/test/hz-1',
      effectiveFrom: '2020-01-01',
      effectiveTo: null,
      kind: 'law',
    },
    {
      id: 'TEST-HZ-FLEX',
      number: '杭医保〔2020〕2号（测试）',
      title: '灵活就业人员缴费费率（测试）',
      issuer: '杭州市医疗保障局',
      url: 'https://ybj.hangzhou.gov.cn/test/hz-2',
      effectiveFrom: '2020-01-01',
      effectiveTo: '2027-01-31',
      kind: 'law',
    },
  ],
  values: [
    row('employee.interruption.shortLimitMonths', 3, 'TEST-HZ-RULE', 'B'),
    row('employee.short.backPayAllowed', true, 'TEST-HZ-RULE', 'B'),
    row('employee.short.waitingMonths', 0, 'TEST-HZ-RULE', 'B'),
    row('employee.short.retroactive', true, 'TEST-HZ-RULE', 'B'),
    row('employee.benefit.startOffset', 1, 'TEST-HZ-RULE', 'B'),
    row(
      'employee.interruption.tiers',
      [{ upToMonths: null, backPayAllowed: true, waitingMonths: null, waitingMonthsMax: 6, startOffset: null, retroactive: false }],
      'TEST-HZ-RULE',
      'B',
    ),
    row('employee.rate.employer', 0.07, 'TEST-HZ-RULE', 'B'),
    row('employee.rate.employee', 0.02, 'TEST-HZ-RULE', 'B'),
    row('base.min', 4000, 'TEST-HZ-RULE', 'B'),
    row('base.max', 20000, 'TEST-HZ-RULE', 'B'),
    row('flexible.rate', 0.08, 'TEST-HZ-FLEX', 'D'),
    row('lifetime.requiredMonths.male', 300, 'TEST-HZ-RULE', 'V', '2010-01-01'),
    row('lifetime.requiredMonths.female', 240, 'TEST-HZ-RULE', 'V', '2010-01-01'),
  ],
};

/** db/ with only the national and convention seed files, plus the 杭州 test file. */
export function coverageAssets(): { dir: string; remove: () => void } {
  const dir = releaseAssets('0.1.0-coverage', (files) => {
    files.set('330100-test-coverage.json', COVERAGE_SEED as never);
  });
  const policyDir = join(dir, 'seed', 'policy');
  const kept = /^(00-conventions|10-national|330100-test-coverage)\.json$/;
  for (const name of readdirSync(policyDir)) if (!kept.test(name)) rmSync(join(policyDir, name), { recursive: true, force: true });
  // The shipped changelog speaks of the files removed here: a library of its own has none.
  rmSync(join(dir, 'seed', 'changes'), { recursive: true, force: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
