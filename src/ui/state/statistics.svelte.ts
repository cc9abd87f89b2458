// 统计 (F8): a range of days (today at the counter unless changed), optionally one counter or
// clerk; the figures, and the same as an XLSX workbook.
import type { StatisticsExport, StatisticsView } from '../../api/contract.ts';
import { api } from '../api/client.ts';
import { todayIso } from './form-text.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class Statistics {
  from = $state(todayIso());
  to = $state(todayIso());
  counter = $state('');
  clerk = $state('');
  view = $state.raw<StatisticsView | null>(null);
  message = $state<string | null>(null);
  busy = $state(false);

  /** The query as typed, or the problem with it in Chinese (naming the field). */
  #query(): { from: string; to: string; counter: string | null; clerk: string | null } | string {
    const f = this.from.trim();
    const t = this.to.trim();
    if (!DAY.test(f)) return `起始日期应为“年-月-日”，如 2026-12-01，收到 "${this.from}"`;
    if (!DAY.test(t)) return `截止日期应为“年-月-日”，如 2026-12-31，收到 "${this.to}"`;
    if (f > t) return '起始日期不能晚于截止日期';
    const c = this.counter.trim().replace(/号?窗口$/, '');
    if (c && !/^\d{1,3}$/.test(c)) return `窗口应为窗口号数字，如 3，收到 "${this.counter}"`;
    return { from: f, to: t, counter: c || null, clerk: this.clerk.trim() || null };
  }

  async load(): Promise<void> {
    const q = this.#query();
    if (typeof q === 'string') {
      this.message = q;
      return;
    }
    this.busy = true;
    const result = await api.statistics(q);
    this.busy = false;
    if (!result.ok) {
      this.message = result.error.message;
      return;
    }
    this.view = result.value;
    this.message = null;
  }

  /** From the first of this month to today. */
  thisMonth(): Promise<void> {
    const today = todayIso();
    this.from = `${today.slice(0, 8)}01`;
    this.to = today;
    return this.load();
  }

  /** This counter only (its number as 设置 has it, e.g. "3号"). */
  ownCounter(counterNumber: string): Promise<void> {
    this.counter = counterNumber.replace(/\D/g, '');
    return this.load();
  }

  /** The workbook (the component hands it to the browser as a download), or null when refused. */
  async exportXlsx(): Promise<StatisticsExport | null> {
    const q = this.#query();
    if (typeof q === 'string') {
      this.message = q;
      return null;
    }
    this.busy = true;
    const result = await api.exportStatistics(q);
    this.busy = false;
    if (!result.ok) {
      this.message = result.error.message;
      return null;
    }
    this.view = result.value.view;
    this.message = `已导出 ${result.value.fileName}（汇总、按日、中断时长、未知问题四张工作表）。`;
    return result.value;
  }
}
