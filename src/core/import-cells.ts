// Reading cells that clerks paste from spreadsheets or that statements export: months
// in the many ways they are written, and Chinese words for schemes and statuses.
// Shared by the statement importer (services) and the history grid's paste (UI).

// The words statements use. Order matters: "职工医保（灵活就业）" is flexible, "未到账" is
// arrears. A cell that matches nothing, or names another insurance (养老, 失业 …), is null:
// the row is shown as unreadable, never given a default.
const SCHEME_WORDS: Array<[RegExp, string]> = [
  [/^flexible$|灵活|个体|自由职业|个人身份/i, 'flexible'],
  [/^resident$|居民|新农合|新型农村合作医疗/i, 'resident'],
  [/^employee$|职工|单位|在职|企业|机关|事业/i, 'employee'],
];
const STATUS_WORDS: Array<[RegExp, string]> = [
  [/^arrears$|欠|未缴|未到账|未足额|未征收|待缴|未入库/i, 'arrears'],
  [/^paid$|正常|已缴|到账|足额|实缴|补缴|已征收|已入库|缴费成功/i, 'paid'],
];
/** Other insurances a social-insurance statement lists beside medical insurance. */
const NOT_MEDICAL = /养老|失业|工伤|生育|住房公积金/;

/**
 * Full-width digits and signs (an input method left in full-width mode: ２０１５－０１, ８０００,
 * ３２０１０２…ｘ) as the half-width ones the clerk meant; the ideographic space as a space.
 */
export function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** "2026-07", "2026/7", "202607", "2026.07", "2026年7月", "2026-07-01", or a Date → "2026-07". */
export function readMonth(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return `${value.getUTCFullYear()}-${String(value.getUTCMonth() + 1).padStart(2, '0')}`;
  }
  const text = halfWidth(String(value ?? '')).trim();
  const m = /^(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*(?:月|[-/.]\d{1,2}(?:日)?)?$/.exec(text);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

function readWord(value: unknown, words: Array<[RegExp, string]>): string | null {
  const text = String(value ?? '').trim();
  if (!text) return null;
  for (const [re, word] of words) if (re.test(text)) return word;
  return null;
}

/** 险种 of a statement row: employee, flexible, resident, or null (not readable, or not medical insurance). */
export const readScheme = (value: unknown) =>
  NOT_MEDICAL.test(String(value ?? '')) && !/医/.test(String(value)) ? null : readWord(value, SCHEME_WORDS);
/** 缴费状态 of a statement row: paid, arrears, or null. */
export const readStatus = (value: unknown) => readWord(value, STATUS_WORDS);

/** "8,000.00元" → 8000; null if not a non-negative amount. */
export function readAmount(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 100) / 100 : null;
  const text = halfWidth(String(value ?? '')).replace(/[,，\s元]/g, '');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text) * 100) / 100;
}

/** The month after "YYYY-MM". */
export function nextMonthText(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
