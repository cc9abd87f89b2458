// When benefits resume (docs/rules.md §2 and §5): what every rule decides, and the pieces the
// decision trees share. The trees themselves live by scheme: benefits-employee.ts (employee and
// flexible requests: in-city rules, first enrolment), benefits-transfer.ts (transfer and scheme
// switch, and the local tiers both use) and benefits-resident.ts (residents' insurance).
// Every conclusion is a Decision built by `decide` and explained by its facts
// (src/core/explain/ words them).
import type { BenefitRuleSource } from '../assessment.ts';
import { type NormalizedCase, type Scheme } from '../case.ts';
import { formatMonth, type DayInt, type YearMonth } from '../calendar.ts';
import type { Start } from '../explain/facts.ts';
import type { BaseRule } from '../policy/keys.ts';
import type { Run } from './history.ts';
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

/** A decision with every unknown left null (docs/rules.md §0.4): only what a rule says is filled in. */
export function decide(rule: BenefitRuleSource, known: Partial<Omit<Decision, 'rule'>> = {}): Decision {
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

export type EmployeeScheme = Exclude<Scheme, 'resident'>;

/**
 * First month of benefits: P + W (+ the offset after waiting, where the rule starts benefits the
 * month after the waiting period ends) with W waiting months, else P + the start offset (docs/rules.md §2).
 */
export function fromOf(P: YearMonth, waiting: number | null, offset: number | null, afterWaiting = 0): YearMonth | null {
  if (waiting === null) return null;
  if (waiting > 0) return P + waiting + afterWaiting;
  return offset === null ? null : P + offset;
}

export const startFacts = (waiting: number | null, offset: number | null, from: YearMonth | null, afterWaiting = 0): Start => ({
  waiting,
  offset,
  from: from === null ? null : formatMonth(from),
  ...(afterWaiting > 0 && waiting !== null && waiting > 0 ? { afterWaiting } : {}),
});
