// Calendar primitives. Months are integers (year * 12 + month - 1) so that month
// arithmetic is plain addition; days are YYYYMMDD integers for ordering and a
// days-since-epoch number for differences. ISO strings appear only at the edges.

/** A calendar month as an integer: year * 12 + (month - 1). */
export type YearMonth = number;
/** A calendar day as a YYYYMMDD integer (orders like the ISO string). */
export type DayInt = number;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years the product accepts anywhere; outside this a value is rejected, never guessed. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

export function ym(year: number, month: number): YearMonth {
  return year * 12 + (month - 1);
}

export function ymYear(m: YearMonth): number {
  return Math.floor(m / 12);
}

export function ymMonth(m: YearMonth): number {
  return (m % 12) + 1;
}

/** Parses "YYYY-MM"; returns null when the text is not a real month. */
export function parseMonth(text: string): YearMonth | null {
  // "YYYY-MM" read by character codes, not a regular expression: validation reads every history
  // month several times, and a long history has a thousand of them (issue 14).
  if (text.length !== 7 || text.charCodeAt(4) !== 45) return null;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    year = year * 10 + d;
  }
  const tens = text.charCodeAt(5) - 48;
  const ones = text.charCodeAt(6) - 48;
  if (tens < 0 || tens > 1 || ones < 0 || ones > 9) return null;
  const month = tens * 10 + ones;
  if (month < 1 || month > 12) return null;
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  return ym(year, month);
}

// Month labels are built once: an assessment formats hundreds of months, and a lookup
// is much cheaper than building the string again.
const FIRST_MONTH = ym(MIN_YEAR, 1);
const MONTH_COUNT = (MAX_YEAR - MIN_YEAR + 1) * 12;
const monthLabels: Array<string | undefined> = new Array(MONTH_COUNT);
const monthLabelsZh: Array<string | undefined> = new Array(MONTH_COUNT);

function monthLabel(table: Array<string | undefined>, m: YearMonth, build: (year: number, month: number) => string): string {
  const i = m - FIRST_MONTH;
  const inRange = i >= 0 && i < MONTH_COUNT;
  const cached = inRange ? table[i] : undefined;
  if (cached !== undefined) return cached;
  const label = build(ymYear(m), ymMonth(m));
  if (inRange) table[i] = label;
  return label;
}

const isoMonth = (year: number, month: number) => `${year}-${month < 10 ? '0' : ''}${month}`;
const zhMonth = (year: number, month: number) => `${year}年${month}月`;

export function formatMonth(m: YearMonth): string {
  return monthLabel(monthLabels, m, isoMonth);
}

/** A number of months for Chinese text: "8 个月", "30 个月（2年6个月）". */
export function formatMonthCount(n: number): string {
  return n >= 12 ? `${n} 个月（${Math.floor(n / 12)}年${n % 12 ? `${n % 12}个月` : ''}）` : `${n} 个月`;
}

/** "2026年11月" for Chinese text. */
export function formatMonthZh(m: YearMonth): string {
  return monthLabel(monthLabelsZh, m, zhMonth);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(m: YearMonth): number {
  const month = ymMonth(m);
  if (month === 2) return isLeapYear(ymYear(m)) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function dayInt(year: number, month: number, day: number): DayInt {
  return year * 10000 + month * 100 + day;
}

/** Parses "YYYY-MM-DD"; returns null when it is not a real calendar day. */
export function parseDate(text: string): DayInt | null {
  const match = DATE_RE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(ym(year, month))) return null;
  return dayInt(year, month, day);
}

export function formatDate(d: DayInt): string {
  const year = Math.floor(d / 10000);
  const month = Math.floor(d / 100) % 100;
  const day = d % 100;
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function formatDateZh(d: DayInt): string {
  return `${Math.floor(d / 10000)}年${Math.floor(d / 100) % 100}月${d % 100}日`;
}

export function yearOfDay(d: DayInt): number {
  return Math.floor(d / 10000);
}

export function monthOfDay(d: DayInt): YearMonth {
  return ym(Math.floor(d / 10000), Math.floor(d / 100) % 100);
}

export function firstDayOf(m: YearMonth): DayInt {
  return dayInt(ymYear(m), ymMonth(m), 1);
}

export function lastDayOf(m: YearMonth): DayInt {
  return dayInt(ymYear(m), ymMonth(m), daysInMonth(m));
}

/** Days since 1970-01-01 (proleptic Gregorian), for day differences. */
export function epochDay(d: DayInt): number {
  // Algorithm from Howard Hinnant's days_from_civil: exact for all years here.
  let y = Math.floor(d / 10000);
  const m = Math.floor(d / 100) % 100;
  const day = d % 100;
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dayFromEpoch(n: number): DayInt {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return dayInt(year, month, day);
}

/** Calendar days from `from` to `to` (to − from); negative when `to` is earlier. */
export function daysBetween(from: DayInt, to: DayInt): number {
  return epochDay(to) - epochDay(from);
}

export function addDays(d: DayInt, days: number): DayInt {
  return dayFromEpoch(epochDay(d) + days);
}
