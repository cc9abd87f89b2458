// The vocabulary of the policy library: every key the engine may read, declared once
// with its valibot schema, its unit, its Chinese label and the date it is read at.
// Values themselves live only in db/ (with citations). The schema is what makes a value
// "exact or refused" (docs/rules.md §0.5) wherever it enters, and it turns the stored JSON
// into what the engine computes with: a rate into integer ppm, an amount into fen.
import * as v from 'valibot';
import { parseMonth } from '../calendar.ts';
import { SCHEME_ZH } from '../glossary.ts';

// ── exact numbers ─────────────────────────────────────────────────────────────

/** Decimal places of a JSON number as written (its shortest round-trip form). */
export function decimalPlaces(x: number): number {
  const text = String(Math.abs(x));
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) return Number.POSITIVE_INFINITY;
  const fraction = match[2]?.length ?? 0;
  const exponent = Number(match[3] ?? 0);
  return Math.max(0, fraction - exponent);
}

/** Exact scaling of a number with at most `places` decimals (no float drift). */
function scaled(x: number, places: number): number {
  return Math.round(x * 10 ** places);
}

const finiteNumber = (message: string) =>
  v.pipe(
    v.number(message),
    v.check((n) => Number.isFinite(n), message),
  );

/** Non-negative whole number (months, days, offsets). */
const Int = v.pipe(finiteNumber('应为非负整数'), v.integer('应为非负整数'), v.minValue(0, '应为非负整数'), v.maxValue(100_000, '数值过大'));
/** A rate with at most 6 decimals, 0 ≤ r < 1, as integer parts per million. */
const Rate = v.pipe(
  finiteNumber('费率应为 0 到 1 之间的小数（如 0.09）'),
  v.minValue(0, '费率应为 0 到 1 之间的小数（如 0.09）'),
  v.ltValue(1, '费率应为 0 到 1 之间的小数（如 0.09）'),
  v.check(
    (n) => decimalPlaces(n) <= 6,
    (i) => `费率最多 6 位小数（按百万分之一存储），收到 ${String(i.input)}`,
  ),
  v.transform((n) => scaled(n, 6)),
);
/** An amount in yuan with at most 2 decimals, as integer fen. */
const Yuan = v.pipe(
  finiteNumber('金额应为非负数（元）'),
  v.minValue(0, '金额应为非负数（元）'),
  v.maxValue(100_000_000, '金额过大'),
  v.check(
    (n) => decimalPlaces(n) <= 2,
    (i) => `金额最多 2 位小数（按分存储），收到 ${String(i.input)}`,
  ),
  v.transform((n) => scaled(n, 2)),
);
const Bool = v.boolean('应为 true 或 false');
const Year = v.pipe(
  finiteNumber('应为年份整数'),
  v.integer('应为年份整数'),
  v.minValue(1900, '应为年份整数'),
  v.maxValue(2199, '应为年份整数'),
);
/** A real month "YYYY-MM", as the engine's month number. */
const Month = v.pipe(
  v.string('应为 YYYY-MM'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const month = parseMonth(dataset.value);
    if (month !== null) return month;
    addIssue({ message: `应为真实的月份 YYYY-MM，收到 ${JSON.stringify(dataset.value)}` });
    return NEVER;
  }),
);

/** "MM-DD" that exists in every year (so not 02-29), or "MM-last" for a month's last day. */
const DAYS_IN_COMMON_YEAR = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MonthDay = v.pipe(
  v.string('应为 MM-DD'),
  v.check(
    (s) => {
      const m = /^(0[1-9]|1[0-2])-(\d{2}|last)$/.exec(s);
      if (!m) return false;
      if (m[2] === 'last') return true;
      const day = Number(m[2]);
      return day >= 1 && day <= (DAYS_IN_COMMON_YEAR[Number(m[1]) - 1] ?? 0);
    },
    (i) => `应为每年都有的日期 MM-DD（2月底写 02-last），收到 ${JSON.stringify(i.input)}`,
  ),
);
const Window = v.strictObject({ from: MonthDay, to: MonthDay }, '应为 {"from":"09-01","to":"12-31"} 形式');

