// The vocabulary of the policy library: every key the engine may read, its value
// type and what it means. Values themselves live only in db/ (with citations);
// this catalogue is what lets the store reject unknown keys and ill-typed values.

export type ValueType =
  'int' | 'rate' | 'yuan' | 'bool' | 'month' | 'year' | 'tiers' | 'dueRule' | 'window' | 'baseRule' | 'retirementSchedule';

export interface KeySpec {
  type: ValueType;
  /** Chinese label shown next to the value in explanations and the admin screen. */
  label: string;
  /** Which date the engine reads it at. */
  readAt: 'month' | 'paymentDate' | 'retirementMonth' | 'asOf' | 'accrualDay';
}

const SCHEME_KEYS = (scheme: 'employee' | 'flexible', zh: string): Record<string, KeySpec> => ({
  [`${scheme}.benefit.startOffset`]: { type: 'int', label: `${zh}：缴费后待遇起始（0=缴费当月，1=次月）`, readAt: 'paymentDate' },
  [`${scheme}.interruption.shortLimitMonths`]: { type: 'int', label: `${zh}：短期中断上限（月）`, readAt: 'paymentDate' },
  [`${scheme}.short.backPayAllowed`]: { type: 'bool', label: `${zh}：短期中断可否补缴`, readAt: 'paymentDate' },
  [`${scheme}.short.waitingMonths`]: { type: 'int', label: `${zh}：短期中断等待期（月）`, readAt: 'paymentDate' },
  [`${scheme}.short.startOffset`]: { type: 'int', label: `${zh}：短期中断补缴后待遇起始（0=缴费当月，1=次月）`, readAt: 'paymentDate' },
  [`${scheme}.short.retroactive`]: { type: 'bool', label: `${zh}：短期中断期间待遇可否追溯`, readAt: 'paymentDate' },
  [`${scheme}.interruption.tiers`]: { type: 'tiers', label: `${zh}：中断分档规则`, readAt: 'paymentDate' },
  [`${scheme}.interruption.cumulativeInYearMonths`]: {
    type: 'int',
    label: `${zh}：年度内累计中断达此月数视为首次参保`,
    readAt: 'paymentDate',
  },
  [`${scheme}.waiting.restartsOnInterruption`]: { type: 'bool', label: `${zh}：等待期内中断则重新计算等待期`, readAt: 'paymentDate' },
  [`${scheme}.firstEnrolment.waitingMonths`]: { type: 'int', label: `${zh}：首次参保等待期（月）`, readAt: 'paymentDate' },
  [`${scheme}.firstEnrolment.exemptIfWithinMonths`]: {
    type: 'int',
    label: `${zh}：原参保待遇终止后此月数内参保免等待期`,
    readAt: 'paymentDate',
  },
});

