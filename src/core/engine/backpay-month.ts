// One month of back-pay priced (docs/rules.md §3): its rate or levies, flat amounts, the
// base checked against the range in force that month (or a flexible worker's single base), and
// an arrears month's late fee (§4), each day at the daily rate in force that day.
import { addDays, dayInt, daysBetween, formatMonth, lastDayOf, ymMonth, ymYear, type DayInt, type YearMonth } from '../calendar.ts';
import { type Scheme } from '../case.ts';
import type { ClampNote, LevyAmount } from '../explain/facts.ts';
import { dependentZh, warningZh } from '../explain/zh.ts';
import { applyRate, PPM, roundHalfUpDiv } from '../money.ts';
import type { Levy } from '../policy/keys.ts';
import { at } from '../policy/read-at.ts';
import type { PolicyHit, Trace } from './trace.ts';

/** Whether the month's base could be checked against a base range. */
export type RangeNote = { kind: 'clamped' | 'fixed'; note: ClampNote } | { kind: 'no-range' } | null;

export interface Charge {
  baseFen: number | null;
  ratePpm: number | null;
  flatFen: number | null;
  principalFen: number | null;
  /** The rate's levies, each rounded on its own (docs/rules.md §3), when it is billed so. */
  levies: LevyAmount[] | null;
  range: RangeNote;
  until: number;
}

/**
 * One month's charge. `until` (exclusive day) is how long every value it read stays in
 * force, so the caller can reuse the charge for the following months.
 */
export function monthlyCharge(
  t: Trace,
  chain: readonly string[],
  scheme: Scheme,
  m: YearMonth,
  declaredBaseFen: number | null,
  cited: Array<PolicyHit | null>,
): Charge {
  const day = at.month(m);
  let until = Number.POSITIVE_INFINITY;
  const held = <T>(hit: T): T => {
    until = Math.min(until, t.lastEnd);
    return hit;
  };
  const label = () => dependentZh.principal(formatMonth(m));
  if (scheme === 'resident') {
    const flat = held(t.need(chain, 'resident.flatMonthlyAmount', day, label));
    cited.push(flat);
    const flatFen = flat ? flat.value : null;
    return { baseFen: null, ratePpm: null, flatFen, principalFen: flatFen, levies: null, range: null, until };
  }
  if (scheme === 'flexible') {
    const flat = held(t.find(chain, 'flexible.flatMonthlyAmount', day));
    if (flat) {
      cited.push(flat);
      return { baseFen: null, ratePpm: null, flatFen: flat.value, principalFen: flat.value, levies: null, range: null, until };
    }
  }
  let ratePpm: number | null = null;
  if (scheme === 'employee') {
    const employer = held(t.need(chain, 'employee.rate.employer', day, label));
    const employee = held(t.need(chain, 'employee.rate.employee', day, label));
    cited.push(employer, employee);
    if (employer && employee) ratePpm = employer.value + employee.value;
  } else {
    const rate = held(t.need(chain, 'flexible.rate', day, label));
    cited.push(rate);
    if (rate) ratePpm = rate.value;
  }
  // A rate billed as separate levies: each levy rounded on its own (docs/rules.md §3).
  const levyHit = held(t.find(chain, scheme === 'employee' ? 'employee.rate.levies' : 'flexible.rate.levies', day));
  let levyRates: Levy[] | null = null;
  if (levyHit && ratePpm !== null) {
    cited.push(levyHit);
    const sum = levyHit.value.reduce((total, l) => total + ('rate' in l ? l.rate : 0), 0);
    if (sum === ratePpm) levyRates = levyHit.value;
    else {
      t.warn(
        'MISSING_PARAMETER',
        () => warningZh.leviesDisagree(formatMonth(m), levyHit.row.document.number, sum, ratePpm ?? 0),
        levyHit.row.key,
        levyHit.region,
        levyHit.row.document.number,
      );
      ratePpm = null;
    }
  }
  // A flexible worker's single base replaces the declared one (docs/rules.md §3): no range to check it against.
  const fixed = scheme === 'flexible' ? held(t.find(chain, 'flexible.fixedBase', day)) : null;
  if (fixed) {
    cited.push(fixed);
    const note: ClampNote = { kind: 'fixed', from: formatMonth(m), declaredFen: declaredBaseFen, usedFen: fixed.value };
    return priced(fixed.value, ratePpm, levyRates, { kind: 'fixed', note }, until);
  }
  if (declaredBaseFen === null) return { baseFen: null, ratePpm, flatFen: null, principalFen: null, levies: null, range: null, until };

  const min = held(t.find(chain, 'base.min', day));
  const max = held(t.find(chain, 'base.max', day));
  let baseFen = declaredBaseFen;
  let range: RangeNote = { kind: 'no-range' };
  if (min && max) {
    cited.push(min, max);
    range = null;
    if (baseFen < min.value || baseFen > max.value) {
      const clamped = Math.min(Math.max(baseFen, min.value), max.value);
      range = {
        kind: 'clamped',
        note: {
          kind: 'clamped',
          from: formatMonth(m),
          declaredFen: declaredBaseFen,
          minFen: min.value,
          maxFen: max.value,
          usedFen: clamped,
        },
      };
      baseFen = clamped;
    }
  }
  return priced(baseFen, ratePpm, levyRates, range, until);
}

