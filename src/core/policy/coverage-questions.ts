// The eight standard questions of the coverage view (issue 20) and their fixture cases: a
// made-up client per question, built at the payment month P, and what in the assessment
// answers it. coverage.ts assesses them per region and classes the answers.
import type { Assessment } from '../assessment.ts';
import { formatMonth, ymYear, type YearMonth } from '../calendar.ts';

/** The made-up client's monthly base (元), the same in every fixture: a case input, not a policy figure. */
export const COVERAGE_BASE_YUAN = 8000;

type Sex = 'male' | 'female';
type Category = 'male' | 'female-55' | 'female-50';
type Entry = { from: YearMonth; to: YearMonth; scheme: 'employee' | 'flexible'; status: 'paid' | 'arrears' };

export interface Fixture {
  scheme: 'employee' | 'flexible' | 'resident';
  payer: 'individual' | 'employer';
  person: { sex: Sex; category: Category; birth: YearMonth };
  history: Entry[];
}

/** What a question's figures say: the Chinese names of those still unknown, and whether only a cap is. */
interface Reading {
  missing: string[];
  capOnly: boolean;
}

interface QuestionSpec {
  id: string;
  label: string;
  /** Rows of these keys (prefixes) are the ones the answer rests on: their grades decide "official". */
  keys: readonly string[];
  /** The fixture cases at payment day `P` (the month of the as-of date); every one must be answered. */
  cases: (P: YearMonth) => Fixture[];
  read: (a: Assessment) => Reading;
}

const born = (P: YearMonth, years: number) => P - years * 12;
const worker = (P: YearMonth): Fixture['person'] => ({ sex: 'male', category: 'male', birth: born(P, 40) });
/** Five years paid up to the month before a gap of `gap` months ending the month before P. */
const paidThenGap = (P: YearMonth, gap: number, scheme: Entry['scheme']): Entry[] => {
  const last = P - 1 - gap;
  return [{ from: last - 59, to: last, scheme, status: 'paid' }];
};
/** Arrears from January three years back to the month before P (2023-01 … 2026-11 at 2026-12), after a year paid. */
const arrearsSince = (P: YearMonth, scheme: Entry['scheme']): Entry[] => {
  const start = (ymYear(P) - 3) * 12;
  return [
    { from: start - 12, to: start - 1, scheme, status: 'paid' },
    { from: start, to: P - 1, scheme, status: 'arrears' },
  ];
};
/** A client at or past the statutory retirement month with ten years paid in the city. */
const retiree = (P: YearMonth, sex: Sex, category: Category, age: number): Fixture => ({
  scheme: 'employee',
  payer: 'individual',
  person: { sex, category, birth: born(P, age) },
  history: [{ from: P - 130, to: P - 11, scheme: 'employee', status: 'paid' }],
});

const benefitsKnown = (a: Assessment): Reading => {
  const missing: string[] = [];
  if (a.backPay.allowed === null) missing.push('可否补缴');
  if (a.benefits.from === null) missing.push('待遇起始月');
  if (a.benefits.retroactive === null) missing.push('中断期间待遇');
  const capOnly = a.benefits.waitingMonths === null && a.benefits.waitingMonthsMax !== null;
  return { missing, capOnly };
};

/** The back-pay is priced, every month against a known base range (or a flat amount). */
const priceMissing = (a: Assessment, withLateFee: boolean): string[] => {
  const missing: string[] = [];
  if (a.backPay.principalFen === null) missing.push('补缴本金');
  const noRange = a.explanations.some((e) => e.facts.id === 'backpay.principal' && e.facts.clampNotes.some((n) => n.kind === 'no-range'));
  if (noRange) missing.push('缴费基数上下限');
  if (withLateFee && a.backPay.lateFeeFen === null) missing.push('滞纳金');
  return missing;
};

const employeeGap = (id: string, gap: number): QuestionSpec => ({
  id,
  label: `单位职工本市中断 ${gap} 个月后续缴`,
  keys: ['employee.', 'base.'],
  cases: (P) => [{ scheme: 'employee', payer: 'employer', person: worker(P), history: paidThenGap(P, gap, 'employee') }],
  read: (a) => {
    const r = benefitsKnown(a);
    if (a.backPay.allowed === true) r.missing.push(...priceMissing(a, false));
    return r;
  },
});

