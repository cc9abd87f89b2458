// History checks: each range on its own (order of months, within the payment month, after
// birth, a base for employee insurance, a known region), then overlaps across the ranges.
import type { HistoryEntry } from '../case.ts';
import { formatMonth, parseMonth, type YearMonth } from '../calendar.ts';
import { yuanToFen } from '../money.ts';
import type { ENTRY_FIELDS, Parsed, Report } from './fields.ts';
import { reportOverlaps, type MonthRange } from './overlaps.ts';

export interface HistoryContext {
  /** The payment month (P); null when the payment date did not read. */
  paymentMonth: YearMonth | null;
  birth: YearMonth | null;
  /** The birth month as typed, for messages. */
  birthText: string;
  /** The case's region, the default for a range without one. */
  regionText: string | null;
  checkRegion: (path: string, code: string) => void;
}

/** Checks every parsed history row; returns the rows that passed every check (file order). */
export function checkHistory(
  parsedEntries: ReadonlyArray<Parsed<typeof ENTRY_FIELDS> | null>,
  context: HistoryContext,
  err: Report,
): HistoryEntry[] {
  const { paymentMonth: P, birth, regionText, checkRegion } = context;
  const entries: HistoryEntry[] = [];
  const ranges: MonthRange[] = [];
  parsedEntries.forEach((entry, index) => {
    if (!entry) return;
    const from = entry.from ? parseMonth(entry.from) : null;
    const to = entry.to ? parseMonth(entry.to) : null;
    const path = `history[${index}]`;
    let good = entry.failed.size === 0;
    if (from !== null && to !== null) {
      if (to < from) {
        err(`${path}.to`, `结束月份 ${entry.to} 早于开始月份 ${entry.from}`);
        good = false;
      } else ranges.push({ index, from, to });
    }
    if (P !== null && to !== null && to > P) {
      err(
        `${path}.to`,
        `结束月份 ${entry.to} 晚于缴费月份 ${formatMonth(P)}（计划缴费日期所在月）${entry.scheme === 'resident' ? '；按年度预缴的居民医保记录填到缴费月份为止即可' : ''}`,
      );
      good = false;
    }
    if (birth !== null && from !== null && from < birth) {
      err(`${path}.from`, `开始月份 ${entry.from} 早于出生年月 ${context.birthText}`);
      good = false;
    }
    if (entry.scheme !== null && entry.scheme !== 'resident' && entry.base === null && !entry.failed.has('base')) {
      err(`${path}.base`, '职工医保记录必须填写月缴费基数（元）');
      good = false;
    }
    if (entry.region != null) checkRegion(`${path}.region`, entry.region);
    if (good && from !== null && to !== null && entry.scheme && entry.status) {
      entries.push({
        index,
        from,
        to,
        scheme: entry.scheme,
        status: entry.status,
        baseFen: entry.base == null ? null : yuanToFen(entry.base),
        region: entry.region ?? regionText ?? '',
      });
    }
  });
  reportOverlaps(ranges, err);
  return entries;
}
