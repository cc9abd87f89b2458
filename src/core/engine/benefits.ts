// When benefits resume (rules.md §2 and §5): which rule governs the case (transfer,
// scheme switch, local tiers, national fallback, first enrolment, residents'
// waiting period), and what it says about back-pay, waiting and retroactive cover.
import type { BenefitRuleSource } from '../assessment.ts';
import { SCHEME_ZH, type NormalizedCase, type Scheme } from '../case.ts';
import {
  addDays,
  firstDayOf,
  formatDate,
  formatMonthZh,
  lastDayOf,
  parseDate,
  yearOfDay,
  ymYear,
  type DayInt,
  type YearMonth,
} from '../calendar.ts';
import type { BaseRule, EnrolmentWindow, Tier } from '../policy/keys.ts';
import type { LookupHit } from '../policy/policy-set.ts';
import { ANY_SCHEME, nonPaidMonthsInYear, runContaining, yearHasCover, type Run } from './history.ts';
import type { Trace } from './trace.ts';

export interface Decision {
  rule: BenefitRuleSource;
  /** Whether the current interruption's months may be back-paid; null when unknown or moot. */
  backPayAllowed: boolean | null;
  waitingMonths: number | null;
  waitingMonthsMax: number | null;
  from: YearMonth | null;
  retroactive: boolean | null;
  /** The policy's short-interruption limit S for this case. */
  shortLimitMonths: number | null;
  /** Whether paying by the keep-short deadline would still avoid the long-gap rule. */
  deadlineHelps?: boolean;
  baseRule: BaseRule;
}

export interface Situation {
  c: NormalizedCase;
  t: Trace;
  chain: readonly string[];
  /** The chain without CN, where the region's own rules live. */
  localChain: readonly string[];
  scheme: Scheme;
  payDay: DayInt;
  P: YearMonth;
  /** Last paid month used for the interruption (null: first enrolment). */
  L: YearMonth | null;
  n: number | null;
  /** Paid runs of the schemes that define the interruption. */
  runs: readonly Run[];
  /** Paid runs of every scheme (for exemptions that count any earlier cover). */
  anyRuns: readonly Run[];
  transferApplies: boolean;
  switchEligible: boolean;
  retirementMonth: YearMonth | null;
  regionName: (code: string) => string;
}

const ym = formatMonthZh;

/** "缴费当月（2026年11月）起" / "缴费次月（2026年12月）起" / "2027年5月起". */
function startPhrase(P: YearMonth, waiting: number | null, offset: number | null, from: YearMonth | null): string {
  if (from === null) return '待遇起始月份无法确定';
  if (waiting && waiting > 0) return `自缴费当月起连续缴费满 ${waiting} 个月后，从${ym(from)}起享受待遇`;
  if (offset === 0) return `缴费当月（${ym(from)}）起即可享受待遇`;
  if (offset === 1) return `缴费次月（${ym(from)}）起享受待遇`;
  return `${ym(from)}起享受待遇`;
}

function retroPhrase(retroactive: boolean | null): string {
  if (retroactive === true) return '中断期间的待遇可按规定追溯享受（补缴后中断期间的医疗费用可按规定报销）';
  if (retroactive === false) return '中断期间发生的医疗费用不予报销';
  return '中断期间的费用能否追溯报销，以当地医保经办机构核定为准';
}

function backPayPhrase(allowed: boolean | null): string {
  if (allowed === true) return '可以补缴中断期间的医疗保险费';
  if (allowed === false) return '不能补缴中断期间的医疗保险费';
  return '能否补缴中断期间的费用以当地规定为准';
}

function fromOf(P: YearMonth, waiting: number | null, offset: number | null): YearMonth | null {
  if (waiting === null) return null;
  if (waiting > 0) return P + waiting;
  return offset === null ? null : P + offset;
}

