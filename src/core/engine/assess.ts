// The assessment engine: one pure function from a validated case and the policy
// library to the assessment of case-and-assessment.md §2. The CLI, the app and
// the tests all call this; nothing else computes a figure.
import { ASSESSMENT_FORMAT, type Assessment, type Gap } from '../assessment.ts';
import { SCHEME_ZH, type NormalizedCase } from '../case.ts';
import { daysBetween, firstDayOf, formatDate, formatDateZh, formatMonth, formatMonthZh, lastDayOf, monthOfDay } from '../calendar.ts';
import type { PolicySet } from '../policy/policy-set.ts';
import type { RegionDirectory } from '../regions.ts';
import { computeBackPay } from './backpay.ts';
import { decideEmployeeGroup, decideResident, type Situation } from './benefits.ts';
import {
  ANY_SCHEME,
  EMPLOYEE_GROUP,
  RESIDENT_GROUP,
  countPaidMonths,
  gapRuns,
  lastPaidBefore,
  paidRuns,
  runLengthEndingAt,
} from './history.ts';
import { statutoryRetirement } from './retirement.ts';
import { Trace } from './trace.ts';

export interface EngineContext {
  policies: PolicySet;
  regions: RegionDirectory;
}

export function assess(c: NormalizedCase, ctx: EngineContext): Assessment {
  const t = new Trace(ctx.policies, ctx.regions);
  const regionName = (code: string) => ctx.regions.name(code);
  const chain = ctx.regions.chain(c.region);
  const req = c.request;
  const payDay = req.paymentDate;
  const P = monthOfDay(payDay);
  const employeeRequest = req.scheme !== 'resident';

  const retirement = statutoryRetirement(c, t, chain);

  // Which months define the interruption: the request's scheme group, or every scheme
  // for an eligible employee↔resident switch (43号 第十一条第二款).
  const anyRuns = paidRuns(c.history, ANY_SCHEME, P - 1);
  const groupRuns = paidRuns(c.history, employeeRequest ? EMPLOYEE_GROUP : RESIDENT_GROUP, P - 1);
  let switchEligible = false;
  if (req.switchFromScheme) {
    const lastAny = lastPaidBefore(anyRuns);
    const minRun = t.need<number>(chain, 'switch.minContinuousMonths', payDay, '险种切换的连续参保条件');
    const runLength = lastAny === null ? 0 : runLengthEndingAt(anyRuns, lastAny);
    switchEligible = !!minRun && runLength >= minRun.value;
    t.explain(
      switchEligible ? 'switch.eligible' : 'switch.not-eligible',
      `申请由${SCHEME_ZH[req.switchFromScheme]}切换参保关系：中断前连续参保 ${runLength} 个月，` +
        `${minRun ? `${switchEligible ? '达到' : '不足'}连续参保 ${minRun.value} 个月的条件` : '连续参保条件未配置'}` +
        `${switchEligible ? '，中断期自原险种最后缴费月的次月起计算。' : '，不适用险种切换的衔接规定，按普通中断续保处理。'}`,
      [minRun],
    );
  }
  const runs = switchEligible ? anyRuns : groupRuns;
  const schemes = switchEligible ? ANY_SCHEME : employeeRequest ? EMPLOYEE_GROUP : RESIDENT_GROUP;
  const L = lastPaidBefore(runs);
  const n = L === null ? null : P - L - 1;

  let transferApplies = false;
  if (req.transferFrom && employeeRequest) {
    transferApplies = true;
    const excludes = t.find<boolean>(chain, 'transfer.excludesRetirees', payDay);
    if (excludes?.value && retirement.month !== null && P >= retirement.month) {
      transferApplies = false;
      t.explain(
        'transfer.retiree',
        `已到法定退休年月（${formatMonthZh(retirement.month)}），转移接续办法的中断衔接规定不适用于退休人员，按转入地普通规定处理。`,
        [excludes, retirement.hit],
      );
    }
  } else if (req.transferFrom && !employeeRequest) {
    t.explain(
      'transfer.resident',
      `居民医保跨统筹地区流动，原则上当年度不办理转移接续，按${regionName(c.region)}规定参加下一年度居民医保后再申请转移接续；下列等待期按居民医保规则计算。`,
      [],
    );
  }

  const situation: Situation = {
    c,
    t,
    chain,
    localChain: ctx.regions.localChain(c.region),
    scheme: req.scheme,
    payDay,
    P,
    L,
    n,
    runs,
    anyRuns,
    transferApplies,
    switchEligible,
    retirementMonth: retirement.month,
    regionName,
  };

  // The interruption itself (rules.md §1).
  if (L === null) {
    t.explain(
      'interruption.none',
      `参保记录中没有${employeeRequest ? '职工医保' : '城乡居民医保'}的已缴月份，按首次参保处理，不存在中断期。`,
      [],
    );
  } else if (n === 0) {
    t.explain('interruption.current', `最后缴费月为${formatMonthZh(L)}，缴费月为${formatMonthZh(P)}，连续缴费，没有中断。`, []);
  } else {
    t.explain(
      'interruption.current',
      `最后缴费月为${formatMonthZh(L)}，计划于 ${formatDate(payDay)}（${formatMonthZh(P)}）缴费：中断 ${n} 个月（${formatMonthZh(L + 1)}至${formatMonthZh(P - 1)}，按整月计算，不含缴费当月）。`,
      [],
    );
  }

  const decision = employeeRequest ? decideEmployeeGroup(situation) : decideResident(situation);

  // Keep-short deadline: last day of month L + S + 1 (rules.md §1).
  let keepShortDeadline: string | null = null;
  if (L !== null && n !== null && n > 0 && decision.shortLimitMonths !== null && decision.deadlineHelps !== false) {
    const deadlineDay = lastDayOf(L + decision.shortLimitMonths + 1);
    if (n <= decision.shortLimitMonths) {
      keepShortDeadline = formatDate(deadlineDay);
      const daysLeft = daysBetween(c.asOf, deadlineDay);
      t.explain(
        'interruption.deadline',
        `最迟在 ${formatDateZh(deadlineDay)}前缴费，中断期仍不超过 ${decision.shortLimitMonths} 个月，可按上述规定补缴且不设等待期${daysLeft >= 0 ? `（距办理日还有 ${daysLeft} 天）` : ''}。`,
        [],
      );
    } else if (deadlineDay >= c.asOf) {
      // The planned date misses a deadline that is still reachable today: say so plainly.
      t.explain(
        'interruption.deadline-missed',
        `按计划日期缴费将中断 ${n} 个月，超过 ${decision.shortLimitMonths} 个月；如改在 ${formatDateZh(deadlineDay)}前缴费，中断期不超过 ${decision.shortLimitMonths} 个月，可避免上述不利后果。`,
        [],
      );
    }
  }

  const backPay = computeBackPay(c, t, ctx.regions, decision, L, P);

  // Lifetime years (rules.md §6).
  const countedPaid = countPaidMonths(c.history, EMPLOYEE_GROUP);
  const countedMonths = countedPaid + c.deemedMonths;
  const localActualMonths = countPaidMonths(c.history, EMPLOYEE_GROUP, c.region);
  let requiredMonths: number | null = null;
  let localActualRequiredMonths: number | null = null;
  let projected: number | null = null;
  if (retirement.month !== null) {
    const retireFirst = firstDayOf(retirement.month);
    const required = t.need<number>(chain, `lifetime.requiredMonths.${c.person.sex}`, retireFirst, '退休时所需的累计缴费年限及差额');
    requiredMonths = required?.value ?? null;
    const localRequired = t.find<number>(chain, 'lifetime.localActualRequiredMonths', retireFirst);
    localActualRequiredMonths = localRequired?.value ?? null;
    const future = employeeRequest ? Math.max(0, retirement.month - P) : 0;
    const fromBackPay = employeeRequest ? backPay.employeeYearMonths : backPay.lines.filter((l) => l.scheme !== 'resident').length;
    projected = countedMonths + fromBackPay + future;
    t.explain(
      'lifetime.years',
      `职工医保累计缴费 ${countedPaid} 个月${c.deemedMonths ? `，加视同缴费 ${c.deemedMonths} 个月` : ''}，合计 ${countedMonths} 个月（${fmtYears(countedMonths)}）。` +
        `${requiredMonths !== null ? `${regionName(required!.region)}要求退休时累计缴费满 ${requiredMonths} 个月（${fmtYears(requiredMonths)}）。` : ''}` +
        `${employeeRequest ? `补缴 ${fromBackPay} 个月并从${formatMonthZh(P)}起按月缴费至法定退休前一个月（${formatMonthZh(retirement.month - 1)}），到退休时预计 ${projected} 个月` : `按城乡居民医保参保不增加职工医保年限，到退休时预计 ${projected} 个月`}` +
        `${requiredMonths !== null ? (projected >= requiredMonths ? '，可以达到要求。' : `，还差 ${requiredMonths - projected} 个月，可按规定在退休时一次性或按月补足。`) : '。'}` +
        `${localActualRequiredMonths !== null ? `另须在本地实际缴费满 ${localActualRequiredMonths} 个月，目前本地实际缴费 ${localActualMonths} 个月。` : ''}`,
      [required, localRequired, retirement.hit],
    );
  }
  const shortfall = requiredMonths === null || projected === null ? null : Math.max(0, requiredMonths - projected);

  const gaps: Gap[] = gapRuns(c.history, runs, schemes, P - 1).map((g) => ({
    from: formatMonth(g.from),
    to: formatMonth(g.to),
    months: g.to - g.from + 1,
    kind: g.arrears ? 'arrears' : 'uncovered',
    current: g.to === P - 1,
  }));

  return {
    format: ASSESSMENT_FORMAT,
    asOf: formatDate(c.asOf),
    region: c.region,
    regionName: regionName(c.region),
    regionChain: [...chain],
    policyVersion: t.policyVersion(),
    request: {
      scheme: req.scheme,
      paymentDate: formatDate(payDay),
      paymentMonth: formatMonth(P),
      payer: req.payer,
      transferFrom: req.transferFrom,
      transferFromName: req.transferFrom ? regionName(req.transferFrom) : null,
      switchFromScheme: req.switchFromScheme,
    },
    retirement: {
      category: c.person.retirementCategory,
      ageMonths: retirement.ageMonths,
      month: retirement.month === null ? null : formatMonth(retirement.month),
    },
    interruption:
      L === null || n === null
        ? null
        : {
            months: n,
            from: n > 0 ? formatMonth(L + 1) : null,
            to: n > 0 ? formatMonth(P - 1) : null,
            shortLimitMonths: n > 0 ? decision.shortLimitMonths : null,
            keepShortDeadline,
            lastPaidMonth: formatMonth(L),
          },
    gaps,
    backPay: {
      allowed: n === null || n === 0 ? null : decision.backPayAllowed,
      months: backPay.lines.map((l) => l.month),
      principalFen: backPay.principalFen,
      lateFeeFen: backPay.lateFeeFen,
      totalFen: backPay.totalFen,
      lines: backPay.lines,
    },
    benefits: {
      waitingMonths: decision.waitingMonths,
      waitingMonthsMax: decision.waitingMonthsMax,
      from: decision.from === null ? null : formatMonth(decision.from),
      // Without an interruption there is nothing to reimburse retroactively, except the
      // residents' rules, which speak of the uncovered time and the waiting period.
      retroactive: n === null || n === 0 ? (decision.rule.startsWith('resident') ? decision.retroactive : null) : decision.retroactive,
      rule: decision.rule,
    },
    lifetime: {
      countedMonths,
      requiredMonths,
      projectedAtRetirementMonths: projected,
      shortfallAtRetirementMonths: shortfall,
      localActualMonths,
      localActualRequiredMonths,
      deemedMonths: c.deemedMonths,
    },
    explanations: t.explanations,
    warnings: t.warnings,
  };
}

function fmtYears(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  return m ? `${y}年${m}个月` : `${y}年`;
}
