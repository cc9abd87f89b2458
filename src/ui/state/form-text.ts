// The form's text as the case file reads it, and what the workbench asks of a form's
// snapshot (has it content, is it unsaved, is it dated before today). Pure functions.
import { halfWidth, readMonth } from '../../core/import-cells.ts';
import type { RegionDirectory } from '../../core/regions.ts';
import type { FormSnapshot } from './form-snapshot.ts';

/** Today on the counter's clock, YYYY-MM-DD. */
export function todayIso(now = Date.now()): string {
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A typed month in a usual spelling (200608, 2006/8, 2006年8月) as YYYY-MM; five digits stay as typed (2006-1 or 2006-10?). */
export function normalMonth(text: string): string {
  const t = halfWidth(text).trim();
  if (/^\d{5}$/.test(t)) return t;
  return readMonth(t) ?? t;
}

/** A typed date (20261125, 2026/11/25, 2026年11月25日) as YYYY-MM-DD; anything else as typed. */
export function normalDate(typed: string): string {
  const text = halfWidth(typed);
  const m = /^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m || (!/[-/.年]/.test(text) && text.trim().length !== 8)) return text.trim();
  return `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
}

/** A typed amount as a number: full-width digits, thousands separators and a trailing 元 read as meant ("8,000元" is 8000). */
export const numberOrText = (text: string): number | string | null => {
  const t = halfWidth(text)
    .trim()
    .replace(/[,，]/g, '')
    .replace(/\s*元$/, '');
  if (t === '') return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : text;
};
export const intOrText = (text: string, fallback: number): number | string => {
  const t = halfWidth(text).trim();
  if (t === '') return fallback;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : text;
};
/** An ID number as stored and compared: half-width, its check character X upper-case (a typed 561x is 561X). */
export const normalIdNumber = (text: string): string => halfWidth(text).trim().toUpperCase();

export const blankToNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** A typed region as the case file holds it: its code when the resolver reads it, else as typed. */
export function regionCode(text: string, directory: RegionDirectory): string {
  const resolved = directory.resolve(text);
  return resolved?.ok ? resolved.code : text.trim();
}

type RowText = Pick<FormSnapshot['history'][number], 'from' | 'to' | 'base' | 'region' | 'auto'>;

/** A history row that is data: anything typed in it, except the grid's pre-filled next row until it is edited. */
export const isDataRow = (r: RowText): boolean => !r.auto && !!(r.from.trim() || r.to.trim() || r.base.trim() || r.region.trim());

/** Whether a snapshot holds anything a clerk typed (a name, an ID number or a history row). */
export function hasContent(snapshot: FormSnapshot): boolean {
  return snapshot.person.name.trim() !== '' || snapshot.person.idNumber.trim() !== '' || snapshot.history.some(isDataRow);
}

/**
 * A case opened on a later day is assessed as of today: 办理日期 becomes today, and a
 * planned payment date now in the past becomes today too. Returns the note that says so.
 */
export function movedToToday(snapshot: FormSnapshot, today: string): { snapshot: FormSnapshot; note: string | null } {
  const asOf = normalDate(snapshot.asOf);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || asOf >= today) return { snapshot, note: null };
  const paymentDate = normalDate(snapshot.request.paymentDate);
  const paymentPassed = /^\d{4}-\d{2}-\d{2}$/.test(paymentDate) && paymentDate < today;
  const moved = {
    ...snapshot,
    asOf: today,
    request: { ...snapshot.request, paymentDate: paymentPassed ? today : snapshot.request.paymentDate },
  };
  const note =
    `办理日期已由 ${asOf} 改为今天 ${today}` +
    (paymentPassed ? `；计划缴费日期 ${paymentDate} 已过，改为今天` : '') +
    '。结果按今天重新核算；以前出具的告知单保持原样（案件 → 告知单）。';
  return { snapshot: moved, note };
}

/**
 * What counts when asking "is anything unsaved?": every field, and the rows that are data
 * (not the grid's untouched pre-filled next row, not an empty row), in a fixed order.
 */
export function canonicalJson(s: FormSnapshot): string {
  const p = s.person;
  const q = s.request;
  const rows = s.history.filter(isDataRow);
  return JSON.stringify([
    s.asOf,
    s.region,
    [p.name, p.idNumber, p.sex, p.birth, p.retirementCategory, p.phone ?? ''],
    rows.map((r) => [r.from, r.to, r.scheme, r.status, r.base, r.region]),
    s.deemedMonths,
    [q.scheme, q.paymentDate, q.payer, q.base, q.transferFrom, q.switchFromScheme, q.residentRepairYears],
  ]);
}
