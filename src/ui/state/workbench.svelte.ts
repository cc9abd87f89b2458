// The counter's working state: the form, the assessment derived from it by the local
// engine, which problems the clerk is shown, the draft saved on every change, whether
// anything is unsaved (and the question before it is discarded), and the notices of the
// moment. Settings and the region list come from the services at start.
import { untrack } from 'svelte';
import { SvelteSet } from 'svelte/reactivity';
import { api } from '../api/client.ts';
import type { Bootstrap, SavedCase, Settings } from '../../api/contract.ts';
import type { Assessment } from '../../core/assessment.ts';
import type { CaseFile } from '../../core/case.ts';
import { checkAndAssess, type CheckedAssessment } from '../../core/check-and-assess.ts';
import type { EngineContext } from '../../core/engine/assess.ts';
import { PolicySet, type PolicyRow } from '../../core/policy/policy-set.ts';
import { RegionDirectory, type RegionRow } from '../../core/regions.ts';
import { plainMessage, type FieldError } from '../../core/validate.ts';
import { localDateTime } from '../format.ts';
import { newConsultation } from './assessment-notes.svelte.ts';
import { CaseForm } from './case-form.svelte.ts';
import type { FormSnapshot, HistoryRow } from './form-snapshot.ts';
import { canonicalJson, hasContent, movedToToday, normalDate, todayIso } from './form-text.ts';
import { fieldLabel, historyPath } from './field-labels.ts';

export type Screen = 'workbench' | 'cases' | 'settings' | 'policy' | 'reminders' | 'statistics';
export type UnsavedAnswer = 'save' | 'discard' | 'cancel';

/** A one-line notice under the header; every notice belongs to the screen and case it was shown with. */
export interface Notice {
  id: string;
  kind: 'info' | 'warn' | 'bad';
  text: string;
  testid?: string;
  alert?: boolean;
  actions?: Array<{ label: string; run: () => void }>;
}

/** A problem as the window shows it: plain words, and the field's label for the list. */
export interface ShownError {
  path: string;
  label: string;
  text: string;
}

/** The draft as stored: the form exactly as typed, and what it is compared with for "unsaved". */
interface DraftForm {
  version: 2;
  form: FormSnapshot;
  baseline: FormSnapshot | null;
  savedAt: string | null;
  /** The saved version of the case the form started from (a hall refuses a save over a newer one). */
  caseVersion?: number | null;
}

export class Workbench {
  readonly form = new CaseForm();
  /** This client's case on the form, for 统计's 核算案件 (assessment-notes.svelte.ts): new whenever another case is put there. */
  consultation = $state(newConsultation());
  screen = $state<Screen>('workbench');
  /** A problem reaching the services (shown until it is resolved, never as a blank screen). */
  serviceError = $state<string | null>(null);
  settings = $state<Settings>({ officeName: '', counterNumber: '', clerkName: '', defaultRegion: '' });
  regions = $state.raw<RegionRow[]>([]);
  ready = $state(false);
  notices = $state<Notice[]>([]);
  /**
   * In a service hall, the signed-in clerk's role (null on a counter's own database): a clerk
   * is not shown the administrator's controls, nor the single counter's wording.
   */
  hallRole = $state<'clerk' | 'admin' | null>(null);
  /** Set once the window is being signed out: no draft is written after the browser's copy is removed. */
  #closed = false;

  /** The region table (names, lookup chains, the resolver); CN is 全国. */
  directory = $state.raw(new RegionDirectory([]));
  regionName = (code: string): string => this.directory.name(code);
  /** The same engine as the services, on a read-only copy of the library (see Bootstrap). */
  #engine = $state.raw<EngineContext | null>(null);

