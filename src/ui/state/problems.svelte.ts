// Which of the case's problems the clerk is shown, and in what words: a field's problems once
// the clerk has left it, every problem after a save or print attempt and for a case that came
// in whole; the rest listed only by label as still to be filled in.
import { SvelteSet } from 'svelte/reactivity';
import type { RegionDirectory } from '../../core/regions.ts';
import { plainMessage, type FieldError } from '../../core/validate.ts';
import type { CaseForm } from './case-form.svelte.ts';
import { fieldLabel, historyPath } from './field-labels.ts';

/** A problem as the window shows it: plain words, and the field's label for the list. */
export interface ShownError {
  path: string;
  label: string;
  text: string;
}

export class ShownProblems {
  /** Fields the clerk has left (`person.name`, `row:<key>:to`): their problems are shown. */
  readonly touched = new SvelteSet<string>();
  /** After a save or print attempt, and for a case that came in whole: every problem is shown. */
  showAll = $state(false);

  readonly #form: CaseForm;
  readonly #errors: () => FieldError[];
  readonly #directory: () => RegionDirectory;

  /** `errors`: the problems of the case in the form now; `directory`: the region table now. */
  constructor(form: CaseForm, errors: () => FieldError[], directory: () => RegionDirectory) {
    this.#form = form;
    this.#errors = errors;
    this.#directory = directory;
  }

  /** A new case in the form: nothing left yet, nothing shown until it is. */
  reset(): void {
    this.touched.clear();
    this.showAll = false;
  }

  /** The clerk left a field: its problems may show now. */
  touch(key: string): void {
    this.touched.add(key);
  }

  /** 1-based number of a history row in the grid. */
  rowNumber(key: number): number {
    return this.#form.history.findIndex((r) => r.key === key) + 1;
  }

  /** The field a problem is about has been left (or everything is shown). */
  #visible(path: string): boolean {
    if (this.showAll) return true;
    const row = historyPath(path);
    if (!row) return this.touched.has(path);
    const key = this.#form.rowKeyOfHistoryIndex(row.index);
    return key !== null && this.touched.has(`row:${key}:${row.field || 'to'}`);
  }

  /** The typed text of a region field when it is a name the resolver cannot read: its message wins. */
  #regionProblem(path: string): string | null {
    const row = historyPath(path);
    const form = this.#form;
    const text =
      path === 'region'
        ? form.region
        : path === 'request.transferFrom'
          ? form.request.transferFrom
          : row?.field === 'region'
            ? (form.filledRows[row.index]?.region ?? '')
            : '';
    if (!text.trim() || /^\d{6}$/.test(text.trim())) return null;
    const resolved = this.#directory().resolve(text);
    return resolved && !resolved.ok ? resolved.message : null;
  }

  readonly #all: Array<ShownError & { visible: boolean }> = $derived.by(() =>
    this.#errors().map((e) => {
      const row = historyPath(e.path);
      const key = row ? this.#form.rowKeyOfHistoryIndex(row.index) : null;
      return {
        path: e.path,
        label: fieldLabel(e.path, key === null ? undefined : this.rowNumber(key)),
        text: this.#regionProblem(e.path) ?? plainMessage(e),
        visible: this.#visible(e.path),
      };
    }),
  );
  /** The problems shown now (fields left, or all after a save attempt). */
  readonly shown: ShownError[] = $derived(this.#all.filter((e) => e.visible));
  /** Labels of fields still to be filled in or put right, not yet shown as problems. */
  readonly pendingLabels: string[] = $derived(
    this.#all.filter((e) => !e.visible).flatMap((e, i, hidden) => (hidden.findIndex((h) => h.label === e.label) === i ? [e.label] : [])),
  );

  /** Shown problems of a field path. */
  at(path: string): string[] {
    return this.shown.filter((e) => e.path === path).map((e) => e.text);
  }

  /** Shown problems of a history row (any of its fields, or the row itself), by form row key. */
  ofRow(key: number): Array<{ field: string; label: string; text: string }> {
    const out: Array<{ field: string; label: string; text: string }> = [];
    for (const e of this.shown) {
      const row = historyPath(e.path);
      if (row && this.#form.rowKeyOfHistoryIndex(row.index) === key) out.push({ field: row.field, label: e.label, text: e.text });
    }
    return out;
  }
}
