// Statutory retirement month under the gradual delay (全国人大常委会 2024-09-13 决定,
// 国务院办法 第一条), from the dated schedule rows (rules.md §7).
import type { NormalizedCase } from '../case.ts';
import { formatMonth, type YearMonth } from '../calendar.ts';
import type { RetirementSchedule } from '../policy/keys.ts';
import { at } from '../policy/read-at.ts';
import type { PolicyHit, Trace } from './trace.ts';

export interface RetirementResult {
  ageMonths: number | null;
  month: YearMonth | null;
  delayMonths: number | null;
  hit: PolicyHit<RetirementSchedule> | null;
}

/** delay = 0 if d < 0, else min(⌊d / band⌋ + 1, max); month = birth + 12·age + delay. */
export function retirementFromSchedule(
  birth: YearMonth,
  schedule: RetirementSchedule,
): { ageMonths: number; month: YearMonth; delayMonths: number } {
  const d = birth - schedule.firstAffectedBirth;
  const delayMonths = d < 0 ? 0 : Math.min(Math.floor(d / schedule.bandMonths) + 1, schedule.maxDelayMonths);
  const ageMonths = schedule.baseAgeYears * 12 + delayMonths;
  return { ageMonths, month: birth + ageMonths, delayMonths };
}

export function statutoryRetirement(c: NormalizedCase, t: Trace, chain: readonly string[]): RetirementResult {
  const category = c.person.retirementCategory;
  const hit = t.need(chain, `retirement.schedule.${category}`, at.asOf(c.asOf), '法定退休年月及到退休时的缴费年限');
  if (!hit) return { ageMonths: null, month: null, delayMonths: null, hit: null };
  const { ageMonths, month, delayMonths } = retirementFromSchedule(c.person.birth, hit.value);
  t.explain(
    {
      id: 'retirement.month',
      birth: formatMonth(c.person.birth),
      category,
      baseAgeYears: hit.value.baseAgeYears,
      delayMonths,
      ageMonths,
      month: formatMonth(month),
    },
    [hit],
  );
  return { ageMonths, month, delayMonths, hit };
}