const DueRule = v.strictObject(
  {
    /** 0 = the contribution month itself, 1 = the next month. */
    monthsAfter: v.pipe(Int, v.maxValue(12, 'monthsAfter 应为 0 到 12')),
    /** Day of that month, or "last". */
    day: v.union(
      [v.literal('last'), v.pipe(Int, v.minValue(1, 'day 应为 1 到 28'), v.maxValue(28, 'day 应为 1 到 28'))],
      'day 应为 1 到 28 或 "last"',
    ),
  },
  '应为 {"monthsAfter":0,"day":"last"} 形式',
);

/**
 * A statutory retirement age: the base age, and the gradual delay where there is one (docs/rules.md §7).
 * A rule without delay (国发〔1978〕104号, before 2025) gives the base age alone.
 */
const RetirementScheduleSchema = v.pipe(
  v.strictObject(
    {
      baseAgeYears: v.pipe(Int, v.minValue(1)),
      firstAffectedBirth: v.optional(Month),
      bandMonths: v.optional(v.pipe(Int, v.minValue(1))),
      maxDelayMonths: v.optional(Int),
    },
    '应为 {"baseAgeYears","firstAffectedBirth","bandMonths","maxDelayMonths"}，无延迟时只写 {"baseAgeYears"}',
  ),
  v.check(
    (s) =>
      [s.firstAffectedBirth, s.bandMonths, s.maxDelayMonths].every((x) => x === undefined) ||
      [s.firstAffectedBirth, s.bandMonths, s.maxDelayMonths].every((x) => x !== undefined),
    'firstAffectedBirth、bandMonths、maxDelayMonths 应同时给出（渐进延迟）或同时省略（不延迟）',
  ),
);

const IntOrNull = v.nullable(Int);
const BoolOrNull = v.nullable(Bool);
const TierSchema = v.pipe(
  v.strictObject(
    {
      /** Applies when n ≤ upToMonths; null = open-ended (only the last tier). */
      upToMonths: v.nullable(v.pipe(Int, v.minValue(1, 'upToMonths 应大于 0'))),
      backPayAllowed: BoolOrNull,
      /** Exact waiting months, or null when only a cap is known. */
      waitingMonths: IntOrNull,
      waitingMonthsMax: IntOrNull,
      /** With no waiting period: benefits from P + startOffset (0 = the payment month, 1 = the next). */
      startOffset: IntOrNull,
      /**
       * After a waiting period of W months: benefits from P + W + this (docs/rules.md §2; 1 where the rule
       * says "等待期满后次月起"). Absent = 0: from P + W.
       */
      startOffsetAfterWaiting: v.optional(v.pipe(Int, v.maxValue(12, 'startOffsetAfterWaiting 应为 0 到 12'))),
      retroactive: BoolOrNull,
      /** The local text treats this interruption as a first enrolment (视为首次参保). */
      asFirstEnrolment: v.optional(Bool),
    },
    '每档应为对象（upToMonths、backPayAllowed、waitingMonths、waitingMonthsMax、startOffset、retroactive）',
  ),
  v.check((t) => t.waitingMonths !== null || t.waitingMonthsMax !== null, '每档需给出 waitingMonths 或 waitingMonthsMax'),
  // An offset is read for one of the two cases only (docs/rules.md §2): never silently ignored.
  v.check(
    (t) => t.startOffset === null || t.waitingMonths === 0,
    '有等待期（或只知上限）的档不用 startOffset：等待期满后次月起请写 startOffsetAfterWaiting: 1',
  ),
  v.check(
    (t) => t.startOffsetAfterWaiting === undefined || t.waitingMonths !== 0,
    '无等待期的档不用 startOffsetAfterWaiting：缴费次月起请写 startOffset: 1',
  ),
);
const Tiers = v.pipe(
  v.array(TierSchema, '分档规则应为数组'),
  v.minLength(1, '分档规则应为非空数组'),
  v.check((tiers) => tiers.every((t, i) => t.upToMonths !== null || i === tiers.length - 1), '只有最后一档可以不设上限'),
  v.check(
    (tiers) => tiers.every((t, i) => i === 0 || t.upToMonths === null || t.upToMonths > (tiers[i - 1]?.upToMonths ?? 0)),
    'upToMonths 应逐档递增',
  ),
);