/** The transfer skeleton for n ≤ S (43号 第十一条 and local versions of it). */
function shortTransferRule(
  s: Situation,
  rule: 'transfer' | 'switch' | 'national-fallback',
  limitHit: LookupHit<number>,
  intro: string,
): Decision {
  const { t, chain, payDay, P } = s;
  const back = t.need<boolean>(chain, 'transfer.short.backPayAllowed', payDay, '可否补缴');
  const wait = t.need<number>(chain, 'transfer.short.waitingMonths', payDay, '待遇等待期');
  const off = t.need<number>(chain, 'transfer.short.startOffset', payDay, '待遇起始月份');
  const retro = t.need<boolean>(chain, 'transfer.short.retroactive', payDay, '中断期间待遇');
  const baseRule = t.find<BaseRule>(chain, 'transfer.short.baseRule', payDay);
  const waiting = wait?.value ?? null;
  const from = fromOf(P, waiting, off?.value ?? null);
  const d: Decision = {
    rule,
    backPayAllowed: back?.value ?? null,
    waitingMonths: waiting,
    waitingMonthsMax: waiting,
    from,
    retroactive: retro?.value ?? null,
    shortLimitMonths: limitHit.value,
    baseRule: baseRule?.value ?? 'declared',
  };
  const id = rule === 'switch' ? 'switch.short-gap' : rule === 'transfer' ? 'transfer.short-gap' : 'national-fallback.short-gap';
  t.explain(
    id,
    `${intro}${s.n === 0 ? `连续参保没有中断（不超过 ${limitHit.value} 个月）：` : `中断缴费 ${s.n} 个月，不超过 ${limitHit.value} 个月：${backPayPhrase(d.backPayAllowed)}`}` +
      `${s.n === 0 ? '' : d.baseRule === 'averageWageYearBeforeLast' ? '（补缴基数按本市上上年度全口径城镇单位就业人员月平均工资），' : '（按转入地规定办理），'}` +
      `${waiting === 0 ? '补缴后不设待遇等待期，' : ''}${startPhrase(P, waiting, off?.value ?? null, from)}；${retroPhrase(d.retroactive)}。`,
    [limitHit, back, wait, off, retro, baseRule],
  );
  return d;
}

/** n > S under the transfer skeleton: the receiving region's own rule, else only the cap. */
function longTransferRule(
  s: Situation,
  rule: 'transfer' | 'switch' | 'national-fallback',
  limitHit: LookupHit<number>,
  intro: string,
): Decision {
  const { t, chain, payDay, P, scheme } = s;
  const localChain = s.localChain;
  // A region's explicit rule for long gaps on transfer-in (e.g. Shenzhen) comes first.
  const wait = t.find<number>(localChain, 'transfer.long.waitingMonths', payDay);
  if (wait) {
    const back = t.need<boolean>(localChain, 'transfer.long.backPayAllowed', payDay, '可否补缴');
    const off = t.need<number>(localChain, 'transfer.long.startOffset', payDay, '待遇起始月份');
    const retro = t.need<boolean>(localChain, 'transfer.long.retroactive', payDay, '中断期间待遇');
    const from = fromOf(P, wait.value, off?.value ?? null);
    const d: Decision = {
      rule,
      backPayAllowed: back?.value ?? null,
      waitingMonths: wait.value,
      waitingMonthsMax: wait.value,
      from,
      retroactive: retro?.value ?? null,
      shortLimitMonths: limitHit.value,
      baseRule: 'declared',
    };
    t.explain(
      `${rule}.long-gap`,
      `${intro}中断缴费 ${s.n} 个月，超过 ${limitHit.value} 个月，按转入地规定：${backPayPhrase(d.backPayAllowed)}，${startPhrase(P, wait.value, off?.value ?? null, from)}；${retroPhrase(d.retroactive)}。`,
      [limitHit, wait, back, off, retro],
    );
    return d;
  }
  const tiers = t.find<Tier[]>(localChain, `${scheme}.interruption.tiers`, payDay);
  if (tiers) {
    const tier = tiers.value.find((x) => x.upToMonths === null || s.n! <= x.upToMonths);
    if (tier)
      return fromTier(
        s,
        rule,
        tier,
        tiers,
        limitHit.value,
        `${intro}中断缴费 ${s.n} 个月，超过 ${limitHit.value} 个月，按转入地的中断分档规定：`,
      );
  }
  const cap = t.need<number>(chain, 'transfer.long.waitingMonthsMax', payDay, '待遇等待期上限');
  if (cap) {
    t.warn(
      'LOCAL_RULE_CAP_ONLY',
      `${s.regionName(chain[0]!)}中断超过 ${limitHit.value} 个月后的待遇等待期只知道上限（不超过 ${cap.value} 个月），具体月数以当地医保经办机构核定为准。`,
      'transfer.long.waitingMonthsMax',
      cap.region,
    );
  }
  t.explain(
    `${rule}.long-gap`,
    `${intro}中断缴费 ${s.n} 个月，超过 ${limitHit.value} 个月：待遇按转入地规定执行，${cap ? `${s.regionName(cap.region)}规定待遇等待期原则上不超过 ${cap.value} 个月` : '等待期上限也未配置'}；` +
      `政策库中没有转入地的具体分档规定，因此具体等待月数、起始月份、能否补缴和中断期间能否报销均以当地医保经办机构核定为准。`,
    [limitHit, cap],
  );
  return {
    rule,
    backPayAllowed: null,
    waitingMonths: null,
    waitingMonthsMax: cap?.value ?? null,
    from: null,
    retroactive: null,
    shortLimitMonths: limitHit.value,
    baseRule: 'declared',
  };
}

