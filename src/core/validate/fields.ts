// The case file's field schemas (valibot) and how a structural problem is worded: the
// command line's message with its field path, and the window's plain words beside it.
import * as v from 'valibot';
import { CASE_FORMAT, PAYERS, RETIREMENT_CATEGORIES, SCHEMES, SEXES, STATUSES } from '../case.ts';
import { PAYER_ZH, SCHEME_ZH, STATUS_ZH } from '../glossary.ts';
import { parseDate, parseMonth } from '../calendar.ts';
import { nameProblem } from '../person-name.ts';
import { normalizePhone, PHONE_PROBLEM } from '../phone.ts';
import { yuanToFen } from '../money.ts';

/** Records one problem: its field path, the command line's message, the window's words. */
export type Report = (path: string, message: string, plain?: string) => void;

/** Limits that keep a case within what a counter can mean (not policy numbers). */
export const CASE_LIMITS = {
  nameMaxChars: 50,
  historyMaxEntries: 1000,
  /** yuan; far above any real contribution base. */
  baseMaxYuan: 1_000_000,
  /** yuan; a base of 0 (or below one yuan) is a typing error, never a figure (docs/rules.md §3). */
  baseMinYuan: 1,
  deemedMaxMonths: 720,
  /** How far after asOf a planned payment date may lie. */
  paymentHorizonMonths: 36,
  repairMaxYears: 50,
} as const;

export const LABELS: Record<string, string> = {
  employee: `employee（${SCHEME_ZH.employee}）`,
  flexible: `flexible（${SCHEME_ZH.flexible}）`,
  resident: `resident（${SCHEME_ZH.resident}）`,
  paid: `paid（${STATUS_ZH.paid}）`,
  arrears: `arrears（${STATUS_ZH.arrears}）`,
  male: 'male（男）',
  female: 'female（女）',
  'female-55': 'female-55（原退休年龄55岁的女职工）',
  'female-50': 'female-50（原退休年龄50岁的女职工）',
  employer: `employer（${PAYER_ZH.employer}）`,
  individual: `individual（${PAYER_ZH.individual}）`,
};

export function shown(input: unknown): string {
  if (input === undefined) return '空值';
  if (typeof input === 'string') return `"${input}"`;
  try {
    const text = JSON.stringify(input);
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
  } catch {
    return String(input);
  }
}
const oneOf = (options: readonly string[]) => (issue: v.BaseIssue<unknown>) =>
  `应为以下之一：${options.map((o) => LABELS[o] ?? o).join('、')}；收到 ${shown(issue.input)}`;

const monthText = v.pipe(
  v.string((i) => `月份应为 YYYY-MM 格式的文本，收到 ${shown(i.input)}`),
  v.check(
    (s) => parseMonth(s) !== null,
    (i) => `月份应为 YYYY-MM 格式，收到 ${shown(i.input)}`,
  ),
);
const dateText = v.pipe(
  v.string((i) => `日期应为 YYYY-MM-DD 格式的文本，收到 ${shown(i.input)}`),
  v.check(
    (s) => parseDate(s) !== null,
    (i) => `日期应为 YYYY-MM-DD 格式的有效日期，收到 ${shown(i.input)}`,
  ),
);
const regionCode = v.pipe(
  v.string((i) => `地区代码应为6位数字文本，收到 ${shown(i.input)}`),
  v.regex(/^\d{6}$/, (i) => `地区代码应为6位数字（GB/T 2260），收到 ${shown(i.input)}`),
);
const yuanAmount = v.pipe(
  v.number((i) => `金额应为数字（元），收到 ${shown(i.input)}`),
  v.check((n) => Number.isFinite(n), '金额应为有限数字'),
  // A base is a positive amount (docs/rules.md §3): 0, or less than one yuan, is a typing error.
  v.minValue(CASE_LIMITS.baseMinYuan, (i) =>
    (i.input as number) < 0
      ? `缴费基数不能为负数，收到 ${shown(i.input)}`
      : `缴费基数应大于 0（不少于 ${CASE_LIMITS.baseMinYuan} 元），收到 ${shown(i.input)}`,
  ),
  v.maxValue(CASE_LIMITS.baseMaxYuan, (i) => `缴费基数超出合理范围（不超过 ${CASE_LIMITS.baseMaxYuan} 元），收到 ${shown(i.input)}`),
  v.check(
    (n) => yuanToFen(n) !== null,
    (i) => `金额最多保留两位小数，收到 ${shown(i.input)}`,
  ),
);
const wholeNumber = (max: number, what: string) =>
  v.pipe(
    v.number((i) => `${what}应为整数，收到 ${shown(i.input)}`),
    v.integer((i) => `${what}应为整数，收到 ${shown(i.input)}`),
    v.minValue(0, (i) => `${what}不能为负数，收到 ${shown(i.input)}`),
    v.maxValue(max, (i) => `${what}不能超过 ${max}，收到 ${shown(i.input)}`),
  );

