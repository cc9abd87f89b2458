// What the engine concluded, as facts without words: each explanation is an id and the
// figures behind it (months "YYYY-MM", days "YYYY-MM-DD", money in fen, rates in ppm).
// src/core/explain/zh.ts turns them into the Chinese the window, the sheet and `--text`
// show; the engine never writes prose itself.
import type { BaseRule } from '../policy/keys.ts';
import type { RetirementCategory, Scheme } from '../case.ts';

type Month = string;
type Day = string;

/** How a transfer-like rule introduces itself. */
export type Intro = { kind: 'transfer'; fromName: string; toName: string } | { kind: 'switch'; toScheme: Scheme };

/** Start of benefits as the rule states it (docs/rules.md §2). */
export interface Start {
  waiting: number | null;
  offset: number | null;
  from: Month | null;
  /** Months after the waiting period ends before benefits start (1: 等待期满后次月起). */
  afterWaiting?: number;
}

/** One levy of a month's rate and its amount, rounded on its own (docs/rules.md §3); ppm null for a flat monthly levy. */
export interface LevyAmount {
  name: string;
  ppm: number | null;
  fen: number;
}

export interface BackPayPart {
  from: Month;
  to: Month;
  reason: 'interruption' | 'arrears';
  scheme: Scheme;
  /** Per-month terms of the part's first month. */
  principalFen: number | null;
  flatFen: number | null;
  baseFen: number | null;
  ratePpm: number | null;
  /** The rate's levies when it is billed as separate levies. */
  levies: LevyAmount[] | null;
  count: number;
  subtotalFen: number | null;
}

export type ClampNote =
  | { kind: 'clamped'; from: Month; declaredFen: number; minFen: number; maxFen: number; usedFen: number }
  | { kind: 'no-range'; from: Month; to: Month; partial: boolean }
  /** A flexible worker's single base (flexible.fixedBase) replaced the declared one. */
  | { kind: 'fixed'; from: Month; declaredFen: number | null; usedFen: number };