/**
 * A rate billed as separate levies of the same base (docs/rules.md §3: e.g. 基本医疗 8.75% and 大病 0.75%):
 * each levy is rounded to the fen on its own and the amounts are added. The rate levies must add up
 * to the rate in force (the rate rows stay the one source of the total). A levy may instead be a
 * flat monthly amount billed beside the rate (e.g. 大额医疗 5 元/月), added for every month priced.
 */
const LevyName = v.pipe(v.string('分项名称应为文本'), v.minLength(1, '分项名称不能为空'), v.maxLength(40, '分项名称不能超过 40 个字'));
const RateLevy = v.strictObject({ name: LevyName, rate: Rate });
const FlatLevy = v.strictObject({ name: LevyName, amount: Yuan });
type LevyOutput = v.InferOutput<typeof RateLevy> | v.InferOutput<typeof FlatLevy>;
// Told apart by the field it carries, so a wrong amount or rate gets its own message.
const LevySchema = v.pipe(
  v.unknown(),
  v.rawTransform<unknown, LevyOutput>(({ dataset, addIssue, NEVER }) => {
    const input = dataset.value;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      addIssue({
        message:
          '每个分项应为 {"name":"基本医疗保险","rate":0.0875}（按基数×费率）或 {"name":"大额医疗费用补助","amount":5}（每月定额，元）形式',
      });
      return NEVER;
    }
    const parsed = 'amount' in input ? v.safeParse(FlatLevy, input) : v.safeParse(RateLevy, input);
    if (parsed.success) return parsed.output;
    for (const issue of parsed.issues) addIssue({ message: issue.message });
    return NEVER;
  }),
);
const Levies = v.pipe(
  v.array(
    LevySchema,
    '分项应为数组，如 [{"name":"基本医疗保险","rate":0.0875},{"name":"大病医疗互助补充保险","rate":0.0075}] 或 [{"name":"基本医疗保险","rate":0.048},{"name":"大额医疗保险","amount":7}]',
  ),
  v.minLength(2, '分项费率至少两项（只有一项时不必设置）'),
  v.check((list) => new Set(list.map((l) => l.name)).size === list.length, '分项名称不能重复'),
  v.check((list) => list.some((l) => 'rate' in l), '至少一项按费率计收（各费率分项之和应等于该月费率）'),
);

export const BASE_RULES = ['declared', 'averageWageYearBeforeLast'] as const;
const BaseRuleSchema = v.picklist(BASE_RULES, `应为 ${BASE_RULES.join(' 或 ')}`);

/** How a lifetime-years shortfall may be paid (docs/rules.md §6): in one sum, or month by month. */
export const TOP_UP_METHODS = ['lumpSum', 'monthly'] as const;
const TopUpMethods = v.pipe(
  v.array(v.picklist(TOP_UP_METHODS, `应为 ${TOP_UP_METHODS.join(' 或 ')}`), '应为数组，如 ["lumpSum","monthly"]'),
  v.minLength(1, '至少一种补缴方式'),
  v.check((list) => new Set(list).size === list.length, '补缴方式不能重复'),
);
/** The base a top-up is priced on: the year-before-last average wage, or the base floor. */
export const TOP_UP_BASE_RULES = ['averageWageYearBeforeLast', 'minBase'] as const;
const TopUpBaseRule = v.picklist(TOP_UP_BASE_RULES, `应为 ${TOP_UP_BASE_RULES.join(' 或 ')}`);
/** The rate a top-up is priced at, when no rate of its own is given: the employer's, or employer + employee. */
export const TOP_UP_RATE_RULES = ['employerRate', 'employerAndEmployeeRate'] as const;
const TopUpRateRule = v.picklist(TOP_UP_RATE_RULES, `应为 ${TOP_UP_RATE_RULES.join(' 或 ')}`);

// ── the keys ──────────────────────────────────────────────────────────────────