function fromTier(
  s: Situation,
  rule: BenefitRuleSource,
  tier: Tier,
  tiersHit: LookupHit<Tier[]>,
  shortLimit: number | null,
  intro: string,
): Decision {
  const { t, chain, payDay, P, scheme } = s;
  let offsetHit: LookupHit<number> | null = null;
  let offset = tier.startOffset;
  if (tier.waitingMonths === 0 && offset === null) {
    offsetHit = t.need<number>(chain, `${scheme}.benefit.startOffset`, payDay, '待遇起始月份');
    offset = offsetHit?.value ?? null;
  }
  let waiting = tier.waitingMonths;
  let waitingMax = tier.waitingMonths ?? tier.waitingMonthsMax;
  let firstHit: LookupHit<number> | null = null;
  if (tier.asFirstEnrolment && waiting === null) {
    firstHit = t.need<number>(chain, `${scheme}.firstEnrolment.waitingMonths`, payDay, '首次参保等待期');
    waiting = firstHit?.value ?? null;
    waitingMax = waiting;
  }
  if (waiting === null && waitingMax !== null) {
    t.warn(
      'LOCAL_RULE_CAP_ONLY',
      `${s.regionName(tiersHit.region)}对中断 ${s.n} 个月的情形只规定了等待期上限（不超过 ${waitingMax} 个月），具体月数以当地医保经办机构核定为准。`,
      tiersHit.row.key,
      tiersHit.region,
    );
  }
  const from = fromOf(P, waiting, offset);
  const d: Decision = {
    rule,
    backPayAllowed: tier.backPayAllowed,
    waitingMonths: waiting,
    waitingMonthsMax: waitingMax,
    from,
    retroactive: tier.retroactive,
    shortLimitMonths: shortLimit,
    baseRule: 'declared',
  };
  t.explain(
    rule === 'local' ? 'local.tier' : `${rule}.long-gap`,
    `${intro}${tier.asFirstEnrolment ? '视为首次参保，' : ''}${backPayPhrase(d.backPayAllowed)}，` +
      `${waiting === null ? `等待期不超过 ${waitingMax} 个月（具体以当地核定为准）` : startPhrase(P, waiting, offset, from)}；${retroPhrase(d.retroactive)}。`,
    [tiersHit, offsetHit, firstHit],
  );
  return d;
}

