// Back-pay principal (rules.md §3) and the employer's late fee (§4), month by month,
// each month at the rate, base range and late-fee rate in force for it.
import type { BackPayLine } from '../assessment.ts';
import { groupBackPayLines } from '../backpay-groups.ts';
import { SCHEME_ZH, type HistoryEntry, type NormalizedCase, type Scheme } from '../case.ts';
import {
  dayInt,
  daysBetween,
  addDays,
  firstDayOf,
  formatDate,
  formatDateZh,
  formatMonth,
  formatMonthZh,
  lastDayOf,
  parseDate,
  ymMonth,
  ymYear,
  type DayInt,
  type YearMonth,
} from '../calendar.ts';
import { applyRate, formatFen, formatPpmPercent, PPM, rateToPpm, roundHalfUpDiv, yuanToFen } from '../money.ts';
import type { DueRule } from '../policy/keys.ts';
import type { LookupHit } from '../policy/policy-set.ts';
import type { RegionDirectory } from '../regions.ts';
import type { Decision } from './benefits.ts';
import { entryAt } from './history.ts';
import type { Trace } from './trace.ts';

export interface BackPayResult {
  months: YearMonth[];
  lines: BackPayLine[];
  principalFen: number | null;
  lateFeeFen: number | null;
  totalFen: number | null;
  /** Months that add to 职工医保 years once paid. */
  employeeYearMonths: number;
}

/** Marker for "no base range configured for this month" (reported once, with the months). */
const UNKNOWN_RANGE = 'unknown-range';

interface Charge {
  baseFen: number | null;
  ratePpm: number | null;
  flatFen: number | null;
  principalFen: number | null;
  clampNote: string | null;
  until: number;
}