/** Which date the engine reads a key at; lookups take a day made for that purpose (read-at.ts). */
export type ReadAtKind = 'month' | 'paymentDate' | 'retirementMonth' | 'asOf' | 'accrualDay' | 'statisticsYear';

/** How a value is typed at the admin screen and shown next to it. */
export type ValueType =
  | 'int'
  | 'rate'
  | 'yuan'
  | 'bool'
  | 'year'
  | 'tiers'
  | 'levies'
  | 'dueRule'
  | 'window'
  | 'baseRule'
  | 'retirementSchedule'
  | 'topUpMethods'
  | 'topUpBaseRule'
  | 'topUpRateRule';

export interface KeySpec {
  schema: v.GenericSchema;
  type: ValueType;
  /** The unit the value is written in (shown beside it). */
  unit: '月' | '天' | '年' | '比例' | '元' | '元/月' | null;
  /** Chinese label shown next to the value in explanations and the admin screen. */
  label: string;
  readAt: ReadAtKind;
}

const key = <S extends v.GenericSchema, T extends ValueType, R extends ReadAtKind>(
  schema: S,
  type: T,
  unit: KeySpec['unit'],
  label: string,
  readAt: R,
) => ({ schema, type, unit, label, readAt });

/** The keys each of the two 职工医保 schemes has (docs/rules.md §2). */
function schemeKeys<S extends 'employee' | 'flexible'>(s: S, zh: string) {
  return {
    [`${s}.benefit.startOffset`]: key(Int, 'int', '月', `${zh}：缴费后待遇起始（0=缴费当月，1=次月）`, 'paymentDate'),
    [`${s}.interruption.shortLimitMonths`]: key(Int, 'int', '月', `${zh}：短期中断上限（月）`, 'paymentDate'),
    [`${s}.short.backPayAllowed`]: key(Bool, 'bool', null, `${zh}：短期中断可否补缴`, 'paymentDate'),
    [`${s}.short.waitingMonths`]: key(Int, 'int', '月', `${zh}：短期中断等待期（月）`, 'paymentDate'),
    [`${s}.short.startOffset`]: key(Int, 'int', '月', `${zh}：短期中断补缴后待遇起始（0=缴费当月，1=次月）`, 'paymentDate'),
    [`${s}.short.retroactive`]: key(Bool, 'bool', null, `${zh}：短期中断期间待遇可否追溯`, 'paymentDate'),
    [`${s}.interruption.tiers`]: key(Tiers, 'tiers', null, `${zh}：中断分档规则`, 'paymentDate'),
    [`${s}.interruption.cumulativeInYearMonths`]: key(Int, 'int', '月', `${zh}：年度内累计中断达此月数视为首次参保`, 'paymentDate'),
    [`${s}.waiting.restartsOnInterruption`]: key(Bool, 'bool', null, `${zh}：等待期内中断则重新计算等待期`, 'paymentDate'),
    [`${s}.firstEnrolment.waitingMonths`]: key(Int, 'int', '月', `${zh}：首次参保等待期（月）`, 'paymentDate'),
    [`${s}.firstEnrolment.exemptIfWithinMonths`]: key(Int, 'int', '月', `${zh}：原参保待遇终止后此月数内参保免等待期`, 'paymentDate'),
  } as SchemeKeys<S>;
}

// Template-literal keys computed at run time cannot be typed by TypeScript's object
// literal; the mapped type below says what schemeKeys builds.
type SchemeKeySuffix =
  | 'benefit.startOffset'
  | 'interruption.shortLimitMonths'
  | 'short.backPayAllowed'
  | 'short.waitingMonths'
  | 'short.startOffset'
  | 'short.retroactive'
  | 'interruption.tiers'
  | 'interruption.cumulativeInYearMonths'
  | 'waiting.restartsOnInterruption'
  | 'firstEnrolment.waitingMonths'
  | 'firstEnrolment.exemptIfWithinMonths';