/** First enrolment (no earlier paid month of the scheme group), or a rule that treats the case as one. */
function firstEnrolment(s: Situation, reason: string, extraHits: Array<LookupHit | null> = []): Decision {
  const { t, chain, payDay, P, scheme } = s;
  const wait = t.need<number>(chain, `${scheme}.firstEnrolment.waitingMonths`, payDay, '首次参保的待遇等待期和待遇起始月份');
  const exempt = t.find<number>(chain, `${scheme}.firstEnrolment.exemptIfWithinMonths`, payDay);
  let waiting = wait?.value ?? null;
  let exemptText = '';
  if (waiting !== null && waiting > 0 && exempt) {
    // Earlier employee or resident cover that ended recently waives the waiting period.
    const lastAny = s.anyRuns.length ? s.anyRuns[s.anyRuns.length - 1]!.to : null;
    if (lastAny !== null && P - lastAny - 1 <= exempt.value) {
      waiting = 0;
      exemptText = `原参保待遇（最后缴费月${ym(lastAny)}）终止后 ${exempt.value} 个月内参保，不设等待期；`;
    }
  }
  const offsetHit = waiting === 0 ? t.need<number>(chain, `${scheme}.benefit.startOffset`, payDay, '待遇起始月份') : null;
  const from = fromOf(P, waiting, offsetHit?.value ?? null);
  t.explain(
    'first-enrolment',
    `${reason}${SCHEME_ZH[scheme]}首次参保${wait ? `的待遇等待期为 ${wait.value} 个月` : '的等待期规定未配置'}；${exemptText}${waiting === null ? '待遇起始月份无法确定' : startPhrase(P, waiting, offsetHit?.value ?? null, from)}。`,
    [wait, waiting === 0 && exemptText ? exempt : null, offsetHit, ...extraHits],
  );
  return {
    rule: 'first-enrolment',
    backPayAllowed: false,
    waitingMonths: waiting,
    waitingMonthsMax: waiting,
    from,
    retroactive: false,
    shortLimitMonths: null,
    baseRule: 'declared',
  };
}

