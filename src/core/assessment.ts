// The assessment (`yibao-assessment/1`): what the engine concludes. Field names of
// the contract are kept exactly; extra fields (lines, lastPaidMonth, rule, …) are
// additions the app and the printed sheet use.
import type { EntryStatus, Payer, RetirementCategory, Scheme } from './case.ts';
import type { ExplanationFacts } from './explain/facts.ts';
import type { Grade } from './policy/policy-set.ts';

export const ASSESSMENT_FORMAT = 'yibao-assessment/1';

export const WARNING_CODES = [
  'MISSING_PARAMETER',
  'POLICY_EXPIRED',
  'UNVERIFIED_SOURCE',
  'LOCAL_RULE_CAP_ONLY',
  'LOCAL_RULE_MISSING',
  'MISSING_INPUT',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Citation {
  document: string;
  title: string;
  article: string | null;
  url: string | null;
  grade: Grade;
  /** Where the row sits and what it says. */
  region: string;
  key: string;
  value: unknown;
  effectiveFrom: string;
  effectiveTo: string | null;
  lastReviewed: string;
  rowId: string;
}

export interface Explanation {
  id: ExplanationFacts['id'];
  /** The Chinese text (src/core/explain/zh.ts words the facts). */
  text: string;
  /** What was concluded, without words: months "YYYY-MM", days "YYYY-MM-DD", money in fen. */
  facts: ExplanationFacts;
  citations: Citation[];
}

export interface Warning {
  code: WarningCode;
  message: string;
  key?: string;
  region?: string;
  /** The document (文号) the warning is about, where there is one. */
  document?: string;
}

export interface Gap {
  from: string;
  to: string;
  months: number;
  kind: 'arrears' | 'uncovered';
  current: boolean;
}

export interface BackPayLine {
  month: string;
  /** Why it is owed: the current interruption, or an arrears record. */
  reason: 'interruption' | 'arrears';
  scheme: Scheme;
  region: string;
  /** Base actually used (after clamping), in fen; null with a flat amount. */
  baseFen: number | null;
  /** Total rate as a decimal (0.09); null with a flat amount. */
  rate: number | null;
  flatAmountFen: number | null;
  principalFen: number | null;
  /**
   * Present when the rate is billed as separate levies: each levy's amount, rounded on its own
   * (docs/rules.md §3); `rate` is null for a flat monthly levy billed beside the rate.
   */
  levies?: Array<{ name: string; rate: number | null; principalFen: number }>;
  dueDate: string | null;
  lateFeeDays: number;
  lateFeeFen: number | null;
}

/** One way of paying a lifetime-years shortfall, priced (docs/rules.md §6). */
export interface TopUpPrice {
  method: 'lumpSum' | 'monthly';
  /** Monthly base in fen; null when the library lacks it. */
  baseFen: number | null;
  /** Rate as a decimal (0.055); null when unknown. */
  rate: number | null;
  /** One month's contribution. */
  monthlyFen: number | null;
  /** All months at today's base and rate (an estimate when paid month by month). */
  totalFen: number | null;
}

/** The price of paying a shortfall up to the required years (补缴至规定年限). */
export interface TopUp {
  months: number;
  methods: TopUpPrice[];
  citations: Citation[];
}

export type BenefitRuleSource =
  | 'continuous'
  | 'first-enrolment'
  | 'transfer'
  | 'switch'
  | 'local'
  /** In-city resumption with no local rule in the library: benefits unknown (docs/rules.md §2). */
  | 'local-rule-missing'
  | 'resident-waiting'
  | 'resident-newborn';

export interface Assessment {
  format: typeof ASSESSMENT_FORMAT;
  asOf: string;
  region: string;
  regionName: string;
  regionChain: string[];
  policyVersion: string;
  request: {
    scheme: Scheme;
    paymentDate: string;
    paymentMonth: string;
    payer: Payer;
    transferFrom: string | null;
    transferFromName: string | null;
    switchFromScheme: Scheme | null;
  };
  retirement: { category: RetirementCategory; ageMonths: number | null; month: string | null };
  interruption: null | {
    months: number;
    from: string | null;
    to: string | null;
    shortLimitMonths: number | null;
    keepShortDeadline: string | null;
    lastPaidMonth: string;
  };
  gaps: Gap[];
  backPay: {
    allowed: boolean | null;
    months: string[];
    principalFen: number | null;
    lateFeeFen: number | null;
    totalFen: number | null;
    lines: BackPayLine[];
  };
  benefits: {
    waitingMonths: number | null;
    waitingMonthsMax: number | null;
    from: string | null;
    retroactive: boolean | null;
    rule: BenefitRuleSource;
  };
  lifetime: {
    countedMonths: number;
    requiredMonths: number | null;
    projectedAtRetirementMonths: number | null;
    shortfallAtRetirementMonths: number | null;
    localActualMonths: number;
    localActualRequiredMonths: number | null;
    deemedMonths: number;
    /** Pricing of a shortfall at retirement, or null when there is none or no rule (docs/rules.md §6). */
    topUp: TopUp | null;
  };
  explanations: Explanation[];
  warnings: Warning[];
}

export type { EntryStatus };
