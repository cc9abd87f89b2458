// When benefits resume (docs/rules.md §2 and §5): which rule governs the case (transfer,
// scheme switch, local tiers, no local rule, first enrolment, residents'
// waiting period), and what it says about back-pay, waiting and retroactive cover.
// Every conclusion is a Decision built by `decide` and explained by its facts
// (src/core/explain/zh.ts words them).
import type { BenefitRuleSource } from '../assessment.ts';
import { type NormalizedCase, type Scheme } from '../case.ts';
import {
  addDays,
  firstDayOf,
  formatDate,
  formatMonth,
  lastDayOf,
  parseDate,
  yearOfDay,
  ymYear,
  type DayInt,
  type YearMonth,
} from '../calendar.ts';
import type { Intro, Start } from '../explain/facts.ts';
import type { BaseRule, EnrolmentWindow, Tier } from '../policy/keys.ts';
import { at } from '../policy/read-at.ts';
import { ANY_SCHEME, nonPaidMonthsInYear, runContaining, yearHasCover, type Run } from './history.ts';
import type { PolicyHit, Trace } from './trace.ts';
import { warningZh } from '../explain/zh.ts';

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

/** A decision with every unknown left null (docs/rules.md §0.4): only what a rule says is filled in. */
function decide(rule: BenefitRuleSource, known: Partial<Omit<Decision, 'rule'>> = {}): Decision {
  return {
    rule,
    backPayAllowed: null,
    waitingMonths: null,
    waitingMonthsMax: known.waitingMonths ?? null,
    from: null,
    retroactive: null,
    shortLimitMonths: null,
    baseRule: 'declared',
    ...known,
  };
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

type EmployeeScheme = Exclude<Scheme, 'resident'>;

/**
 * First month of benefits: P + W (+ the offset after waiting, where the rule starts benefits the
 * month after the waiting period ends) with W waiting months, else P + the start offset (docs/rules.md §2).
 */
function fromOf(P: YearMonth, waiting: number | null, offset: number | null, afterWaiting = 0): YearMonth | null {
  if (waiting === null) return null;
  if (waiting > 0) return P + waiting + afterWaiting;
  return offset === null ? null : P + offset;
}

const startFacts = (waiting: number | null, offset: number | null, from: YearMonth | null, afterWaiting = 0): Start => ({
  waiting,
  offset,
  from: from === null ? null : formatMonth(from),
  ...(afterWaiting > 0 && waiting !== null && waiting > 0 ? { afterWaiting } : {}),
});

type TransferLikeRule = 'transfer' | 'switch';

/** The transfer skeleton for n ≤ S (43号 第十一条 and local versions of it). */
function shortTransferRule(s: Situation, rule: TransferLikeRule, limitHit: PolicyHit<number>, intro: Intro, n: number): Decision {
  const { t, chain, P } = s;
  const day = at.paymentDate(s.payDay);
  const back = t.need(chain, 'transfer.short.backPayAllowed', day, '可否补缴');
  const wait = t.need(chain, 'transfer.short.waitingMonths', day, '待遇等待期');
  const off = t.need(chain, 'transfer.short.startOffset', day, '待遇起始月份');
  const retro = t.need(chain, 'transfer.short.retroactive', day, '中断期间待遇');
  const baseRule = t.find(chain, 'transfer.short.baseRule', day);
  const waiting = wait?.value ?? null;
  const offset = off?.value ?? null;
  const from = fromOf(P, waiting, offset);
  const d = decide(rule, {
    backPayAllowed: back?.value ?? null,
    waitingMonths: waiting,
    from,
    retroactive: retro?.value ?? null,
    shortLimitMonths: limitHit.value,
    baseRule: baseRule?.value ?? 'declared',
  });
  t.explain(
    {
      id: rule === 'switch' ? 'switch.short-gap' : 'transfer.short-gap',
      intro,
      months: n,
      limit: limitHit.value,
      backPayAllowed: d.backPayAllowed,
      baseRule: d.baseRule,
      start: startFacts(waiting, offset, from),
      retroactive: d.retroactive,
    },
    [limitHit, back, wait, off, retro, baseRule],
  );
  return d;
}

const longGapId = (rule: TransferLikeRule) => (rule === 'switch' ? 'switch.long-gap' : 'transfer.long-gap');

/** n > S under the transfer skeleton: the receiving region's own rule, else only the cap. */
function longTransferRule(s: Situation, rule: TransferLikeRule, limitHit: PolicyHit<number>, intro: Intro, n: number): Decision {
  const { t, chain, P, localChain } = s;
  const day = at.paymentDate(s.payDay);
  const limit = limitHit.value;
  // A region's explicit rule for long gaps on transfer-in (e.g. Shenzhen) comes first.
  const wait = t.find(localChain, 'transfer.long.waitingMonths', day);
  if (wait) {
    const back = t.need(localChain, 'transfer.long.backPayAllowed', day, '可否补缴');
    const off = t.need(localChain, 'transfer.long.startOffset', day, '待遇起始月份');
    const retro = t.need(localChain, 'transfer.long.retroactive', day, '中断期间待遇');
    const offset = off?.value ?? null;
    const from = fromOf(P, wait.value, offset);
    const d = decide(rule, {
      backPayAllowed: back?.value ?? null,
      waitingMonths: wait.value,
      from,
      retroactive: retro?.value ?? null,
      shortLimitMonths: limit,
    });
    t.explain(
      {
        id: longGapId(rule),
        variant: 'explicit',
        intro,
        months: n,
        limit,
        backPayAllowed: d.backPayAllowed,
        start: startFacts(wait.value, offset, from),
        retroactive: d.retroactive,
      },
      [limitHit, wait, back, off, retro],
    );
    return d;
  }
  const scheme = s.scheme === 'resident' ? null : s.scheme;
  const tiers = scheme ? t.find(localChain, `${scheme}.interruption.tiers`, day) : null;
  if (tiers) {
    const tier = tiers.value.find((x) => x.upToMonths === null || n <= x.upToMonths);
    if (tier) return fromTier(s, rule, tier, tiers, limit, { kind: 'transfer-like', intro, months: n, limit }, n);
  }
  const cap = t.need(chain, 'transfer.long.waitingMonthsMax', day, '待遇等待期上限');
  if (cap) {
    t.warn(
      'LOCAL_RULE_CAP_ONLY',
      warningZh.capOnlyTransfer(s.regionName(chain[0] ?? ''), limit, cap.value),
      'transfer.long.waitingMonthsMax',
      cap.region,
    );
  }
  t.explain(
    {
      id: longGapId(rule),
      variant: 'cap',
      intro,
      months: n,
      limit,
      cap: cap ? { regionName: s.regionName(cap.region), months: cap.value } : null,
    },
    [limitHit, cap],
  );
  return decide(rule, { waitingMonths: null, waitingMonthsMax: cap?.value ?? null, shortLimitMonths: limit });
}

type TierLead =
  | { kind: 'transfer-like'; intro: Intro; months: number; limit: number }
  | { kind: 'local'; regionName: string; scheme: Scheme; months: number };

function fromTier(
  s: Situation,
  rule: BenefitRuleSource,
  tier: Tier,
  tiersHit: PolicyHit<Tier[]>,
  shortLimit: number | null,
  lead: TierLead,
  n: number,
): Decision {
  const { t, chain, P } = s;
  const scheme: EmployeeScheme = s.scheme === 'resident' ? 'employee' : s.scheme;
  const day = at.paymentDate(s.payDay);
  let offsetHit: PolicyHit<number> | null = null;
  let offset = tier.startOffset;
  if (tier.waitingMonths === 0 && offset === null) {
    offsetHit = t.need(chain, `${scheme}.benefit.startOffset`, day, '待遇起始月份');
    offset = offsetHit?.value ?? null;
  }
  let waiting = tier.waitingMonths;
  let waitingMax = tier.waitingMonths ?? tier.waitingMonthsMax;
  let firstHit: PolicyHit<number> | null = null;
  if (tier.asFirstEnrolment && waiting === null) {
    firstHit = t.need(chain, `${scheme}.firstEnrolment.waitingMonths`, day, '首次参保等待期');
    waiting = firstHit?.value ?? null;
    waitingMax = waiting;
  }
  if (waiting === null && waitingMax !== null) {
    t.warn('LOCAL_RULE_CAP_ONLY', warningZh.capOnlyTier(s.regionName(tiersHit.region), n, waitingMax), tiersHit.row.key, tiersHit.region);
  }
  const afterWaiting = tier.startOffsetAfterWaiting ?? 0;
  const from = fromOf(P, waiting, offset, afterWaiting);
  const d = decide(rule, {
    backPayAllowed: tier.backPayAllowed,
    waitingMonths: waiting,
    waitingMonthsMax: waitingMax,
    from,
    retroactive: tier.retroactive,
    shortLimitMonths: shortLimit,
  });
  t.explain(
    {
      id: rule === 'switch' || rule === 'transfer' ? longGapId(rule) : 'local.tier',
      variant: 'tier',
      lead,
      asFirstEnrolment: tier.asFirstEnrolment === true,
      backPayAllowed: d.backPayAllowed,
      waitingMax,
      start: startFacts(waiting, offset, from, afterWaiting),
      retroactive: d.retroactive,
    },
    [tiersHit, offsetHit, firstHit],
  );
  return d;
}

type FirstEnrolmentLead = { kind: 'no-history' } | { kind: 'cumulative'; year: number; missed: number; limit: number };

/** First enrolment (no earlier paid month of the scheme group), or a rule that treats the case as one. */
function firstEnrolment(s: Situation, lead: FirstEnrolmentLead, extraHits: Array<PolicyHit | null> = []): Decision {
  const { t, chain, P } = s;
  const scheme: EmployeeScheme = s.scheme === 'resident' ? 'employee' : s.scheme;
  const day = at.paymentDate(s.payDay);
  const wait = t.need(chain, `${scheme}.firstEnrolment.waitingMonths`, day, '首次参保的待遇等待期和待遇起始月份');
  const exempt = t.find(chain, `${scheme}.firstEnrolment.exemptIfWithinMonths`, day);
  let waiting = wait?.value ?? null;
  let exemption: { lastPaid: string; withinMonths: number } | null = null;
  if (waiting !== null && waiting > 0 && exempt) {
    // Earlier employee or resident cover that ended recently waives the waiting period.
    const lastAny = s.anyRuns.at(-1)?.to ?? null;
    if (lastAny !== null && P - lastAny - 1 <= exempt.value) {
      waiting = 0;
      exemption = { lastPaid: formatMonth(lastAny), withinMonths: exempt.value };
    }
  }
  const offsetHit = waiting === 0 ? t.need(chain, `${scheme}.benefit.startOffset`, day, '待遇起始月份') : null;
  const offset = offsetHit?.value ?? null;
  const from = fromOf(P, waiting, offset);
  t.explain(
    { id: 'first-enrolment', lead, scheme, configuredWaiting: wait?.value ?? null, exemption, start: startFacts(waiting, offset, from) },
    [wait, waiting === 0 && exemption ? exempt : null, offsetHit, ...extraHits],
  );
  return decide('first-enrolment', { backPayAllowed: false, waitingMonths: waiting, from, retroactive: false });
}

/** Employee or flexible request (docs/rules.md §2). */
export function decideEmployeeGroup(s: Situation): Decision {
  const { t, chain, P, n, L } = s;
  const scheme: EmployeeScheme = s.scheme === 'resident' ? 'employee' : s.scheme;
  const day = at.paymentDate(s.payDay);
  if (L === null || n === null) return firstEnrolment(s, { kind: 'no-history' });
  if (s.transferApplies || s.switchEligible) {
    const isSwitch = !s.transferApplies;
    const limit = isSwitch
      ? t.need(chain, 'switch.shortLimitMonths', day, '险种切换的短期中断上限')
      : t.need(chain, 'transfer.shortLimitMonths', day, '转移接续的短期中断上限');
    if (limit) {
      const intro: Intro = isSwitch
        ? { kind: 'switch', toScheme: scheme }
        : { kind: 'transfer', fromName: s.regionName(s.c.request.transferFrom ?? ''), toName: s.regionName(s.c.region) };
      if (n === 0 && !isSwitch) return continuousTransfer(s, intro);
      return n <= limit.value
        ? shortTransferRule(s, isSwitch ? 'switch' : 'transfer', limit, intro, n)
        : longTransferRule(s, isSwitch ? 'switch' : 'transfer', limit, intro, n);
    }
  }

  if (n === 0) {
    const off = t.need(chain, `${scheme}.benefit.startOffset`, day, '待遇起始月份');
    const from = off ? P + off.value : null;
    t.explain({ id: 'continuous', paymentMonth: formatMonth(P), from: from === null ? null : formatMonth(from) }, [off]);
    return decide('continuous', { waitingMonths: 0, from });
  }

  // In-city resumption: the region's own rule, found anywhere below CN.
  const localChain = s.localChain;
  const limit = t.find(localChain, `${scheme}.interruption.shortLimitMonths`, day);
  const cumulative = t.find(localChain, `${scheme}.interruption.cumulativeInYearMonths`, day);
  const firstPaid = s.runs[0]?.from;
  if (cumulative && firstPaid !== undefined) {
    for (let year = ymYear(L + 1); year <= ymYear(P - 1); year++) {
      const missed = nonPaidMonthsInYear(s.runs, year, firstPaid, P - 1);
      if (missed >= cumulative.value) {
        // The yearly count is already reached: paying sooner cannot undo it.
        const d = firstEnrolment(s, { kind: 'cumulative', year, missed, limit: cumulative.value }, [cumulative]);
        return { ...d, shortLimitMonths: limit?.value ?? null, deadlineHelps: false };
      }
    }
  }

  const tiers = t.find(localChain, `${scheme}.interruption.tiers`, day);
  let decision: Decision | null = null;
  if (limit && n <= limit.value) {
    const back = t.need(chain, `${scheme}.short.backPayAllowed`, day, '可否补缴');
    const wait = t.need(chain, `${scheme}.short.waitingMonths`, day, '待遇等待期');
    const off = t.find(chain, `${scheme}.short.startOffset`, day) ?? t.need(chain, `${scheme}.benefit.startOffset`, day, '待遇起始月份');
    const retro = t.need(chain, `${scheme}.short.retroactive`, day, '中断期间待遇');
    const waiting = wait?.value ?? null;
    const offset = off?.value ?? null;
    const from = fromOf(P, waiting, offset);
    decision = decide('local', {
      backPayAllowed: back?.value ?? null,
      waitingMonths: waiting,
      from,
      retroactive: retro?.value ?? null,
      shortLimitMonths: limit.value,
    });
    t.explain(
      {
        id: 'local.short-gap',
        regionName: s.regionName(limit.region),
        scheme,
        months: n,
        limit: limit.value,
        backPayAllowed: decision.backPayAllowed,
        start: startFacts(waiting, offset, from),
        retroactive: decision.retroactive,
      },
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
        { kind: 'local', regionName: s.regionName(tiers.region), scheme, months: n },
        n,
      );
    } else {
      t.warn('MISSING_PARAMETER', warningZh.tiersDoNotCover(s.regionName(tiers.region), n), tiers.row.key, tiers.region);
      decision = decide('local', { shortLimitMonths: limit?.value ?? null });
    }
  }

  if (decision) return applyWaitingRestart(s, decision, L);

  // No local rule for resuming in the same city: say "unknown", never borrow the transfer
  // rule (docs/rules.md §2). The months are still priced as the cost if the office allows back-pay.
  const regionName = s.regionName(chain[0] ?? '');
  t.warn('LOCAL_RULE_MISSING', warningZh.localRuleMissing(regionName, scheme), `${scheme}.interruption.tiers`, chain[0]);
  t.explain({ id: 'local.missing', regionName, scheme, months: n });
  return decide('local-rule-missing', {});
}

