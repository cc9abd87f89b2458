// Statutory retirement month from the dated schedule rows (docs/rules.md §7): the gradual delay
// (全国人大常委会 2024-09-13 决定, 国务院办法 第一条) from 2025, the ages of 国发〔1978〕104号 before.
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

/** delay = 0 if d < 0 (or the rule has no delay), else min(⌊d / band⌋ + 1, max); month = birth + 12·age + delay. */
export function retirementFromSchedule(
  birth: YearMonth,
  schedule: RetirementSchedule,
): { ageMonths: number; month: YearMonth; delayMonths: number } {
  const { firstAffectedBirth, bandMonths, maxDelayMonths } = schedule;
  const d = firstAffectedBirth === undefined ? -1 : birth - firstAffectedBirth;
  const delayMonths =
    d < 0 || bandMonths === undefined || maxDelayMonths === undefined ? 0 : Math.min(Math.floor(d / bandMonths) + 1, maxDelayMonths);
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