  // ---- Derived from the form: the case file, its check and its assessment ----
  readonly caseFile: CaseFile = $derived.by(() => this.form.toCaseFile(this.directory));
  readonly #outcome: CheckedAssessment | null = $derived.by(() => (this.#engine ? checkAndAssess(this.caseFile, this.#engine) : null));
  readonly assessment: Assessment | null = $derived(this.#outcome?.valid ? this.#outcome.assessment : null);
  readonly errors: FieldError[] = $derived(this.#outcome && !this.#outcome.valid ? this.#outcome.errors : []);

  /** What-if (核算结果 → 如果改期缴费): the same case paid on another day. */
  whatIfDate = $state('');
  readonly #whatIfOutcome: CheckedAssessment | null = $derived.by(() => {
    // Any spelling the form's dates take (20270215, 2027/2/15, 2027年2月15日).
    const date = normalDate(this.whatIfDate);
    if (!date || !this.#engine || !this.assessment) return null;
    return checkAndAssess({ ...this.caseFile, request: { ...this.caseFile.request, paymentDate: date } }, this.#engine);
  });
  readonly whatIf: Assessment | null = $derived(this.#whatIfOutcome?.valid ? this.#whatIfOutcome.assessment : null);
  readonly whatIfError: string | null = $derived(
    this.#whatIfOutcome && !this.#whatIfOutcome.valid ? this.#whatIfOutcome.errors.map((e) => plainMessage(e)).join('；') : null,
  );

  // ---- Saved or not ----
  /** The form as last saved, opened or started (canonical JSON): differing from it is "unsaved". */
  #baseline = $state('');
  readonly dirty: boolean = $derived(canonicalJson(this.form.snapshot()) !== this.#baseline);
  /** When the case now in the form was saved to 案件 (null: never, or it came from a file). */
  savedAt = $state<string | null>(null);
  /** The saved version the form started from (sent with the save: a case saved meanwhile elsewhere is not overwritten unseen). */
  caseVersion = $state<number | null>(null);
  /** A save refused because the case was saved meanwhile at another counter: both versions, until the clerk chooses. */
  conflict = $state.raw<{ mine: CaseFile; theirs: SavedCase } | null>(null);
  draftSavedAt = $state<string | null>(null);
  /** The question before unsaved work is discarded (answered by the dialog). */
  question = $state.raw<{ resolve: (answer: UnsavedAnswer) => void } | null>(null);
  #discarded: { draft: DraftForm; caseId: string | null; after: string } | null = null;

  // ---- Which problems are shown ----
  /** Fields the clerk has left (`person.name`, `row:<key>:to`): their problems are shown. */
  readonly touched = new SvelteSet<string>();
  /** After a save or print attempt, and for a case that came in whole: every problem is shown. */
  showAll = $state(false);

  /** The sheet preview the clerk asked for (a new, unnumbered one). */
  sheetRequest = $state.raw<{ caseFile: CaseFile; caseId: string | null; noAmount?: boolean } | null>(null);

  #draftInFlight = false;
  #draftPending = false;
  #draftTimer: ReturnType<typeof setTimeout> | undefined;
  /** A change of the form not yet stored as the draft (the status says so until it is). */
  draftBehind = $state(false);

  constructor() {
    // One effect: every change of what the draft stores is saved as the draft (coalesced, never
    // dropped) — after a pause in the typing, or at once when the clerk leaves a field or the
    // window (issue 14: not a write, nor a serialised form, per keystroke). The draft is read here
    // whole (form, baseline, saved-at, case version, case id) so that the effect follows all of
    // it: a save that ends while a draft write is under way changes the baseline, and the draft
    // is written again (issue 19: else it kept the old baseline and the next start showed a false
    // 已恢复). The draft is taken afresh when it is written.
    $effect(() => {
      if (!this.ready) return;
      this.#draft();
      void this.form.caseId;
      untrack(() => this.#draftChanged());
    });
  }

  /** How long the draft waits for the typing to pause. */
  static readonly DRAFT_PAUSE_MS = 500;

  #draftChanged(): void {
    this.draftBehind = true;
    clearTimeout(this.#draftTimer);
    this.#draftTimer = setTimeout(() => this.flushDraft(), Workbench.DRAFT_PAUSE_MS);
  }

  /** Writes the draft now if a change is waiting for the pause (a field left, the window hidden or closed). */
  flushDraft(): void {
    if (this.#draftTimer === undefined || this.#closed) return;
    clearTimeout(this.#draftTimer);
    this.#draftTimer = undefined;
    this.#saveDraft(this.form.caseId, this.#draft());
  }
  #baselineSnapshot = $state.raw<FormSnapshot | null>(null);

  /** The draft as stored: the form, what it counts as saved, and the saved case's time and version. */
  #draft(): DraftForm {
    return {
      version: 2,
      form: this.form.snapshot(),
      baseline: this.#baselineSnapshot,
      savedAt: this.savedAt,
      caseVersion: this.caseVersion,
    };
  }

  async init(): Promise<void> {
    const boot = await api.bootstrap();
    if (!boot.ok) {
      this.serviceError = boot.error.message;
      this.#load(CaseForm.blank('', todayIso()), null, undefined);
      this.ready = true;
      return;
    }
    const { regions, settings, draft, policyRows, expiring } = boot.value;
    // Codes are digit strings: plain comparison (localeCompare builds a collator per call).
    this.regions = regions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    this.settings = settings;
    this.#useLibrary(regions, policyRows);
    const today = todayIso();
    if (draft) {
      const stored = draft.form as Partial<DraftForm> & Partial<FormSnapshot>;
      // A draft of an older version is the bare form: unsaved unless it is blank.
      const saved = stored.version === 2 && stored.form ? stored : null;
      const form = saved?.form ?? (stored as FormSnapshot);
      const moved = movedToToday(form, today);
      const baseline = saved ? saved.baseline : hasContent(form) ? null : form;
      this.#load(moved.snapshot, draft.caseId, baseline ? movedToToday(baseline, today).snapshot : null, saved?.savedAt ?? null);
      this.caseVersion = saved?.caseVersion ?? null;
      this.showAll = true;
      if (this.dirty && hasContent(moved.snapshot))
        this.notify({
          id: 'draft-recovered',
          kind: 'info',
          testid: 'draft-recovered',
          text: `已恢复上次未保存的录入（${localDateTime(draft.updatedAt)}）。`,
          actions: [{ label: '放弃并新建', run: () => void this.newCase() }],
        });
      if (moved.note && hasContent(moved.snapshot)) this.#asOfNote(moved.note);
    } else {
      this.#load(CaseForm.blank(settings.defaultRegion, today), null, undefined);
    }
    this.#expiryNotice(expiring);
    this.ready = true;
    // The cursor starts in 姓名, ready for the first client.
    this.focusRequest = '#person-name';
    // Interactive once the form is on screen: a frame is drawn between an animation-frame
    // callback and the task after it (issue 14: the mark came before the form was painted).
    requestAnimationFrame(() => setTimeout(() => performance.mark('yibao-interactive')));
    // The draft is written at once when the clerk leaves a field, or the window is hidden or closed.
    window.addEventListener('focusout', () => this.flushDraft());
    window.addEventListener('pagehide', () => this.flushDraft());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flushDraft();
    });
    // A hall's administrator changed the library at another counter (src/ui/hall/HallGate.svelte).
    window.addEventListener('yibao:policy-changed', () => void this.refreshPolicies());
  }

  /** After the library changed (an edit or an imported pack): a fresh copy; the assessment follows. */
  async refreshPolicies(): Promise<void> {
    const seq = ++this.#refreshSeq;
    const boot = await api.bootstrap();
    // Two refreshes close together (a hall's timer and the window's focus): an older answer
    // arriving last must not put back the library the newer one replaced.
    if (seq !== this.#refreshSeq) return;
    if (!boot.ok) {
      this.serviceError = boot.error.message;
      return;
    }
    this.#useLibrary(boot.value.regions, boot.value.policyRows);
  }

  #refreshSeq = 0;

  /** The region table and the engine's copy of the policy library (at start and after a change). */
  #useLibrary(regions: RegionRow[], policyRows: PolicyRow[]): void {
    this.directory = new RegionDirectory(regions);
    try {
      this.#engine = { policies: new PolicySet(policyRows, { invalidRows: 'flag' }), regions: this.directory };
    } catch (error) {
      this.#engine = null;
      this.serviceError = `政策库副本无法加载，不能核算：${(error as Error).message}`;
    }
  }

  /** A field the window puts the cursor in once the workbench is drawn (App.svelte takes it). */
  focusRequest = $state<string | null>(null);

  // ---- Screens and notices ----
  show(screen: Screen): void {
    if (screen !== this.screen) this.notices = [];
    this.screen = screen;
  }

  notify(notice: Notice): void {
    this.notices = [...this.notices.filter((n) => n.id !== notice.id), notice];
  }

  dismiss(id: string): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  #asOfNote(text: string): void {
    this.notify({ id: 'as-of', kind: 'info', testid: 'as-of-note', text });
  }

  #expiryNotice(all: Bootstrap['expiring']): void {
    // A counter hears about the documents its own answers rest on (its city, province and the
    // national ones), not another city's (issue 21: 深圳 and 广州 listed to a 合肥 counter); the
    // 政策库 screen lists them all. A counter without a default 参保地 hears about every one.
    const home = this.settings.defaultRegion.trim();
    const chain = home ? this.directory.chain(home) : null;
    const expiring = chain?.length ? all.filter((e) => e.regions.some((r) => chain.includes(r))) : all;
    if (!expiring.length) return;
    const expired = expiring.filter((e) => e.status === 'expired').length;
    this.notify({
      id: 'expiring',
      kind: 'warn',
      testid: 'start-expiring',
      text: `政策文件到期提醒：${expired} 个已到期，${expiring.length - expired} 个将在 90 天内到期（${expiring.map((e) => e.document.number).join('、')}）`,
      actions: [{ label: '查看政策库', run: () => this.show('policy') }],
    });
  }

  // ---- Loading, saving, discarding ----
  /** Puts a snapshot in the form; `baseline` is what it counts as saved (itself when null is not meant). */
  #load(snapshot: FormSnapshot, caseId: string | null, baseline: FormSnapshot | null | undefined, savedAt: string | null = null): void {
    this.form.restore(snapshot, caseId);
    this.consultation = newConsultation();
    this.caseVersion = null;
    this.conflict = null;
    this.#baselineSnapshot = baseline === undefined ? this.form.snapshot() : baseline;
    this.#baseline = baseline === null ? '' : canonicalJson(this.#baselineSnapshot ?? this.form.snapshot());
    this.savedAt = savedAt;
    this.whatIfDate = '';
    this.touched.clear();
    this.showAll = false;
    this.notices = [];
  }

  /** The form counts as saved as it is now. */
  #markSaved(savedAt: string | null): void {
    this.#baselineSnapshot = this.form.snapshot();
    this.#baseline = canonicalJson(this.#baselineSnapshot);
    this.savedAt = savedAt;
  }

