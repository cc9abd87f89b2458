// The draft saved as the clerk types (issue 14: not a write, nor a serialised form, per
// keystroke; issue 19: never a write lost or landing out of order). Every change of what the
// draft stores is saved, coalesced and never dropped: after a pause in the typing, or at once
// when the clerk leaves a field or the window. One write at a time, each carrying the form as it
// is when it is sent (src/ui/state/latest.ts, serial).
import { untrack } from 'svelte';
import { api } from '../api/client.ts';
import type { FormSnapshot } from './form-snapshot.ts';
import { Latest } from './latest.ts';

/** The draft as stored: the form exactly as typed, and what it is compared with for "unsaved". */
export interface DraftForm {
  version: 2;
  form: FormSnapshot;
  baseline: FormSnapshot | null;
  savedAt: string | null;
  /** The saved version of the case the form started from (a hall refuses a save over a newer one). */
  caseVersion?: number | null;
}

export class DraftAutosave {
  /** How long the draft waits for the typing to pause. */
  static readonly PAUSE_MS = 500;

  /** When the draft was last stored with the form as it is (the status line says so). */
  savedAt = $state<string | null>(null);
  /** A change of the form not yet stored as the draft (the status says so until it is). */
  behind = $state(false);
  readonly #writes: Latest<Awaited<ReturnType<typeof api.saveDraft>>>;

  /**
   * `read` is the draft as it is now, read whole (form, baseline, saved-at, case version, case
   * id) so that the autosave follows all of it: a save that ends while a draft write is under
   * way changes the baseline, and the draft is written again (issue 19: else it kept the old
   * baseline and the next start showed a false 已恢复). `ready` holds it back until the form
   * is loaded; `failed` hears why a write was refused.
   */
  constructor(read: () => { caseId: string | null; form: DraftForm }, ready: () => boolean, failed: (message: string) => void) {
    this.#writes = new Latest(
      () => api.saveDraft(read()),
      (result) => {
        if (!result.ok) return failed(`草稿未能保存：${result.error.message}`);
        this.savedAt = result.value.updatedAt;
        this.behind = false;
      },
      { pauseMs: DraftAutosave.PAUSE_MS, serial: true },
    );
    $effect(() => {
      if (!ready()) return;
      read();
      untrack(() => {
        this.behind = true;
        void this.#writes.request();
      });
    });
  }

  /** The draft is written at once when the clerk leaves a field, or the window is hidden or closed. */
  listen(): void {
    window.addEventListener('focusout', () => this.flush());
    window.addEventListener('pagehide', () => this.flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flush();
    });
  }

  /** Writes the draft now if a change is waiting for the pause (a field left, the window hidden or closed). */
  flush(): void {
    this.#writes.flush();
  }

  /** No draft is written any more (the window is being signed out); resolves once a write under way has landed. */
  close(): Promise<void> {
    return this.#writes.close();
  }
}
