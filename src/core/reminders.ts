// 到期提醒: which saved client has a last day to pay coming up. A saved case is moved to today
// (as the window does when a case is reopened on a later day) and assessed again; the day that
// matters is the last day to pay without a waiting period (interruption.keepShortDeadline,
// docs/rules.md §1) or, for a resident, the end of this year's enrolment window (§5).
import type { Assessment } from './assessment.ts';
import { addDays, daysBetween, formatDate, lastDayOf, parseDate, parseMonth, type DayInt } from './calendar.ts';
import type { CaseFile } from './case.ts';

export type ReminderKind = 'keep-short' | 'resident-window';

export interface ReminderDue {
  kind: ReminderKind;
  /** The last day, YYYY-MM-DD. */
  deadline: string;
  /** Days from today to that day (0: today is the last day). */
  daysLeft: number;
}

/**
 * The case as of today: 办理日期 becomes today, and a planned payment date now past (or none)
 * becomes today too — the same move as the window's (ui/state/form-text.ts movedToToday).
 */
export function caseAsOfToday(caseFile: CaseFile, today: string): CaseFile {
  const paymentDate = caseFile.request.paymentDate;
  const paymentPassed = !paymentDate || paymentDate < today;
  return {
    ...caseFile,
    asOf: caseFile.asOf < today ? today : caseFile.asOf,
    request: { ...caseFile.request, paymentDate: paymentPassed ? today : paymentDate },
  };
}

/** The end of a resident enrolment window ("MM-DD" or "MM-last") in a year. */
function windowEnd(to: string, year: number): DayInt | null {
  if (to.endsWith('-last')) return lastDayOf(year * 12 + Number(to.slice(0, 2)) - 1);
  return parseDate(`${year}-${to}`);
}

/** Whether a paid row of the history reaches into `year` or later (the next benefit year is paid). */
const paidInto = (caseFile: CaseFile, year: number) =>
  caseFile.history.some((entry) => entry.status === 'paid' && Number(entry.to.slice(0, 4)) >= year);

/**
 * The day this client must pay by, when it falls within `within` days from `today` (today
 * included); null when there is none, it has passed, or it is further off. `assessment` is the
 * assessment of `caseAsOfToday(caseFile, today)`.
 */
export function reminderDue(caseFile: CaseFile, assessment: Assessment, today: string, within: number): ReminderDue | null {
  const todayDay = parseDate(today);
  if (todayDay === null) return null;
  const last = addDays(todayDay, within);
  const due = (kind: ReminderKind, day: DayInt | null): ReminderDue | null =>
    day !== null && day >= todayDay && day <= last ? { kind, deadline: formatDate(day), daysLeft: daysBetween(todayDay, day) } : null;

  const keepShort = assessment.interruption?.keepShortDeadline ?? null;
  if (keepShort) return due('keep-short', parseDate(keepShort));

  if (caseFile.request.scheme !== 'resident') return null;
  const waiting = assessment.explanations.find((e) => e.facts.id === 'resident.waiting')?.facts;
  if (!waiting || waiting.id !== 'resident.waiting' || waiting.variant !== 'computed') return null;
  const year = Number(today.slice(0, 4));
  // Paid for the coming benefit year already: nothing to remind of.
  if (paidInto(caseFile, year + 1)) return null;
  return due('resident-window', windowEnd(waiting.window.to, year));
}

/**
 * Whether a saved case can have a day to remind of on or after `today` at all, checked before
 * assessing it (a hall holds many cases, most interrupted long ago). The last day without a
 * waiting period is the last day of month L + S + 1 (docs/rules.md §1), where L is the last paid
 * month, never after the latest paid month of the history, and S a short-interruption limit of
 * the library, never above `longestShortLimit` (the largest such value it holds; null: none).
 * A resident's window comes every year, so a resident request is always assessed.
 */
export function mayBeDue(caseFile: CaseFile, today: string, longestShortLimit: number | null): boolean {
  if (caseFile.request.scheme === 'resident') return true;
  const todayDay = parseDate(today);
  if (longestShortLimit === null || todayDay === null) return todayDay === null;
  let lastPaid: number | null = null;
  for (const entry of caseFile.history) {
    const to = entry.status === 'paid' ? parseMonth(entry.to) : null;
    if (to !== null && (lastPaid === null || to > lastPaid)) lastPaid = to;
  }
  return lastPaid !== null && lastDayOf(lastPaid + longestShortLimit + 1) >= todayDay;
}
