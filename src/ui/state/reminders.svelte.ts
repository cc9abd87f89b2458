// 到期提醒 (F6): saved clients whose last day to pay ends within N days of the day (today at the
// counter unless changed; left blank, the services' today), the SMS platform's CSV, and the
// 已缴 mark with its undo.
import type { ReminderList, ReminderExport } from '../../api/contract.ts';
import { api } from '../api/client.ts';
import { todayIso } from './form-text.ts';

export class Reminders {
  within = $state('14');
  asOf = $state(todayIso());
  list = $state.raw<ReminderList | null>(null);
  message = $state<string | null>(null);
  busy = $state(false);
  /** The client just marked 已缴, so the mark can be undone from the message. */
  marked = $state.raw<{ caseId: string; version: number; name: string } | null>(null);

  /** The query as typed, or the problem with it in Chinese (naming the field). */
  #query(): { within: number; asOf: string | null } | string {
    const days = this.within.trim();
    if (!/^\d{1,3}$/.test(days) || Number(days) < 1 || Number(days) > 366) return `天数应为 1 到 366 的整数，收到 "${this.within}"`;
    const day = this.asOf.trim();
    if (day && !/^\d{4}-\d{2}-\d{2}$/.test(day)) return `截至日期应为“年-月-日”，如 2026-12-20，收到 "${this.asOf}"`;
    return { within: Number(days), asOf: day || null };
  }

  async load(): Promise<void> {
    const q = this.#query();
    if (typeof q === 'string') {
      this.message = q;
      return;
    }
    this.busy = true;
    const result = await api.reminders(q);
    this.busy = false;
    if (!result.ok) {
      this.message = result.error.message;
      return;
    }
    this.list = result.value;
    this.message = null;
    this.marked = null;
  }

  /** The CSV for the SMS platform (the component hands it to the browser as a download), or null when refused. */
  async exportCsv(): Promise<ReminderExport | null> {
    const q = this.#query();
    if (typeof q === 'string') {
      this.message = q;
      return null;
    }
    const result = await api.exportReminders(q);
    if (!result.ok) {
      this.message = result.error.message;
      return null;
    }
    this.list = result.value.list;
    const { rows, withoutPhone, fileName } = result.value;
    this.message = `已导出短信平台文件 ${fileName}：${rows} 位客户${withoutPhone ? `；${withoutPhone} 位未留联系电话，未导出（请电话或当面告知）` : ''}。此次导出已记入日志。`;
    return result.value;
  }

  async markPaid(row: { caseId: string; version: number; personName: string }, paid: boolean): Promise<void> {
    const result = await api.markReminderPaid({ caseId: row.caseId, version: row.version, paid });
    if (!result.ok) {
      this.message = result.error.message;
      return;
    }
    await this.load();
    this.marked = paid ? { caseId: row.caseId, version: row.version, name: row.personName } : null;
    this.message = paid
      ? `已将 ${row.personName} 标记为已缴，不再列出；录入其缴费记录并保存案件后，以案件为准（标记随之失效）。`
      : `已取消 ${row.personName} 的已缴标记。`;
  }
}