export const POLICY_KEYS: Record<string, KeySpec> = {
  // Contribution rates and bases, read at each month's first day.
  'employee.rate.employer': { type: 'rate', label: '职工医保单位费率', readAt: 'month' },
  'employee.rate.employee': { type: 'rate', label: '职工医保个人费率', readAt: 'month' },
  'flexible.rate': { type: 'rate', label: '灵活就业人员职工医保费率', readAt: 'month' },
  'flexible.flatMonthlyAmount': { type: 'yuan', label: '灵活就业人员职工医保定额（元/月）', readAt: 'month' },
  'resident.flatMonthlyAmount': { type: 'yuan', label: '居民医保个人缴费（折合元/月）', readAt: 'month' },
  'base.min': { type: 'yuan', label: '缴费基数下限（元/月）', readAt: 'month' },
  'base.max': { type: 'yuan', label: '缴费基数上限（元/月）', readAt: 'month' },
  'wage.averageMonthly': { type: 'yuan', label: '全口径城镇单位就业人员月平均工资（元）', readAt: 'month' },

  ...SCHEME_KEYS('employee', '职工医保（单位）'),
  ...SCHEME_KEYS('flexible', '职工医保（灵活就业）'),

  // Transfers and scheme switches (医保办发〔2021〕43号 and local versions).
  'transfer.shortLimitMonths': { type: 'int', label: '转移接续：中断不超过此月数可补缴且不设等待期', readAt: 'paymentDate' },
  'transfer.short.backPayAllowed': { type: 'bool', label: '转移接续：短期中断可否补缴', readAt: 'paymentDate' },
  'transfer.short.waitingMonths': { type: 'int', label: '转移接续：短期中断等待期（月）', readAt: 'paymentDate' },
  'transfer.short.startOffset': { type: 'int', label: '转移接续：补缴后待遇起始（0=缴费当月）', readAt: 'paymentDate' },
  'transfer.short.retroactive': { type: 'bool', label: '转移接续：中断期间待遇可否追溯', readAt: 'paymentDate' },
  'transfer.short.baseRule': { type: 'baseRule', label: '转移接续：补缴基数规则', readAt: 'paymentDate' },
  'transfer.long.waitingMonthsMax': { type: 'int', label: '转移接续：中断超过上限时等待期最长（月）', readAt: 'paymentDate' },
  'transfer.long.backPayAllowed': { type: 'bool', label: '转移接续：长期中断可否补缴', readAt: 'paymentDate' },
  'transfer.long.waitingMonths': { type: 'int', label: '转移接续：长期中断等待期（月）', readAt: 'paymentDate' },
  'transfer.long.startOffset': { type: 'int', label: '转移接续：长期中断待遇起始（0=缴费当月，1=次月）', readAt: 'paymentDate' },
  'transfer.long.retroactive': { type: 'bool', label: '转移接续：长期中断期间待遇可否追溯', readAt: 'paymentDate' },
  'transfer.excludesRetirees': { type: 'bool', label: '转移接续办法不适用于退休人员', readAt: 'paymentDate' },
  'switch.minContinuousMonths': { type: 'int', label: '险种切换：连续参保至少月数', readAt: 'paymentDate' },
  'switch.shortLimitMonths': { type: 'int', label: '险种切换：中断不超过此月数可补缴且不设等待期', readAt: 'paymentDate' },

  // Late fee (社会保险法 第八十六条), read on each day the fee accrues.
  'lateFee.dailyRate': { type: 'rate', label: '滞纳金日费率', readAt: 'accrualDay' },
  'lateFee.dueRule': { type: 'dueRule', label: '欠费起算日（应缴期限）', readAt: 'month' },
  'lateFee.capAtPrincipal': { type: 'bool', label: '滞纳金以本金为限', readAt: 'paymentDate' },

  // Residents' insurance waiting period (国办发〔2024〕38号).
  'resident.waiting.fixedMonths': { type: 'int', label: '居民医保固定等待期（月）', readAt: 'paymentDate' },
  'resident.waiting.variableMonthsPerGapYear': { type: 'int', label: '居民医保每多断保1年增加的变动等待期（月）', readAt: 'paymentDate' },
  'resident.waiting.variableFreeGapYears': { type: 'int', label: '居民医保不计变动等待期的断保年数', readAt: 'paymentDate' },
  'resident.waiting.repairMonthsPerYear': { type: 'int', label: '居民医保每多缴1年减少的变动等待期（月）', readAt: 'paymentDate' },
  'resident.waiting.floorFromGapYears': { type: 'int', label: '居民医保连续断保达此年数时修复后等待期有下限', readAt: 'paymentDate' },
  'resident.waiting.floorTotalMonths': { type: 'int', label: '居民医保修复后等待期合计下限（月）', readAt: 'paymentDate' },
  'resident.waiting.gapYearsCountFrom': { type: 'year', label: '居民医保断保年度起算年份', readAt: 'paymentDate' },
  'resident.waiting.outsideWindowStartOffset': {
    type: 'int',
    label: '居民医保集中参保期外缴费：等待期自缴费后第几个月起算',
    readAt: 'paymentDate',
  },
  'resident.enrolmentWindow': { type: 'window', label: '居民医保集中参保期', readAt: 'paymentDate' },
  'resident.newbornExemptDays': { type: 'int', label: '新生儿出生后此天数内参保不设等待期', readAt: 'paymentDate' },
  'resident.retroactive': { type: 'bool', label: '居民医保断保及等待期内费用可否由基金支付', readAt: 'paymentDate' },

  // Lifetime years (社会保险法 第二十七条; local numbers), read at the retirement month.
  'lifetime.requiredMonths.male': { type: 'int', label: '退休享受待遇所需累计缴费年限（男，月）', readAt: 'retirementMonth' },
  'lifetime.requiredMonths.female': { type: 'int', label: '退休享受待遇所需累计缴费年限（女，月）', readAt: 'retirementMonth' },
  'lifetime.localActualRequiredMonths': { type: 'int', label: '本地实际缴费年限要求（月）', readAt: 'retirementMonth' },

  // Statutory retirement age (渐进式延迟法定退休年龄), read at asOf.
  'retirement.schedule.male': { type: 'retirementSchedule', label: '法定退休年龄（男职工）', readAt: 'asOf' },
  'retirement.schedule.female-55': { type: 'retirementSchedule', label: '法定退休年龄（原55周岁女职工）', readAt: 'asOf' },
  'retirement.schedule.female-50': { type: 'retirementSchedule', label: '法定退休年龄（原50周岁女职工）', readAt: 'asOf' },
};

