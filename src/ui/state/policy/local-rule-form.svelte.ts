// The state of 本地规则设置: an office's in-city rules for one scheme as typed (each value with
// the set's source or its own), what they read as, the dated edits they make, the preview of
// the typical situations (now and with the rule) and of saved cases, and why 确认保存 or 制作政策包
// cannot be pressed yet. Saving is the one dated-edit path (PIN, audit); a pack is signed by the
// services with the key file chosen here.
import * as v from 'valibot';
import { api } from '../../api/client.ts';
import type { ImpactJobView, PolicyEditsPreview, PolicyValueEdit } from '../../../api/contract.ts';
import type { PolicyKey, Tier } from '../../../core/policy/keys.ts';
import { localRuleEdits, localRuleFields, type CitationInput, type LocalRuleValue } from '../../../core/policy/local-rules.ts';
import { PolicyEditSchema, schemaFields } from '../../../core/policy/row.ts';
import type { EmployeeGroupScheme } from '../../../core/policy/typical.ts';
import { formatPolicyValue, parseTypedValue } from '../../../core/policy/value-text.ts';
import { fieldErrors, issuesByField, type FieldErrors } from './field-errors.ts';
import { impactBlocked, impactSaved } from './impact-text.ts';

export const blankCitation = (): CitationInput => ({ number: '', title: '', article: '', url: '', grade: '', effectiveFrom: '' });

/** One value of the form: the text typed, and its own source when it has one. */
export interface RuleEntry {
  text: string;
  own: boolean;
  citation: CitationInput;
}

/** One tier of "超过短期上限": the texts typed ('' = not said). */
export interface TierEntry {
  upTo: string;
  backPay: '' | '是' | '否';
  waiting: string;
  startOffset: string;
  retroactive: '' | '是' | '否';
  asFirst: boolean;
}

/** Which offset a tier's 待遇起始 sets: after the payment month (no waiting), or after the waiting period. */
export const tierOffsetMeaning = (waiting: string): 'payment' | 'afterWaiting' => (/^\s*0?\s*$/.test(waiting) ? 'payment' : 'afterWaiting');

function startOffsets(waiting: number, offset: number | null): Pick<Tier, 'startOffset' | 'startOffsetAfterWaiting'> {
  if (waiting === 0) return { startOffset: offset };
  return offset ? { startOffset: null, startOffsetAfterWaiting: offset } : { startOffset: null };
}

const blankTier = (): TierEntry => ({ upTo: '', backPay: '', waiting: '', startOffset: '', retroactive: '', asFirst: false });
const CITATION_PATHS = new Set(['document.number', 'document.title', 'document.url', 'article', 'url', 'grade', 'effectiveFrom']);
const TIERS = (scheme: EmployeeGroupScheme) => `${scheme}.interruption.tiers`;

export class LocalRuleForm {
  region = $state('');
  scheme = $state<EmployeeGroupScheme>('employee');
  citation = $state<CitationInput>(blankCitation());
  reason = $state('');
  /** The payment date of the typical situations ('' = the rule's start date). */
  paymentDate = $state('');
  pin = $state('');
  /** Every value of both schemes, so switching the scheme keeps what was typed for the other. */
  entries = $state<Record<string, RuleEntry>>(
    Object.fromEntries(
      [...localRuleFields('employee'), ...localRuleFields('flexible')].map((f) => [
        f.key,
        { text: '', own: false, citation: blankCitation() },
      ]),
    ),
  );
  tiers = $state<TierEntry[]>([blankTier()]);

  preview = $state.raw<PolicyEditsPreview | null>(null);
  /** The preview's impact check as it runs (ImpactView reports it). */
  impact = $state.raw<ImpactJobView | null>(null);
  #previewedFor = $state<string | null>(null);
  /** Problems by place: a key (its value), `${key}:${citation path}` (its own source), a citation path (the set's), 'tiers', 'pin', '' (the buttons). */
  errors = $state.raw<FieldErrors>({});
  saved = $state<string | null>(null);
  /** The form as it was saved: the confirmation (and no 请先预览 hint) stays only while nothing is changed. */
  #savedFor = $state<string | null>(null);
  privateKeyPem = $state('');
  createdBy = $state('');
  packMessage = $state<string | null>(null);
  packErrors = $state.raw<string[]>([]);

