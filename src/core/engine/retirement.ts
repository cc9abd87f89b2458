// Statutory retirement month under the gradual delay (全国人大常委会 2024-09-13 决定,
// 国务院办法 第一条), from the dated schedule rows (rules.md §7).
import type { NormalizedCase } from '../case.ts';
import { formatMonth, formatMonthZh, parseMonth, type YearMonth } from '../calendar.ts';
import type { RetirementSchedule } from '../policy/keys.ts';
import type { LookupHit } from '../policy/policy-set.ts';
import type { Trace } from './trace.ts';

export interface RetirementResult {
  ageMonths: number | null;
  month: YearMonth | null;
  delayMonths: number | null;
  hit: LookupHit<RetirementSchedule> | null;
}

/** delay = 0 if d < 0, else min(⌊d / band⌋ + 1, max); month = birth + 12·age + delay. */
export function retirementFromSchedule(
  birth: YearMonth,
  schedule: RetirementSchedule,
): { ageMonths: number; month: YearMonth; delayMonths: number } {
  const first = parseMonth(schedule.firstAffectedBirth)!;
  const d = birth - first;
  const delayMonths = d < 0 ? 0 : Math.min(Math.floor(d / schedule.bandMonths) + 1, schedule.maxDelayMonths);
  const ageMonths = schedule.baseAgeYears * 12 + delayMonths;
  return { ageMonths, month: birth + ageMonths, delayMonths };
}

export function statutoryRetirement(c: NormalizedCase, t: Trace, chain: readonly string[]): RetirementResult {
  const category = c.person.retirementCategory;
  const hit = t.need<RetirementSchedule>(chain, `retirement.schedule.${category}`, c.asOf, '法定退休年月及到退休时的缴费年限');
  if (!hit) return { ageMonths: null, month: null, delayMonths: null, hit: null };
  const { ageMonths, month, delayMonths } = retirementFromSchedule(c.person.birth, hit.value);
  const years = Math.floor(ageMonths / 12);
  const months = ageMonths % 12;
  t.explain(
    'retirement.month',
    `按渐进式延迟法定退休年龄的规定，出生于${formatMonthZh(c.person.birth)}的${category === 'male' ? '男职工' : `原法定退休年龄${hit.value.baseAgeYears}周岁的女职工`}` +
      `${delayMonths > 0 ? `延迟 ${delayMonths} 个月，` : '不延迟，'}法定退休年龄为 ${years} 周岁${months ? ` ${months} 个月` : ''}，法定退休年月为 ${formatMonthZh(month)}（${formatMonth(month)}）。`,
    [hit],
  );
  return { ageMonths, month, delayMonths, hit };
}
