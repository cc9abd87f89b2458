// Reading cells that clerks paste from spreadsheets or that statements export: months
// in the many ways they are written, and Chinese words for schemes and statuses.
// Shared by the statement importer (services) and the history grid's paste (UI).

const SCHEME_WORDS: Array<[RegExp, string]> = [
  [/^(employee|职工|单位|在职|城镇职工|企业职工)/i, 'employee'],
  [/^(flexible|灵活|个体)/i, 'flexible'],
  [/^(resident|居民|城乡居民|城镇居民|新农合)/i, 'resident'],
];
const STATUS_WORDS: Array<[RegExp, string]> = [
  [/^(paid|已缴|已到账|正常|足额|实缴|已实缴)/i, 'paid'],
  [/^(arrears|欠费|欠缴|未缴|未到账)/i, 'arrears'],
];

/** "2026-07", "2026/7", "202607", "2026.07", "2026年7月", "2026-07-01", or a Date → "2026-07". */
export function readMonth(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return `${value.getUTCFullYear()}-${String(value.getUTCMonth() + 1).padStart(2, '0')}`;
  }
  const text = String(value ?? '').trim();
  const m = /^(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*(?:月|[-/.]\d{1,2}(?:日)?)?$/.exec(text);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

function readWord(value: unknown, words: Array<[RegExp, string]>): string | null {
  const text = String(value ?? '').trim();
  for (const [re, word] of words) if (re.test(text)) return word;
  return null;
}

export const readScheme = (value: unknown) => readWord(value, SCHEME_WORDS);
export const readStatus = (value: unknown) => readWord(value, STATUS_WORDS);

/** "8,000.00元" → 8000; null if not a non-negative amount. */
export function readAmount(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 100) / 100 : null;
  const text = String(value ?? '').replace(/[,，\s元]/g, '');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text) * 100) / 100;
}

/** The month after "YYYY-MM". */
export function nextMonthText(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