  readonly fields = $derived(localRuleFields(this.scheme));

  entry(key: string): RuleEntry {
    const found = this.entries[key];
    if (!found) throw new Error(`本地规则没有 ${key} 一项`);
    return found;
  }

  addTier(): void {
    this.tiers.push(blankTier());
  }

  removeTier(index: number): void {
    this.tiers.splice(index, 1);
    if (!this.tiers.length) this.tiers.push(blankTier());
  }

  /** The tiers as stored, or why they cannot be read; null when no tier is filled in. */
  readonly tiersValue = $derived.by((): { ok: true; value: Tier[] } | { ok: false; reason: string } | null => {
    const filled = this.tiers.filter(
      (t) => t.upTo.trim() || t.waiting.trim() || t.backPay || t.retroactive || t.startOffset.trim() || t.asFirst,
    );
    if (!filled.length) return null;
    const whole = (text: string, what: string, i: number) => {
      const n = parseTypedValue(`${this.scheme}.short.waitingMonths`, text);
      if (!n.ok || typeof n.value !== 'number') throw new Error(`第 ${i + 1} 档：${what}应为整数`);
      return n.value;
    };
    const yes = (c: TierEntry['backPay']) => (c === '' ? null : c === '是');
    try {
      return {
        ok: true,
        value: filled.map((t, i) => {
          if (!t.waiting.trim()) throw new Error(`第 ${i + 1} 档：请填写等待期（月，无等待期填 0）`);
          const waiting = whole(t.waiting, '等待期', i);
          return {
            upToMonths: t.upTo.trim() ? whole(t.upTo, '中断月数上限', i) : null,
            backPayAllowed: yes(t.backPay),
            waitingMonths: waiting,
            waitingMonthsMax: waiting,
            // The one column sets the offset the engine reads for this tier (docs/rules.md §2): with no
            // waiting period from the payment month, after one from the end of the waiting period.
            ...startOffsets(waiting, t.startOffset.trim() ? whole(t.startOffset, '待遇起始', i) : null),
            retroactive: yes(t.retroactive),
            ...(t.asFirst ? { asFirstEnrolment: true } : {}),
          };
        }),
      };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  });

  /** Each filled value as stored, and the problems of reading them. */
  readonly reading = $derived.by(() => {
    const values: LocalRuleValue[] = [];
    const problems: FieldErrors = {};
    for (const f of this.fields) {
      if (f.key === TIERS(this.scheme)) {
        const t = this.tiersValue;
        if (t?.ok) values.push({ key: f.key, value: t.value, citation: this.#ownCitation(f.key) });
        else if (t) problems[f.key] = [t.reason];
        continue;
      }
      const e = this.entries[f.key];
      if (!e?.text.trim()) continue;
      const typed = parseTypedValue(f.key, e.text);
      if (typed.ok) values.push({ key: f.key, value: typed.value, citation: this.#ownCitation(f.key) });
      else problems[f.key] = [typed.reason];
    }
    return { values, problems };
  });

  #ownCitation(key: string): CitationInput | null {
    const e = this.entries[key];
    return e?.own ? e.citation : null;
  }

  /** What a value reads as (beside its input): "= 6.5%". */
  readingOf(key: PolicyKey): string {
    const found = this.reading.values.find((x) => x.key === key);
    return found ? `= ${formatPolicyValue(key, found.value)}` : '';
  }

  readonly edits = $derived(
    localRuleEdits({ region: this.region.trim(), citation: this.citation, reason: this.reason, values: this.reading.values }),
  );
  readonly typicalAt = $derived({
    region: this.region.trim(),
    scheme: this.scheme,
    paymentDate: (this.paymentDate.trim() || this.citation.effectiveFrom).trim(),
  });
  readonly #request = $derived(JSON.stringify({ edits: this.edits, typical: this.typicalAt }));
  readonly previewCurrent = $derived(this.preview !== null && this.#previewedFor === this.#request);
  /** Just saved, and unchanged since: the button waits for new input without asking for a preview. */
  readonly savedNow = $derived(this.saved !== null && this.#savedFor === this.#request);
  readonly saveBlocked = $derived(
    this.preview === null
      ? '请先点击“预览”，看过典型情形和影响后才能保存'
      : !this.previewCurrent
        ? '输入已改动，请重新预览后再保存'
        : impactBlocked(this.impact)
          ? impactBlocked(this.impact)
          : !this.pin.trim()
            ? '请输入管理员 PIN'
            : null,
  );
  readonly packBlocked = $derived(
    !this.privateKeyPem ? '请先选择签名私钥文件' : !this.createdBy.trim() ? '请填写出具单位' : !this.edits.length ? '请先填写规则' : null,
  );

  /** Places a problem of edit `index` at its field: the value, its own source, or the set's source. */
  #place(byField: FieldErrors, index: number | null, path: string, message: string): void {
    const key = index === null ? null : this.edits[index]?.key;
    const own = key ? this.entries[key]?.own : false;
    const place =
      key === null || key === undefined
        ? path
        : CITATION_PATHS.has(path)
          ? own
            ? `${key}:${path === 'document.url' ? 'url' : path}`
            : path === 'document.url'
              ? 'url'
              : path
          : path === 'region' || path === 'reason'
            ? path
            : key;
    const list = (byField[place] ??= []);
    if (!list.includes(message)) list.push(message);
  }

  #placeAll(fields: ReadonlyArray<{ path: string; message: string }>): FieldErrors {
    const byField: FieldErrors = {};
    for (const f of fields) {
      const m = /^edits\[(\d+)\]\.?(.*)$/.exec(f.path);
      if (m) this.#place(byField, Number(m[1]), m[2] ?? '', f.message);
      else this.#place(byField, null, f.path, f.message);
    }
    return byField;
  }

  #localProblems(): FieldErrors {
    const byField: FieldErrors = { ...this.reading.problems };
    if (!this.region.trim()) byField.region = ['请填写地区'];
    if (!this.edits.length && !Object.keys(byField).length) byField[''] = ['请至少填写一项规则'];
    if (!this.citation.grade && this.edits.some((e) => !this.entries[e.key]?.own)) byField.grade = ['请选择来源等级'];
    for (const [i, e] of this.edits.entries()) {
      const parsed = v.safeParse(PolicyEditSchema, e);
      if (!parsed.success)
        for (const [path, messages] of Object.entries(issuesByField(schemaFields(parsed.issues))))
          for (const message of messages) this.#place(byField, i, path, message);
    }
    return byField;
  }

  async runPreview(): Promise<void> {
    this.saved = null;
    this.preview = null;
    this.impact = null;
    this.errors = this.#localProblems();
    if (Object.keys(this.errors).length) return;
    const request = this.#request;
    const r = await api.previewPolicyEdits({ edits: this.edits as PolicyValueEdit[], typical: this.typicalAt });
    if (r.ok) {
      this.preview = r.value;
      this.impact = r.value.impact;
      this.#previewedFor = request;
    } else this.errors = r.error.fields?.length ? this.#placeAll(r.error.fields) : fieldErrors(r.error);
  }

  async save(): Promise<boolean> {
    if (this.saveBlocked) return false;
    this.errors = {};
    const r = await api.addPolicyValues({ edits: this.edits as PolicyValueEdit[], pin: this.pin });
    if (!r.ok) {
      this.errors = r.error.fields?.length ? this.#placeAll(r.error.fields) : fieldErrors(r.error);
      return false;
    }
    this.#savedFor = this.#request;
    this.saved = `已保存本地规则：新增 ${r.value.added.length} 条，截止 ${r.value.closed.length} 条；${impactSaved(this.impact)}已记入审计日志，各窗口的核算即按此答复。`;
    this.preview = null;
    this.pin = '';
    return true;
  }

  /** The signed pack's text and file name, or null (the problems are in packErrors). */
  async makePack(): Promise<{ text: string; name: string } | null> {
    this.packMessage = null;
    this.packErrors = [];
    if (this.packBlocked) return null;
    const r = await api.exportPolicyEditsPack({
      edits: this.edits as PolicyValueEdit[],
      privateKeyPem: this.privateKeyPem,
      createdBy: this.createdBy.trim(),
    });
    if (!r.ok) {
      this.packErrors = r.error.message.split('\n');
      return null;
    }
    this.packMessage = `已制作政策包（${r.value.values} 条记录，摘要 ${r.value.contentHash.slice(0, 16)}）：发给各窗口导入即可。`;
    return { text: r.value.text, name: `本地规则-${this.region.trim()}-${r.value.contentHash.slice(0, 8)}.json` };
  }
}