/** Employee or flexible request (rules.md §2). */
export function decideEmployeeGroup(s: Situation): Decision {
  const { t, chain, payDay, P, scheme, n, L } = s;
  if (L === null || n === null) return firstEnrolment(s, '参保记录中没有职工医保缴费月份，按');
  if (s.transferApplies || s.switchEligible) {
    const isSwitch = !s.transferApplies;
    const limit = isSwitch
      ? t.need<number>(chain, 'switch.shortLimitMonths', payDay, '险种切换的短期中断上限')
      : t.need<number>(chain, 'transfer.shortLimitMonths', payDay, '转移接续的短期中断上限');
    if (limit) {
      const intro = isSwitch
        ? `您已连续参保满规定年限，因就业等状态变化由城乡居民医保切换到${SCHEME_ZH[scheme]}，`
        : `您由${s.regionName(s.c.request.transferFrom!)}转入${s.regionName(s.c.region)}（转移接续），转移前`;
      return n <= limit.value
        ? shortTransferRule(s, isSwitch ? 'switch' : 'transfer', limit, intro)
        : longTransferRule(s, isSwitch ? 'switch' : 'transfer', limit, intro);
    }
  }

  if (n === 0) {
    const off = t.need<number>(chain, `${scheme}.benefit.startOffset`, payDay, '待遇起始月份');
    const from = off ? P + off.value : null;
    t.explain(
      'continuous',
      `连续缴费，无中断：按时缴纳${ym(P)}的费用，待遇不中断${from !== null ? `（本次缴费对应的待遇自${ym(from)}起）` : ''}。`,
      [off],
    );
    return {
      rule: 'continuous',
      backPayAllowed: null,
      waitingMonths: 0,
      waitingMonthsMax: 0,
      from,
      retroactive: null,
      shortLimitMonths: null,
      baseRule: 'declared',
    };
  }

  // In-city resumption: the region's own rule, found anywhere below CN.
  const localChain = s.localChain;
  const limit = t.find<number>(localChain, `${scheme}.interruption.shortLimitMonths`, payDay);
  const cumulative = t.find<number>(localChain, `${scheme}.interruption.cumulativeInYearMonths`, payDay);
  if (cumulative && L !== null) {
    const firstPaid = s.runs[0]!.from;
    for (let year = ymYear(L + 1); year <= ymYear(P - 1); year++) {
      const missed = nonPaidMonthsInYear(s.runs, year, firstPaid, P - 1);
      if (missed >= cumulative.value) {
        // The yearly count is already reached: paying sooner cannot undo it.
        const d = firstEnrolment(s, `${year}年度内累计中断缴费 ${missed} 个月（达到 ${cumulative.value} 个月），按当地规定视为首次参保：`, [
          cumulative,
        ]);
        return { ...d, shortLimitMonths: limit?.value ?? null, deadlineHelps: false };
      }
    }
  }

  const tiers = t.find<Tier[]>(localChain, `${scheme}.interruption.tiers`, payDay);
  let decision: Decision | null = null;
  if (limit && n <= limit.value) {
    const back = t.need<boolean>(chain, `${scheme}.short.backPayAllowed`, payDay, '可否补缴');
    const wait = t.need<number>(chain, `${scheme}.short.waitingMonths`, payDay, '待遇等待期');
    const off =
      t.find<number>(chain, `${scheme}.short.startOffset`, payDay) ??
      t.need<number>(chain, `${scheme}.benefit.startOffset`, payDay, '待遇起始月份');
    const retro = t.need<boolean>(chain, `${scheme}.short.retroactive`, payDay, '中断期间待遇');
    const waiting = wait?.value ?? null;
    const from = fromOf(P, waiting, off?.value ?? null);
    decision = {
      rule: 'local',
      backPayAllowed: back?.value ?? null,
      waitingMonths: waiting,
      waitingMonthsMax: waiting,
      from,
      retroactive: retro?.value ?? null,
      shortLimitMonths: limit.value,
      baseRule: 'declared',
    };
    t.explain(
      'local.short-gap',
      `${s.regionName(limit.region)}${SCHEME_ZH[scheme]}中断缴费 ${n} 个月，不超过 ${limit.value} 个月：${backPayPhrase(decision.backPayAllowed)}，${startPhrase(P, waiting, off?.value ?? null, from)}；${retroPhrase(decision.retroactive)}。`,
      [limit, back, wait, off, retro],
    );
  } else if (tiers) {
    const tier = tiers.value.find((x) => x.upToMonths === null || n <= x.upToMonths);
    if (tier) {
      decision = fromTier(
        s,
        'local',
        tier,
        tiers,
        limit?.value ?? null,
        `${s.regionName(tiers.region)}${SCHEME_ZH[scheme]}中断缴费 ${n} 个月，按当地中断分档规定：`,
      );
    } else {
      t.warn(
        'MISSING_PARAMETER',
        `${s.regionName(tiers.region)}的中断分档规定没有覆盖中断 ${n} 个月的情形，待遇恢复规则无法确定。`,
        tiers.row.key,
        tiers.region,
      );
      decision = {
        rule: 'local',
        backPayAllowed: null,
        waitingMonths: null,
        waitingMonthsMax: null,
        from: null,
        retroactive: null,
        shortLimitMonths: limit?.value ?? null,
        baseRule: 'declared',
      };
    }
  }

  if (decision) return applyWaitingRestart(s, decision);

  // No local rule at all: the national transfer skeleton, flagged as such.
  const national = t.need<number>(['CN'], 'transfer.shortLimitMonths', payDay, '短期中断上限');
  t.warn(
    'LOCAL_RULE_MISSING',
    `政策库中没有${s.regionName(chain[0]!)}${SCHEME_ZH[scheme]}同城中断续保的当地规定，以下结论参照国家转移接续办法（医保办发〔2021〕43号）的框架推定，以当地医保经办机构核定为准。`,
    `${scheme}.interruption.tiers`,
    chain[0],
  );
  if (!national) {
    return {
      rule: 'national-fallback',
      backPayAllowed: null,
      waitingMonths: null,
      waitingMonthsMax: null,
      from: null,
      retroactive: null,
      shortLimitMonths: null,
      baseRule: 'declared',
    };
  }
  const intro = `（当地规定未配置，参照国家转移接续办法框架）`;
  return n <= national.value
    ? shortTransferRule(s, 'national-fallback', national, intro)
    : longTransferRule(s, 'national-fallback', national, intro);
}

