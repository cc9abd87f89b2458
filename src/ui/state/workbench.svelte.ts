// The counter's working state: the form, the live assessment, the autosaved draft,
// settings and the region list. Every change is assessed at once (a newer request
// supersedes an older one) and saved as a draft (writes are coalesced, never dropped).
import { api } from '../api/client.ts';
import type { AssessOutcome, Bootstrap, Result, SavedCase, Settings } from '../../api/contract.ts';
import type { CaseFile } from '../../core/case.ts';
import type { Assessment } from '../../core/assessment.ts';
import { assess, type EngineContext } from '../../core/engine/assess.ts';
import { PolicySet, type PolicyRow } from '../../core/policy/policy-set.ts';
import { RegionDirectory, type RegionRow } from '../../core/regions.ts';
import { validateCase, type FieldError } from '../../core/validate.ts';
import { CaseForm, type FormSnapshot } from './case-form.svelte.ts';

export class Workbench {
  readonly form = new CaseForm();
  assessment = $state.raw<Assessment | null>(null);
  errors = $state.raw<FieldError[]>([]);
  /** A problem reaching the services (shown as a banner, never as a blank screen). */
  serviceError = $state<string | null>(null);
  settings = $state<Settings>({ officeName: '', counterNumber: '', clerkName: '', defaultRegion: '' });
  regions = $state.raw<RegionRow[]>([]);
  expiring = $state.raw<Bootstrap['expiring']>([]);
  draftSavedAt = $state<string | null>(null);
  recoveredDraftAt = $state<string | null>(null);
  savedAt = $state<string | null>(null);
  /** The saved version the form started from (sent with the save: a case saved meanwhile elsewhere is not overwritten unseen). */
  caseVersion = $state<number | null>(null);
  /** A save refused because the case was saved meanwhile at another counter: both versions, until the clerk chooses. */
  conflict = $state.raw<{ message: string; mine: CaseFile; theirs: SavedCase } | null>(null);
  ready = $state(false);

  #assessSeq = 0;
  #draftInFlight = false;
  #draftPending = false;

  /** The region table (names, lookup chains); CN is 全国, an unknown code is shown as itself. */
  directory = $state.raw(new RegionDirectory([]));
  regionName = (code: string): string => this.directory.name(code);

  /** The same engine as the services, on a read-only copy of the library (see Bootstrap). */
  #engine: EngineContext | null = null;

  async init(): Promise<void> {
    const boot = await api.bootstrap();
    if (!boot.ok) {
      this.serviceError = boot.error.message;
      this.form.reset('');
      this.ready = true;
      return;
    }
    const { regions, settings, draft, policyRows, expiring } = boot.value;
    this.expiring = expiring;
    // Codes are digit strings: plain comparison (localeCompare builds a collator per call).
    this.regions = regions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    this.settings = settings;
    this.#useLibrary(regions, policyRows);
    if (draft) {
      this.form.restore(draft.form as FormSnapshot, draft.caseId);
      this.recoveredDraftAt = draft.updatedAt;
    } else {
      this.form.reset(settings.defaultRegion);
    }
    this.ready = true;
    performance.mark('yibao-interactive');
    // A hall's administrator changed the library at another counter (src/ui/hall/HallGate.svelte).
    window.addEventListener('yibao:policy-changed', () => void this.refreshPolicies());
  }

