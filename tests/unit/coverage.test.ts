// The coverage view (core/policy/coverage.ts) on a library whose answers are known by
// construction (tests/support/coverage-fixture.ts): each question's status, its weakest grade,
// what is missing, the documents and what stops within 90 days; the totals and the Markdown
// table; and the same report through the services (today from the counter's clock, or a date).
import { afterAll, describe, expect, it } from 'vitest';
import { COVERAGE_CITIES, COVERAGE_QUESTIONS, coverageMarkdown, coverageReport, regionCoverage } from '../../src/core/policy/coverage.ts';
import { PolicySet } from '../../src/core/policy/policy-set.ts';
import { policyCoverage } from '../../src/services/policy-coverage.ts';
import { Store } from '../../src/store/store.ts';
import { COVERAGE_AS_OF, COVERAGE_CITY, coverageAssets } from '../support/coverage-fixture.ts';

const assets = coverageAssets();
const store = new Store({ file: ':memory:', assetsDir: assets.dir });
afterAll(() => {
  store.close();
  assets.remove();
});

const byId = (region: string, asOf = COVERAGE_AS_OF, policies: PolicySet = store.policies()) =>
  Object.fromEntries(regionCoverage(policies, store.regions(), region, asOf).answers.map((a) => [a.id, a]));

describe('coverage of one city', () => {
  it('classes each question by its figures and the grades of the rows it rests on', () => {
    const a = byId(COVERAGE_CITY);
    // ≤ 3 months: the city's own rule, every row grade B, priced within the base range.
    expect(a.Q2).toMatchObject({ status: 'official', weakestGrade: 'B', missing: [] });
    expect(a.Q2?.documents).toEqual(['杭医保〔2020〕1号（测试）']);
    // 5 months: the tier gives only a cap on the waiting period.
    expect(a.Q1).toMatchObject({ status: 'capOnly' });
    expect(a.Q1?.missing).toContain('待遇起始月');
    // No in-city rule for flexible workers: unknown, and what is missing is named.
    expect(a.Q3).toMatchObject({ status: 'unknown', missing: ['可否补缴', '待遇起始月', '中断期间待遇'] });
    // Priced, but on a rate graded D: answered, never "official".
    expect(a.Q4).toMatchObject({ status: 'answered', weakestGrade: 'D', missing: [] });
    // The late fee's due date rests on the product's convention (docs/rules.md §4): answered, not official.
    expect(a.Q5).toMatchObject({ status: 'answered', weakestGrade: 'CONV', missing: [] });
    // Men's and women's requirement (V) at a retirement month from the national schedule.
    expect(a.Q6).toMatchObject({ status: 'official', missing: [] });
    expect(a.Q7).toMatchObject({ status: 'unknown', missing: ['补缴方式'] });
    expect(a.Q8).toMatchObject({ status: 'answered', weakestGrade: 'CONV' });
  });

  it('lists the documents with their end dates and what stops within 90 days', () => {
    const city = regionCoverage(store.policies(), store.regions(), COVERAGE_CITY, COVERAGE_AS_OF);
    expect(city.name).toBe('杭州市');
    expect(city.documents).toContainEqual({
      number: '杭医保〔2020〕2号（测试）',
      title: '灵活就业人员缴费费率（测试）',
      effectiveTo: '2027-01-31',
      grade: 'D',
    });
    expect(city.documents.find((d) => d.number === '杭医保〔2020〕1号（测试）')).toMatchObject({ effectiveTo: null, grade: 'V' });
    expect(city.expiring).toEqual([
      {
        document: '杭医保〔2020〕2号（测试）',
        title: '灵活就业人员缴费费率（测试）',
        region: COVERAGE_CITY,
        endsOn: '2027-01-31',
        daysLeft: 61,
        keys: ['flexible.rate'],
      },
    ]);
    // 91 days before the end it is not yet listed.
    expect(regionCoverage(store.policies(), store.regions(), COVERAGE_CITY, '2026-11-01').expiring).toEqual([]);
  });

  it('a weaker row anywhere in what a question rests on makes it weak; a city with nothing is unknown', () => {
    const weakened = new PolicySet(
      store
        .policies()
        .rows.map((r) => (r.region === COVERAGE_CITY && r.key === 'employee.short.retroactive' ? { ...r, grade: 'S' as const } : r)),
    );
    expect(byId(COVERAGE_CITY, COVERAGE_AS_OF, weakened).Q2).toMatchObject({ status: 'answered', weakestGrade: 'S' });
    const nothing = byId('410100');
    expect(nothing.Q1).toMatchObject({ status: 'unknown' });
    expect(nothing.Q4?.missing).toEqual(['补缴本金', '缴费基数上下限']);
  });

  it('the date is an input: after the rate document ends, the flexible back-pay of the last months is not priced', () => {
    const a = byId(COVERAGE_CITY, '2027-03-01');
    expect(a.Q4).toMatchObject({ status: 'unknown', missing: ['补缴本金'] });
  });
});

describe('the report over the 36 cities', () => {
  const report = coverageReport(store.policies(), store.regions(), COVERAGE_AS_OF);

  it('has every city and question once, and totals that add up', () => {
    expect(COVERAGE_CITIES).toHaveLength(36);
    expect(new Set(COVERAGE_CITIES).size).toBe(36);
    expect(COVERAGE_QUESTIONS.map((q) => q.id)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8']);
    expect(report.regions.map((r) => r.region)).toEqual([...COVERAGE_CITIES]);
    const t = report.totals;
    expect(t.questions).toBe(288);
    expect(t.answered + t.capOnly + t.unknown).toBe(288);
    const official = report.regions.flatMap((r) => r.answers).filter((a) => a.status === 'official').length;
    expect(t.official).toBe(official);
    expect(t.official).toBeGreaterThanOrEqual(2);
  });

  it('prints a Markdown table with one line per city and the totals', () => {
    const md = coverageMarkdown(report);
    const lines = md.split('\n').filter((l) => l.startsWith('| '));
    expect(lines).toHaveLength(37);
    expect(lines[0]).toBe('| 城市 | Q1 | Q2 | Q3 | Q4 | Q5 | Q6 | Q7 | Q8 | 官方原文 | 已作答 |');
    expect(md).toContain('| 杭州市（330100） | ◔ B | ● B | ○ | ◐ D | ◐ CONV |');
    expect(md).toContain(`官方原文作答 ${report.totals.official} / 288`);
    expect(md).toContain(`--as-of ${COVERAGE_AS_OF}`);
  });
});

describe('through the services', () => {
  it('one region at a date; an unknown region is refused in Chinese', async () => {
    const one = await policyCoverage(store, { region: COVERAGE_CITY, asOf: COVERAGE_AS_OF });
    expect(one.regions).toHaveLength(1);
    expect(one.totals.questions).toBe(8);
    expect(one.asOf).toBe(COVERAGE_AS_OF);
    await expect(policyCoverage(store, { region: '999999' })).rejects.toThrow('不在区划代码表中');
  });
});
