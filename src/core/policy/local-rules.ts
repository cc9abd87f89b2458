// 本地规则设置: the in-city rules an office records for one scheme (docs/rules.md §2), as the dated
// edits the 政策库 screen saves — one per value, each with its document (文号, title, article,
// URL), grade and start date (its own, or the set's). The edits then go the one dated-edit path
// (PIN, audit) or into a signed pack; nothing here decides whether they are right: the row
// schema and the library check them as every edit.
import type { PolicyKey } from './keys.ts';
import type { Grade } from './policy-set.ts';
import type { EmployeeGroupScheme } from './typical.ts';

/** A citation as typed at the form (blank text = not given). */
export interface CitationInput {
  number: string;
  title: string;
  article: string;
  url: string;
  /** '' until the administrator chooses (there is no default grade). */
  grade: Grade | '';
  effectiveFrom: string;
}

/** The fields of the form, in its order: which key, in which group, and whether only flexible workers have it. */
export interface LocalRuleField {
  key: PolicyKey;
  group: 'short' | 'long' | 'start' | 'first' | 'money';
  /** The label on the form (the key's label without the scheme). */
  label: string;
  /** A value chosen rather than typed: the text stored for each choice and its words on the form. */
  choices?: ReadonlyArray<{ text: string; label: string }>;
}

/** 待遇起始 as the office's documents say it (stored as the months after the payment month). */
export const START_OFFSET_CHOICES = [
  { text: '0', label: '缴费当月起' },
  { text: '1', label: '缴费次月起' },
] as const;
/** A tier with a waiting period: benefits from the end of the waiting period (docs/rules.md §2, startOffsetAfterWaiting). */
export const AFTER_WAITING_CHOICES = [
  { text: '0', label: '等待期满即享受' },
  { text: '1', label: '等待期满后次月起' },
] as const;

/** The keys of an in-city rule set for a scheme (the flexible rate, flat amount and single base only for flexible workers). */
export function localRuleFields(scheme: EmployeeGroupScheme): LocalRuleField[] {
  const s = scheme;
  const fields: LocalRuleField[] = [
    { key: `${s}.interruption.shortLimitMonths`, group: 'short', label: '短期中断上限（月，中断不超过此数为短期）' },
    { key: `${s}.short.backPayAllowed`, group: 'short', label: '短期中断可否补缴' },
    { key: `${s}.short.waitingMonths`, group: 'short', label: '短期中断等待期（月）' },
    { key: `${s}.short.startOffset`, group: 'short', label: '短期中断补缴后待遇起始', choices: START_OFFSET_CHOICES },
    { key: `${s}.short.retroactive`, group: 'short', label: '短期中断期间待遇可否追溯' },
    { key: `${s}.interruption.tiers`, group: 'long', label: '超过短期上限：按中断时长分档' },
    { key: `${s}.benefit.startOffset`, group: 'start', label: '连续缴费时待遇起始', choices: START_OFFSET_CHOICES },
    { key: `${s}.firstEnrolment.waitingMonths`, group: 'first', label: '首次参保等待期（月）' },
    { key: `${s}.firstEnrolment.exemptIfWithinMonths`, group: 'first', label: '原待遇终止后此月数内参保免等待期' },
  ];
  if (s === 'flexible')
    fields.push(
      { key: 'flexible.rate', group: 'money', label: '灵活就业人员费率' },
      { key: 'flexible.flatMonthlyAmount', group: 'money', label: '或：灵活就业人员定额（元/月）' },
      { key: 'flexible.fixedBase', group: 'money', label: '灵活就业人员统一缴费基数（元/月，不按申报基数）' },
    );
  fields.push(
    { key: 'base.min', group: 'money', label: '缴费基数下限（元/月）' },
    { key: 'base.max', group: 'money', label: '缴费基数上限（元/月）' },
  );
  return fields;
}

export interface LocalRuleValue {
  key: PolicyKey;
  /** The stored form (a rate as a decimal, an amount in yuan). */
  value: unknown;
  /** Its own citation, when it is not the set's. */
  citation: CitationInput | null;
}

/** A dated edit as the API takes it (src/core/policy/row.ts PolicyEditSchema). */
export interface LocalRuleEdit {
  region: string;
  key: string;
  value: unknown;
  effectiveFrom: string;
  effectiveTo: string | null;
  document: { number: string; title: string; url: string | null };
  article: string | null;
  url: string | null;
  /** '' when none was chosen: the row schema refuses it ("请选择来源等级"). */
  grade: Grade | '';
  note: string | null;
  reason: string;
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);

/** One dated edit per value: the region, the value, its citation (its own or the set's), the reason. */
export function localRuleEdits(input: {
  region: string;
  citation: CitationInput;
  reason: string;
  values: readonly LocalRuleValue[];
}): LocalRuleEdit[] {
  return input.values.map(({ key, value, citation }) => {
    const c = citation ?? input.citation;
    return {
      region: input.region,
      key,
      value,
      effectiveFrom: c.effectiveFrom.trim(),
      effectiveTo: null,
      document: { number: c.number.trim(), title: c.title.trim(), url: orNull(c.url) },
      article: orNull(c.article),
      url: null,
      grade: c.grade,
      note: null,
      reason: input.reason,
    };
  });
}
