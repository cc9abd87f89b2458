// The assessment engine: one pure function from a validated case and the policy
// library to the assessment of docs/case-format.md §2. The CLI, the app and
// the tests all call this; nothing else computes a figure.
import { ASSESSMENT_FORMAT, type Assessment, type Gap } from '../assessment.ts';
import { type NormalizedCase } from '../case.ts';
import { daysBetween, formatDate, formatMonth, lastDayOf, monthOfDay } from '../calendar.ts';
import type { PolicySet } from '../policy/policy-set.ts';
import { at } from '../policy/read-at.ts';
import type { RegionDirectory } from '../regions.ts';
import { computeBackPay } from './backpay.ts';
import { assessLifetime } from './lifetime.ts';
import type { Situation } from './benefits.ts';
import { decideEmployeeGroup } from './benefits-employee.ts';
import { decideResident } from './benefits-resident.ts';
import { ANY_SCHEME, EMPLOYEE_GROUP, RESIDENT_GROUP, gapRuns, lastPaidBefore, paidRuns, runLengthEndingAt } from './history.ts';
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
    // A local rule for this direction, where the chain has one, comes before 43号's two years (docs/rules.md §2).
    const directional = t.find(
      chain,
      employeeRequest ? 'switch.toEmployee.minContinuousMonths' : 'switch.toResident.minContinuousMonths',
      at.paymentDate(payDay),
    );
    const minRun = directional ?? t.need(chain, 'switch.minContinuousMonths', at.paymentDate(payDay), '险种切换的连续参保条件');
    const runLength = lastAny === null ? 0 : runLengthEndingAt(anyRuns, lastAny);
    switchEligible = !!minRun && runLength >= minRun.value;
    t.explain(
      {
        id: switchEligible ? 'switch.eligible' : 'switch.not-eligible',
        fromScheme: req.switchFromScheme,
        runLength,
        minRun: minRun?.value ?? null,
        eligible: switchEligible,
      },
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
    const excludes = t.find(chain, 'transfer.excludesRetirees', at.paymentDate(payDay));
    if (excludes?.value && retirement.month !== null && P >= retirement.month) {
      transferApplies = false;
      t.explain({ id: 'transfer.retiree', retirementMonth: formatMonth(retirement.month) }, [excludes, retirement.hit]);
    }
  } else if (req.transferFrom && !employeeRequest) {
    t.explain({ id: 'transfer.resident', regionName: regionName(c.region) });
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

  // The interruption itself (docs/rules.md §1).
  if (L === null || n === null) {
    t.explain({ id: 'interruption.none', employeeRequest });
  } else {
    t.explain({
      id: 'interruption.current',
      lastPaid: formatMonth(L),
      paymentMonth: formatMonth(P),
      paymentDate: formatDate(payDay),
      months: n,
      from: n > 0 ? formatMonth(L + 1) : null,
      to: n > 0 ? formatMonth(P - 1) : null,
    });
  }

  const decision = employeeRequest ? decideEmployeeGroup(situation) : decideResident(situation);

  // Keep-short deadline: last day of month L + S + 1 (docs/rules.md §1).
  let keepShortDeadline: string | null = null;
  if (L !== null && n !== null && n > 0 && decision.shortLimitMonths !== null && decision.deadlineHelps !== false) {
    const deadlineDay = lastDayOf(L + decision.shortLimitMonths + 1);
    if (n <= decision.shortLimitMonths) {
      keepShortDeadline = formatDate(deadlineDay);
      t.explain({
        id: 'interruption.deadline',
        deadline: keepShortDeadline,
        limit: decision.shortLimitMonths,
        daysLeft: daysBetween(c.asOf, deadlineDay),
      });
    } else if (deadlineDay >= c.asOf) {
      // The planned date misses a deadline that is still reachable today: say so plainly.
      t.explain({ id: 'interruption.deadline-missed', months: n, limit: decision.shortLimitMonths, deadline: formatDate(deadlineDay) });
    }
  }

  const backPay = computeBackPay(c, t, ctx.regions, decision, L, P);

  // Lifetime years and the price of a shortfall (docs/rules.md §6).
  const lifetime = assessLifetime({ c, t, chain, regionName, retirement, P, payDay, employeeRequest, backPay });

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
    lifetime,
    explanations: t.explanations,
    warnings: t.warnings,
  };
}
