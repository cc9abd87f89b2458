// The conclusions in one sentence or clause each — interruption, back-pay, benefits — as the
// window, the printed sheet and `yibao assess --text` say them.
import type { Assessment } from '../assessment.ts';
import type { Start } from './facts.ts';
import { formatMonth, parseMonth } from '../calendar.ts';
import { monthZh } from './calendar-zh.ts';
// ── phrases every surface shares ──────────────────────────────────────────────

/** Whether the interruption's costs are reimbursed, as a clause of a sentence (naming the waiting period when there is one). */
export function retroactiveClause(retroactive: boolean | null, waitingPeriod = false): string {
  if (retroactive === true) return '中断期间的待遇可按规定追溯享受（补缴后中断期间的医疗费用可按规定报销）';
  if (retroactive === false) return `中断期间${waitingPeriod ? '（及等待期内）' : ''}发生的医疗费用不予报销`;
  return '中断期间的费用能否追溯报销，以当地医保经办机构核定为准';
}

/** The same, as the short label of the window and `--text`; "不涉及" when there is no interruption. */
export function retroactiveLabel(retroactive: boolean | null, hasInterruption: boolean): string {
  if (retroactive === true) return '可追溯报销';
  if (retroactive === false) return '不予报销';
  return hasInterruption ? '能否报销以当地核定为准' : '不涉及';
}

/** Whether the interruption's months may be back-paid, as a clause. */
export function backPayClause(allowed: boolean | null): string {
  if (allowed === true) return '可以补缴中断期间的医疗保险费';
  if (allowed === false) return '不能补缴中断期间的医疗保险费';
  return '能否补缴中断期间的费用以当地规定为准';
}

/** The waiting period as the window and `--text` show it. */
export function waitingLabel(waitingMonths: number | null, waitingMonthsMax: number | null): string {
  if (waitingMonths !== null) return `${waitingMonths} 个月`;
  if (waitingMonthsMax !== null) return `不超过 ${waitingMonthsMax} 个月（具体以当地核定为准）`;
  return '无法确定';
}

/** When benefits start, as a clause: "缴费次月（2026年12月）起享受待遇". */
export function startClause(s: Start): string {
  if (s.from === null) return '待遇起始月份无法确定';
  if (s.waiting && s.waiting > 0 && s.afterWaiting === 1)
    return `自缴费当月起连续缴费满 ${s.waiting} 个月，等待期满后次月（${monthZh(s.from)}）起享受待遇`;
  if (s.waiting && s.waiting > 0) return `自缴费当月起连续缴费满 ${s.waiting} 个月后，从${monthZh(s.from)}起享受待遇`;
  if (s.offset === 0) return `缴费当月（${monthZh(s.from)}）起即可享受待遇`;
  if (s.offset === 1) return `缴费次月（${monthZh(s.from)}）起享受待遇`;
  return `${monthZh(s.from)}起享受待遇`;
}

// ── one sentence per conclusion, for the window, the sheet and --text ────────

type AssessmentView = Pick<Assessment, 'interruption' | 'backPay' | 'benefits' | 'request' | 'warnings'>;

/** What is to be paid and why, in one plain sentence (arrears and the interruption apart). */
export function backPaySummary(a: AssessmentView): string {
  const arrears = a.backPay.lines.filter((l) => l.reason === 'arrears').length;
  const interruption = a.interruption?.months ?? 0;
  const employer = a.request.payer === 'employer';
  const total = a.backPay.months.length;
  const arrearsClause = employer ? `用人单位欠缴的 ${arrears} 个月须补缴，并按日加收滞纳金` : `欠费的 ${arrears} 个月须补缴`;
  const allowed = a.backPay.allowed;
  if (allowed === true) return `中断期间可以补缴；需补缴 ${total} 个月${arrears ? `（其中欠费 ${arrears} 个月）` : ''}`;
  if (allowed === false)
    return arrears
      ? `${arrearsClause}；本次中断的 ${interruption} 个月按规定不能补缴`
      : `本次中断的 ${interruption} 个月按规定不能补缴，没有需要补缴的月份`;
  if (a.backPay.lines.some((l) => l.reason === 'interruption'))
    return `能否补缴中断期间的 ${interruption} 个月以当地医保经办机构核定为准；如可补缴，需补缴 ${total} 个月${arrears ? `（其中欠费 ${arrears} 个月）` : ''}`;
  return arrears ? arrearsClause : '没有需要补缴的月份';
}

