// The money terms of a back-pay row in Chinese: base × rate, flat amounts, levies.
import { formatFen, formatPpmPercent } from '../money.ts';
import type { BackPayLine } from '../assessment.ts';

/** One month's terms of a back-pay row. */
export interface Terms {
  principalFen: number | null;
  flatFen: number | null;
  baseFen: number | null;
  ratePpm: number | null;
  /** Levies rounded on their own, when the rate is billed so (docs/rules.md §3). */
  levies?: ReadonlyArray<{ name: string; ppm: number | null; fen: number }> | null;
}

/** "（分项计算：基本医疗保险 8.75% 438.81 元 + 大病医疗互助补充保险 0.75% 37.61 元）". */
const leviesZh = (t: Terms) =>
  t.levies?.length
    ? `（分项计算、各自取整：${t.levies.map((l) => (l.ppm === null ? `${l.name} 定额 ${formatFen(l.fen)} 元` : `${l.name} ${formatPpmPercent(l.ppm)} ${formatFen(l.fen)} 元`)).join(' + ')}）`
    : '';
/** The flat levies of a month together ("另加定额 7.00 元"), for the short form. */
const flatLeviesFen = (t: Terms) => (t.levies ?? []).reduce((total, l) => total + (l.ppm === null ? l.fen : 0), 0);

/** "基数 8,000.00 元 × 费率 11% = 880.00 元/月", "按定额 584.92 元/月". */
export function termsZh(t: Terms): string {
  if (t.principalFen === null || (t.flatFen === null && (t.baseFen === null || t.ratePpm === null))) return '费率或基数缺失，无法计算';
  if (t.flatFen !== null) return `按定额 ${formatFen(t.flatFen)} 元/月`;
  return `基数 ${formatFen(t.baseFen ?? 0)} 元 × 费率 ${formatPpmPercent(t.ratePpm ?? 0)}${leviesZh(t)} = ${formatFen(t.principalFen)} 元/月`;
}

/** The same, short enough for a column of the printed sheet: "基数 8,000.00 × 11%". */
export function termsShortZh(t: Terms): string {
  if (t.flatFen !== null) return `定额 ${formatFen(t.flatFen)} 元/月`;
  if (t.baseFen === null || t.ratePpm === null) return '费率或基数缺失';
  const flat = flatLeviesFen(t);
  return `基数 ${formatFen(t.baseFen)} × ${formatPpmPercent(t.ratePpm)}${t.levies?.length ? '（分项取整）' : ''}${flat ? ` + 定额 ${formatFen(flat)}` : ''}`;
}

/** A back-pay line's rate as ppm (lines carry it as a decimal for the JSON contract). */
export const linePpm = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 1_000_000));

/** A back-pay line's terms, as termsZh and termsShortZh word them (its levies too). */
export const lineTerms = (l: BackPayLine): Terms => ({
  principalFen: l.principalFen,
  flatFen: l.flatAmountFen,
  baseFen: l.baseFen,
  ratePpm: linePpm(l.rate),
  levies:
    l.levies?.map((x) => ({ name: x.name, ppm: x.rate === null ? null : Math.round(x.rate * 1_000_000), fen: x.principalFen })) ?? null,
});
