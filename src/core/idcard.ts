// 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date,
// 3-digit sequence (odd = male), 1 check character (ISO 7064 MOD 11-2).
import { parseDate, type DayInt } from './calendar.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

export type IdCheck =
  { ok: true; birthDay: DayInt; sex: 'male' | 'female' } | { ok: false; reason: 'shape' | 'birth' | 'checksum'; expectedCheck?: string };

/** The check character GB 11643 requires for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (const [i, weight] of WEIGHTS.entries()) sum += (first17.charCodeAt(i) - 48) * weight;
  return CHECK_CHARS.charAt(sum % 11);
}

/** Checks shape, birth date and checksum; lower-case x is accepted as X. */
export function checkIdNumber(raw: string): IdCheck {
  const id = raw.toUpperCase();
  if (!SHAPE.test(id)) return { ok: false, reason: 'shape' };
  const birthDay = parseDate(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
  if (birthDay === null) return { ok: false, reason: 'birth' };
  const expected = idCheckChar(id.slice(0, 17));
  if (expected !== id[17]) return { ok: false, reason: 'checksum', expectedCheck: expected };
  return { ok: true, birthDay, sex: (id.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female' };
}

/**
 * An ID number as it is stored and looked up: surrounding whitespace (a pasted newline, a
 * full-width space) removed and a lower-case x made upper-case. Nothing else is changed.
 */
export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** "320102********0010": first 6 and last 4 kept (what the sheet and lists show). */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return id;
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