type SchemeKeySchemas = {
  'benefit.startOffset': typeof Int;
  'interruption.shortLimitMonths': typeof Int;
  'short.backPayAllowed': typeof Bool;
  'short.waitingMonths': typeof Int;
  'short.startOffset': typeof Int;
  'short.retroactive': typeof Bool;
  'interruption.tiers': typeof Tiers;
  'interruption.cumulativeInYearMonths': typeof Int;
  'waiting.restartsOnInterruption': typeof Bool;
  'firstEnrolment.waitingMonths': typeof Int;
  'firstEnrolment.exemptIfWithinMonths': typeof Int;
};
type SchemeKeys<S extends string> = {
  [K in SchemeKeySuffix as `${S}.${K}`]: {
    schema: SchemeKeySchemas[K];
    type: ValueType;
    unit: KeySpec['unit'];
    label: string;
    readAt: 'paymentDate';
  };
};

export const POLICY_KEYS = {
  // Contribution rates and bases, read at each month's first day.
  'employee.rate.employer': key(Rate, 'rate', '比例', '职工医保单位费率', 'month'),
  'employee.rate.employee': key(Rate, 'rate', '比例', '职工医保个人费率', 'month'),
  'flexible.rate': key(Rate, 'rate', '比例', '灵活就业人员职工医保费率', 'month'),
  // How a scheme's total rate is billed when it is billed as separate levies (each rounded on its own).
  'employee.rate.levies': key(Levies, 'levies', null, '职工医保费率的分项（单位与个人合计，各项分别计算取整）', 'month'),
  'flexible.rate.levies': key(Levies, 'levies', null, '灵活就业人员职工医保费率的分项（各项分别计算取整）', 'month'),
  'flexible.flatMonthlyAmount': key(Yuan, 'yuan', '元/月', '灵活就业人员职工医保定额（元/月）', 'month'),
  // A single base every flexible worker pays on (成都: 80 % of the provincial average wage; 武汉: the province's
  // yearly standard), replacing the declared base (docs/rules.md §3).
  'flexible.fixedBase': key(Yuan, 'yuan', '元/月', '灵活就业人员统一缴费基数（元/月，不按申报基数）', 'month'),
  'resident.flatMonthlyAmount': key(Yuan, 'yuan', '元/月', '居民医保个人缴费（折合元/月）', 'month'),
  'base.min': key(Yuan, 'yuan', '元/月', '缴费基数下限（元/月）', 'month'),
  'base.max': key(Yuan, 'yuan', '元/月', '缴费基数上限（元/月）', 'month'),
  // Read on 1 July of the statistics year whose average it is.
  'wage.averageMonthly': key(Yuan, 'yuan', '元/月', '全口径城镇单位就业人员月平均工资（元）', 'statisticsYear'),

  ...schemeKeys('employee', SCHEME_ZH.employee),
  ...schemeKeys('flexible', SCHEME_ZH.flexible),

  // Transfers and scheme switches (医保办发〔2021〕43号 and local versions).
  'transfer.shortLimitMonths': key(Int, 'int', '月', '转移接续：中断不超过此月数可补缴且不设等待期', 'paymentDate'),
  'transfer.short.backPayAllowed': key(Bool, 'bool', null, '转移接续：短期中断可否补缴', 'paymentDate'),
  'transfer.short.waitingMonths': key(Int, 'int', '月', '转移接续：短期中断等待期（月）', 'paymentDate'),
  'transfer.short.startOffset': key(Int, 'int', '月', '转移接续：补缴后待遇起始（0=缴费当月）', 'paymentDate'),
  'transfer.short.retroactive': key(Bool, 'bool', null, '转移接续：中断期间待遇可否追溯', 'paymentDate'),
  'transfer.short.baseRule': key(BaseRuleSchema, 'baseRule', null, '转移接续：补缴基数规则', 'paymentDate'),
  'transfer.long.waitingMonthsMax': key(Int, 'int', '月', '转移接续：中断超过上限时等待期最长（月）', 'paymentDate'),
  'transfer.long.backPayAllowed': key(Bool, 'bool', null, '转移接续：长期中断可否补缴', 'paymentDate'),
  'transfer.long.waitingMonths': key(Int, 'int', '月', '转移接续：长期中断等待期（月）', 'paymentDate'),
  'transfer.long.startOffset': key(Int, 'int', '月', '转移接续：长期中断待遇起始（0=缴费当月，1=次月）', 'paymentDate'),
  'transfer.long.retroactive': key(Bool, 'bool', null, '转移接续：长期中断期间待遇可否追溯', 'paymentDate'),
  'transfer.excludesRetirees': key(Bool, 'bool', null, '转移接续办法不适用于退休人员', 'paymentDate'),
  'transfer.continuous.startOffset': key(
    Int,
    'int',
    '月',
    '转移接续：连续缴费未中断的，转入地待遇起始（0=缴费当月，1=次月）',
    'paymentDate',
  ),
  'switch.minContinuousMonths': key(Int, 'int', '月', '险种切换：连续参保至少月数', 'paymentDate'),
  // A province's own condition for one direction of a switch (docs/rules.md §2), where it relaxes
  // the two years of 43号 (e.g. 0 = no continuous-participation condition): read before the general key.
  'switch.toResident.minContinuousMonths': key(Int, 'int', '月', '险种切换（职工转居民）：连续参保至少月数（本地规定）', 'paymentDate'),
  'switch.toEmployee.minContinuousMonths': key(Int, 'int', '月', '险种切换（居民转职工）：连续参保至少月数（本地规定）', 'paymentDate'),
  'switch.shortLimitMonths': key(Int, 'int', '月', '险种切换：中断不超过此月数可补缴且不设等待期', 'paymentDate'),

  // Late fee (社会保险法 第八十六条), read on each day the fee accrues.
  'lateFee.dailyRate': key(Rate, 'rate', '比例', '滞纳金日费率', 'accrualDay'),
  'lateFee.dueRule': key(DueRule, 'dueRule', null, '欠费起算日（应缴期限）', 'month'),
  'lateFee.capAtPrincipal': key(Bool, 'bool', null, '滞纳金以本金为限', 'paymentDate'),

  // Residents' insurance waiting period (国办发〔2024〕38号).
  'resident.waiting.fixedMonths': key(Int, 'int', '月', '居民医保固定等待期（月）', 'paymentDate'),
  'resident.waiting.variableMonthsPerGapYear': key(Int, 'int', '月', '居民医保每多断保1年增加的变动等待期（月）', 'paymentDate'),
  'resident.waiting.variableFreeGapYears': key(Int, 'int', '年', '居民医保不计变动等待期的断保年数', 'paymentDate'),
  'resident.waiting.repairMonthsPerYear': key(Int, 'int', '月', '居民医保每多缴1年减少的变动等待期（月）', 'paymentDate'),
  'resident.waiting.floorFromGapYears': key(Int, 'int', '年', '居民医保连续断保达此年数时修复后等待期有下限', 'paymentDate'),
  'resident.waiting.floorTotalMonths': key(Int, 'int', '月', '居民医保修复后等待期合计下限（月）', 'paymentDate'),
  'resident.waiting.gapYearsCountFrom': key(Year, 'year', '年', '居民医保断保年度起算年份', 'paymentDate'),
  'resident.waiting.outsideWindowStartOffset': key(Int, 'int', '月', '居民医保集中参保期外缴费：等待期自缴费后第几个月起算', 'paymentDate'),
  'resident.enrolmentWindow': key(Window, 'window', null, '居民医保集中参保期', 'paymentDate'),
  // Dates in the benefit year itself (e.g. 01-01 to 02-last): paying then still counts for that year.
  'resident.extendedWindow': key(Window, 'window', null, '居民医保延长缴费期（参保年度内）', 'paymentDate'),
  'resident.newbornExemptDays': key(Int, 'int', '天', '新生儿出生后此天数内参保不设等待期', 'paymentDate'),
  'resident.retroactive': key(Bool, 'bool', null, '居民医保断保及等待期内费用可否由基金支付', 'paymentDate'),

  // Lifetime years (社会保险法 第二十七条; local numbers), read at the retirement month.
  'lifetime.requiredMonths.male': key(Int, 'int', '月', '退休享受待遇所需累计缴费年限（男，月）', 'retirementMonth'),
  'lifetime.requiredMonths.female': key(Int, 'int', '月', '退休享受待遇所需累计缴费年限（女，月）', 'retirementMonth'),
  'lifetime.localActualRequiredMonths': key(Int, 'int', '月', '本地实际缴费年限要求（月）', 'retirementMonth'),
  // Paying a shortfall up to the required years (社会保险法 第二十七条), priced at the payment date.
  'lifetime.topUp.methods': key(TopUpMethods, 'topUpMethods', null, '退休时缴费年限不足的补缴方式（一次性/按月）', 'paymentDate'),
  'lifetime.topUp.baseRule': key(TopUpBaseRule, 'topUpBaseRule', null, '退休时补缴年限的缴费基数规则', 'paymentDate'),
  'lifetime.topUp.rateRule': key(
    TopUpRateRule,
    'topUpRateRule',
    null,
    '退休时补缴年限的费率规则（单位费率或单位加个人费率）',
    'paymentDate',
  ),
  'lifetime.topUp.rate': key(Rate, 'rate', '比例', '退休时补缴年限的费率', 'paymentDate'),

  // Statutory retirement age (渐进式延迟法定退休年龄), read at asOf.
  'retirement.schedule.male': key(RetirementScheduleSchema, 'retirementSchedule', null, '法定退休年龄（男职工）', 'asOf'),
  'retirement.schedule.female-55': key(RetirementScheduleSchema, 'retirementSchedule', null, '法定退休年龄（原55周岁女职工）', 'asOf'),
  'retirement.schedule.female-50': key(RetirementScheduleSchema, 'retirementSchedule', null, '法定退休年龄（原50周岁女职工）', 'asOf'),
} as const satisfies Record<string, KeySpec>;

