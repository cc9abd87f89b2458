// The counter's working state: the case in the form and the assessment derived from it by the
// local engine; whether anything is unsaved, the question before a discard and the undo after;
// saving, opening and replacing the case. Its parts live beside it: the draft's autosave
// (autosave.svelte.ts), the notices (notices.svelte.ts), which problems are shown
// (problems.svelte.ts) and the library's copy (library.svelte.ts), read at start.
import { api } from '../api/client.ts';
import type { Bootstrap, SavedCase, Settings } from '../../api/contract.ts';
import type { Assessment } from '../../core/assessment.ts';
import type { CaseFile } from '../../core/case.ts';
import { checkAndAssess, type CheckedAssessment } from '../../core/check-and-assess.ts';
import type { RegionDirectory, RegionRow } from '../../core/regions.ts';
import { plainMessage, type FieldError } from '../../core/validate.ts';
import { localDateTime } from '../format.ts';
import { newConsultation } from './assessment-notes.svelte.ts';
import { DraftAutosave, type DraftForm } from './autosave.svelte.ts';
import { CaseForm } from './case-form.svelte.ts';
import type { FormSnapshot, HistoryRow } from './form-snapshot.ts';
import { canonicalJson, hasContent, movedToToday, normalDate, todayIso } from './form-text.ts';
import { LibraryCopy } from './library.svelte.ts';
import { Notices } from './notices.svelte.ts';
import { ShownProblems } from './problems.svelte.ts';

export type Screen = 'workbench' | 'cases' | 'settings' | 'policy' | 'reminders' | 'statistics';
export type UnsavedAnswer = 'save' | 'discard' | 'cancel';

export class Workbench {
  readonly form = new CaseForm();
  /** This client's case on the form, for 统计's 核算案件 (assessment-notes.svelte.ts): new whenever another case is put there. */
  consultation = $state(newConsultation());
  screen = $state<Screen>('workbench');
  /** A problem reaching the services (shown until it is resolved, never as a blank screen). */
  serviceError = $state<string | null>(null);
  settings = $state<Settings>({ officeName: '', counterNumber: '', clerkName: '', defaultRegion: '' });
  ready = $state(false);
  /** The notices of the moment, under the header. */
  readonly notices = new Notices();
  /**
   * In a service hall, the signed-in clerk's role (null on a counter's own database): a clerk
   * is not shown the administrator's controls, nor the single counter's wording.
   */
  hallRole = $state<'clerk' | 'admin' | null>(null);

  /** The region table and the engine's read-only copy of the library. */
  readonly library = new LibraryCopy((message) => (this.serviceError = message));
  get regions(): RegionRow[] {
    return this.library.regions;
  }
  /** The region table (names, lookup chains, the resolver); CN is 全国. */
  get directory(): RegionDirectory {
    return this.library.directory;
  }
  regionName = (code: string): string => this.directory.name(code);

