// A rate billed as separate levies (docs/rules.md §3): each levy rounded to the fen on its own and the
// amounts added (成都 8.75% + 0.75% on 5015 元 → 438.81 + 37.61 = 476.42, not 476.43); levies
// that do not add up to the rate in force leave the month unpriced (null, MISSING_PARAMETER),
// never a guess; the sheet's short terms and `--text` say the rate is billed per levy.
import { describe, expect, it } from 'vitest';
import { lineTerms, termsShortZh } from '../../src/core/explain/terms-zh.ts';
import { PolicySet } from '../../src/core/policy/policy-set.ts';
import { formatPolicyValue } from '../../src/core/policy/value-text.ts';
import { checkPolicyValue } from '../../src/core/policy/keys.ts';
import { assessOk, seededStore } from '../support/engine.ts';
import { assess } from '../../src/core/engine/assess.ts';
import { validateCase } from '../../src/core/validate.ts';

const chengduArrears = (base: number) => ({
  format: 'yibao-case/1',
  asOf: '2025-07-10',
  region: '510100',
  person: { name: '曹十二', sex: 'female', birth: '1988-03', retirementCategory: 'female-55' },
  history: [
    { from: '2024-01', to: '2025-02', scheme: 'flexible', status: 'paid', base },
    { from: '2025-03', to: '2025-03', scheme: 'flexible', status: 'arrears', base },
    { from: '2025-04', to: '2025-06', scheme: 'flexible', status: 'paid', base },
  ],
  deemedMonths: 0,
  request: { scheme: 'flexible', paymentDate: '2025-07-10', payer: 'individual' },
});

// The same client owing 2025-10, when the declared base counts again: from 2025-01 to 2025-09 成都
// priced every flexible worker on one base of 6015 元 (flexible.fixedBase), not the declared one.
const chengduArrearsDeclaredBase = (base: number) => ({
  ...chengduArrears(base),
  asOf: '2026-01-10',
  history: [
    { from: '2024-01', to: '2025-09', scheme: 'flexible', status: 'paid', base },
    { from: '2025-10', to: '2025-10', scheme: 'flexible', status: 'arrears', base },
    { from: '2025-11', to: '2025-12', scheme: 'flexible', status: 'paid', base },
  ],
  request: { scheme: 'flexible', paymentDate: '2026-01-10', payer: 'individual' },
});

describe('per-levy rounding', () => {
  it('docs/rules.md §3: 5015 元 at 8.75% + 0.75% is 438.81 + 37.61 = 476.42', () => {
    const a = assessOk(chengduArrearsDeclaredBase(5015));
    const [line] = a.backPay.lines;
    expect(line?.principalFen).toBe(47642);
    expect(line?.levies).toEqual([
      { name: '基本医疗保险', rate: 0.0875, principalFen: 43881 },
      { name: '大病医疗互助补充保险', rate: 0.0075, principalFen: 3761 },
    ]);
    expect(termsShortZh(lineTerms(line!))).toBe('基数 5,015.00 × 9.5%（分项取整）');
    expect(a.explanations.find((e) => e.id === 'backpay.principal')?.citations.map((c) => c.key)).toContain('flexible.rate.levies');
  });

  it('levies that do not add up to the rate in force leave the month unpriced, with the reason', () => {
    const store = seededStore();
    const rows = store.policies().rows.map((r) =>
      r.region === '510100' && r.key === 'flexible.rate.levies'
        ? {
            ...r,
            value: [
              { name: '基本医疗保险', rate: 0.08 },
              { name: '大病医疗互助补充保险', rate: 0.0075 },
            ],
          }
        : r,
    );
    const checked = validateCase(chengduArrears(5015), store.regions());
    if (!checked.ok) throw new Error('case');
    const a = assess(checked.value, { policies: new PolicySet(rows), regions: store.regions() });
    expect(a.backPay.principalFen).toBeNull();
    const warning = a.warnings.find((w) => w.code === 'MISSING_PARAMETER' && w.key === 'flexible.rate.levies');
    expect(warning?.message).toContain('所列分项费率合计 8.75%，与 2025-03 有效的费率 9.5% 不一致');
  });

  it('the value is checked where it enters and read as a sum of levies', () => {
    expect(checkPolicyValue('flexible.rate.levies', [{ name: '基本', rate: 0.0875 }])).toContain('至少两项');
    expect(
      checkPolicyValue('flexible.rate.levies', [
        { name: '基本', rate: 0.0875 },
        { name: '基本', rate: 0.0075 },
      ]),
    ).toContain('不能重复');
    expect(
      checkPolicyValue('flexible.rate.levies', [
        { name: '基本', rate: 0.08755555 },
        { name: '大病', rate: 0.0075 },
      ]),
    ).toContain('最多 6 位小数');
    expect(
      formatPolicyValue('flexible.rate.levies', [
        { name: '基本医疗保险', rate: 0.0875 },
        { name: '大病', rate: 0.0075 },
      ]),
    ).toBe('基本医疗保险 8.75% + 大病 0.75%');
  });
});

describe('a flat monthly levy billed beside the rate (docs/rules.md §3)', () => {
  it('is stored in fen exactly, shown as 定额 in the library and refused when it is not exact or stands alone', () => {
    const levies = [
      { name: '基本医疗保险', rate: 0.048 },
      { name: '大额医疗保险', amount: 7 },
    ];
    expect(checkPolicyValue('flexible.rate.levies', levies)).toBeNull();
    expect(formatPolicyValue('flexible.rate.levies', levies)).toBe('基本医疗保险 4.8% + 大额医疗保险 定额 7.00 元/月');
    expect(checkPolicyValue('employee.rate.levies', [levies[0], { name: '大额医疗保险', amount: 5.005 }])).toContain('金额最多 2 位小数');
    expect(
      checkPolicyValue('employee.rate.levies', [
        { name: '大额', amount: 5 },
        { name: '补充', amount: 2 },
      ]),
    ).toContain('至少一项按费率计收');
    expect(checkPolicyValue('employee.rate.levies', [levies[0], { name: '大额', amount: 5, rate: 0.01 }])).not.toBeNull();
  });

  it("the sheet's short terms add the flat amount to base × rate", () => {
    expect(
      termsShortZh({
        principalFen: 36681,
        flatFen: null,
        baseFen: 749600,
        ratePpm: 48_000,
        levies: [
          { name: '基本医疗保险', ppm: 48_000, fen: 35981 },
          { name: '大额医疗保险', ppm: null, fen: 700 },
        ],
      }),
    ).toBe('基数 7,496.00 × 4.8%（分项取整） + 定额 7.00');
  });
});
