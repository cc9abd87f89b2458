// What the counter answers in the typical situations an office checks a local rule against
// (本地规则设置): 1, 3, 4, 6 and 12 months' interruption, a first enrolment, and arrears paid
// while contributing on. Each situation is an ordinary case assessed by the engine on a given
// library, so the table shows exactly what a clerk would see. The client is made up (the same
// for every row) and said so on the screen: born 1985, paying on the day given, base 8,000 元.
import type { Assessment } from '../assessment.ts';
import { formatMonth, parseDate, parseMonth } from '../calendar.ts';
import { checkAndAssess } from '../check-and-assess.ts';
import type { RegionDirectory } from '../regions.ts';
import type { PolicySet } from './policy-set.ts';

export type EmployeeGroupScheme = 'employee' | 'flexible';

/** The made-up client's monthly base (元): a case input, not a policy figure. */
export const TYPICAL_BASE_YUAN = 8000;

export const TYPICAL_SITUATIONS = [
  { id: 'gap-1', label: '中断 1 个月后续缴', gap: 1 },
  { id: 'gap-3', label: '中断 3 个月后续缴', gap: 3 },
  { id: 'gap-4', label: '中断 4 个月后续缴', gap: 4 },
  { id: 'gap-6', label: '中断 6 个月后续缴', gap: 6 },
  { id: 'gap-12', label: '中断 12 个月后续缴', gap: 12 },
  { id: 'first', label: '首次参保', gap: null },
  { id: 'arrears', label: '欠缴 2 个月，其后连续缴费', gap: 0 },
] as const;
export type TypicalSituationId = (typeof TYPICAL_SITUATIONS)[number]['id'];

/** What the counter would answer, as the window and the sheet show it. */
export interface TypicalAnswer {
  /** The library has no in-city rule for it (LOCAL_RULE_MISSING): the counter says "unknown". */
  unknown: boolean;
  interruptionMonths: number | null;
  backPayAllowed: boolean | null;
  waitingMonths: number | null;
  waitingMonthsMax: number | null;
  /** First month of benefits, "YYYY-MM". */
  from: string | null;
  retroactive: boolean | null;
  /** Principal plus late fee (fen), null when it cannot be priced. */
  totalFen: number | null;
  /** Documents (文号) the benefits conclusion rests on. */
  documents: string[];
}

export interface TypicalRow {
  id: TypicalSituationId;
  label: string;
  answer: TypicalAnswer | null;
}

/** The case of one situation: a client contributing for five years before the gap. */
export function typicalCase(id: TypicalSituationId, region: string, scheme: EmployeeGroupScheme, paymentDate: string): unknown {
  const P = parseMonth(paymentDate.slice(0, 7));
  if (P === null || parseDate(paymentDate) === null) throw new Error(`日期应为 YYYY-MM-DD，收到 "${paymentDate}"`);
  const situation = TYPICAL_SITUATIONS.find((s) => s.id === id);
  const entry = (from: number, to: number, status: 'paid' | 'arrears') => ({
    from: formatMonth(from),
    to: formatMonth(to),
    scheme,
    status,
    base: TYPICAL_BASE_YUAN,
  });
  let history: unknown[] = [];
  if (situation?.id === 'arrears') history = [entry(P - 60, P - 8, 'paid'), entry(P - 7, P - 6, 'arrears'), entry(P - 5, P - 1, 'paid')];
  else if (situation && situation.gap !== null) {
    const last = P - 1 - situation.gap;
    history = [entry(last - 59, last, 'paid')];
  }
  return {
    format: 'yibao-case/1',
    asOf: paymentDate,
    region,
    person: { name: '示例', sex: 'male', birth: '1985-01', retirementCategory: 'male' },
    history,
    deemedMonths: 0,
    request: { scheme, paymentDate, payer: 'individual' },
  };
}

function answerOf(a: Assessment): TypicalAnswer {
  const benefitIds = new Set(['local.short-gap', 'local.tier', 'local.missing', 'local.waiting-restart', 'first-enrolment', 'continuous']);
  return {
    unknown: a.warnings.some((w) => w.code === 'LOCAL_RULE_MISSING'),
    interruptionMonths: a.interruption?.months ?? null,
    backPayAllowed: a.backPay.allowed,
    waitingMonths: a.benefits.waitingMonths,
    waitingMonthsMax: a.benefits.waitingMonthsMax,
    from: a.benefits.from,
    retroactive: a.benefits.retroactive,
    totalFen: a.backPay.totalFen,
    documents: [...new Set(a.explanations.filter((e) => benefitIds.has(e.id)).flatMap((e) => e.citations.map((c) => c.document)))],
  };
}

/** Every typical situation assessed on `policies` (null where the case itself cannot be assessed). */
export function typicalAnswers(
  policies: PolicySet,
  regions: RegionDirectory,
  at: { region: string; scheme: EmployeeGroupScheme; paymentDate: string },
): TypicalRow[] {
  return TYPICAL_SITUATIONS.map((s) => {
    const checked = checkAndAssess(typicalCase(s.id, at.region, at.scheme, at.paymentDate), { policies, regions });
    return { id: s.id, label: s.label, answer: checked.valid ? answerOf(checked.assessment) : null };
  });
}
