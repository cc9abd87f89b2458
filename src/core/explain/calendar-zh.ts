// Months, days and years in Chinese, as every explanation and phrase writes them.
import { formatDateZh, formatMonthZh, parseDate, parseMonth } from '../calendar.ts';

const monthZhCache = new Map<string, string>();
/** "2026-11" → "2026年11月" (labels are cached: an assessment names hundreds of months). */
export function monthZh(iso: string): string {
  let text = monthZhCache.get(iso);
  if (text === undefined) {
    const m = parseMonth(iso);
    text = m === null ? iso : formatMonthZh(m);
    monthZhCache.set(iso, text);
  }
  return text;
}

/** "2026-11-30" → "2026年11月30日". */
export function dayZh(iso: string): string {
  const d = parseDate(iso);
  return d === null ? iso : formatDateZh(d);
}

export const monthRangeZh = (from: string, to: string) => (from === to ? monthZh(from) : `${monthZh(from)}至${monthZh(to)}`);

/** "09-01" as written; "02-last" → "02月底". */
export const windowDayZh = (md: string) => (md.endsWith('-last') ? `${md.slice(0, 2)}月底` : md);

/** A number of months as years: "16年1个月", "15年". */
export function yearsZh(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  return m ? `${y}年${m}个月` : `${y}年`;
}
