// The overlap finder: every history range that starts inside an earlier one is reported.
import { formatMonth, type YearMonth } from '../calendar.ts';
import type { Report } from './fields.ts';

/** A history range whose months read, with its row in the case file. */
export interface MonthRange {
  index: number;
  from: YearMonth;
  to: YearMonth;
}

/**
 * Each range is reported against the nearest earlier range (by start, then by row) that
 * reaches its start, so chains of overlaps are all reported. Sorted once, then a stack of the
 * earlier ranges no later one outreaches (their ends strictly falling): the ranges reaching a
 * start are the stack's bottom part, and the nearest of them is found by halving — n log n,
 * not every pair (issue 14).
 */
export function reportOverlaps(ranges: readonly MonthRange[], err: Report): void {
  const byStart = [...ranges].sort((a, b) => a.from - b.from || a.index - b.index);
  const reaching: typeof byStart = [];
  for (const b of byStart) {
    let lo = 0;
    let hi = reaching.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((reaching[mid] as (typeof byStart)[number]).to >= b.from) lo = mid + 1;
      else hi = mid;
    }
    const a = lo > 0 ? reaching[lo - 1] : undefined;
    if (a) {
      const first: YearMonth = b.from;
      const last: YearMonth = Math.min(a.to, b.to);
      const span = `${formatMonth(first)}${last > first ? ` 至 ${formatMonth(last)}` : ''}`;
      err(
        `history[${b.index}]`,
        `与 history[${a.index}]（${formatMonth(a.from)} 至 ${formatMonth(a.to)}）重叠：${span}`,
        `与第${a.index + 1}段（${formatMonth(a.from)} 至 ${formatMonth(a.to)}）重叠：${span}`,
      );
    }
    while (reaching.length && (reaching[reaching.length - 1] as (typeof byStart)[number]).to <= b.to) reaching.pop();
    reaching.push(b);
  }
}
