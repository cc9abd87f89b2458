// Transfer (转移接续) and scheme switch (险种切换) under 43号 第十一条 and its local versions
// (docs/rules.md §2): the short-gap skeleton, the long-gap rule or its cap, a transfer with no
// gap, and a local tier (used by long transfers and by in-city resumption alike).
import type { BenefitRuleSource } from '../assessment.ts';
import type { Scheme } from '../case.ts';
import type { Intro } from '../explain/facts.ts';
import { warningZh } from '../explain/zh.ts';
import type { Tier } from '../policy/keys.ts';
import { at } from '../policy/read-at.ts';
import { decide, fromOf, startFacts, type Decision, type EmployeeScheme, type Situation } from './benefits.ts';
import type { PolicyHit } from './trace.ts';

export type TransferLikeRule = 'transfer' | 'switch';
/** The transfer skeleton for n ≤ S (43号 第十一条 and local versions of it). */
export function shortTransferRule(s: Situation, rule: TransferLikeRule, limitHit: PolicyHit<number>, intro: Intro, n: number): Decision {
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

export const longGapId = (rule: TransferLikeRule) => (rule === 'switch' ? 'switch.long-gap' : 'transfer.long-gap');
/** n > S under the transfer skeleton: the receiving region's own rule, else only the cap. */
export function longTransferRule(s: Situation, rule: TransferLikeRule, limitHit: PolicyHit<number>, intro: Intro, n: number): Decision {
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

export type TierLead =
  | { kind: 'transfer-like'; intro: Intro; months: number; limit: number }
  | { kind: 'local'; regionName: string; scheme: Scheme; months: number };
export function fromTier(
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

/**
 * A transfer with no gap (n = 0): benefits from P + transfer.continuous.startOffset; where
 * the chain has no such row, the receiving region's own start offset; else unknown (docs/rules.md §2).
 */
export function continuousTransfer(s: Situation, intro: Intro): Decision {
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