// Each part's fields are checked one by one (not as one object), so a problem in one field
// never hides the checks that need the others: every problem is reported at once.
export const ENTRY_FIELDS = {
  from: monthText,
  to: monthText,
  scheme: v.picklist(SCHEMES, oneOf(SCHEMES)),
  status: v.picklist(STATUSES, oneOf(STATUSES)),
  base: v.optional(v.nullable(yuanAmount)),
  region: v.optional(v.nullable(regionCode)),
};

export const PERSON_FIELDS = {
  name: v.pipe(
    v.string((i) => `姓名应为文本，收到 ${shown(i.input)}`),
    v.check((s) => s.trim().length > 0, '姓名不能为空'),
    v.check((s) => [...s].length <= CASE_LIMITS.nameMaxChars, `姓名不能超过 ${CASE_LIMITS.nameMaxChars} 个字`),
    // Invisible, control and reordering characters would print differently from what is stored.
    v.check(
      (s) => nameProblem(s) === null || s.trim().length === 0,
      (i) => nameProblem(String(i.input)) ?? '',
    ),
  ),
  idNumber: v.optional(v.nullable(v.string((i) => `身份证号应为文本，收到 ${shown(i.input)}`))),
  // 联系电话 (optional): kept in one written form; blank is no number.
  phone: v.optional(
    v.nullable(
      v.pipe(
        v.string((i) => `联系电话应为文本，收到 ${shown(i.input)}`),
        v.check((s) => s.trim() === '' || normalizePhone(s) !== null, PHONE_PROBLEM),
        v.transform((s) => (s.trim() === '' ? null : normalizePhone(s))),
      ),
    ),
  ),
  sex: v.picklist(SEXES, oneOf(SEXES)),
  birth: monthText,
  retirementCategory: v.picklist(RETIREMENT_CATEGORIES, oneOf(RETIREMENT_CATEGORIES)),
};

export const REQUEST_FIELDS = {
  scheme: v.picklist(SCHEMES, oneOf(SCHEMES)),
  paymentDate: v.optional(v.nullable(dateText)),
  payer: v.optional(v.nullable(v.picklist(PAYERS, oneOf(PAYERS)))),
  base: v.optional(v.nullable(yuanAmount)),
  transferFrom: v.optional(v.nullable(regionCode)),
  switchFromScheme: v.optional(v.nullable(v.picklist(['employee', 'resident'] as const, oneOf(['employee', 'resident'])))),
  residentRepairYears: v.optional(wholeNumber(CASE_LIMITS.repairMaxYears, '修复年数'), 0),
};

/** Top-level fields of the case file; person, history and request are checked part by part. */
export const TOP_FIELDS = {
  format: v.literal(CASE_FORMAT, (i) => `文件格式应为 "${CASE_FORMAT}"，收到 ${shown(i.input)}`),
  asOf: dateText,
  region: regionCode,
  deemedMonths: v.optional(wholeNumber(CASE_LIMITS.deemedMaxMonths, '视同缴费月数'), 0),
} as const;
export const REQUIRED_TOP = ['format', 'asOf', 'region', 'person', 'history', 'request'] as const;
export const KNOWN_TOP = new Set<string>([...REQUIRED_TOP, 'deemedMonths']);

