// Case validation: structure with valibot, then the domain checks the contract lists
// (ID checksum and agreement, known regions, overlaps, months after the payment
// month, …). Every problem becomes one Chinese line naming the field path; nothing
// is guessed or silently corrected.
import * as v from 'valibot';
import {
  CASE_FORMAT,
  PAYERS,
  RETIREMENT_CATEGORIES,
  SCHEMES,
  SEXES,
  STATUSES,
  type CaseFile,
  type HistoryEntry,
  type NormalizedCase,
} from './case.ts';
import { formatMonth, formatDate, monthOfDay, parseDate, parseMonth, type YearMonth } from './calendar.ts';
import { checkIdNumber } from './idcard.ts';
import { nameProblem } from './person-name.ts';
import { normalizePhone, PHONE_PROBLEM } from './phone.ts';
import { yuanToFen } from './money.ts';
import type { RegionDirectory } from './regions.ts';

export interface FieldError {
  /** Field path as in the case file: `history[1].to`, `person.idNumber`. */
  path: string;
  /** The command line's wording (its stderr contract): may name field paths and codes. */
  message: string;
  /**
   * The same problem as the counter window says it next to the field: no field paths, no
   * codes, rows counted from 1 ("与第1段…重叠"), "月份不存在" for month 13. Absent where
   * the message already reads so.
   */
  plain?: string;
}

/** What the window shows for an error (its plain wording, else the message). */
export const plainMessage = (error: FieldError): string => error.plain ?? error.message;

export type ValidationResult = { ok: true; value: NormalizedCase; caseFile: CaseFile } | { ok: false; errors: FieldError[] };

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

const LABELS: Record<string, string> = {
  employee: 'employee（职工医保·单位参保）',
  flexible: 'flexible（职工医保·灵活就业）',
  resident: 'resident（城乡居民医保）',
  paid: 'paid（已缴）',
  arrears: 'arrears（欠费）',
  male: 'male（男）',
  female: 'female（女）',
  'female-55': 'female-55（原退休年龄55岁的女职工）',
  'female-50': 'female-50（原退休年龄50岁的女职工）',
  employer: 'employer（用人单位）',
  individual: 'individual（个人）',
};