  /**
   * Before the form is replaced: nothing unsaved is dropped without a question. Resolves
   * true when the form may be replaced (saved, or discarded with an undo kept).
   */
  async leaveCurrent(): Promise<boolean> {
    if (!this.dirty) return true;
    const answer = await new Promise<UnsavedAnswer>((resolve) => (this.question = { resolve }));
    this.question = null;
    if (answer === 'cancel') return false;
    if (answer === 'save') return this.saveCase();
    this.#discarded = { draft: this.#draft(), caseId: this.form.caseId, after: '' };
    return true;
  }

  /**
   * Before a hall clerk signs out: unsaved work is saved or discarded as the clerk answers
   * (保存 / 不保存 / 取消), then this browser's copy of the draft is removed, so the next clerk
   * at this browser finds nothing of this client. Resolves false when the clerk cancels.
   */
  async leaveForSignOut(): Promise<boolean> {
    this.flushDraft();
    if (!(await this.leaveCurrent())) return false;
    this.#closed = true;
    clearTimeout(this.#draftTimer);
    this.#draftTimer = undefined;
    await api.clearDraft();
    return true;
  }

  /** After an action that replaced the form: offer to undo the discard it made. */
  #offerUndo(): void {
    const discarded = this.#discarded;
    if (!discarded) return;
    discarded.after = canonicalJson(this.form.snapshot());
    this.notify({
      id: 'discarded',
      kind: 'info',
      testid: 'discarded',
      text: '已放弃未保存的录入。',
      actions: [{ label: '撤销', run: () => void this.undoDiscard() }],
    });
  }

