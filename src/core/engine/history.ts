// Questions about a contribution history, answered on month ranges rather than
// month-by-month arrays so a 45-year history costs a few dozen steps.
import type { HistoryEntry, Scheme } from '../case.ts';
import { ymYear, type YearMonth } from '../calendar.ts';

export type SchemeSet = ReadonlySet<Scheme>;
export const EMPLOYEE_GROUP: SchemeSet = new Set<Scheme>(['employee', 'flexible']);
export const RESIDENT_GROUP: SchemeSet = new Set<Scheme>(['resident']);
export const ANY_SCHEME: SchemeSet = new Set<Scheme>(['employee', 'flexible', 'resident']);

export interface Run {
  from: YearMonth;
  to: YearMonth;
}

/** Maximal runs of consecutive paid months of the given schemes, up to `until`. */
export function paidRuns(history: readonly HistoryEntry[], schemes: SchemeSet, until: YearMonth): Run[] {
  const runs: Run[] = [];
  // history is sorted by `from` and free of overlaps (validation guarantees both).
  for (const e of history) {
    if (e.status !== 'paid' || !schemes.has(e.scheme) || e.from > until) continue;
    const to = Math.min(e.to, until);
    const last = runs[runs.length - 1];
    if (last && last.to + 1 === e.from) last.to = to;
    else runs.push({ from: e.from, to });
  }
  return runs;
}

/** The last paid month before `beforeMonth`, or null. */
export function lastPaidBefore(runs: readonly Run[]): YearMonth | null {
  return runs.at(-1)?.to ?? null;
}

/** Length of the paid run that ends at `month` (0 if `month` is not paid). */
export function runLengthEndingAt(runs: readonly Run[], month: YearMonth): number {
  for (const run of runs) if (run.from <= month && month <= run.to) return month - run.from + 1;
  return 0;
}

/** Start of the paid run containing `month`. */
export function runContaining(runs: readonly Run[], month: YearMonth): Run | null {
  for (const run of runs) if (run.from <= month && month <= run.to) return run;
  return null;
}

export interface GapRun {
  from: YearMonth;
  to: YearMonth;
  arrears: boolean;
}

/** Maximal non-paid runs between the first paid month and `until` (inclusive). */
export function gapRuns(history: readonly HistoryEntry[], runs: readonly Run[], schemes: SchemeSet, until: YearMonth): GapRun[] {
  const gaps: GapRun[] = [];
  if (!runs.length) return gaps;
  for (const [i, run] of runs.entries()) {
    const next = runs[i + 1];
    const from = run.to + 1;
    const to = next ? next.from - 1 : until;
    if (from > to) continue;
    gaps.push({ from, to, arrears: hasArrears(history, schemes, from, to) });
  }
  return gaps;
}

function hasArrears(history: readonly HistoryEntry[], schemes: SchemeSet, from: YearMonth, to: YearMonth): boolean {
  for (const e of history) {
    if (e.status === 'arrears' && schemes.has(e.scheme) && e.from <= to && e.to >= from) return true;
  }
  return false;
}

/** Distinct paid months of the given schemes (optionally only in one region). */
export function countPaidMonths(history: readonly HistoryEntry[], schemes: SchemeSet, region?: string): number {
  let total = 0;
  for (const e of history) {
    if (e.status === 'paid' && schemes.has(e.scheme) && (region === undefined || e.region === region)) total += e.to - e.from + 1;
  }
  return total;
}

/** Non-paid months in calendar year `year`, counted from `firstPaid` up to `until`. */
export function nonPaidMonthsInYear(runs: readonly Run[], year: number, firstPaid: YearMonth, until: YearMonth): number {
  const start = Math.max(year * 12, firstPaid);
  const end = Math.min(year * 12 + 11, until);
  if (start > end) return 0;
  let paid = 0;
  for (const run of runs) {
    const lo = Math.max(run.from, start);
    const hi = Math.min(run.to, end);
    if (hi >= lo) paid += hi - lo + 1;
  }
  return end - start + 1 - paid;
}

/** Whether any month of calendar year `year` is paid under any of the schemes. */
export function yearHasCover(history: readonly HistoryEntry[], schemes: SchemeSet, year: number): boolean {
  for (const e of history) {
    if (e.status === 'paid' && schemes.has(e.scheme) && ymYear(e.from) <= year && ymYear(e.to) >= year) return true;
  }
  return false;
}

/** The entry covering a month, if any. */
export function entryAt(history: readonly HistoryEntry[], month: YearMonth): HistoryEntry | null {
  for (const e of history) if (e.from <= month && month <= e.to) return e;
  return null;
}
