// Employee and flexible requests (docs/rules.md §2): which rule governs the case — transfer or
// scheme switch (benefits-transfer.ts), continuous payment, the region's in-city rule (short
// gap, tiers, the yearly count, Shanghai's waiting restart), first enrolment, or no local rule.
import { ymYear, formatMonth, type YearMonth } from '../calendar.ts';
import type { Intro } from '../explain/facts.ts';
import { warningZh } from '../explain/zh.ts';
import { at } from '../policy/read-at.ts';
import { decide, fromOf, startFacts, type Decision, type EmployeeScheme, type Situation } from './benefits.ts';
import { continuousTransfer, fromTier, longTransferRule, shortTransferRule } from './benefits-transfer.ts';
import { nonPaidMonthsInYear, runContaining } from './history.ts';
import type { PolicyHit } from './trace.ts';

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
