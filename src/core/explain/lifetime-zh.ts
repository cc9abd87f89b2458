// Lifetime years: the top-up at retirement, and the product defaults (CONV rows) as the
// client's sheet words them.
import { formatFen } from '../money.ts';

// ── top-up at retirement ──────────────────────────────────────────────────────

export const TOP_UP_METHOD_ZH = { lumpSum: '一次性补缴', monthly: '按月缴纳' } as const;

export function topUpAmountZh(method: 'lumpSum' | 'monthly', monthlyFen: number | null, totalFen: number | null): string {
  if (method === 'lumpSum') return totalFen === null ? '（金额无法计算）' : `约 ${formatFen(totalFen)} 元`;
  return monthlyFen === null ? '（金额无法计算）' : `每月约 ${formatFen(monthlyFen)} 元`;
}

/** The line the window, the sheet and `--text` show: "退休时缴费年限不足：需补缴 N 个月，一次性约 X 元 / 按月 Y 元". */
export function topUpLine(topUp: {
  months: number;
  methods: ReadonlyArray<{ method: 'lumpSum' | 'monthly'; monthlyFen: number | null; totalFen: number | null }>;
}): string {
  // One sum first, then month by month, whatever order the library lists them in.
  const ordered = [...topUp.methods].sort((x, y) => (x.method === y.method ? 0 : x.method === 'lumpSum' ? -1 : 1));
  const ways = ordered.map((m) =>
    m.method === 'lumpSum'
      ? `一次性${m.totalFen === null ? '金额无法计算' : `约 ${formatFen(m.totalFen)} 元`}`
      : `按月${m.monthlyFen === null ? '金额无法计算' : ` ${formatFen(m.monthlyFen)} 元`}`,
  );
  return `退休时缴费年限不足：需补缴 ${topUp.months} 个月，${ways.join(' / ')}`;
}

/** Whether any way of topping up has an amount (else there is nothing to call an estimate). */
export const topUpHasAmount = (topUp: { methods: ReadonlyArray<{ monthlyFen: number | null; totalFen: number | null }> }) =>
  topUp.methods.some((m) => m.monthlyFen !== null || m.totalFen !== null);

/** When there is a shortfall but no priced rule. */
export const TOP_UP_UNKNOWN = '补缴办法和费用以当地核定为准';

/** The shortfall line when the region's top-up rule is not in the library. */
export const topUpUnknownLine = (months: number) => `退休时缴费年限不足：差 ${months} 个月，${TOP_UP_UNKNOWN}`;

// ── product defaults (CONV rows), as the client's sheet words them ─────────────

/** The month-day of a window in words: "09-01" → "9月1日", "02-last" → "2月底". */
const monthDayZh = (md: string) =>
  md.endsWith('-last') ? `${Number(md.slice(0, 2))}月底` : `${Number(md.slice(0, 2))}月${Number(md.slice(3, 5))}日`;

/**
 * What a product default (a CONV row: no rule says it, the system assumes it) means, in one
 * plain sentence for the client's sheet, from the row's key and value.
 */
export function conventionZh(key: string, value: unknown): string {
  const v = (value ?? {}) as Record<string, unknown>;
  switch (key) {
    case 'lateFee.dueRule': {
      const month = v.monthsAfter === 0 ? '当月' : v.monthsAfter === 1 ? '次月' : `其后第${String(v.monthsAfter)}个月`;
      const day = v.day === 'last' ? '最后一天' : `${String(v.day)}日`;
      return `欠费月份的缴费期限按${month}${day}计算，滞纳金从期限的次日起算`;
    }
    case 'resident.enrolmentWindow':
      return `居民医保集中参保期按参保年度前一年的${monthDayZh(String(v.from))}至${monthDayZh(String(v.to))}计算`;
    case 'resident.waiting.outsideWindowStartOffset':
      return `在集中参保期外缴费的，等待期从缴费${value === 0 ? '当月' : value === 1 ? '次月' : `后第${String(value)}个月`}起算`;
    case 'resident.waiting.gapYearsCountFrom':
      return `居民医保断保年数从${String(value)}年度起计算`;
    case 'resident.waiting.variableFreeGapYears':
      return `居民医保断保的前${String(value)}年只计固定等待期，此后每多断保1年加计变动等待期（参照青岛市医疗保障局的解读）`;
    default:
      return '法规没有具体规定之处，按本系统的默认做法计算';
  }
}
