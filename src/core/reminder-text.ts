// The words of a deadline reminder (到期提醒) as the client reads it in a text message, and
// as the list shows it. Plain Chinese: who, what to do, by which day, what happens after.
import { formatDateZh, parseDate } from './calendar.ts';
import type { ReminderKind } from './reminders.ts';

export const REMINDER_KIND_ZH: Record<ReminderKind, string> = {
  'keep-short': '免等待期续缴截止',
  'resident-window': '居民医保集中参保期结束',
};

/** The text message for one client, naming the date in full (2026年12月31日). */
export function reminderMessage(input: { name: string; kind: ReminderKind; deadline: string; office: string }): string {
  const day = parseDate(input.deadline);
  const date = day === null ? input.deadline : formatDateZh(day);
  const office = input.office.trim() || '医保经办窗口';
  if (input.kind === 'resident-window')
    return `${input.name}您好：今年城乡居民医保集中参保期将于${date}结束，请在此之前缴纳下一年度的居民医保费；逾期参保将有待遇等待期。如有疑问请咨询${office}。`;
  return `${input.name}您好：您的医保缴费已中断，请于${date}前办理续缴，逾期续缴将有待遇等待期（期间发生的医疗费用不能报销）。如有疑问请咨询${office}。`;
}