  // ---- Derived from the form: the case file, its check and its assessment ----
  readonly caseFile: CaseFile = $derived.by(() => this.form.toCaseFile(this.directory));
  readonly #outcome: CheckedAssessment | null = $derived.by(() =>
    this.library.engine ? checkAndAssess(this.caseFile, this.library.engine) : null,
  );
  readonly assessment: Assessment | null = $derived(this.#outcome?.valid ? this.#outcome.assessment : null);
  readonly errors: FieldError[] = $derived(this.#outcome && !this.#outcome.valid ? this.#outcome.errors : []);
  /** Which of those problems the clerk is shown. */
  readonly problems = new ShownProblems(
    this.form,
    () => this.errors,
    () => this.directory,
  );

  /** What-if (核算结果 → 如果改期缴费): the same case paid on another day. */
  whatIfDate = $state('');
  readonly #whatIfOutcome: CheckedAssessment | null = $derived.by(() => {
    // Any spelling the form's dates take (20270215, 2027/2/15, 2027年2月15日).
    const date = normalDate(this.whatIfDate);
    const engine = this.library.engine;
    if (!date || !engine || !this.assessment) return null;
    return checkAndAssess({ ...this.caseFile, request: { ...this.caseFile.request, paymentDate: date } }, engine);
  });
  readonly whatIf: Assessment | null = $derived(this.#whatIfOutcome?.valid ? this.#whatIfOutcome.assessment : null);
  readonly whatIfError: string | null = $derived(
    this.#whatIfOutcome && !this.#whatIfOutcome.valid ? this.#whatIfOutcome.errors.map((e) => plainMessage(e)).join('；') : null,
  );

  // ---- Saved or not ----
  /** The form as last saved, opened or started (canonical JSON): differing from it is "unsaved". */
  #baseline = $state('');
  #baselineSnapshot = $state.raw<FormSnapshot | null>(null);
  readonly dirty: boolean = $derived(canonicalJson(this.form.snapshot()) !== this.#baseline);
  /** When the case now in the form was saved to 案件 (null: never, or it came from a file). */
  savedAt = $state<string | null>(null);
  /** The saved version the form started from (sent with the save: a case saved meanwhile elsewhere is not overwritten unseen). */
  caseVersion = $state<number | null>(null);
  /** A save refused because the case was saved meanwhile at another counter: both versions, until the clerk chooses. */
  conflict = $state.raw<{ mine: CaseFile; theirs: SavedCase } | null>(null);
  /** The question before unsaved work is discarded (answered by the dialog). */
  question = $state.raw<{ resolve: (answer: UnsavedAnswer) => void } | null>(null);
  #discarded: { draft: DraftForm; caseId: string | null; after: string } | null = null;

  /** The sheet preview the clerk asked for (a new, unnumbered one). */
  sheetRequest = $state.raw<{ caseFile: CaseFile; caseId: string | null; noAmount?: boolean } | null>(null);
  /** A field the window puts the cursor in once the workbench is drawn (App.svelte takes it). */
  focusRequest = $state<string | null>(null);

  /** The draft, saved as the clerk types. */
  readonly autosave = new DraftAutosave(
    () => ({ caseId: this.form.caseId, form: this.#draft() }),
    () => this.ready,
    (message) => (this.serviceError = message),
  );

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
    this.settings = settings;
    this.library.use(regions, policyRows, (message) => (this.serviceError = message));
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
      this.problems.showAll = true;
      if (this.dirty && hasContent(moved.snapshot))
        this.notices.notify({
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
    this.autosave.listen();
    // A hall's administrator changed the library at another counter (src/ui/hall/HallGate.svelte).
    window.addEventListener('yibao:policy-changed', () => void this.refreshPolicies());
  }

  /** After the library changed (an edit or an imported pack): a fresh copy; the assessment follows. */
  refreshPolicies(): Promise<void> {
    return this.library.refresh();
  }

  // ---- Screens and notices ----
  show(screen: Screen): void {
    if (screen !== this.screen) this.notices.clear();
    this.screen = screen;
  }

  #asOfNote(text: string): void {
    this.notices.notify({ id: 'as-of', kind: 'info', testid: 'as-of-note', text });
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
    this.notices.notify({
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
    this.problems.reset();
    this.notices.clear();
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
    this.autosave.flush();
    if (!(await this.leaveCurrent())) return false;
    // No draft is written after the browser's copy is removed.
    await this.autosave.close();
    await api.clearDraft();
    return true;
  }

  /** After an action that replaced the form: offer to undo the discard it made. */
  #offerUndo(): void {
    const discarded = this.#discarded;
    if (!discarded) return;
    discarded.after = canonicalJson(this.form.snapshot());
    this.notices.notify({
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
    this.notices.dismiss('discarded');
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
    this.problems.showAll = true;
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
    this.problems.showAll = true;
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
    this.problems.showAll = true;
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
      this.problems.showAll = true;
      this.notices.notify({ id: 'save', kind: 'bad', alert: true, text: result.error.message });
      return false;
    }
    this.form.caseId = result.value.id;
    this.caseVersion = result.value.version;
    this.#markSaved(result.value.updatedAt);
    this.#settleDiscard();
    this.notices.dismiss('save');
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
      this.problems.showAll = true;
      return;
    }
    // A sheet with months to pay and no amount at all: the preview says so before it is printed.
    const noAmount = this.assessment.backPay.months.length > 0 && this.assessment.backPay.totalFen === null;
    this.sheetRequest = { caseFile: this.caseFile, caseId: this.form.caseId, noAmount };
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
}