export type PolicyKey = keyof typeof POLICY_KEYS;

/** One tier of an interruption rule: applies when n ≤ upToMonths (null = open-ended). */
export interface Tier {
  upToMonths: number | null;
  backPayAllowed: boolean | null;
  /** Exact waiting months, or null when only a cap is known. */
  waitingMonths: number | null;
  waitingMonthsMax: number | null;
  startOffset: number | null;
  retroactive: boolean | null;
  /** The local text treats this interruption as a first enrolment (视为首次参保). */
  asFirstEnrolment?: boolean;
}

export interface DueRule {
  /** 0 = the contribution month itself, 1 = the next month. */
  monthsAfter: number;
  /** Day of that month, or "last". */
  day: number | 'last';
}

export interface EnrolmentWindow {
  /** "MM-DD" in the year before the benefit year. */
  from: string;
  to: string;
}

export type BaseRule = 'declared' | 'averageWageYearBeforeLast';

export interface RetirementSchedule {
  baseAgeYears: number;
  firstAffectedBirth: string;
  bandMonths: number;
  maxDelayMonths: number;
}

/** Checks a value against its key's type; returns a Chinese reason or null when fine. */
export function checkPolicyValue(key: string, value: unknown): string | null {
  const spec = POLICY_KEYS[key];
  if (!spec) return `未知的政策参数键 "${key}"`;
  const isInt = (x: unknown, min = 0) => typeof x === 'number' && Number.isInteger(x) && x >= min;
  const isIntOrNull = (x: unknown) => x === null || isInt(x);
  const isBoolOrNull = (x: unknown) => x === null || typeof x === 'boolean';
  switch (spec.type) {
    case 'int':
      return isInt(value) ? null : '应为非负整数';
    case 'year':
      return isInt(value, 1900) ? null : '应为年份整数';
    case 'rate':
      return typeof value === 'number' && value >= 0 && value < 1 ? null : '费率应为 0 到 1 之间的小数（如 0.09）';
    case 'yuan':
      return typeof value === 'number' && value >= 0 ? null : '金额应为非负数（元）';
    case 'bool':
      return typeof value === 'boolean' ? null : '应为 true 或 false';
    case 'month':
      return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? null : '应为 YYYY-MM';
    case 'baseRule':
      return value === 'declared' || value === 'averageWageYearBeforeLast' ? null : '应为 declared 或 averageWageYearBeforeLast';
    case 'dueRule': {
      const r = value as DueRule;
      return r && isInt(r.monthsAfter) && (r.day === 'last' || (isInt(r.day, 1) && r.day <= 28))
        ? null
        : '应为 {"monthsAfter":0,"day":"last"} 形式';
    }
    case 'window': {
      const w = value as EnrolmentWindow;
      const md = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
      return w && typeof w.from === 'string' && typeof w.to === 'string' && md.test(w.from) && md.test(w.to)
        ? null
        : '应为 {"from":"09-01","to":"12-31"} 形式';
    }
    case 'retirementSchedule': {
      const s = value as RetirementSchedule;
      return s &&
        isInt(s.baseAgeYears, 1) &&
        typeof s.firstAffectedBirth === 'string' &&
        /^\d{4}-(0[1-9]|1[0-2])$/.test(s.firstAffectedBirth) &&
        isInt(s.bandMonths, 1) &&
        isInt(s.maxDelayMonths)
        ? null
        : '应为 {"baseAgeYears","firstAffectedBirth","bandMonths","maxDelayMonths"}';
    }
    case 'tiers': {
      if (!Array.isArray(value) || value.length === 0) return '分档规则应为非空数组';
      let previous = 0;
      for (const [i, t] of (value as Tier[]).entries()) {
        if (typeof t !== 'object' || t === null) return `第${i + 1}档应为对象`;
        if (t.upToMonths !== null && (!isInt(t.upToMonths, 1) || t.upToMonths <= previous)) return `第${i + 1}档 upToMonths 应递增`;
        if (t.upToMonths === null && i !== value.length - 1) return '只有最后一档可以不设上限';
        if (!isBoolOrNull(t.backPayAllowed) || !isBoolOrNull(t.retroactive))
          return `第${i + 1}档 backPayAllowed/retroactive 应为布尔值或 null`;
        if (!isIntOrNull(t.waitingMonths) || !isIntOrNull(t.waitingMonthsMax) || !isIntOrNull(t.startOffset))
          return `第${i + 1}档月数应为整数或 null`;
        if (t.waitingMonths === null && t.waitingMonthsMax === null) return `第${i + 1}档需给出 waitingMonths 或 waitingMonthsMax`;
        previous = t.upToMonths ?? previous;
      }
      return null;
    }
  }
}
