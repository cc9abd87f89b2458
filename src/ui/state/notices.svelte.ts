// The one-line notices under the header. Each belongs to the screen and the case it was shown
// with: the workbench clears them when either changes (Workbench.show and loading a case).

/** A notice: its id (a newer notice with the same id replaces it), kind, words and actions. */
export interface Notice {
  id: string;
  kind: 'info' | 'warn' | 'bad';
  text: string;
  testid?: string;
  alert?: boolean;
  actions?: Array<{ label: string; run: () => void }>;
}

export class Notices {
  list = $state<Notice[]>([]);

  /** Shows a notice, in place of one with the same id. */
  notify(notice: Notice): void {
    this.list = [...this.list.filter((n) => n.id !== notice.id), notice];
  }

  dismiss(id: string): void {
    this.list = this.list.filter((n) => n.id !== id);
  }

  clear(): void {
    this.list = [];
  }
}
