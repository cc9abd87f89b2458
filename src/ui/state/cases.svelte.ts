// 案件 (F3): the saved cases found for what is typed, the printed sheets of one case, a reprint,
// a deletion asked about in the page. The search waits for the typing to pause (issue 14: not a
// search per keystroke) and shows only the newest search's answer (src/ui/state/latest.ts).
import type { CaseSummary, IssuedSheet, SheetSummary } from '../../api/contract.ts';
import { api } from '../api/client.ts';
import { Latest } from './latest.ts';
import type { Workbench } from './workbench.svelte.ts';

export class CaseList {
  /** Typing waits this long for the next key before it searches. */
  static readonly TYPING_PAUSE_MS = 150;

  query = $state('');
  cases = $state.raw<CaseSummary[]>([]);
  message = $state<string | null>(null);
  /** The case whose printed sheets are listed, and the list. */
  sheetsOf = $state<string | null>(null);
  sheetList = $state.raw<SheetSummary[]>([]);
  /** A printed sheet shown again for a reprint, exactly as handed out. */
  preview = $state.raw<IssuedSheet | null>(null);
  /** The case whose deletion is being asked about (an in-page question, never the browser's confirm()). */
  deleting = $state.raw<CaseSummary | null>(null);

  readonly #workbench: Workbench;
  readonly #searches = new Latest(
    () => api.listCases({ text: this.query, limit: 50 }),
    (result) => {
      if (result.ok) this.cases = result.value;
      else this.message = result.error.message;
    },
  );

  constructor(workbench: Workbench) {
    this.#workbench = workbench;
  }

  /** Searches for what is typed, after `pause` ms (a search still waiting is replaced). */
  search(pause = 0): Promise<boolean> {
    return this.#searches.request(pause);
  }

  /**
   * Enter: the first case found for what is typed now is opened (typed fast, the list may still
   * be on its way: the waiting search starts at once and its answer is awaited). Nothing opens
   * when the clerk typed on meanwhile.
   */
  async openFirst(): Promise<void> {
    this.#searches.flush();
    const answered = await this.#searches.settled();
    const [first] = this.cases;
    if (answered && first) await this.open(first.id);
  }

  /** Opening another case asks first when the one in the form has unsaved changes. */
  open(id: string): Promise<boolean> {
    return this.#workbench.openCase(id);
  }

  /** The printed sheets of a case, each reprintable (a second click closes the list). */
  async toggleSheets(id: string): Promise<void> {
    if (this.sheetsOf === id) {
      this.sheetsOf = null;
      return;
    }
    const result = await api.listSheets(id);
    if (!result.ok) {
      this.message = result.error.message;
      return;
    }
    this.sheetsOf = id;
    this.sheetList = result.value;
  }

  async reprint(number: string): Promise<void> {
    const result = await api.getSheet(number);
    if (result.ok) this.preview = result.value;
    else this.message = result.error.message;
  }

  /** The answer to the deletion question. */
  async remove(c: CaseSummary, confirmed: boolean): Promise<void> {
    this.deleting = null;
    if (!confirmed) return;
    const result = await api.deleteCase(c.id);
    this.message = result.ok ? `已删除 ${c.personName} 的案件（已移入回收站，管理员可以恢复）` : result.error.message;
    void this.search();
  }

  /** The screen is gone: a search still waiting is dropped. */
  close(): void {
    void this.#searches.close();
  }
}
