// 核验码: the short code printed (and as a QR code) on every numbered sheet, so any counter
// can tell whether a sheet a client brings back is one this office issued, unchanged. It is
// the sheet number and the first 8 hex digits of the SHA-256 of the sheet's stored data
// (the snapshot, in canonical JSON): typed or scanned, it finds the sheet by its number, and
// the check digits say whether the data behind the paper is the data on record.
import { canonicalJson } from './canonical-json.ts';
import { sha256Hex } from './sha256.ts';

/** How many hex digits of the snapshot's hash the code carries (32 bits: a typo never passes). */
const CHECK_DIGITS = 8;

/** The SHA-256 (hex) of a sheet's snapshot in canonical form. */
export function snapshotDigest(snapshot: unknown): string {
  return sha256Hex(canonicalJson(snapshot));
}

/** The code printed on the sheet numbered `number` whose snapshot hashes to `digest`. */
export function verificationCode(number: string, digest: string): string {
  return `${number}-${digest.slice(0, CHECK_DIGITS).toUpperCase()}`;
}

export interface ParsedCode {
  number: string;
  check: string;
}

/**
 * A code as typed or scanned: full-width characters (an IME in full-width mode), spaces,
 * lowercase and the Chinese dash are read as meant. Null when it is not a code at all.
 */
export function parseVerificationCode(text: string): ParsedCode | null {
  const plain = text
    .normalize('NFKC')
    .replace(/[‐‑‒–—―－]/g, '-')
    .replace(/\s+/g, '')
    .toUpperCase();
  const match = /^(\d{8}-[0-9A-Z]{1,12}-\d{1,9})-([0-9A-F]{8})$/.exec(plain);
  if (!match?.[1] || !match[2]) return null;
  return { number: match[1], check: match[2] };
}

/** Whether a code's check digits are those of this snapshot. */
export function codeMatches(code: ParsedCode, snapshot: unknown): boolean {
  return snapshotDigest(snapshot).slice(0, CHECK_DIGITS).toUpperCase() === code.check;
}