/**
 * A transfer with no gap (n = 0): benefits from P + transfer.continuous.startOffset; where
 * the chain has no such row, the receiving region's own start offset; else unknown (docs/rules.md §2).
 */
function continuousTransfer(s: Situation, intro: Intro): Decision {
  const { t, chain, P } = s;
  const scheme: EmployeeScheme = s.scheme === 'resident' ? 'employee' : s.scheme;
  const day = at.paymentDate(s.payDay);
  const transferOffset = t.find(chain, 'transfer.continuous.startOffset', day);
  const ownOffset = transferOffset ? null : t.find(chain, `${scheme}.benefit.startOffset`, day);
  const offset = transferOffset ?? ownOffset;
  if (!offset) t.missing(chain, 'transfer.continuous.startOffset', day, '连续缴费转入后的待遇起始月份');
  const from = offset ? P + offset.value : null;
  t.explain(
    {
      id: 'transfer.continuous',
      intro,
      source: transferOffset ? 'transfer' : ownOffset ? 'local' : null,
      start: startFacts(0, offset?.value ?? null, from),
    },
    [offset],
  );
  return decide('transfer', { waitingMonths: 0, from });
}

/** Shanghai-style: an interruption while still in the waiting period restarts it (docs/rules.md §2). */
function applyWaitingRestart(s: Situation, d: Decision, L: YearMonth): Decision {
  const { t, chain, P } = s;
  const scheme: EmployeeScheme = s.scheme === 'resident' ? 'employee' : s.scheme;
  const day = at.paymentDate(s.payDay);
  const restarts = t.find(s.localChain, `${scheme}.waiting.restartsOnInterruption`, day);
  if (!restarts?.value) return d;
  const first = t.need(chain, `${scheme}.firstEnrolment.waitingMonths`, day, '首次参保等待期');
  if (!first || first.value === 0) return d;
  const run = runContaining(s.runs, L);
  if (!run) return d;
  const runLength = L - run.from + 1;
  if (runLength >= first.value) return d;
  // Was that run itself exempt (joined soon after earlier cover)? Then it was not a waiting period.
  const exempt = t.find(chain, `${scheme}.firstEnrolment.exemptIfWithinMonths`, day);
  const lastEarlier = s.anyRuns.filter((r) => r.to < run.from).at(-1)?.to ?? null;
  if (exempt && lastEarlier !== null && run.from - lastEarlier - 1 <= exempt.value) return d;
  const from = P + first.value;
  t.explain({ id: 'local.waiting-restart', runFrom: formatMonth(run.from), runLength, waiting: first.value, from: formatMonth(from) }, [
    restarts,
    first,
  ]);
  return { ...d, waitingMonths: first.value, waitingMonthsMax: first.value, from, deadlineHelps: false };
}