  /** After the library changed (an edit or an imported pack): a fresh copy, then re-assess. */
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
    this.expiring = boot.value.expiring;
    void this.reassess();
  }

  #refreshSeq = 0;

  /** The region table and the engine's copy of the policy library (at start and after a change). */
  #useLibrary(regions: RegionRow[], policyRows: PolicyRow[]): void {
    this.directory = new RegionDirectory(regions);
    try {
      this.#engine = { policies: new PolicySet(policyRows, { invalidRows: 'flag' }), regions: this.directory };
    } catch (error) {
      // Without the copy, every change is assessed by the services instead.
      this.#engine = null;
      this.serviceError = `政策库副本无法加载，改由服务端核算：${(error as Error).message}`;
    }
  }

  /** Called on every form change (from an effect that reads the whole form). */
  changed(): void {
    void this.reassess();
    this.saveDraft();
  }

  /** Milliseconds from the last change to its assessment on screen (read by the benchmark). */
  lastAssessMs = $state<number | null>(null);

  async reassess(): Promise<void> {
    const seq = ++this.#assessSeq;
    const started = performance.now();
    const result = await this.#assessCaseFile(this.form.toCaseFile());
    if (seq !== this.#assessSeq) return; // a newer keystroke already asked
    this.lastAssessMs = performance.now() - started;
    if (!result.ok) {
      this.serviceError = result.error.message;
      return;
    }
    if (!this.#engine) this.serviceError = null;
    if (result.value.valid) {
      this.assessment = result.value.assessment;
      this.errors = [];
    } else {
      this.errors = result.value.errors;
    }
    // The comparison always describes the case as it is now, never an earlier version of it.
    if (this.whatIfDate) void this.#runWhatIf();
  }

  /** The local engine when the library copy loaded (no round trip per keystroke), else the services. */
  async #assessCaseFile(caseFile: unknown): Promise<Result<AssessOutcome>> {
    if (!this.#engine) return api.assess(caseFile);
    const validated = validateCase(caseFile, this.#engine.regions);
    return {
      ok: true,
      value: validated.ok ? { valid: true, assessment: assess(validated.value, this.#engine) } : { valid: false, errors: validated.errors },
    };
  }

  /** What-if (核算结果 → 如果改期缴费): the same case paid on another day. */
  whatIfDate = $state('');
  whatIf = $state.raw<Assessment | null>(null);
  whatIfError = $state<string | null>(null);
  #whatIfSeq = 0;

  setWhatIfDate(date: string): Promise<void> {
    this.whatIfDate = date.trim();
    return this.#runWhatIf();
  }

  async #runWhatIf(): Promise<void> {
    const seq = ++this.#whatIfSeq;
    const date = this.whatIfDate;
    if (!date) {
      this.whatIf = null;
      this.whatIfError = null;
      return;
    }
    const caseFile = this.form.toCaseFile();
    const result = await this.#assessCaseFile({ ...caseFile, request: { ...caseFile.request, paymentDate: date } });
    if (seq !== this.#whatIfSeq) return; // a later date or a later change already asked
    if (!result.ok) {
      this.whatIf = null;
      this.whatIfError = result.error.message;
    } else if (!result.value.valid) {
      this.whatIf = null;
      this.whatIfError = result.value.errors.map((e) => e.message).join('；');
    } else {
      this.whatIf = result.value.assessment;
      this.whatIfError = null;
    }
  }

  saveDraft(): void {
    if (this.#draftInFlight) {
      this.#draftPending = true;
      return;
    }
    this.#draftInFlight = true;
    void api.saveDraft({ caseId: this.form.caseId, form: this.form.snapshot() }).then((result) => {
      this.#draftInFlight = false;
      if (result.ok) this.draftSavedAt = result.value.updatedAt;
      else this.serviceError = `草稿未能保存：${result.error.message}`;
      if (this.#draftPending) {
        this.#draftPending = false;
        this.saveDraft();
      }
    });
  }

  async saveCase(): Promise<boolean> {
    const caseFile = this.form.toCaseFile();
    const result = await api.saveCase({ id: this.form.caseId, caseFile, version: this.form.caseId ? this.caseVersion : null });
    if (!result.ok && result.error.code === 'CONFLICT' && result.error.conflict) {
      this.conflict = { message: result.error.message, mine: caseFile as CaseFile, theirs: result.error.conflict };
      return false;
    }
    if (!result.ok) {
      if (result.error.fields) this.errors = result.error.fields;
      this.serviceError = result.error.message;
      return false;
    }
    this.form.caseId = result.value.id;
    this.caseVersion = result.value.version;
    this.savedAt = result.value.updatedAt;
    this.serviceError = null;
    this.saveDraft();
    return true;
  }

  async openCase(id: string): Promise<boolean> {
    const result = await api.getCase(id);
    if (!result.ok) {
      this.serviceError = result.error.message;
      return false;
    }
    this.form.loadCaseFile(result.value.caseFile, result.value.id);
    this.#anotherCase(result.value.updatedAt);
    this.caseVersion = result.value.version;
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
      this.form.loadCaseFile(conflict.theirs.caseFile, conflict.theirs.id);
      this.#anotherCase(conflict.theirs.updatedAt);
      this.caseVersion = conflict.theirs.version;
      return;
    }
    if (choice === 'new') this.form.caseId = null;
    else this.caseVersion = conflict.theirs.version;
    await this.saveCase();
  }

  /** An opened case file goes into the form (it is saved only when the clerk saves). */
  loadCaseFile(caseFile: Parameters<CaseForm['loadCaseFile']>[0]): void {
    this.form.loadCaseFile(caseFile, null);
    this.#anotherCase(null);
  }

  newCase(): void {
    this.form.reset(this.settings.defaultRegion);
    this.assessment = null;
    this.errors = [];
    this.#anotherCase(null);
  }

  /** The form now holds another case: its own saved time, no recovered draft, no what-if of the last one. */
  #anotherCase(savedAt: string | null): void {
    this.savedAt = savedAt;
    this.caseVersion = null;
    this.recoveredDraftAt = null;
    void this.setWhatIfDate('');
    this.changed();
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

  /** Errors for a field path (`person.name`, `history[2].to`, `request.paymentDate`). */
  errorsAt(path: string): string[] {
    return this.errors.filter((e) => e.path === path).map((e) => e.message);
  }

  /** Errors on a history row (any of its fields, or the row itself), by form row key. */
  rowErrors(key: number): Array<{ field: string; message: string }> {
    const out: Array<{ field: string; message: string }> = [];
    for (const e of this.errors) {
      const m = /^history\[(\d+)\](?:\.(\w+))?$/.exec(e.path);
      if (m && this.form.rowKeyOfHistoryIndex(Number(m[1])) === key) out.push({ field: m[2] ?? '', message: e.message });
    }
    return out;
  }
}
