// A sheet's number: YYYYMMDD-CC-NNNN — the day it was issued, the counter (窗口: all its
// digits, without leading zeros, at least two places) and the sequence of that day at that
// counter. Both stores number alike. Counters 5, 105 and 905 are three series (issue 22: the
// last two digits alone made them one, and a sheet printed 窗口 105 beside number -05-).

/** The day and counter parts of a number issued at `issuedAt` (ISO) by `counter`. */
export function sheetNumberParts(issuedAt: string, counter: string): { day: string; counter: string } {
  const digits = counter.replace(/\D/g, '').replace(/^0+/, '') || '0';
  return { day: issuedAt.slice(0, 10).replace(/-/g, ''), counter: digits.padStart(2, '0') };
}

export const formatSheetNumber = (day: string, counter: string, sequence: number): string =>
  `${day}-${counter}-${String(sequence).padStart(4, '0')}`;

/** The parts of a number, or null when it is not one. */
export function parseSheetNumber(number: string): { day: string; counter: string; sequence: number } | null {
  const m = /^(\d{8})-(\d{2,12})-(\d{4,})$/.exec(number);
  return m?.[1] && m[2] && m[3] ? { day: m[1], counter: m[2], sequence: Number(m[3]) } : null;
}
