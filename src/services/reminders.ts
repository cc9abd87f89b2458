// 到期提醒 (deadline reminders): every saved client, newest case per client, moved to today and
// assessed again (core/reminders.ts); those whose last day to pay falls within N days are
// listed, and exported as a CSV for the office's SMS platform.
import type { ReminderList, ReminderRow } from '../api/contract.ts';
import { checkAndAssess } from '../core/check-and-assess.ts';
import { maskIdNumber } from '../core/idcard.ts';
import { maskPhone } from '../core/phone.ts';
import { REMINDER_KIND_ZH, reminderMessage } from '../core/reminder-text.ts';
import type { PolicySet } from '../core/policy/policy-set.ts';
import { caseAsOfToday, mayBeDue, reminderDue } from '../core/reminders.ts';
import type { CaseRow, Repositories } from '../store/ports.ts';

/** A listed client with what the export needs besides the list (the full phone number, the message). */
export interface DueClient {
  row: ReminderRow;
  phone: string | null;
  message: string;
}

/** The newest saved case of each client (by ID number; a case without one stands alone). */
function newestPerClient(rows: readonly CaseRow[]): CaseRow[] {
  const seen = new Set<string>();
  const kept: CaseRow[] = [];
  // Newest first, so the first case of a client is the one that counts.
  for (const row of [...rows].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))) {
    const key = row.idNumber ? `id:${row.idNumber}` : `case:${row.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(row);
  }
  return kept;
}

/** The largest short-interruption limit (months) anywhere in the library, or null when it holds none. */
function longestShortLimit(policies: PolicySet): number | null {
  let longest: number | null = null;
  for (const row of policies.rows)
    if (row.key.endsWith('shortLimitMonths') && typeof row.value === 'number' && (longest === null || row.value > longest))
      longest = row.value;
  return longest;
}

/** Who must pay within `within` days of `today`, soonest first. */
export async function dueClients(
  repos: Repositories,
  input: { today: string; within: number; office: string },
): Promise<{ clients: DueClient[]; checked: number; unassessable: number; markedPaid: number }> {
  const { today, within, office } = input;
  const [policies, regions] = [await repos.policy.library(), await repos.policy.regions()];
  const rows = newestPerClient(await repos.cases.latest(Math.max(1, await repos.cases.count())));
  // A 已缴 mark holds while the case is as it was when marked.
  const marked = new Map((await repos.cases.paymentMarks()).map((m) => [m.caseId, m.caseVersion]));
  const clients: DueClient[] = [];
  let unassessable = 0;
  let markedPaid = 0;
  const longest = longestShortLimit(policies);
  for (const saved of rows) {
    if (marked.get(saved.id) === saved.version) {
      markedPaid++;
      continue;
    }
    // Interrupted too long ago for any day to be left: not assessed (most of a hall's cases).
    if (!mayBeDue(saved.caseFile, today, longest)) continue;
    const moved = caseAsOfToday(saved.caseFile, today);
    const checked = checkAndAssess(moved, { policies, regions });
    if (!checked.valid) {
      unassessable++;
      continue;
    }
    const due = reminderDue(moved, checked.assessment, today, within);
    if (!due) continue;
    const phone = saved.caseFile.person.phone ?? null;
    clients.push({
      phone,
      message: reminderMessage({ name: saved.personName, kind: due.kind, deadline: due.deadline, office }),
      row: {
        caseId: saved.id,
        version: saved.version,
        personName: saved.personName,
        idNumberMasked: saved.idNumber ? maskIdNumber(saved.idNumber) : null,
        phoneMasked: phone ? maskPhone(phone) : null,
        region: saved.region,
        regionName: regions.name(saved.region),
        kind: due.kind,
        kindText: REMINDER_KIND_ZH[due.kind],
        deadline: due.deadline,
        daysLeft: due.daysLeft,
        savedAt: saved.updatedAt,
        savedCounter: saved.savedCounter,
      },
    });
  }
  clients.sort((a, b) => a.row.daysLeft - b.row.daysLeft || (a.row.personName < b.row.personName ? -1 : 1));
  return { clients, checked: rows.length, unassessable, markedPaid };
}

export const toList = (today: string, within: number, found: Awaited<ReturnType<typeof dueClients>>): ReminderList => ({
  asOf: today,
  within,
  checked: found.checked,
  unassessable: found.unassessable,
  markedPaid: found.markedPaid,
  rows: found.clients.map((c) => c.row),
});

/** A CSV field, quoted when it must be (RFC 4180); a leading =+-@ is defused so a spreadsheet never runs it. */
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const REMINDER_CSV_HEADER = ['姓名', '手机号码', '截止日期', '提醒事项', '短信内容'] as const;

/**
 * The SMS platform's file: one row per client with a phone number, UTF-8 with a byte-order mark
 * (so Excel opens it as Chinese), CRLF line ends. Clients without a number are left out (counted).
 */
export function remindersCsv(clients: readonly DueClient[]): { csv: string; rows: number; withoutPhone: number } {
  const lines = [REMINDER_CSV_HEADER.join(',')];
  let withoutPhone = 0;
  for (const c of clients) {
    if (!c.phone) {
      withoutPhone++;
      continue;
    }
    lines.push([c.row.personName, c.phone, c.row.deadline, c.row.kindText, c.message].map(csvField).join(','));
  }
  return { csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows: lines.length - 1, withoutPhone };
}