  /**
   * The next case was saved or its sheet handed out: it is the clerk's work now, and an undo
   * of the case before (issue 21: 已放弃未保存的录入 / 撤销 still offered after both) would only confuse.
   */
  #settleDiscard(): void {
    this.#discarded = null;
    this.dismiss('discarded');
  }

  /** A sheet of the case in the form was numbered (printed or saved as PDF). */
  sheetIssued(): void {
    this.#settleDiscard();
  }

  /** Brings back what the last 不保存 discarded (asking first if the form changed since). */
  async undoDiscard(): Promise<void> {
    const discarded = this.#discarded;
    if (!discarded) return;
    if (canonicalJson(this.form.snapshot()) !== discarded.after && !(await this.leaveCurrent())) return;
    this.#discarded = null;
    const { draft, caseId } = discarded;
    this.#load(draft.form, caseId, draft.baseline, draft.savedAt);
    this.caseVersion = draft.caseVersion ?? null;
    this.showAll = true;
  }

  async newCase(): Promise<boolean> {
    this.#discarded = null;
    if (!(await this.leaveCurrent())) return false;
    this.#load(CaseForm.blank(this.settings.defaultRegion, todayIso()), null, undefined);
    this.show('workbench');
    this.#offerUndo();
    return true;
  }

  async openCase(id: string): Promise<boolean> {
    this.#discarded = null;
    if (!(await this.leaveCurrent())) return false;
    const result = await api.getCase(id);
    if (!result.ok) {
      this.serviceError = result.error.message;
      return false;
    }
    this.#opened(CaseForm.snapshotOf(result.value.caseFile), result.value.id, result.value.updatedAt);
    this.caseVersion = result.value.version;
    return true;
  }

  /** An opened case file goes into the form (it is saved only when the clerk saves). */
  async loadCaseFile(caseFile: CaseFile): Promise<boolean> {
    this.#discarded = null;
    if (!(await this.leaveCurrent())) return false;
    this.#opened(CaseForm.snapshotOf(caseFile), null, null);
    return true;
  }

  /** A case that came in whole: assessed as of today, every problem shown. */
  #opened(snapshot: FormSnapshot, caseId: string | null, savedAt: string | null): void {
    const moved = movedToToday(snapshot, todayIso());
    this.#load(moved.snapshot, caseId, undefined, savedAt);
    this.showAll = true;
    this.show('workbench');
    this.focusRequest = '#person-name';
    if (moved.note) this.#asOfNote(moved.note);
    this.#offerUndo();
  }

  /** Rows from a statement instead of the typed ones (asked first when they are unsaved). */
  async replaceRows(rows: HistoryRow[]): Promise<boolean> {
    this.#discarded = null;
    if (this.form.filledRows.length && !(await this.leaveCurrent())) return false;
    this.form.history = rows.length ? rows : [this.form.newRow()];
    this.showAll = true;
    this.#offerUndo();
    return true;
  }

  async saveCase(): Promise<boolean> {
    const caseFile = this.caseFile;
    const result = await api.saveCase({ id: this.form.caseId, caseFile, version: this.form.caseId ? this.caseVersion : null });
    if (!result.ok && result.error.code === 'CONFLICT' && result.error.conflict) {
      this.conflict = { mine: caseFile, theirs: result.error.conflict };
      return false;
    }
    if (!result.ok) {
      this.showAll = true;
      this.notify({ id: 'save', kind: 'bad', alert: true, text: result.error.message });
      return false;
    }
    this.form.caseId = result.value.id;
    this.caseVersion = result.value.version;
    this.#markSaved(result.value.updatedAt);
    this.#settleDiscard();
    this.dismiss('save');
    this.serviceError = null;
    return true;
  }

  /**
   * The clerk's choice after a conflict: overwrite with their version (knowing the other), save
   * theirs as a new case, take the saved version, or go on editing. Nothing is dropped unasked.
   */
  async resolveConflict(choice: 'overwrite' | 'new' | 'theirs' | 'keep-editing'): Promise<void> {
    const conflict = this.conflict;
    if (!conflict) return;
    this.conflict = null;
    if (choice === 'keep-editing') return;
    if (choice === 'theirs') {
      this.#opened(CaseForm.snapshotOf(conflict.theirs.caseFile), conflict.theirs.id, conflict.theirs.updatedAt);
      this.caseVersion = conflict.theirs.version;
      return;
    }
    if (choice === 'new') this.form.caseId = null;
    else this.caseVersion = conflict.theirs.version;
    await this.saveCase();
  }

  /** Ctrl+P / 出具告知单: the unnumbered preview of the case as it is now (problems first). */
  requestSheet(): void {
    if (!this.assessment) {
      this.showAll = true;
      return;
    }
    // A sheet with months to pay and no amount at all: the preview says so before it is printed.
    const noAmount = this.assessment.backPay.months.length > 0 && this.assessment.backPay.totalFen === null;
    this.sheetRequest = { caseFile: this.caseFile, caseId: this.form.caseId, noAmount };
  }

  #saveDraft(caseId: string | null, draft: DraftForm): void {
    if (this.#closed) return;
    if (this.#draftInFlight) {
      this.#draftPending = true;
      return;
    }
    this.#draftInFlight = true;
    void api.saveDraft({ caseId, form: draft }).then((result) => {
      this.#draftInFlight = false;
      if (result.ok) this.draftSavedAt = result.value.updatedAt;
      else this.serviceError = `草稿未能保存：${result.error.message}`;
      if (this.#draftPending) {
        this.#draftPending = false;
        // The latest form, not the one this write carried.
        this.#saveDraft(this.form.caseId, this.#draft());
      } else if (this.#draftTimer === undefined && result.ok) this.draftBehind = false;
    });
  }

  async saveSettings(settings: Settings): Promise<boolean> {
    const result = await api.saveSettings(settings);
    if (!result.ok) {
      this.serviceError = result.error.message;
      return false;
    }
    this.settings = result.value;
    return true;
  }

  // ---- Problems as the clerk sees them ----
  /** The field a problem is about has been left (or everything is shown). */
  #visible(path: string): boolean {
    if (this.showAll) return true;
    const row = historyPath(path);
    if (!row) return this.touched.has(path);
    const key = this.form.rowKeyOfHistoryIndex(row.index);
    return key !== null && this.touched.has(`row:${key}:${row.field || 'to'}`);
  }

  /** The typed text of a region field when it is a name the resolver cannot read: its message wins. */
  #regionProblem(path: string): string | null {
    const row = historyPath(path);
    const text =
      path === 'region'
        ? this.form.region
        : path === 'request.transferFrom'
          ? this.form.request.transferFrom
          : row?.field === 'region'
            ? (this.form.filledRows[row.index]?.region ?? '')
            : '';
    if (!text.trim() || /^\d{6}$/.test(text.trim())) return null;
    const resolved = this.directory.resolve(text);
    return resolved && !resolved.ok ? resolved.message : null;
  }

  /** 1-based number of a history row in the grid. */
  rowNumber(key: number): number {
    return this.form.history.findIndex((r) => r.key === key) + 1;
  }

  readonly #allShown: Array<ShownError & { visible: boolean }> = $derived(
    this.errors.map((e) => {
      const row = historyPath(e.path);
      const key = row ? this.form.rowKeyOfHistoryIndex(row.index) : null;
      return {
        path: e.path,
        label: fieldLabel(e.path, key === null ? undefined : this.rowNumber(key)),
        text: this.#regionProblem(e.path) ?? plainMessage(e),
        visible: this.#visible(e.path),
      };
    }),
  );
  /** The problems shown now (fields left, or all after a save attempt). */
  readonly shownErrors: ShownError[] = $derived(this.#allShown.filter((e) => e.visible));
  /** Labels of fields still to be filled in or put right, not yet shown as problems. */
  readonly pendingLabels: string[] = $derived(
    this.#allShown
      .filter((e) => !e.visible)
      .flatMap((e, i, hidden) => (hidden.findIndex((h) => h.label === e.label) === i ? [e.label] : [])),
  );

  /** Shown problems of a field path. */
  errorsAt(path: string): string[] {
    return this.shownErrors.filter((e) => e.path === path).map((e) => e.text);
  }

  /** Shown problems of a history row (any of its fields, or the row itself), by form row key. */
  rowErrors(key: number): Array<{ field: string; label: string; text: string }> {
    const out: Array<{ field: string; label: string; text: string }> = [];
    for (const e of this.shownErrors) {
      const row = historyPath(e.path);
      if (row && this.form.rowKeyOfHistoryIndex(row.index) === key) out.push({ field: row.field, label: e.label, text: e.text });
    }
    return out;
  }

  /** The clerk left a field: its problems may show now. */
  touch(key: string): void {
    this.touched.add(key);
  }
}