function shown(input: unknown): string {
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
const ENTRY_FIELDS = {
  from: monthText,
  to: monthText,
  scheme: v.picklist(SCHEMES, oneOf(SCHEMES)),
  status: v.picklist(STATUSES, oneOf(STATUSES)),
  base: v.optional(v.nullable(yuanAmount)),
  region: v.optional(v.nullable(regionCode)),
};

const PERSON_FIELDS = {
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

const REQUEST_FIELDS = {
  scheme: v.picklist(SCHEMES, oneOf(SCHEMES)),
  paymentDate: v.optional(v.nullable(dateText)),
  payer: v.optional(v.nullable(v.picklist(PAYERS, oneOf(PAYERS)))),
  base: v.optional(v.nullable(yuanAmount)),
  transferFrom: v.optional(v.nullable(regionCode)),
  switchFromScheme: v.optional(v.nullable(v.picklist(['employee', 'resident'] as const, oneOf(['employee', 'resident'])))),
  residentRepairYears: v.optional(wholeNumber(CASE_LIMITS.repairMaxYears, '修复年数'), 0),
};

/** Top-level fields of the case file; person, history and request are checked part by part. */
const TOP_FIELDS = {
  format: v.literal(CASE_FORMAT, (i) => `文件格式应为 "${CASE_FORMAT}"，收到 ${shown(i.input)}`),
  asOf: dateText,
  region: regionCode,
  deemedMonths: v.optional(wholeNumber(CASE_LIMITS.deemedMaxMonths, '视同缴费月数'), 0),
} as const;
const REQUIRED_TOP = ['format', 'asOf', 'region', 'person', 'history', 'request'] as const;
const KNOWN_TOP = new Set<string>([...REQUIRED_TOP, 'deemedMonths']);

/** A key as it appears in a field path: plain when it is a plain name, else JSON-quoted. */
function keySegment(key: string, first: boolean): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key)}]`;
}

function formatPath(path: v.IssuePathItem[] | undefined): string {
  if (!path || path.length === 0) return '(文件)';
  let text = '';
  for (const item of path) {
    const key = (item as { key: unknown }).key;
    if (typeof key === 'number') text += `[${key}]`;
    else text += keySegment(String(key), text === '');
  }
  return text;
}

function structuralMessage(issue: v.BaseIssue<unknown>): string {
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
const SCHEME_PLAIN: Record<string, string> = { employee: '职工医保（单位）', flexible: '职工医保（灵活就业）', resident: '城乡居民医保' };

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
function plainStructural(issue: v.BaseIssue<unknown>, field: string): string | undefined {
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
type Parsed<E extends Record<string, v.GenericSchema>> = { [K in keyof E]: v.InferOutput<E[K]> | null } & {
  failed: Set<string>;
  /** The fields as the case file holds them after parsing (absent optional fields stay absent). */
  output: Record<string, unknown>;
};

/** One configuration for every field parsed (not one per field: a long history has thousands). */
const PARSE_CONFIG = { message: (issue: v.BaseIssue<unknown>) => structuralMessage(issue) };

/** The window's words for an ID number of the wrong shape: its length, or the first character that cannot be there. */
function idShapePlain(id: string): string {
  const chars = [...id];
  if (chars.length !== 18) return `身份证号应为18位：前17位是数字，末位是数字或 X（现为${chars.length}位）`;
  const bad = chars.findIndex((ch, i) => !(/\d/.test(ch) || (i === 17 && ch === 'X')));
  return `身份证号第${bad + 1}位“${chars[bad] ?? ''}”不是数字（只有末位可以是 X），请核对`;
}

/**
 * Validates a parsed JSON case against the contract and the region table.
 * Returns every problem found, each with its field path.
 */
export function validateCase(input: unknown, regions: RegionDirectory): ValidationResult {
  const errors: FieldError[] = [];
  const err = (path: string, message: string, plain?: string) =>
    errors.push(plain === undefined ? { path, message } : { path, message, plain });
  // Each part is checked on its own, so every independent problem is reported at once.
  const part = <S extends v.GenericSchema>(schema: S, value: unknown, path: string): v.InferOutput<S> | null => {
    const parsed = v.safeParse(schema, value, PARSE_CONFIG);
    if (parsed.success) return parsed.output;
    const field = /(\w+)$/.exec(path)?.[1] ?? '';
    for (const issue of parsed.issues) {
      const inner = formatPath(issue.path);
      const at = inner === '(文件)' ? path : inner.startsWith('[') ? `${path}${inner}` : `${path}.${inner}`;
      err(at, structuralMessage(issue), plainStructural(issue, field));
    }
    return null;
  };
  /** An object's fields, each checked alone; null when it is no object. */
  const fields = <E extends Record<string, v.GenericSchema>>(entries: E, value: unknown, path: string): Parsed<E> | null => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      err(path, `应为对象，收到 ${shown(value)}`);
      return null;
    }
    const raw = value as Record<string, unknown>;
    for (const key of Object.keys(raw)) if (!(key in entries)) err(`${path}${keySegment(key, false)}`, '未知字段（是否拼写有误？）');
    const out = { failed: new Set<string>(), output: {} } as Parsed<E>;
    for (const key of Object.keys(entries) as Array<keyof E & string>) {
      const before = errors.length;
      const parsed = part(entries[key] as E[typeof key], raw[key], `${path}.${key}`);
      if (errors.length > before) out.failed.add(key);
      else if (parsed !== undefined) out.output[key] = parsed;
      out[key] = (parsed ?? null) as Parsed<E>[typeof key];
    }
    return out;
  };

  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '(文件)', message: `案件文件应为 JSON 对象，收到 ${shown(input)}` }] };
  }
  const obj = input as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (!KNOWN_TOP.has(key)) err(keySegment(key, true), '未知字段（是否拼写有误？）');
  for (const key of REQUIRED_TOP) if (obj[key] === undefined) err(key, '缺少必填字段', '必填');
  const format = obj.format === undefined ? null : part(TOP_FIELDS.format, obj.format, 'format');
  const asOfText = obj.asOf === undefined ? null : part(TOP_FIELDS.asOf, obj.asOf, 'asOf');
  const regionText = obj.region === undefined ? null : part(TOP_FIELDS.region, obj.region, 'region');
  const deemedMonths = part(TOP_FIELDS.deemedMonths, obj.deemedMonths, 'deemedMonths');
  const person = obj.person === undefined ? null : fields(PERSON_FIELDS, obj.person, 'person');
  const request = obj.request === undefined ? null : fields(REQUEST_FIELDS, obj.request, 'request');
  let rawHistory: unknown[] | null = null;
  if (obj.history !== undefined) {
    if (!Array.isArray(obj.history)) err('history', `参保记录应为数组，收到 ${shown(obj.history)}`);
    else if (obj.history.length > CASE_LIMITS.historyMaxEntries) err('history', `参保记录不能超过 ${CASE_LIMITS.historyMaxEntries} 段`);
    else rawHistory = obj.history;
  }
  const parsedEntries = (rawHistory ?? []).map((entry, index) => fields(ENTRY_FIELDS, entry, `history[${index}]`));

  // Domain checks on every field that parsed.
  const asOf = asOfText ? parseDate(asOfText) : null;
  const checkRegion = (path: string, code: string) => {
    if (regions.has(code) && code !== 'CN') return;
    const suggestion = regions.suggestPoolingRegion(code);
    err(
      path,
      suggestion
        ? `地区代码 "${code}" 不是统筹区代码（区县级代码不可用）；是否应为 ${suggestion}（${regions.name(suggestion)}）？`
        : `地区代码 "${code}" 不在区划代码表（GB/T 2260 省级、地级）中`,
    );
  };
  if (regionText) checkRegion('region', regionText);

  // Person: birth month, the ID number on its own and against birth and sex, retirement category.
  const birth = person?.birth ? parseMonth(person.birth) : null;
  if (person && birth !== null && asOf !== null && birth > monthOfDay(asOf))
    err('person.birth', `出生年月 ${person.birth} 晚于办理日期 ${asOfText}`);
  const idNumber = person?.idNumber ? person.idNumber.trim().toUpperCase() : null;
  let birthDay: number | null = null;
  if (idNumber !== null) {
    const check = checkIdNumber(idNumber);
    if (!check.ok) {
      if (check.reason === 'shape')
        err('person.idNumber', `身份证号应为18位（前17位数字，末位为数字或 X），收到 "${idNumber}"`, idShapePlain(idNumber));
      else if (check.reason === 'birth')
        err(
          'person.idNumber',
          `身份证号第7–14位不是有效的出生日期：${idNumber.slice(6, 14)}`,
          `身份证号中的出生日期 ${idNumber.slice(6, 14)} 不存在`,
        );
      else
        err(
          'person.idNumber',
          `身份证号校验位不符（GB 11643）：末位应为 "${check.expectedCheck}"，收到 "${idNumber[17]}"`,
          // Not "the last digit should be …": the wrong digit may be any of the 18 (issue 21).
          '身份证号校验不通过：号码中有数字录错，请对照证件逐位核对',
        );
    } else {
      birthDay = check.birthDay;
      if (person && birth !== null && monthOfDay(check.birthDay) !== birth)
        err('person.birth', `出生年月 ${person.birth} 与身份证号中的出生日期 ${formatDate(check.birthDay)} 不一致`);
      if (person?.sex && check.sex !== person.sex) {
        const idSex = check.sex === 'male' ? '奇数，男' : '偶数，女';
        err(
          'person.sex',
          `性别 ${LABELS[person.sex]} 与身份证号第17位（${idSex}）不一致`,
          `性别“${person.sex === 'male' ? '男' : '女'}”与身份证号第17位（${idSex}）不一致`,
        );
      }
    }
  }
  if (person?.sex === 'male' && person.retirementCategory && person.retirementCategory !== 'male') {
    err('person.retirementCategory', `男性的退休类别只能是 male，收到 "${person.retirementCategory}"`, '男性的退休类别只能是“男职工”');
  }
  if (person?.sex === 'female' && person.retirementCategory === 'male') {
    err(
      'person.retirementCategory',
      '女性的退休类别应为 female-55 或 female-50，收到 "male"',
      '请选择女职工的退休类别（原55周岁或原50周岁）',
    );
  }

  // Request: payment date window, payer, scheme switches.
  const paymentDate = !request || request.failed.has('paymentDate') ? null : request.paymentDate ? parseDate(request.paymentDate) : asOf;
  if (paymentDate !== null && asOf !== null) {
    if (paymentDate < asOf)
      err(
        'request.paymentDate',
        `计划缴费日期 ${formatDate(paymentDate)} 早于办理日期 asOf ${asOfText}`,
        `计划缴费日期 ${formatDate(paymentDate)} 早于办理日期 ${asOfText}`,
      );
    if (monthOfDay(paymentDate) > monthOfDay(asOf) + CASE_LIMITS.paymentHorizonMonths) {
      err(
        'request.paymentDate',
        `计划缴费日期 ${formatDate(paymentDate)} 超出办理日期后 ${CASE_LIMITS.paymentHorizonMonths} 个月的测算范围`,
      );
    }
  }
  const P = paymentDate === null ? null : monthOfDay(paymentDate);
  const switchFrom = request?.switchFromScheme ?? null;
  let payer: 'employer' | 'individual' = 'individual';
  if (request) {
    if (request.transferFrom != null) {
      checkRegion('request.transferFrom', request.transferFrom);
      if (request.transferFrom === regionText)
        err(
          'request.transferFrom',
          `转出地 ${request.transferFrom} 与当前统筹区相同；同城续保请留空`,
          '转出地与参保地相同；同城续保请留空',
        );
    }
    if (switchFrom === 'resident' && request.scheme === 'resident') {
      err(
        'request.switchFromScheme',
        '由居民医保切换时，申请险种应为职工医保（employee 或 flexible）',
        '由居民医保切换时，申请险种应为职工医保（单位或灵活就业）',
      );
    }
    if (switchFrom === 'employee' && request.scheme && request.scheme !== 'resident') {
      err(
        'request.switchFromScheme',
        '由职工医保切换时，申请险种应为 resident（城乡居民医保）；单位与灵活就业之间属同一险种，不是切换',
        '由职工医保切换时，申请险种应为城乡居民医保；单位与灵活就业之间属同一险种，不是切换',
      );
    }
    if (request.residentRepairYears && request.residentRepairYears > 0 && request.scheme && request.scheme !== 'resident') {
      err(
        'request.residentRepairYears',
        '修复变动等待期只适用于城乡居民医保（request.scheme 为 resident）',
        '修复变动等待期只适用于城乡居民医保',
      );
    }
    if (request.scheme) {
      payer = request.payer ?? (request.scheme === 'employee' ? 'employer' : 'individual');
      if (payer === 'employer' && request.scheme !== 'employee') {
        err(
          'request.payer',
          `${LABELS[request.scheme]} 由个人缴费，缴费人不能是 employer`,
          `${SCHEME_PLAIN[request.scheme]}由个人缴费，缴费人不能选“用人单位”`,
        );
      }
    }
  }

  // History: each range, then overlaps across every range whose months read.
  const entries: HistoryEntry[] = [];
  const ranges: Array<{ index: number; from: YearMonth; to: YearMonth }> = [];
  parsedEntries.forEach((entry, index) => {
    if (!entry) return;
    const from = entry.from ? parseMonth(entry.from) : null;
    const to = entry.to ? parseMonth(entry.to) : null;
    const path = `history[${index}]`;
    let good = entry.failed.size === 0;
    if (from !== null && to !== null) {
      if (to < from) {
        err(`${path}.to`, `结束月份 ${entry.to} 早于开始月份 ${entry.from}`);
        good = false;
      } else ranges.push({ index, from, to });
    }
    if (P !== null && to !== null && to > P) {
      err(
        `${path}.to`,
        `结束月份 ${entry.to} 晚于缴费月份 ${formatMonth(P)}（计划缴费日期所在月）${entry.scheme === 'resident' ? '；按年度预缴的居民医保记录填到缴费月份为止即可' : ''}`,
      );
      good = false;
    }
    if (birth !== null && from !== null && from < birth) {
      err(`${path}.from`, `开始月份 ${entry.from} 早于出生年月 ${person?.birth ?? ''}`);
      good = false;
    }
    if (entry.scheme !== null && entry.scheme !== 'resident' && entry.base === null && !entry.failed.has('base')) {
      err(`${path}.base`, '职工医保记录必须填写月缴费基数（元）');
      good = false;
    }
    if (entry.region != null) checkRegion(`${path}.region`, entry.region);
    if (good && from !== null && to !== null && entry.scheme && entry.status) {
      entries.push({
        index,
        from,
        to,
        scheme: entry.scheme,
        status: entry.status,
        baseFen: entry.base == null ? null : yuanToFen(entry.base),
        region: entry.region ?? regionText ?? '',
      });
    }
  });
  // Each range is reported against the nearest earlier range (by start, then by row) that
  // reaches its start, so chains of overlaps are all reported. Sorted once, then a stack of the
  // earlier ranges no later one outreaches (their ends strictly falling): the ranges reaching a
  // start are the stack's bottom part, and the nearest of them is found by halving — n log n,
  // not every pair (issue 14).
  const byStart = [...ranges].sort((a, b) => a.from - b.from || a.index - b.index);
  const reaching: typeof byStart = [];
  for (const b of byStart) {
    let lo = 0;
    let hi = reaching.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((reaching[mid] as (typeof byStart)[number]).to >= b.from) lo = mid + 1;
      else hi = mid;
    }
    const a = lo > 0 ? reaching[lo - 1] : undefined;
    if (a) {
      const first: YearMonth = b.from;
      const last: YearMonth = Math.min(a.to, b.to);
      const span = `${formatMonth(first)}${last > first ? ` 至 ${formatMonth(last)}` : ''}`;
      err(
        `history[${b.index}]`,
        `与 history[${a.index}]（${formatMonth(a.from)} 至 ${formatMonth(a.to)}）重叠：${span}`,
        `与第${a.index + 1}段（${formatMonth(a.from)} 至 ${formatMonth(a.to)}）重叠：${span}`,
      );
    }
    while (reaching.length && (reaching[reaching.length - 1] as (typeof byStart)[number]).to <= b.to) reaching.pop();
    reaching.push(b);
  }

  const sorted = [...entries].sort((a, b) => a.from - b.from || a.index - b.index);
  if (
    errors.length > 0 ||
    !format ||
    asOf === null ||
    !regionText ||
    !person?.name ||
    !person.sex ||
    !person.retirementCategory ||
    !request?.scheme ||
    request.failed.size > 0 ||
    request.residentRepairYears === null ||
    !rawHistory ||
    paymentDate === null ||
    birth === null ||
    deemedMonths === null
  ) {
    return { ok: false, errors: dedupe(errors) };
  }
  const caseFile = {
    ...obj,
    deemedMonths,
    person: person.output,
    request: request.output,
    history: parsedEntries.map((e) => e?.output),
  } as unknown as CaseFile;
  return {
    ok: true,
    caseFile,
    value: {
      asOf,
      region: regionText,
      person: {
        name: person.name.trim(),
        idNumber,
        sex: person.sex,
        birth,
        birthDay,
        retirementCategory: person.retirementCategory,
      },
      history: sorted,
      deemedMonths,
      request: {
        scheme: request.scheme,
        paymentDate,
        payer,
        baseFen: request.base == null ? null : yuanToFen(request.base),
        transferFrom: request.transferFrom ?? null,
        switchFromScheme: switchFrom,
        residentRepairYears: request.residentRepairYears,
      },
    },
  };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "history[1].to: 月份应为 YYYY-MM 格式，收到 "2026-13"" — the CLI's stderr lines. */
export function formatFieldError(error: FieldError): string {
  return `${error.path}: ${error.message}`;
}
