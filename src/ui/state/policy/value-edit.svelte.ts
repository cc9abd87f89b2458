// The state of one dated edit at the 政策库 screen: what was typed (a rate as "6.5%" or
// "0.065", an amount in 元), what it reads as, the problems of each field, the preview, and why
// 确认保存 cannot be pressed yet. Only what was previewed can be saved.
import * as v from 'valibot';
import { api } from '../../api/client.ts';
import type { ImpactJobView, PolicyChangePreview, PolicyValueEdit } from '../../../api/contract.ts';
import { keySpec } from '../../../core/policy/keys.ts';
import type { CitationInput } from '../../../core/policy/local-rules.ts';
import { PolicyEditSchema, schemaFields } from '../../../core/policy/row.ts';
import { formatPolicyValue, parseTypedValue } from '../../../core/policy/value-text.ts';
import { fieldErrors, issuesByField, type FieldErrors } from './field-errors.ts';
import { impactBlocked, impactSaved } from './impact-text.ts';

const blankCitation = (): CitationInput => ({ number: '', title: '', article: '', url: '', grade: '', effectiveFrom: '' });

export class ValueEditForm {
  region = $state('');
  key = $state('flexible.rate');
  valueText = $state('');
  effectiveFrom = $state('');
  effectiveTo = $state('');
  citation = $state<CitationInput>(blankCitation());
  note = $state('');
  reason = $state('');
  pin = $state('');

  preview = $state.raw<PolicyChangePreview | null>(null);
  /** The preview's impact check as it runs (ImpactView reports it). */
  impact = $state.raw<ImpactJobView | null>(null);
  #previewedFor = $state<string | null>(null);
  errors = $state.raw<FieldErrors>({});
  /** The confirmation of the last save, shown beside 确认保存. */
  saved = $state<string | null>(null);

  /** What the value input reads as (for the key's type), or why not. */
  readonly typed = $derived(parseTypedValue(this.key, this.valueText));
  /** The reading shown beside the value: "= 6.5%". */
  readonly reading = $derived(this.typed.ok && this.valueText.trim() ? `= ${formatPolicyValue(this.key, this.typed.value)}` : '');
  readonly unitHint = $derived.by(() => {
    const type = keySpec(this.key)?.type;
    if (type === 'rate') return '如 6.5% 或 0.065';
    if (type === 'yuan') return '单位：元，如 7460 或 584.92';
    if (type === 'bool') return '是 或 否';
    if (type === 'int') return '整数';
    return 'JSON';
  });

  readonly input = $derived<PolicyValueEdit>({
    region: this.region.trim(),
    key: this.key,
    value: this.typed.ok ? this.typed.value : this.valueText,
    effectiveFrom: this.effectiveFrom.trim(),
    effectiveTo: this.effectiveTo.trim() || null,
    document: { number: this.citation.number, title: this.citation.title, url: this.citation.url.trim() || null },
    article: this.citation.article.trim() || null,
    url: null,
    grade: this.citation.grade as PolicyValueEdit['grade'],
    note: this.note.trim() || null,
    reason: this.reason,
  });
  readonly previewCurrent = $derived(this.preview !== null && this.#previewedFor === JSON.stringify(this.input));
  /** Why 确认保存 cannot be pressed now (shown beside it), or null. */
  readonly saveBlocked = $derived(
    this.preview === null
      ? '请先点击“预览影响”，看过影响后才能保存'
      : !this.previewCurrent
        ? '输入已改动，请重新预览影响后再保存'
        : impactBlocked(this.impact)
          ? impactBlocked(this.impact)
          : !this.pin.trim()
            ? '请输入管理员 PIN'
            : null,
  );

  /** The problems the window can see itself (the row schema), by field; the value's reading first. */
  #localProblems(): FieldErrors {
    const byField: FieldErrors = {};
    if (!this.typed.ok) byField.value = [this.typed.reason];
    if (!this.citation.grade) byField.grade = ['请选择来源等级'];
    const parsed = v.safeParse(PolicyEditSchema, this.input);
    if (!parsed.success)
      for (const [path, messages] of Object.entries(issuesByField(schemaFields(parsed.issues))))
        if (!byField[path]) byField[path] = messages;
    return byField;
  }

  async previewEdit(): Promise<void> {
    this.saved = null;
    this.preview = null;
    this.impact = null;
    const local = this.#localProblems();
    this.errors = local;
    if (Object.keys(local).length) return;
    const input = this.input;
    const r = await api.previewPolicyValue(input);
    if (r.ok) {
      this.preview = r.value;
      this.impact = r.value.impact;
      this.#previewedFor = JSON.stringify(input);
    } else this.errors = fieldErrors(r.error);
  }

  /** Saves the previewed edit; true when saved. */
  async save(): Promise<boolean> {
    if (this.saveBlocked) return false;
    this.errors = {};
    const r = await api.addPolicyValue({ edit: this.input, pin: this.pin });
    if (!r.ok) {
      this.errors = fieldErrors(r.error, 'edit.');
      return false;
    }
    this.saved = `已保存：新增 ${r.value.added.length} 条，截止 ${r.value.closed.length} 条；${impactSaved(this.impact)}已记入审计日志。`;
    this.preview = null;
    this.pin = '';
    return true;
  }
}
