// What the counter answers in a typical situation, in the words of the 核算 screen: back-pay,
// waiting period, the month benefits start, whether the interruption's costs are covered, and
// what to pay (元). "Unknown" says the local rule is missing.
import type { TypicalAnswer } from '../../../core/policy/typical.ts';
import { yuanText } from '../../../core/policy/value-text.ts';

export function answerParts(a: TypicalAnswer | null): string[] {
  if (!a) return ['（无法核算）'];
  if (a.unknown)
    return ['不能确定：本地规则未录入', a.totalFen !== null ? `如允许补缴，应缴 ${yuanText(a.totalFen / 100)}` : ''].filter(Boolean);
  const waiting =
    a.waitingMonths === 0
      ? '无等待期'
      : a.waitingMonths !== null
        ? `等待期 ${a.waitingMonths} 个月`
        : a.waitingMonthsMax !== null
          ? `等待期最长 ${a.waitingMonthsMax} 个月`
          : '等待期不明';
  return [
    a.backPayAllowed === true ? '可补缴' : a.backPayAllowed === false ? '不可补缴' : '',
    waiting,
    a.from ? `${a.from} 起享受待遇` : '待遇起始月不明',
    a.retroactive === true ? '中断期间费用可报销' : a.retroactive === false ? '中断期间费用不报销' : '',
    a.totalFen !== null && a.totalFen > 0 ? `应缴 ${yuanText(a.totalFen / 100)}` : '',
  ].filter(Boolean);
}

/** Whether two answers differ in anything the counter says. */
export const answersDiffer = (a: TypicalAnswer | null, b: TypicalAnswer | null): boolean =>
  JSON.stringify(answerParts(a)) !== JSON.stringify(answerParts(b));