/** Shanghai-style: an interruption while still in the waiting period restarts it (rules.md §2). */
function applyWaitingRestart(s: Situation, d: Decision): Decision {
  const { t, chain, payDay, P, scheme, L } = s;
  const restarts = t.find<boolean>(s.localChain, `${scheme}.waiting.restartsOnInterruption`, payDay);
  if (!restarts?.value || L === null) return d;
  const first = t.need<number>(chain, `${scheme}.firstEnrolment.waitingMonths`, payDay, '首次参保等待期');
  if (!first || first.value === 0) return d;
  const run = runContaining(s.runs, L);
  if (!run) return d;
  const runLength = L - run.from + 1;
  if (runLength >= first.value) return d;
  // Was that run itself exempt (joined soon after earlier cover)? Then it was not a waiting period.
  const exempt = t.find<number>(chain, `${scheme}.firstEnrolment.exemptIfWithinMonths`, payDay);
  const earlier = s.anyRuns.filter((r) => r.to < run.from);
  const lastEarlier = earlier.length ? earlier[earlier.length - 1]!.to : null;
  if (exempt && lastEarlier !== null && run.from - lastEarlier - 1 <= exempt.value) return d;
  const from = P + first.value;
  t.explain(
    'local.waiting-restart',
    `本段缴费自${ym(run.from)}起只连续缴费 ${runLength} 个月，仍在 ${first.value} 个月的待遇等待期内即中断；按当地规定等待期重新计算：自缴费当月起连续缴费满 ${first.value} 个月后，从${ym(from)}起享受待遇。`,
    [restarts, first],
  );
  return { ...d, waitingMonths: first.value, waitingMonthsMax: first.value, from, deadlineHelps: false };
}

