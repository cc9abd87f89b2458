// The statutory retirement month against every published example reproduced by
// shared/reference/retire_check.py, read through the seeded schedule rows.
import { describe, expect, it } from 'vitest';
import { parseMonth, formatMonth } from '../../src/core/calendar.ts';
import { retirementFromSchedule } from '../../src/core/engine/retirement.ts';
import { checkPolicyValue, type RetirementSchedule } from '../../src/core/policy/keys.ts';
import type { RetirementCategory } from '../../src/core/case.ts';
import { assessOk, baseCase, seededStore } from '../support/engine.ts';

const schedule = (category: string): RetirementSchedule => {
  const hit = seededStore()
    .policies()
    .lookup(['CN'], `retirement.schedule.${category as RetirementCategory}`, 20261122).hit;
  if (!hit) throw new Error(`no schedule for ${category}`);
  return hit.exact as RetirementSchedule;
};

// [birth, category, expected retirement month, expected delay or null, source]
const EXAMPLES: Array<[string, string, string, number | null, string]> = [
  ['1965-01', 'male', '2025-02', 1, 'fudaoke 353990 / CSDN'],
  ['1965-12', 'male', '2026-03', 3, 'fudaoke 353990'],
  ['1966-01', 'male', '2026-05', null, 'CSDN qq_22385935'],
  ['1975-06', 'male', '2038-02', null, 'CSDN'],
  ['1988-09', 'male', '2051-09', null, 'CSDN'],
  ['1986-01', 'male', '2049-01', 36, 'tuixiunianling 1986'],
  ['2009-12', 'male', '2072-12', 36, 'tuixiunianling 2009'],
  ['1970-01', 'female-55', '2025-02', null, 'CSDN'],
  ['1970-06', 'female-55', '2025-08', null, 'CSDN'],
  ['1970-09', 'female-55', '2025-12', null, 'CSDN'],
  ['1971-06', 'female-55', '2026-11', null, 'CSDN; docs/rules.md §7'],
  ['1988-09', 'female-55', '2046-09', null, 'CSDN'],
  ['1975-01', 'female-50', '2025-02', null, 'CSDN'],
  ['1975-06', 'female-50', '2025-09', null, 'CSDN'],
  ['1976-06', 'female-50', '2027-03', null, 'CSDN'],
  ['1977-01', 'female-50', '2028-02', null, 'CSDN; docs/rules.md §7'],
  ['1984-11', 'female-50', '2039-11', 60, 'CSDN; wxredian'],
  ['1986-01', 'female-50', '2041-01', 60, 'tuixiunianling 1986'],
  ['2009-01', 'female-50', '2064-01', 60, 'tuixiunianling 2009'],
  // docs/rules.md §7 checks and the boundaries printed by retire_check.py
  ['1976-08', 'male', '2039-07', 35, 'docs/rules.md §7'],
  ['1976-09', 'male', '2039-09', 36, 'docs/rules.md §7'],
  ['1964-12', 'male', '2024-12', 0, 'boundary: before the first affected month'],
  // national-policy.md §4.2: the maximum delay starts with births in 1981-09 (female-55) and 1984-11 (female-50).
  ['1981-08', 'female-55', '2039-07', 35, 'boundary: last month before the maximum'],
  ['1981-09', 'female-55', '2039-09', 36, 'boundary: first month at the maximum'],
  ['1984-10', 'female-50', '2039-09', 59, 'boundary: last month before the maximum'],
];

describe('statutory retirement month (渐进式延迟法定退休年龄)', () => {
  for (const [birth, category, expected, delay, source] of EXAMPLES) {
    it(`${category} born ${birth} retires ${expected} (${source})`, () => {
      const result = retirementFromSchedule(parseMonth(birth)!, schedule(category));
      expect(formatMonth(result.month)).toBe(expected);
      if (delay !== null) expect(result.delayMonths).toBe(delay);
    });
  }

  it('the assessment reports it with its citation', () => {
    const a = assessOk(baseCase({ person: { name: '李四', sex: 'female', birth: '1971-06', retirementCategory: 'female-55' } }));
    expect(a.retirement).toEqual({ category: 'female-55', ageMonths: 55 * 12 + 5, month: '2026-11' });
    const explanation = a.explanations.find((e) => e.id === 'retirement.month')!;
    expect(explanation.text).toContain('2026年11月');
    expect(explanation.citations[0]).toMatchObject({ key: 'retirement.schedule.female-55', region: 'CN' });
  });
});

describe('before 2025: the ages of 国发〔1978〕104号, without delay (docs/rules.md §7)', () => {
  const retirementOn = (asOf: string, birth: string, category: RetirementCategory) =>
    assessOk(
      baseCase({
        asOf,
        person: { name: '张三', sex: category === 'male' ? 'male' : 'female', birth, retirementCategory: category },
        history: [{ from: '2010-07', to: '2024-06', scheme: 'employee', status: 'paid', base: 8000 }],
        request: { scheme: 'employee', paymentDate: asOf },
      }),
    ).retirement;

  it('men at 60, women cadres at 55, women workers at 50, for a case dated in 2024', () => {
    expect(retirementOn('2024-12-31', '1966-05', 'male')).toMatchObject({ month: '2026-05', ageMonths: 720 });
    expect(retirementOn('2024-12-31', '1970-06', 'female-55')).toMatchObject({ month: '2025-06', ageMonths: 660 });
    expect(retirementOn('2024-12-31', '1976-02', 'female-50')).toMatchObject({ month: '2026-02', ageMonths: 600 });
  });

  it('from 2025-01-01 the same people are read against the delay', () => {
    expect(retirementOn('2025-01-01', '1966-05', 'male')).toMatchObject({ month: '2026-10', ageMonths: 725 });
    expect(retirementOn('2025-01-01', '1970-06', 'female-55')).toMatchObject({ month: '2025-08', ageMonths: 662 });
  });

  it('a schedule gives the delay in full or not at all', () => {
    expect(checkPolicyValue('retirement.schedule.male', { baseAgeYears: 60 })).toBeNull();
    expect(checkPolicyValue('retirement.schedule.male', { baseAgeYears: 60, bandMonths: 4 })).toContain('应同时给出');
    expect(retirementFromSchedule(parseMonth('1990-01') ?? 0, { baseAgeYears: 60 }).delayMonths).toBe(0);
  });
});