export type ExplanationFacts =
  | { id: 'switch.eligible' | 'switch.not-eligible'; fromScheme: Scheme; runLength: number; minRun: number | null; eligible: boolean }
  | { id: 'transfer.retiree'; retirementMonth: Month }
  | { id: 'transfer.resident'; regionName: string }
  | { id: 'interruption.none'; employeeRequest: boolean }
  | {
      id: 'interruption.current';
      lastPaid: Month;
      paymentMonth: Month;
      paymentDate: Day;
      months: number;
      from: Month | null;
      to: Month | null;
    }
  | { id: 'interruption.deadline'; deadline: Day; limit: number; daysLeft: number }
  | { id: 'interruption.deadline-missed'; months: number; limit: number; deadline: Day }
  | {
      id: 'transfer.short-gap' | 'switch.short-gap';
      intro: Intro;
      months: number;
      limit: number;
      backPayAllowed: boolean | null;
      baseRule: BaseRule;
      start: Start;
      retroactive: boolean | null;
    }
  | {
      id: 'transfer.long-gap' | 'switch.long-gap';
      variant: 'explicit';
      intro: Intro;
      months: number;
      limit: number;
      backPayAllowed: boolean | null;
      start: Start;
      retroactive: boolean | null;
    }
  | {
      id: 'transfer.long-gap' | 'switch.long-gap';
      variant: 'cap';
      intro: Intro;
      months: number;
      limit: number;
      cap: { regionName: string; months: number } | null;
    }
  | {
      id: 'local.tier' | 'transfer.long-gap' | 'switch.long-gap';
      variant: 'tier';
      /** Who set the tiers: the receiving region of a transfer, or the local region. */
      lead:
        | { kind: 'transfer-like'; intro: Intro; months: number; limit: number }
        | { kind: 'local'; regionName: string; scheme: Scheme; months: number };
      asFirstEnrolment: boolean;
      backPayAllowed: boolean | null;
      waitingMax: number | null;
      start: Start;
      retroactive: boolean | null;
    }
  | {
      id: 'first-enrolment';
      lead: { kind: 'no-history' } | { kind: 'cumulative'; year: number; missed: number; limit: number };
      scheme: Scheme;
      configuredWaiting: number | null;
      exemption: { lastPaid: Month; withinMonths: number } | null;
      start: Start;
    }
  | { id: 'continuous'; paymentMonth: Month; from: Month | null }
  /** A transfer with no gap; `source` says which row gave the start (null: none did). */
  | { id: 'transfer.continuous'; intro: Intro; source: 'transfer' | 'local' | null; start: Start }
  /** In-city resumption with no local rule: only what is known, and who decides. */
  | { id: 'local.missing'; regionName: string; scheme: Scheme; months: number }
  | {
      id: 'local.short-gap';
      regionName: string;
      scheme: Scheme;
      months: number;
      limit: number;
      backPayAllowed: boolean | null;
      start: Start;
      retroactive: boolean | null;
    }
  | { id: 'local.waiting-restart'; runFrom: Month; runLength: number; waiting: number; from: Month }
  | { id: 'resident.newborn'; days: number; birthDay: Day | null; birthMonth: Month; paymentDate: Day; from: Month }
  | { id: 'resident.newborn-check'; days: number }
  | { id: 'resident.waiting'; variant: 'incomplete' }
  | {
      id: 'resident.waiting';
      variant: 'computed';
      inWindow: boolean;
      window: { from: string; to: string };
      /** Paid in the province's extended payment period of the benefit year. */
      extended: { from: string; to: string } | null;
      benefitYear: number;
      paymentDate: Day;
      gapYears: number;
      countFrom: number;
      fixedMonths: number;
      variableMonths: number;
      perGapYear: number;
      repairYears: number;
      repairedMonths: number;
      floor: { gapYears: number; fromGapYears: number; totalMonths: number } | null;
      waiting: number;
      countsFrom: Month;
      from: Month;
      retroactive: boolean | null;
    }
  | {
      id: 'lifetime.years';
      countedPaid: number;
      deemed: number;
      counted: number;
      required: { regionName: string; months: number } | null;
      employeeRequest: boolean;
      fromBackPay: number;
      paymentMonth: Month;
      lastMonthBeforeRetirement: Month;
      /** Already at or past the retirement month on the payment date. */
      retired: boolean;
      projected: number;
      /** Whether the region's top-up rule priced the shortfall (the next explanation). */
      topUpPriced: boolean;
      localRequired: number | null;
      localActual: number;
    }
  | {
      id: 'retirement.month';
      birth: Month;
      category: RetirementCategory;
      baseAgeYears: number;
      delayMonths: number;
      ageMonths: number;
      month: Month;
    }
  | {
      id: 'lifetime.top-up';
      months: number;
      regionName: string;
      /** Already at or past the retirement month. */
      retired: boolean;
      pricedOn: Day;
      wageYear: number | null;
      baseRule: 'averageWageYearBeforeLast' | 'minBase' | null;
      methods: Array<{
        method: 'lumpSum' | 'monthly';
        baseFen: number | null;
        ratePpm: number | null;
        monthlyFen: number | null;
        totalFen: number | null;
      }>;
    }
  | { id: 'backpay.none'; backPayAllowed: boolean | null }
  | {
      id: 'backpay.principal';
      backPayAllowed: boolean | null;
      /** The interruption is priced as the cost if the office allows back-pay (no local rule). */
      hypothetical: boolean;
      /** Months of the current interruption, and months owed from arrears records. */
      interruptionMonths: number;
      arrearsMonths: number;
      employerPays: boolean;
      months: number;
      parts: BackPayPart[];
      clampNotes: ClampNote[];
      principalFen: number | null;
    }
  | { id: 'backpay.late-fee'; variant: 'individual'; months: number }
  | {
      id: 'backpay.late-fee';
      variant: 'employer';
      months: number;
      paymentDate: Day;
      /** The daily rates applied, oldest first, with the day each took effect. */
      dailyRates: Array<{ from: Day; ppm: number }>;
      first: { month: Month; dueDate: Day | null; days: number };
      last: { month: Month; dueDate: Day | null; days: number } | null;
      feeFen: number | null;
    };

export type ExplanationId = ExplanationFacts['id'];
