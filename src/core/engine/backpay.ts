// Back-pay principal (docs/rules.md §3) and the employer's late fee (§4), month by month,
// each month at the rate, base range and late-fee rate in force for it.
import type { BackPayLine } from '../assessment.ts';
import { groupBackPayLines } from '../backpay-groups.ts';
import { type HistoryEntry, type NormalizedCase, type Scheme } from '../case.ts';
import {
  dayInt,
  daysBetween,
  addDays,
  formatDate,
  formatMonth,
  lastDayOf,
  ymMonth,
  ymYear,
  type DayInt,
  type YearMonth,
} from '../calendar.ts';
import type { ClampNote, LevyAmount } from '../explain/facts.ts';
import { dependentZh, warningZh } from '../explain/zh.ts';
import { applyRate, PPM, roundHalfUpDiv } from '../money.ts';
import type { Levy } from '../policy/keys.ts';
import { at } from '../policy/read-at.ts';
import type { RegionDirectory } from '../regions.ts';
import type { Decision } from './benefits.ts';
import { entryAt } from './history.ts';
import type { PolicyHit, Trace } from './trace.ts';

export interface BackPayResult {
  months: YearMonth[];
  lines: BackPayLine[];
  principalFen: number | null;
  lateFeeFen: number | null;
  totalFen: number | null;
  /** Months that add to 职工医保 years once paid. */
  employeeYearMonths: number;
}

/** Whether the month's base could be checked against a base range. */
type RangeNote = { kind: 'clamped' | 'fixed'; note: ClampNote } | { kind: 'no-range' } | null;

interface Charge {
  baseFen: number | null;
  ratePpm: number | null;
  flatFen: number | null;
  principalFen: number | null;
  /** The rate's levies, each rounded on its own (docs/rules.md §3), when it is billed so. */
  levies: LevyAmount[] | null;
  range: RangeNote;
  until: number;
}

/** One month to be paid: an arrears record, or a month of the current interruption. */
interface Owed {
  month: YearMonth;
  record: HistoryEntry | null;
}