export type PolicyKey = keyof typeof POLICY_KEYS;
/** A value of `K` as the engine computes with it: after its schema (rates in ppm, amounts in fen). */
export type PolicyValue<K extends PolicyKey> = v.InferOutput<(typeof POLICY_KEYS)[K]['schema']>;
/** A value of `K` as stored in the library (decimal rates, yuan). */
export type PolicyInput<K extends PolicyKey> = v.InferInput<(typeof POLICY_KEYS)[K]['schema']>;
export type ReadAtOf<K extends PolicyKey> = (typeof POLICY_KEYS)[K]['readAt'];

export type Tier = v.InferOutput<typeof TierSchema>;
/** One levy as the engine computes with it: a rate in ppm, or a flat monthly amount in fen. */
export type Levy = v.InferOutput<typeof LevySchema>;
export type DueRule = v.InferOutput<typeof DueRule>;
export type EnrolmentWindow = v.InferOutput<typeof Window>;
export type BaseRule = v.InferOutput<typeof BaseRuleSchema>;
export type TopUpMethod = (typeof TOP_UP_METHODS)[number];
export type RetirementSchedule = v.InferOutput<typeof RetirementScheduleSchema>;

export function isPolicyKey(name: string): name is PolicyKey {
  return Object.hasOwn(POLICY_KEYS, name);
}

export function keySpec(name: string): KeySpec | null {
  return isPolicyKey(name) ? POLICY_KEYS[name] : null;
}

/** The Chinese label of a key, or the key itself when it is unknown. */
export function keyLabel(name: string): string {
  return keySpec(name)?.label ?? name;
}

export type ParsedValue = { ok: true; value: unknown } | { ok: false; reason: string };

/** A stored value through its key's schema: the engine's form, or the Chinese reason it is refused. */
export function parsePolicyValue(name: string, value: unknown): ParsedValue {
  const spec = keySpec(name);
  if (!spec) return { ok: false, reason: `未知的政策参数键 "${name}"` };
  const result = v.safeParse(spec.schema, value);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, reason: [...new Set(result.issues.map((i) => i.message))].join('；') };
}

/** Checks a value against its key's schema; returns a Chinese reason or null when fine. */
export function checkPolicyValue(name: string, value: unknown): string | null {
  const parsed = parsePolicyValue(name, value);
  return parsed.ok ? null : parsed.reason;
}