/** A month's charge on a known base: the rate, or its levies each rounded on its own. */
function priced(baseFen: number, ratePpm: number | null, levyRates: Levy[] | null, range: RangeNote, until: number): Charge {
  // A flat levy (大额医疗 5 元/月) is billed for the month as it stands, beside the rate levies.
  const levies =
    levyRates?.map((l) =>
      'rate' in l ? { name: l.name, ppm: l.rate, fen: applyRate(baseFen, l.rate) } : { name: l.name, ppm: null, fen: l.amount },
    ) ?? null;
  const principalFen = ratePpm === null ? null : levies ? levies.reduce((total, l) => total + l.fen, 0) : applyRate(baseFen, ratePpm);
  return { baseFen, ratePpm, flatFen: null, principalFen, levies, range, until };
}

/** Late fee of one arrears month: principal × daily rate × days, each day at its own rate. */
export function lateFee(
  t: Trace,
  chain: readonly string[],
  m: YearMonth,
  principalFen: number | null,
  payDay: DayInt,
  cited: Array<PolicyHit | null>,
) {
  const label = () => dependentZh.lateFee(formatMonth(m));
  const rule = t.need(chain, 'lateFee.dueRule', at.month(m), label);
  cited.push(rule);
  if (!rule) return { dueDate: null, days: 0, feeFen: null };
  const dueMonth = m + rule.value.monthsAfter;
  const dueDate = rule.value.day === 'last' ? lastDayOf(dueMonth) : dayInt(ymYear(dueMonth), ymMonth(dueMonth), rule.value.day);
  const days = Math.max(0, daysBetween(dueDate, payDay));
  if (days === 0) return { dueDate, days, feeFen: 0 };
  if (principalFen === null) return { dueDate, days, feeFen: null };
  // Split the accrual days at changes of the daily rate (0.2‰… before 2011-07-01).
  let numerator = 0;
  for (let cursor = addDays(dueDate, 1); cursor <= payDay;) {
    const rate = t.need(chain, 'lateFee.dailyRate', at.accrualDay(cursor), label);
    cited.push(rate);
    if (!rate) return { dueDate, days, feeFen: null };
    // The rate holds until the end of its interval (row or document window, exclusive).
    const end = t.lastEnd > payDay ? payDay : addDays(t.lastEnd, -1);
    numerator += principalFen * rate.value * (daysBetween(cursor, end) + 1);
    cursor = addDays(end, 1);
  }
  let feeFen = roundHalfUpDiv(numerator, PPM);
  const cap = t.find(chain, 'lateFee.capAtPrincipal', at.paymentDate(payDay));
  if (cap?.value) {
    cited.push(cap);
    feeFen = Math.min(feeFen, principalFen);
  }
  return { dueDate, days, feeFen };
}