/** Residents' insurance has no lifetime years: what the window and the sheet say instead of the 职工 block. */
export const RESIDENT_LIFETIME_LINE = '城乡居民医保按年度参保缴费，没有退休时累计缴费年限的要求；本次不核算职工医保的退休缴费年限。';

/**
 * The explanations that apply to the scheme asked about: a residents' insurance request is not
 * told the 职工 retirement month and lifetime years (the engine still computes them, for the JSON).
 */
export function explanationsForRequest<E extends { id: string }>(a: { request: { scheme: string }; explanations: readonly E[] }): E[] {
  if (a.request.scheme !== 'resident') return [...a.explanations];
  return a.explanations.filter((e) => !/^(retirement|lifetime)\./.test(e.id));
}

/** A client whose cover never stopped, as the window and the sheet say it. */
export const CONTINUOUS_COVER_SENTENCE = '连续缴费，医保待遇不中断，无等待期。';

/** Whether cover never stopped (n = 0): the headline says cover continues, not a start month. */
export const coverContinues = (a: Pick<Assessment, 'interruption' | 'benefits'>): boolean =>
  a.interruption?.months === 0 && (a.benefits.rule === 'continuous' || a.benefits.rule === 'transfer');

/** When benefits resume, as the sheet and the window say it (never a date the library cannot back). */
export function benefitsSentence(a: AssessmentView): string {
  const b = a.benefits;
  if (b.rule === 'local-rule-missing')
    return '当地中断续保的规定尚未录入本系统：是否设等待期、待遇从哪个月起恢复，以当地医保经办机构核定为准。';
  // Cover never stopped (n = 0): no start month to announce (docs/rules.md §2); a transfer names
  // the month the new region's benefits begin.
  if (b.rule === 'continuous') return CONTINUOUS_COVER_SENTENCE;
  if (b.rule === 'transfer' && a.interruption?.months === 0 && b.from)
    return `连续缴费，医保待遇不中断：转入地待遇自 ${monthZh(b.from)} 起享受，此前由转出地保障。`;
  if (b.from && b.rule === 'resident-waiting' && b.waitingMonths) {
    // Residents' waiting counts from the benefit year or the month after payment (docs/rules.md §5),
    // not from the payment month: the sheet names the month it counts from, as the screen's start month implies.
    const from = parseMonth(b.from);
    const counted = from === null ? null : formatMonth(from - b.waitingMonths);
    return `自 ${monthZh(b.from)} 起享受医保待遇（等待期 ${b.waitingMonths} 个月${counted ? `，自${monthZh(counted)}起算` : ''}）。`;
  }
  if (b.from) {
    const month = monthZh(b.from);
    return b.waitingMonths
      ? `自 ${month} 起享受医保待遇（等待期 ${b.waitingMonths} 个月：自缴费当月起连续缴费满 ${b.waitingMonths} 个月后开始享受）。`
      : `自 ${month} 起享受医保待遇，不设等待期。`;
  }
  if (b.waitingMonths === 0) return '不设等待期；待遇起始月份以当地医保经办机构核定为准。';
  if (b.waitingMonthsMax !== null) return `待遇等待期不超过 ${b.waitingMonthsMax} 个月，具体起始月份以当地医保经办机构核定为准。`;
  return '待遇起始月份暂无法确定，以当地医保经办机构核定为准。';
}

/** Beside a figure on the sheet whose row is graded D, S or UNVERIFIED: never stated as fact. */
export const UNCONFIRMED_FIGURE = '（未经核实，以当地核定为准）';
