// Back-pay principal (docs/rules.md §3) and the employer's late fee (§4), month by month,
// each month at the rate, base range and late-fee rate in force for it.
// Pricing one month is backpay-month.ts; the explanations are backpay-explain.ts.
import type { BackPayLine } from '../assessment.ts';
import { type HistoryEntry, type NormalizedCase, type Scheme } from '../case.ts';
import { formatDate, formatMonth, ymYear, type DayInt, type YearMonth } from '../calendar.ts';
import type { ClampNote } from '../explain/facts.ts';
import { dependentZh, warningZh } from '../explain/zh.ts';
import { PPM } from '../money.ts';
import { at } from '../policy/read-at.ts';
import type { RegionDirectory } from '../regions.ts';
import type { Decision } from './benefits.ts';
import { explainBackPay } from './backpay-explain.ts';
import { lateFee, monthlyCharge, type Charge } from './backpay-month.ts';
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
