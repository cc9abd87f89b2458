// One shape for a row of the policy library wherever it enters: the shipped seed files,
// a signed policy pack, and a dated edit typed at the 政策库 screen. Each entry path
// derives its shape from the same fields and the same checks, so "exact or refused"
// (docs/rules.md §0.5) means the same thing everywhere: a value must pass its key's schema,
// dates must be real calendar days, a row must be able to apply, and a citation must be
// there. The messages are Chinese and name the field as the office knows it.
import * as v from 'valibot';
import { parseDate } from '../calendar.ts';
import { isPolicyKey, keyLabel, parsePolicyValue } from './keys.ts';
import { GRADES } from './policy-set.ts';

const shown = (input: unknown) => JSON.stringify(input) ?? String(input);

/** A real calendar day "YYYY-MM-DD". */
export const IsoDate = v.pipe(
  v.string('日期应为 YYYY-MM-DD 格式的文本'),
  v.check(
    (s) => parseDate(s) !== null,
    (i) => `日期应为真实的日历日期 YYYY-MM-DD，收到 ${shown(i.input)}`,
  ),
);
/** A real date and time "YYYY-MM-DDTHH:MM:SS[.sss](Z|±HH:MM)" (a pack's creation time): the day through the same calendar. */
export const IsoTimestamp = v.pipe(
  v.string('时间应为 ISO 8601 格式的文本'),
  v.check(
    (s) => {
      const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/.exec(s);
      return m !== null && parseDate(m[1] ?? '') !== null;
    },
    (i) => `时间应为真实的日期和时间（ISO 8601，如 2026-03-02T09:00:00Z），收到 ${shown(i.input)}`,
  ),
);
const text = (max: number, what: string) => v.pipe(v.string(`${what}应为文本`), v.maxLength(max, `${what}不能超过 ${max} 个字`));
const Region = v.pipe(v.string('地区应为文本'), v.regex(/^(CN|\d{6})$/, '地区应为 CN 或 6 位区划代码'));
const Key = v.pipe(
  v.string('参数键应为文本'),
  v.check(
    (k) => isPolicyKey(k),
    (i) => `未知的政策参数键 ${shown(i.input)}`,
  ),
);
const Grade = v.picklist(GRADES, `来源等级应为 ${GRADES.join('/')} 之一`);

/** The fields of a row that every entry path has. */
const rowFields = {
  region: Region,
  key: Key,
  value: v.unknown(),
  effectiveFrom: IsoDate,
  effectiveTo: v.nullable(IsoDate),
  article: v.nullable(text(200, '条款')),
  url: v.nullable(text(2000, '网址')),
  grade: Grade,
  note: v.nullable(text(2000, '备注')),
};

interface RowCore {
  key: string;
  value: unknown;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** A check of the whole row whose issue is reported at one of its fields. */
function atField<T extends RowCore>(field: keyof RowCore, action: v.BaseValidation<T, T, v.BaseIssue<unknown>>) {
  type Row = v.BaseValidation<Record<string, unknown>, Record<string, unknown>, v.BaseIssue<unknown>>;
  return v.forward(action as unknown as Row, [field]) as unknown as v.BaseValidation<T, T, v.BaseIssue<unknown>>;
}

/** The checks on a whole row: its value through its key's schema, its dates in order. */
function rowChecks<T extends RowCore>() {
  return [
    // Each issue is reported at the field it is about, so a form can show it beside that field.
    atField<T>(
      'value',
      v.rawCheck<T>(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        const parsed = parsePolicyValue(dataset.value.key, dataset.value.value);
        if (!parsed.ok)
          addIssue({ message: `“${keyLabel(dataset.value.key)}”的值 ${shown(dataset.value.value)} 不正确：${parsed.reason}` });
      }),
    ),
    atField<T>(
      'effectiveTo',
      v.check<T, string>((r) => r.effectiveTo === null || r.effectiveTo >= r.effectiveFrom, '失效日期早于生效日期，该值永远不会适用'),
    ),
  ] as const;
}

/** A document (文号, title, validity) as seed files and packs carry it. */
export const PolicyDocumentSchema = v.pipe(
  v.strictObject({
    id: v.pipe(text(100, '文件编号'), v.minLength(1, '文件编号不能为空')),
    number: v.pipe(text(200, '文号'), v.minLength(1, '文号不能为空')),
    title: v.pipe(text(500, '文件标题'), v.minLength(1, '文件标题不能为空')),
    issuer: v.nullable(text(200, '发文机关')),
    url: v.nullable(text(2000, '网址')),
    effectiveFrom: v.nullable(IsoDate),
    effectiveTo: v.nullable(IsoDate),
    kind: v.picklist(['law', 'convention'], '文件类型应为 law 或 convention'),
  }),
  v.check((d) => d.effectiveFrom === null || d.effectiveTo === null || d.effectiveTo >= d.effectiveFrom, '文件的失效日期早于生效日期'),
);