const ZH_RANGE = (from: YearMonth, to: YearMonth) => (from === to ? formatMonthZh(from) : `${formatMonthZh(from)}至${formatMonthZh(to)}`);

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
  const allowInterruption = decision.backPayAllowed === true && L !== null;
  const months: YearMonth[] = [];
  const records: Array<HistoryEntry | null> = [];
  const arrears = c.history.filter((e) => e.status === 'arrears');
  const pushArrears = (from: YearMonth, to: YearMonth) => {
    for (const e of arrears) {
      for (let m = Math.max(e.from, from); m <= Math.min(e.to, to); m++) {
        months.push(m);
        records.push(e);
      }
    }
  };
  if (allowInterruption) {
    pushArrears(Number.NEGATIVE_INFINITY, L!);
    for (let m = L! + 1; m <= P - 1; m++) {
      months.push(m);
      records.push(null);
    }
    pushArrears(P, Number.POSITIVE_INFINITY);
  } else {
    pushArrears(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }
  // Only entries reaching into the interruption can cover an interruption month.
  const inInterruption = L === null ? [] : c.history.filter((e) => e.to > L && e.from < P);

  // The declared base to fall back on: the latest paid entry that carries one.
  let lastPaidBaseFen: number | null = null;
  for (const e of c.history) if (e.status === 'paid' && e.baseFen !== null && e.from < P) lastPaidBaseFen = e.baseFen;

  const lines: BackPayLine[] = [];
  const citedRows: Array<LookupHit | null> = [];
  let principalTotal: number | null = 0;
  let feeTotal: number | null = 0;
  let employeeYearMonths = 0;
  const clampNotes = new Set<string>();
  const unknownRangeMonths: YearMonth[] = [];
  let missingBase = false;
  let memo: { scheme: Scheme; chain: readonly string[]; baseFen: number | null; charge: Charge } | null = null;

  for (let k = 0; k < months.length; k++) {
    const m = months[k]!;
    const entry = records[k]!;
    const reason = entry ? 'arrears' : 'interruption';
    // Interruption months are paid under the request's scheme where the client is now;
    // an arrears record is a debt on its own record (its scheme, region and base).
    const covering = reason === 'interruption' ? entryAt(inInterruption, m) : entry;
    const own = reason === 'arrears' || covering?.status === 'arrears' ? covering : null;
    const scheme: Scheme = own ? own.scheme : c.request.scheme;
    const region = own ? own.region : c.region;
    const chain = regions.chain(region);
    if (scheme !== 'resident') employeeYearMonths++;

    let baseFen: number | null = c.request.baseFen ?? own?.baseFen ?? lastPaidBaseFen;
    if (reason === 'interruption' && !own && decision.baseRule === 'averageWageYearBeforeLast') {
      const wage = t.need<number>(
        chain,
        'wage.averageMonthly',
        dayInt(ymYear(m) - 2, 7, 1),
        () => `${formatMonth(m)}的补缴基数（上上年度月平均工资）`,
      );
      citedRows.push(wage);
      baseFen = wage ? yuanToFen(wage.value) : null;
    } else if (baseFen === null && scheme !== 'resident') {
      missingBase = true;
    }
    // Consecutive months under the same values share one charge (no re-reading).
    const day = firstDayOf(m);
    const charge: Charge =
      memo && memo.scheme === scheme && memo.chain === chain && memo.baseFen === baseFen && day < memo.charge.until
        ? memo.charge
        : monthlyCharge(t, chain, scheme, m, baseFen, citedRows);
    memo = { scheme, chain, baseFen, charge };
    if (charge.clampNote === UNKNOWN_RANGE) unknownRangeMonths.push(m);
    else if (charge.clampNote) clampNotes.add(charge.clampNote);

    let dueDate: DayInt | null = null;
    let lateFeeDays = 0;
    let lateFeeFen: number | null = 0;
    if (reason === 'arrears' || own) {
      if (c.request.payer === 'employer') {
        const fee = lateFee(t, chain, m, charge.principalFen, payDay, citedRows);
        dueDate = fee.dueDate;
        lateFeeDays = fee.days;
        lateFeeFen = fee.feeFen;
      }
    }
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
      dueDate: dueDate === null ? null : formatDate(dueDate),
      lateFeeDays,
      lateFeeFen,
    });
  }

  if (missingBase) {
    t.warn(
      'MISSING_INPUT',
      'request.base: 无法确定补缴基数（参保记录中没有带缴费基数的已缴月份），请填写 request.base；补缴本金暂无法计算。',
    );
  }

  if (unknownRangeMonths.length) {
    const first = unknownRangeMonths[0]!;
    const last = unknownRangeMonths[unknownRangeMonths.length - 1]!;
    clampNotes.add(
      `政策库未配置${ZH_RANGE(first, last)}${unknownRangeMonths.length > 1 && last - first + 1 !== unknownRangeMonths.length ? '中部分月份' : ''}的缴费基数上下限，按申报基数计算，未作上下限调整`,
    );
  }
  explainBackPay(t, c, decision, months, lines, principalTotal, feeTotal, [...clampNotes], citedRows, payDay);
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
  cited: Array<LookupHit | null>,
): Charge {
  const day = firstDayOf(m);
  let until = Number.POSITIVE_INFINITY;
  const held = <T>(hit: T): T => {
    until = Math.min(until, t.lastEnd);
    return hit;
  };
  const label = () => `${formatMonth(m)}的补缴本金`;
  if (scheme === 'resident') {
    const flat = held(t.need<number>(chain, 'resident.flatMonthlyAmount', day, label));
    cited.push(flat);
    const flatFen = flat ? yuanToFen(flat.value) : null;
    return { baseFen: null, ratePpm: null, flatFen, principalFen: flatFen, clampNote: null, until };
  }
  if (scheme === 'flexible') {
    const flat = held(t.find<number>(chain, 'flexible.flatMonthlyAmount', day));
    if (flat) {
      cited.push(flat);
      const flatFen = yuanToFen(flat.value);
      return { baseFen: null, ratePpm: null, flatFen, principalFen: flatFen, clampNote: null, until };
    }
  }
  let ratePpm: number | null = null;
  if (scheme === 'employee') {
    const employer = held(t.need<number>(chain, 'employee.rate.employer', day, label));
    const employee = held(t.need<number>(chain, 'employee.rate.employee', day, label));
    cited.push(employer, employee);
    if (employer && employee) ratePpm = rateToPpm(employer.value)! + rateToPpm(employee.value)!;
  } else {
    const rate = held(t.need<number>(chain, 'flexible.rate', day, label));
    cited.push(rate);
    if (rate) ratePpm = rateToPpm(rate.value);
  }
  if (declaredBaseFen === null) return { baseFen: null, ratePpm, flatFen: null, principalFen: null, clampNote: null, until };

  const min = held(t.find<number>(chain, 'base.min', day));
  const max = held(t.find<number>(chain, 'base.max', day));
  let baseFen = declaredBaseFen;
  let clampNote: string | null = null;
  if (min && max) {
    cited.push(min, max);
    const lo = yuanToFen(min.value)!;
    const hi = yuanToFen(max.value)!;
    if (baseFen < lo || baseFen > hi) {
      const clamped = Math.min(Math.max(baseFen, lo), hi);
      clampNote = `${formatMonthZh(m)}起申报基数 ${formatFen(declaredBaseFen)} 元超出当月缴费基数范围 ${formatFen(lo)}–${formatFen(hi)} 元，按 ${formatFen(clamped)} 元计算`;
      baseFen = clamped;
    }
  } else {
    clampNote = UNKNOWN_RANGE;
  }
  return { baseFen, ratePpm, flatFen: null, principalFen: ratePpm === null ? null : applyRate(baseFen, ratePpm), clampNote, until };
}

/** Late fee of one arrears month: principal × daily rate × days, each day at its own rate. */
function lateFee(
  t: Trace,
  chain: readonly string[],
  m: YearMonth,
  principalFen: number | null,
  payDay: DayInt,
  cited: Array<LookupHit | null>,
) {
  const rule = t.need<DueRule>(chain, 'lateFee.dueRule', firstDayOf(m), () => `${formatMonth(m)}的滞纳金`);
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
    const rate = t.need<number>(chain, 'lateFee.dailyRate', cursor, () => `${formatMonth(m)}的滞纳金`);
    cited.push(rate);
    if (!rate) return { dueDate, days, feeFen: null };
    // The rate holds until the end of its interval (row or document window, exclusive).
    const end = t.lastEnd > payDay ? payDay : addDays(t.lastEnd, -1);
    numerator += principalFen * rateToPpm(rate.value)! * (daysBetween(cursor, end) + 1);
    cursor = addDays(end, 1);
  }
  let feeFen = roundHalfUpDiv(numerator, PPM);
  const cap = t.find<boolean>(chain, 'lateFee.capAtPrincipal', payDay);
  if (cap?.value) {
    cited.push(cap);
    feeFen = Math.min(feeFen, principalFen);
  }
  return { dueDate, days, feeFen };
}