/** A key as it appears in a field path: plain when it is a plain name, else JSON-quoted. */
export function keySegment(key: string, first: boolean): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key)}]`;
}

export function formatPath(path: v.IssuePathItem[] | undefined): string {
  if (!path || path.length === 0) return '(文件)';
  let text = '';
  for (const item of path) {
    const key = (item as { key: unknown }).key;
    if (typeof key === 'number') text += `[${key}]`;
    else text += keySegment(String(key), text === '');
  }
  return text;
}

export function structuralMessage(issue: v.BaseIssue<unknown>): string {
  // Missing and unknown keys get the same wording wherever they occur.
  if (issue.kind === 'schema' && issue.expected === 'never') return '未知字段（是否拼写有误？）';
  if (issue.received === 'undefined' && issue.input === undefined) return '缺少必填字段';
  if (issue.type === 'strict_object' || issue.type === 'object') return `应为对象，收到 ${shown(issue.input)}`;
  return issue.message;
}

// ---- The window's wording of structural problems, by the kind of field ----
const MONTH_FIELDS = new Set(['from', 'to', 'birth']);
const DATE_FIELDS = new Set(['asOf', 'paymentDate']);
const CHOICE_FIELDS = new Set(['scheme', 'status', 'sex', 'retirementCategory', 'payer', 'switchFromScheme']);
const COUNT_FIELDS = new Set(['deemedMonths', 'residentRepairYears']);

function monthProblem(text: string): string {
  const m = /^\s*(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?\s*$/.exec(text);
  if (m && (Number(m[2]) < 1 || Number(m[2]) > 12)) return `月份不存在：${text.trim()}（月份应为 1–12）`;
  return '请按“年-月”填写，如 2010-07';
}
function dateProblem(text: string): string {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  if (m && (Number(m[2]) < 1 || Number(m[2]) > 12)) return `月份不存在：${text.trim()}`;
  if (m) return `日期不存在：${text.trim()}`;
  return '请按“年-月-日”填写，如 2026-11-25';
}

/** A structural problem in the window's words; undefined where the message already reads so. */
export function plainStructural(issue: v.BaseIssue<unknown>, field: string): string | undefined {
  const input = issue.input;
  const blank = input === undefined || input === null || (typeof input === 'string' && input.trim() === '');
  if (issue.kind === 'schema' && issue.expected === 'never') return undefined;
  if (MONTH_FIELDS.has(field)) return blank ? '请填写年月，如 2010-07' : monthProblem(typeof input === 'string' ? input : '');
  if (DATE_FIELDS.has(field)) return blank ? '请填写日期，如 2026-11-25' : dateProblem(typeof input === 'string' ? input : '');
  if (CHOICE_FIELDS.has(field))
    // Only a typed word is quoted back: anything else (an object in a hand-made file) is just not a choice.
    return blank
      ? '请选择'
      : typeof input === 'string' || typeof input === 'number'
        ? `无法识别“${String(input)}”，请从列表中选择`
        : '请从列表中选择';
  if (field === 'region' || field === 'transferFrom') return blank ? '请填写地区（名称或6位代码）' : '请填写地区名称或6位地区代码';
  if (field === 'name') return blank ? '请填写姓名' : undefined;
  if (field === 'base' || COUNT_FIELDS.has(field)) {
    const unit = field === 'base' ? '金额（元），如 8000' : field === 'deemedMonths' ? '整月数，如 24' : '整年数';
    if (typeof input !== 'number') return `请填写${unit}`;
    if (issue.type === 'min_value') return input < 0 ? '不能为负数' : `应大于 0（不少于 ${String(issue.requirement)} 元）`;
    if (issue.type === 'max_value') return `超出合理范围（不超过 ${String(issue.requirement)}）`;
    if (issue.type === 'integer') return '请填写整数';
    return field === 'base' ? '金额最多保留两位小数（到分）' : undefined;
  }
  return undefined;
}

/** An object's fields as parsed (null where absent or null), and the fields that failed. */
export type Parsed<E extends Record<string, v.GenericSchema>> = { [K in keyof E]: v.InferOutput<E[K]> | null } & {
  failed: Set<string>;
  /** The fields as the case file holds them after parsing (absent optional fields stay absent). */
  output: Record<string, unknown>;
};

/** One configuration for every field parsed (not one per field: a long history has thousands). */
export const PARSE_CONFIG = { message: (issue: v.BaseIssue<unknown>) => structuralMessage(issue) };