/**
 * A row's identity: its region, key and start date. The library holds at most one row per key
 * and region starting on a day, so the id is derived from them, never chosen (or stored apart
 * in a seed file or pack, where it could disagree).
 */
export const rowId = (row: { region: string; key: string; effectiveFrom: string }): string =>
  `${row.region}/${row.key}/${row.effectiveFrom}`;

const StoredRow = v.strictObject({
  /** Older packs carry the id; it must then be the derived one. */
  id: v.optional(text(200, '行编号')),
  ...rowFields,
  document: v.pipe(text(100, '文件编号'), v.minLength(1, '缺少出处：行没有引用文件')),
  lastReviewed: IsoDate,
});

/** A stored row: what seed files and policy packs carry (the document by its id); its id is derived. */
export const PolicyRowSchema = v.pipe(
  StoredRow,
  ...rowChecks<v.InferOutput<typeof StoredRow>>(),
  v.check(
    (r) => r.id === undefined || r.id === rowId(r),
    (i) => `行编号 ${shown(i.input.id)} 应为“地区/参数/生效日期”（${rowId(i.input)}），或省略`,
  ),
  v.transform((r) => ({ ...r, id: rowId(r) })),
);
export type PolicyRowInput = v.InferOutput<typeof PolicyRowSchema>;

const nonBlank = (s: string | null | undefined) => typeof s === 'string' && s.trim().length > 0;

/** A dated edit typed at the 政策库 screen: the row, the document it cites (new or known), and why. */
const EditFields = v.strictObject({
  ...rowFields,
  document: v.strictObject({
    id: v.optional(v.nullable(text(100, '文件编号'))),
    number: text(200, '文号'),
    title: text(500, '文件标题'),
    issuer: v.optional(v.nullable(text(200, '发文机关'))),
    url: v.optional(v.nullable(text(2000, '网址'))),
    effectiveFrom: v.optional(v.nullable(IsoDate)),
    effectiveTo: v.optional(v.nullable(IsoDate)),
  }),
  reason: text(500, '修改原因'),
});

export const PolicyEditSchema = v.pipe(
  EditFields,
  ...rowChecks<v.InferOutput<typeof EditFields>>(),
  v.forward(
    v.check((e) => nonBlank(e.document.number), '缺少出处：请填写文件文号'),
    ['document', 'number'],
  ),
  v.forward(
    v.check((e) => nonBlank(e.document.title), '缺少出处：请填写文件标题'),
    ['document', 'title'],
  ),
  v.forward(
    v.check((e) => nonBlank(e.article) || nonBlank(e.url) || nonBlank(e.document.url), '缺少出处：请填写条款或原文网址'),
    ['article'],
  ),
  v.forward(
    v.check((e) => nonBlank(e.reason), '请填写修改原因'),
    ['reason'],
  ),
);
export type PolicyEdit = v.InferOutput<typeof PolicyEditSchema>;

/**
 * Why a row can never apply, or null: it ends before it starts, or it starts after its
 * document has ended (a lookup skips a row whose document has ended).
 */
export function neverApplies(
  row: { effectiveFrom: string; effectiveTo: string | null },
  documentEffectiveTo: string | null,
): string | null {
  if (row.effectiveTo !== null && row.effectiveTo < row.effectiveFrom)
    return `失效日期 ${row.effectiveTo} 早于生效日期 ${row.effectiveFrom}，该值永远不会适用`;
  if (documentEffectiveTo !== null && row.effectiveFrom > documentEffectiveTo)
    return `生效日期 ${row.effectiveFrom} 晚于所引用文件的失效日期 ${documentEffectiveTo}，该值永远不会适用`;
  return null;
}

/** The problems of a failed parse by field (`document.number`, `edits[2].value`, …), for a form to show beside each field. */
export function schemaFields(issues: readonly v.BaseIssue<unknown>[]): Array<{ path: string; message: string }> {
  const pathOf = (issue: v.BaseIssue<unknown>) =>
    (issue.path ?? []).map((p, i) => (typeof p.key === 'number' ? `[${p.key}]` : `${i ? '.' : ''}${String(p.key)}`)).join('');
  return issues.map((issue) => ({ path: pathOf(issue), message: issue.message }));
}

/** The Chinese lines of a failed parse, one per problem, each naming its field. */
export function schemaProblems(issues: readonly v.BaseIssue<unknown>[]): string[] {
  const lines = issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
    return path && !issue.message.includes(path) ? `${FIELD_ZH[path] ?? path}：${issue.message}` : issue.message;
  });
  return [...new Set(lines)];
}

const FIELD_ZH: Record<string, string> = {
  id: '行编号',
  region: '地区',
  key: '参数',
  value: '值',
  effectiveFrom: '生效日期',
  effectiveTo: '失效日期',
  article: '条款',
  url: '网址',
  grade: '来源等级',
  note: '备注',
  document: '文件',
  'document.number': '文号',
  'document.title': '文件标题',
  'document.effectiveFrom': '文件生效日期',
  'document.effectiveTo': '文件失效日期',
  lastReviewed: '核对日期',
  reason: '修改原因',
};