/** Residents' insurance (rules.md §5; 国办发〔2024〕38号). */
export function decideResident(s: Situation): Decision {
  const { c, t, chain, payDay, P, n } = s;
  // An eligible switch with no gap at all is the best case of the same rule.
  if (s.switchEligible && n !== null) {
    const limit = t.need<number>(chain, 'switch.shortLimitMonths', payDay, '险种切换的短期中断上限');
    if (limit && n <= limit.value) {
      return shortTransferRule(s, 'switch', limit, '您已连续参保满规定年限，因就业等状态变化由职工医保切换到城乡居民医保，');
    }
  }

  // Newborns enrolled within N days of birth wait for nothing and are covered from birth.
  const newborn = t.find<number>(chain, 'resident.newbornExemptDays', payDay);
  if (newborn) {
    // Without an ID number only the birth month is known: exempt only when certain
    // (counting from the 1st), and say so when it might apply.
    const certain =
      c.person.birthDay !== null
        ? payDay <= addDays(c.person.birthDay, newborn.value)
        : payDay <= addDays(firstDayOf(c.person.birth), newborn.value);
    const possible = payDay <= addDays(lastDayOf(c.person.birth), newborn.value);
    if (certain) {
      t.explain(
        'resident.newborn',
        `新生儿出生后 ${newborn.value} 天内参保缴费（出生${c.person.birthDay ? `于${formatDate(c.person.birthDay)}` : `于${ym(c.person.birth)}`}，缴费日 ${formatDate(payDay)}），不设待遇等待期，${ym(P)}起享受待遇，自出生之日起发生的符合规定的医疗费用可追溯纳入报销。`,
        [newborn],
      );
      // Benefits run from the payment month, and costs since birth are covered retroactively.
      return {
        rule: 'resident-newborn',
        backPayAllowed: null,
        waitingMonths: 0,
        waitingMonthsMax: 0,
        from: P,
        retroactive: true,
        shortLimitMonths: null,
        baseRule: 'declared',
      };
    }
    if (possible) {
      t.explain(
        'resident.newborn-check',
        `如为出生后 ${newborn.value} 天内参保的新生儿，可不设等待期；只知道出生年月，无法确定，请录入身份证号以核对出生日期。`,
        [newborn],
      );
    }
  }

  const windowHit = t.need<EnrolmentWindow>(chain, 'resident.enrolmentWindow', payDay, '集中参保期和等待期');
  const fixed = t.need<number>(chain, 'resident.waiting.fixedMonths', payDay, '固定等待期');
  const perYear = t.need<number>(chain, 'resident.waiting.variableMonthsPerGapYear', payDay, '变动等待期');
  const freeYears = t.need<number>(chain, 'resident.waiting.variableFreeGapYears', payDay, '变动等待期');
  const repairPer = t.need<number>(chain, 'resident.waiting.repairMonthsPerYear', payDay, '修复后的变动等待期');
  const floorFrom = t.need<number>(chain, 'resident.waiting.floorFromGapYears', payDay, '修复后的等待期下限');
  const floorTotal = t.need<number>(chain, 'resident.waiting.floorTotalMonths', payDay, '修复后的等待期下限');
  const countFrom = t.need<number>(chain, 'resident.waiting.gapYearsCountFrom', payDay, '断保年数');
  const outsideOffset = t.need<number>(chain, 'resident.waiting.outsideWindowStartOffset', payDay, '等待期起算月');
  const retro = t.need<boolean>(chain, 'resident.retroactive', payDay, '断保期间费用');
  const hits = [windowHit, fixed, perYear, freeYears, repairPer, floorFrom, floorTotal, countFrom, outsideOffset, retro];
  if (!windowHit || !fixed || !perYear || !freeYears || !repairPer || !floorFrom || !floorTotal || !countFrom || !outsideOffset) {
    t.explain('resident.waiting', '居民医保待遇等待期所需的政策参数不全，等待期和待遇起始月份无法计算。', hits);
    return {
      rule: 'resident-waiting',
      backPayAllowed: false,
      waitingMonths: null,
      waitingMonthsMax: null,
      from: null,
      retroactive: retro?.value ?? null,
      shortLimitMonths: null,
      baseRule: 'declared',
    };
  }

  // Which benefit year is being paid for, and was it inside the enrolment window?
  const payYear = yearOfDay(payDay);
  const windowFrom = parseDate(`${payYear}-${windowHit.value.from}`)!;
  const windowTo = parseDate(`${payYear}-${windowHit.value.to}`)!;
  const inWindow = payDay >= windowFrom && payDay <= windowTo;
  const benefitYear = inWindow ? payYear + 1 : payYear;

  // g: consecutive benefit years without resident or employee cover right before that year.
  let g = 0;
  for (let y = benefitYear - 1; y >= countFrom.value && !yearHasCover(c.history, ANY_SCHEME, y); y--) g++;
  const fixedMonths = !inWindow || g >= 1 ? fixed.value : 0;
  const variable = Math.max(0, g - freeYears.value) * perYear.value;
  const repaired = Math.min(variable, c.request.residentRepairYears * repairPer.value);
  let waiting = fixedMonths > 0 ? fixedMonths + variable - repaired : 0;
  let floorText = '';
  if (g >= floorFrom.value && waiting < floorTotal.value) {
    waiting = floorTotal.value;
    floorText = `连续断保 ${g} 年（达到 ${floorFrom.value} 年），修复后等待期合计不少于 ${floorTotal.value} 个月；`;
  }
  const start: YearMonth = inWindow ? benefitYear * 12 : P + outsideOffset.value;
  const from = start + waiting;
  const text =
    `${inWindow ? `在集中参保期内（${windowHit.value.from} 至 ${windowHit.value.to}）缴纳${benefitYear}年度居民医保` : `在集中参保期外缴费（${formatDate(payDay)}）`}；` +
    `此前连续断保 ${g} 年（自${countFrom.value}年起计）。` +
    (fixedMonths > 0
      ? `固定等待期 ${fixedMonths} 个月，变动等待期 ${variable} 个月（每多断保1年增加 ${perYear.value} 个月，首个断保年度不计）` +
        `${repaired > 0 ? `，已缴费修复 ${c.request.residentRepairYears} 年，减少 ${repaired} 个月` : ''}；${floorText}` +
        `合计等待 ${waiting} 个月，自${ym(start)}起算，${ym(from)}起享受待遇。`
      : `连续参保且在集中参保期内缴费，不设等待期，${ym(from)}起享受待遇。`) +
    `断保期间和等待期内发生的医疗费用${retro?.value === false ? '不纳入基金支付' : '的支付以当地规定为准'}。`;
  t.explain('resident.waiting', text, hits);
  return {
    rule: 'resident-waiting',
    backPayAllowed: false,
    waitingMonths: waiting,
    waitingMonthsMax: waiting,
    from,
    retroactive: retro?.value ?? null,
    shortLimitMonths: null,
    baseRule: 'declared',
  };
}