export const COVERAGE_QUESTIONS: readonly QuestionSpec[] = [
  employeeGap('Q1', 5),
  employeeGap('Q2', 2),
  {
    id: 'Q3',
    label: '灵活就业人员本市中断 5 个月后续缴',
    keys: ['flexible.benefit.', 'flexible.interruption.', 'flexible.short.', 'flexible.waiting.', 'flexible.firstEnrolment.'],
    cases: (P) => [{ scheme: 'flexible', payer: 'individual', person: worker(P), history: paidThenGap(P, 5, 'flexible') }],
    read: benefitsKnown,
  },
  {
    id: 'Q4',
    label: '灵活就业人员补缴金额（近三年逐月）',
    keys: ['flexible.rate', 'flexible.flatMonthlyAmount', 'flexible.fixedBase', 'base.'],
    cases: (P) => [{ scheme: 'flexible', payer: 'individual', person: worker(P), history: arrearsSince(P, 'flexible') }],
    read: (a) => ({ missing: priceMissing(a, false), capOnly: false }),
  },
  {
    id: 'Q5',
    label: '单位欠缴（近三年逐月）及滞纳金',
    keys: ['employee.rate.', 'base.', 'lateFee.'],
    cases: (P) => [{ scheme: 'employee', payer: 'employer', person: worker(P), history: arrearsSince(P, 'employee') }],
    read: (a) => ({ missing: priceMissing(a, true), capOnly: false }),
  },
  {
    id: 'Q6',
    label: '退休时所需累计缴费年限（男、女）',
    keys: ['lifetime.requiredMonths.', 'lifetime.localActualRequiredMonths', 'retirement.'],
    cases: (P) => [retiree(P, 'male', 'male', 64), retiree(P, 'female', 'female-55', 59)],
    read: (a) => ({
      missing: [...(a.retirement.month === null ? ['法定退休年月'] : []), ...(a.lifetime.requiredMonths === null ? ['所需缴费年限'] : [])],
      capOnly: false,
    }),
  },
  {
    id: 'Q7',
    label: '退休时年限不足的补缴金额',
    keys: ['lifetime.', 'wage.', 'employee.rate.', 'base.', 'retirement.'],
    cases: (P) => [retiree(P, 'male', 'male', 64)],
    read: (a) => {
      const missing: string[] = [];
      if (a.lifetime.requiredMonths === null) missing.push('所需缴费年限');
      else if (!a.lifetime.topUp) missing.push('补缴方式');
      else if (!a.lifetime.topUp.methods.some((m) => m.totalFen !== null)) missing.push('补缴金额（基数或费率）');
      return { missing, capOnly: false };
    },
  },
  {
    id: 'Q8',
    label: '城乡居民首次参保的待遇等待期',
    keys: ['resident.'],
    cases: (P) => [
      { scheme: 'resident', payer: 'individual', person: { sex: 'female', category: 'female-50', birth: born(P, 30) }, history: [] },
    ],
    read: (a) => ({
      missing: [...(a.benefits.waitingMonths === null ? ['等待期'] : []), ...(a.benefits.from === null ? ['待遇起始月'] : [])],
      capOnly: false,
    }),
  },
];

export type CoverageQuestionId = (typeof COVERAGE_QUESTIONS)[number]['id'];

/** A fixture as a case file, paying on the as-of day. */
export function fixtureCase(f: Fixture, region: string, asOf: string): unknown {
  const entry = (e: Entry) => ({
    from: formatMonth(e.from),
    to: formatMonth(e.to),
    scheme: e.scheme,
    status: e.status,
    base: COVERAGE_BASE_YUAN,
  });
  return {
    format: 'yibao-case/1',
    asOf,
    region,
    person: { name: '示例', sex: f.person.sex, birth: formatMonth(f.person.birth), retirementCategory: f.person.category },
    history: f.history.map(entry),
    deemedMonths: 0,
    request: { scheme: f.scheme, paymentDate: asOf, payer: f.payer },
  };
}