export function computeBackPay(
  c: NormalizedCase,
  t: Trace,
  regions: RegionDirectory,
  decision: Decision,
  L: YearMonth | null,
  P: YearMonth,
): BackPayResult {
  const payDay = c.request.paymentDate;
  // Months in ascending order: arrears before the interruption (each with its record),
  // then the interruption itself when it may be back-paid. Arrears always count.
  // Arrears in the payment month itself (after the interruption) come last.
  const owed: Owed[] = [];
  const arrears = c.history.filter((e) => e.status === 'arrears');
  const pushArrears = (from: YearMonth, to: YearMonth) => {
    for (const e of arrears) {
      for (let m = Math.max(e.from, from); m <= Math.min(e.to, to); m++) owed.push({ month: m, record: e });
    }
  };
  // The interruption is priced when it may be back-paid, or — whenever that is unknown, with a
  // rule or without one — as the cost if the office allows it (docs/rules.md §3 "Which months").
  const hypothetical = decision.backPayAllowed === null;
  if ((decision.backPayAllowed === true || hypothetical) && L !== null) {
    pushArrears(Number.NEGATIVE_INFINITY, L);
    for (let m = L + 1; m <= P - 1; m++) owed.push({ month: m, record: null });
    pushArrears(P, Number.POSITIVE_INFINITY);
  } else {
    pushArrears(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }
  const months = owed.map((o) => o.month);
  // Only entries reaching into the interruption can cover an interruption month.
  const inInterruption = L === null ? [] : c.history.filter((e) => e.to > L && e.from < P);

  // The declared base to fall back on: the latest paid entry that carries one.
  let lastPaidBaseFen: number | null = null;
  for (const e of c.history) if (e.status === 'paid' && e.baseFen !== null && e.from < P) lastPaidBaseFen = e.baseFen;

  const lines: BackPayLine[] = [];
  const citedRows: Array<PolicyHit | null> = [];
  let principalTotal: number | null = 0;
  let feeTotal: number | null = 0;
  let employeeYearMonths = 0;
  const clampNotes = new Map<string, ClampNote>();
  const unknownRangeMonths: YearMonth[] = [];
  let missingBase = false;
  let memo: { scheme: Scheme; chain: readonly string[]; baseFen: number | null; charge: Charge } | null = null;

  for (const { month: m, record } of owed) {
    const reason = record ? 'arrears' : 'interruption';
    // Interruption months are paid under the request's scheme where the client is now;
    // an arrears record is a debt on its own record (its scheme, region and base).
    const covering = record ?? entryAt(inInterruption, m);
    const own = record ?? (covering?.status === 'arrears' ? covering : null);
    const scheme: Scheme = own ? own.scheme : c.request.scheme;
    const region = own ? own.region : c.region;
    const chain = regions.chain(region);
    // Months count toward 职工医保 years once paid; a month that may not be back-paid does not.
    if (scheme !== 'resident' && (own || decision.backPayAllowed === true)) employeeYearMonths++;

    let baseFen: number | null = c.request.baseFen ?? own?.baseFen ?? lastPaidBaseFen;
    const fromWage = reason === 'interruption' && !own && decision.baseRule === 'averageWageYearBeforeLast';
    if (fromWage) {
      const wage = t.need(chain, 'wage.averageMonthly', at.statisticsYear(ymYear(m) - 2), () => dependentZh.backPayBase(formatMonth(m)));
      citedRows.push(wage);
      baseFen = wage ? wage.value : null;
    }
    const noDeclaredBase = !fromWage && baseFen === null && scheme !== 'resident';
    // Consecutive months under the same values share one charge (no re-reading).
    const charge: Charge =
      memo && memo.scheme === scheme && memo.chain === chain && memo.baseFen === baseFen && at.month(m) < memo.charge.until
        ? memo.charge
        : monthlyCharge(t, chain, scheme, m, baseFen, citedRows);
    memo = { scheme, chain, baseFen, charge };
    // A flexible worker's single base needs no declared one.
    if (noDeclaredBase && charge.range?.kind !== 'fixed') missingBase = true;
    if (charge.range?.kind === 'no-range') unknownRangeMonths.push(m);
    else if (charge.range?.kind === 'clamped' || charge.range?.kind === 'fixed')
      clampNotes.set(JSON.stringify(charge.range.note), charge.range.note);

    let dueDate: DayInt | null = null;
    let lateFeeDays = 0;
    let lateFeeFen: number | null = 0;
    if (own && c.request.payer === 'employer') {
      const fee = lateFee(t, chain, m, charge.principalFen, payDay, citedRows);
      dueDate = fee.dueDate;
      lateFeeDays = fee.days;
      lateFeeFen = fee.feeFen;
    }
    // An unknown principal makes the month's late fee unknown too: never 0.00 beside it (docs/rules.md §3).
    if (charge.principalFen === null) lateFeeFen = null;
    if (charge.principalFen === null) principalTotal = null;
    else if (principalTotal !== null) principalTotal += charge.principalFen;
    if (lateFeeFen === null) feeTotal = null;
    else if (feeTotal !== null) feeTotal += lateFeeFen;

    lines.push({
      month: formatMonth(m),
      reason: own ? 'arrears' : 'interruption',
      scheme,
      region,
      baseFen: charge.flatFen !== null ? null : charge.baseFen,
      rate: charge.ratePpm === null ? null : charge.ratePpm / PPM,
      flatAmountFen: charge.flatFen,
      principalFen: charge.principalFen,
      ...(charge.levies
        ? { levies: charge.levies.map((l) => ({ name: l.name, rate: l.ppm === null ? null : l.ppm / PPM, principalFen: l.fen })) }
        : {}),
      dueDate: dueDate === null ? null : formatDate(dueDate),
      lateFeeDays,
      lateFeeFen,
    });
  }

  if (missingBase) t.warn('MISSING_INPUT', warningZh.missingBase());

  const notes = [...clampNotes.values()];
  const firstUnknown = unknownRangeMonths[0];
  const lastUnknown = unknownRangeMonths.at(-1);
  if (firstUnknown !== undefined && lastUnknown !== undefined) {
    notes.push({
      kind: 'no-range',
      from: formatMonth(firstUnknown),
      to: formatMonth(lastUnknown),
      partial: unknownRangeMonths.length > 1 && lastUnknown - firstUnknown + 1 !== unknownRangeMonths.length,
    });
  }
  explainBackPay(t, c, decision, L === null ? 0 : P - L - 1, months, lines, principalTotal, feeTotal, notes, citedRows, payDay);
  return {
    months,
    lines,
    principalFen: principalTotal,
    lateFeeFen: feeTotal,
    totalFen: principalTotal === null || feeTotal === null ? null : principalTotal + feeTotal,
    employeeYearMonths,
  };
}

/**
 * One month's charge. `until` (exclusive day) is how long every value it read stays in
 * force, so the caller can reuse the charge for the following months.
 */
function monthlyCharge(
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
function lateFee(
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

const isLateFeeRow = (h: PolicyHit | null): h is PolicyHit =>
  h !== null && (h.row.key === 'lateFee.dailyRate' || h.row.key === 'lateFee.dueRule' || h.row.key === 'lateFee.capAtPrincipal');

function explainBackPay(
  t: Trace,
  c: NormalizedCase,
  decision: Decision,
  interruptionMonths: number,
  months: readonly YearMonth[],
  lines: BackPayLine[],
  principal: number | null,
  fee: number | null,
  clampNotes: ClampNote[],
  cited: Array<PolicyHit | null>,
  payDay: DayInt,
): void {
  if (lines.length === 0) {
    t.explain({ id: 'backpay.none', backPayAllowed: decision.backPayAllowed });
    return;
  }
  // Consecutive months on the same terms in one part, so the text stays short.
  const parts = groupBackPayLines(lines, months).map((g) => ({
    from: g.first.month,
    to: g.last.month,
    reason: g.first.reason,
    scheme: g.first.scheme,
    principalFen: g.first.principalFen,
    flatFen: g.first.flatAmountFen,
    baseFen: g.first.baseFen,
    ratePpm: g.first.rate === null ? null : Math.round(g.first.rate * PPM),
    levies:
      g.first.levies?.map((l) => ({ name: l.name, ppm: l.rate === null ? null : Math.round(l.rate * PPM), fen: l.principalFen })) ?? null,
    count: g.count,
    subtotalFen: g.principalFen,
  }));
  t.explain(
    {
      id: 'backpay.principal',
      backPayAllowed: decision.backPayAllowed,
      hypothetical: decision.backPayAllowed === null,
      interruptionMonths,
      arrearsMonths: lines.filter((l) => l.reason === 'arrears').length,
      employerPays: c.request.payer === 'employer',
      months: lines.length,
      parts,
      clampNotes,
      principalFen: principal,
    },
    cited,
  );
  const arrears = lines.filter((l) => l.reason === 'arrears');
  const firstLine = arrears[0];
  const lastLine = arrears.at(-1);
  if (!firstLine || !lastLine) return;
  if (c.request.payer !== 'employer') {
    t.explain({ id: 'backpay.late-fee', variant: 'individual', months: arrears.length });
    return;
  }
  const feeHits = cited.filter(isLateFeeRow);
  // The daily rates applied, from their rows, oldest first.
  const rates = new Map<string, PolicyHit>();
  for (const h of feeHits) if (h.row.key === 'lateFee.dailyRate') rates.set(h.row.id, h);
  const dailyRates = [...rates.values()]
    .sort((a, b) => (a.row.effectiveFrom < b.row.effectiveFrom ? -1 : 1))
    .map((h) => ({ from: h.row.effectiveFrom, ppm: Number(h.value) }));
  t.explain(
    {
      id: 'backpay.late-fee',
      variant: 'employer',
      months: arrears.length,
      paymentDate: formatDate(payDay),
      dailyRates,
      first: { month: firstLine.month, dueDate: firstLine.dueDate, days: firstLine.lateFeeDays },
      last: arrears.length > 1 ? { month: lastLine.month, dueDate: lastLine.dueDate, days: lastLine.lateFeeDays } : null,
      feeFen: fee,
    },
    feeHits,
  );
}