function explainBackPay(
  t: Trace,
  c: NormalizedCase,
  decision: Decision,
  months: readonly YearMonth[],
  lines: BackPayLine[],
  principal: number | null,
  fee: number | null,
  clampNotes: string[],
  cited: Array<LookupHit | null>,
  payDay: DayInt,
): void {
  if (lines.length === 0) {
    const why = decision.backPayAllowed === false ? '按规定中断期间不能补缴，' : '';
    t.explain('backpay.none', `${why}没有需要补缴的月份。`, []);
    return;
  }
  // Consecutive months on the same terms in one part, so the text stays short.
  const parts = groupBackPayLines(lines, (_, k) => months[k]!).map((g) => {
    const first = g.first;
    const range = ZH_RANGE(months[g.start]!, months[g.start + g.count - 1]!);
    const terms =
      first.principalFen === null
        ? '费率或基数缺失，无法计算'
        : first.flatAmountFen !== null
          ? `按定额 ${formatFen(first.flatAmountFen)} 元/月`
          : `基数 ${formatFen(first.baseFen!)} 元 × 费率 ${formatPpmPercent(Math.round(first.rate! * PPM))} = ${formatFen(first.principalFen)} 元/月`;
    const subtotal = g.principalFen === null ? '' : `，${g.count} 个月共 ${formatFen(g.principalFen)} 元`;
    return `${range}（${first.reason === 'arrears' ? '欠费' : '中断期'}，${SCHEME_ZH[first.scheme]}）：${terms}${subtotal}`;
  });
  const lead =
    decision.backPayAllowed === true
      ? '中断期间可以补缴；'
      : decision.backPayAllowed === false
        ? '中断期间不能补缴，只需补缴欠费月份；'
        : '';
  t.explain(
    'backpay.principal',
    `${lead}需补缴 ${lines.length} 个月，每月按该月有效的费率计算：${parts.join('；')}。` +
      `${clampNotes.length ? `${clampNotes.join('；')}。` : ''}补缴本金合计${principal === null ? '无法计算（见提示）' : ` ${formatFen(principal)} 元`}。`,
    cited,
  );
  const arrears = lines.filter((l) => l.reason === 'arrears');
  if (arrears.length) {
    if (c.request.payer !== 'employer') {
      t.explain(
        'backpay.late-fee',
        `欠费 ${arrears.length} 个月由个人补缴：滞纳金只对用人单位欠缴加收（社会保险法第八十六条），个人和灵活就业人员不加收滞纳金。`,
        [],
      );
    } else {
      const feeHits = cited.filter(
        (h) => h && (h.row.key === 'lateFee.dailyRate' || h.row.key === 'lateFee.dueRule' || h.row.key === 'lateFee.capAtPrincipal'),
      );
      const firstLine = arrears[0]!;
      const lastLine = arrears[arrears.length - 1]!;
      t.explain(
        'backpay.late-fee',
        `用人单位欠缴 ${arrears.length} 个月，自每月应缴期限的次日起至缴费日 ${formatDate(payDay)} 按日加收滞纳金${dailyRatesZh(feeHits)}：` +
          `${firstLine.month} 应缴期限 ${firstLine.dueDate ?? '未知'}，计 ${firstLine.lateFeeDays} 天` +
          `${arrears.length > 1 ? `；……；${lastLine.month} 应缴期限 ${lastLine.dueDate ?? '未知'}，计 ${lastLine.lateFeeDays} 天` : ''}。` +
          `滞纳金合计${fee === null ? '无法计算（见提示）' : ` ${formatFen(fee)} 元`}，由用人单位承担，不得要求职工承担。`,
        feeHits,
      );
    }
  }
}

/** The daily late-fee rates applied, from their rows: "（每日 0.05%）", or with each rate's start when it changed. */
function dailyRatesZh(hits: ReadonlyArray<LookupHit | null>): string {
  const used = new Map<string, LookupHit>();
  for (const h of hits) if (h && h.row.key === 'lateFee.dailyRate') used.set(h.row.id, h);
  const rates = [...used.values()].sort((a, b) => (a.row.effectiveFrom < b.row.effectiveFrom ? -1 : 1));
  const perDay = (h: LookupHit) => `每日 ${formatPpmPercent(rateToPpm(h.value as number)!)}`;
  if (rates.length === 0) return '';
  if (rates.length === 1) return `（${perDay(rates[0]!)}）`;
  return `（${rates.map((h) => `${formatDateZh(parseDate(h.row.effectiveFrom)!)}起${perDay(h)}`).join('；')}）`;
}