/** The days of an enrolment window in a given year ("MM-last" is the month's last day). */
function windowDays(w: EnrolmentWindow, year: number): [DayInt, DayInt] | null {
  const day = (md: string): DayInt | null => {
    const month = Number(md.slice(0, 2));
    if (md.endsWith('-last')) return lastDayOf(year * 12 + month - 1);
    return parseDate(`${year}-${md}`);
  };
  const from = day(w.from);
  const to = day(w.to);
  return from === null || to === null ? null : [from, to];
}

/** Residents' insurance (docs/rules.md §5; 国办发〔2024〕38号). */
export function decideResident(s: Situation): Decision {
  const { c, t, chain, payDay, P, n } = s;
  const day = at.paymentDate(payDay);
  // An eligible switch with no gap at all is the best case of the same rule.
  if (s.switchEligible && n !== null) {
    const limit = t.need(chain, 'switch.shortLimitMonths', day, '险种切换的短期中断上限');
    if (limit && n <= limit.value) return shortTransferRule(s, 'switch', limit, { kind: 'switch', toScheme: 'resident' }, n);
  }

  // Newborns enrolled within N days of birth wait for nothing and are covered from birth.
  const newborn = t.find(chain, 'resident.newbornExemptDays', day);
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
        {
          id: 'resident.newborn',
          days: newborn.value,
          birthDay: c.person.birthDay === null ? null : formatDate(c.person.birthDay),
          birthMonth: formatMonth(c.person.birth),
          paymentDate: formatDate(payDay),
          from: formatMonth(P),
        },
        [newborn],
      );
      // Benefits run from the payment month, and costs since birth are covered retroactively.
      return decide('resident-newborn', { waitingMonths: 0, from: P, retroactive: true });
    }
    if (possible) t.explain({ id: 'resident.newborn-check', days: newborn.value }, [newborn]);
  }

  const windowHit = t.need(chain, 'resident.enrolmentWindow', day, '集中参保期和等待期');
  const fixed = t.need(chain, 'resident.waiting.fixedMonths', day, '固定等待期');
  const perYear = t.need(chain, 'resident.waiting.variableMonthsPerGapYear', day, '变动等待期');
  const freeYears = t.need(chain, 'resident.waiting.variableFreeGapYears', day, '变动等待期');
  const repairPer = t.need(chain, 'resident.waiting.repairMonthsPerYear', day, '修复后的变动等待期');
  const floorFrom = t.need(chain, 'resident.waiting.floorFromGapYears', day, '修复后的等待期下限');
  const floorTotal = t.need(chain, 'resident.waiting.floorTotalMonths', day, '修复后的等待期下限');
  const countFrom = t.need(chain, 'resident.waiting.gapYearsCountFrom', day, '断保年数');
  const outsideOffset = t.need(chain, 'resident.waiting.outsideWindowStartOffset', day, '等待期起算月');
  const retro = t.need(chain, 'resident.retroactive', day, '断保期间费用');
  const hits = [windowHit, fixed, perYear, freeYears, repairPer, floorFrom, floorTotal, countFrom, outsideOffset, retro];
  // Which benefit year is being paid for, and was it inside the enrolment window?
  const payYear = yearOfDay(payDay);
  const window = windowHit ? windowDays(windowHit.value, payYear) : null;
  if (
    !windowHit ||
    !window ||
    !fixed ||
    !perYear ||
    !freeYears ||
    !repairPer ||
    !floorFrom ||
    !floorTotal ||
    !countFrom ||
    !outsideOffset
  ) {
    t.explain({ id: 'resident.waiting', variant: 'incomplete' }, hits);
    return decide('resident-waiting', { backPayAllowed: false, retroactive: retro?.value ?? null });
  }
  const inWindow = payDay >= window[0] && payDay <= window[1];
  // A provincial extended payment period in the benefit year itself (docs/rules.md §5): paying then
  // counts like paying in the window, with benefits from the payment month.
  const extendedHit = inWindow ? null : t.find(chain, 'resident.extendedWindow', day);
  const extended = extendedHit ? windowDays(extendedHit.value, payYear) : null;
  const inExtended = extended !== null && payDay >= extended[0] && payDay <= extended[1];
  if (extendedHit && inExtended) hits.push(extendedHit);
  const benefitYear = inWindow ? payYear + 1 : payYear;

  // g: consecutive benefit years without resident or employee cover right before that year.
  let g = 0;
  for (let y = benefitYear - 1; y >= countFrom.value && !yearHasCover(c.history, ANY_SCHEME, y); y--) g++;
  const fixedMonths = !(inWindow || inExtended) || g >= 1 ? fixed.value : 0;
  const variable = Math.max(0, g - freeYears.value) * perYear.value;
  const repaired = Math.min(variable, c.request.residentRepairYears * repairPer.value);
  let waiting = fixedMonths > 0 ? fixedMonths + variable - repaired : 0;
  let floor: { gapYears: number; fromGapYears: number; totalMonths: number } | null = null;
  if (g >= floorFrom.value && waiting < floorTotal.value) {
    waiting = floorTotal.value;
    floor = { gapYears: g, fromGapYears: floorFrom.value, totalMonths: floorTotal.value };
  }
  const start: YearMonth = inWindow ? benefitYear * 12 : inExtended ? P : P + outsideOffset.value;
  const from = start + waiting;
  t.explain(
    {
      id: 'resident.waiting',
      variant: 'computed',
      inWindow,
      window: { from: windowHit.value.from, to: windowHit.value.to },
      extended: inExtended && extendedHit ? { from: extendedHit.value.from, to: extendedHit.value.to } : null,
      benefitYear,
      paymentDate: formatDate(payDay),
      gapYears: g,
      countFrom: countFrom.value,
      fixedMonths,
      variableMonths: variable,
      perGapYear: perYear.value,
      repairYears: c.request.residentRepairYears,
      repairedMonths: repaired,
      floor,
      waiting,
      countsFrom: formatMonth(start),
      from: formatMonth(from),
      retroactive: retro?.value ?? null,
    },
    hits,
  );
  return decide('resident-waiting', { backPayAllowed: false, waitingMonths: waiting, from, retroactive: retro?.value ?? null });
}
