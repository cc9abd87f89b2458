// Lifetime years (docs/rules.md §6): the years counted toward 职工医保 benefits after retirement,
// what the region requires at the retirement month, the projection, and — where the region
// has a cited rule — the price of paying a shortfall up to the required years
// (补缴至规定年限, 社会保险法 第二十七条).
import type { Assessment, TopUp, TopUpPrice } from '../assessment.ts';
import type { NormalizedCase } from '../case.ts';
import { formatDate, formatMonth, ymYear, yearOfDay, type DayInt, type YearMonth } from '../calendar.ts';
import { applyRate, PPM } from '../money.ts';
import type { TopUpMethod } from '../policy/keys.ts';
import { at } from '../policy/read-at.ts';
import type { BackPayResult } from './backpay.ts';
import { countPaidMonths, EMPLOYEE_GROUP } from './history.ts';
import type { RetirementResult } from './retirement.ts';
import { citationOf, type PolicyHit, type Trace } from './trace.ts';

export interface LifetimeInput {
  c: NormalizedCase;
  t: Trace;
  chain: readonly string[];
  regionName: (code: string) => string;
  retirement: RetirementResult;
  P: YearMonth;
  payDay: DayInt;
  employeeRequest: boolean;
  backPay: BackPayResult;
}

export function assessLifetime({
  c,
  t,
  chain,
  regionName,
  retirement,
  P,
  payDay,
  employeeRequest,
  backPay,
}: LifetimeInput): Assessment['lifetime'] {
  const countedPaid = countPaidMonths(c.history, EMPLOYEE_GROUP);
  const countedMonths = countedPaid + c.deemedMonths;
  const localActualMonths = countPaidMonths(c.history, EMPLOYEE_GROUP, c.region);
  let requiredMonths: number | null = null;
  let localActualRequiredMonths: number | null = null;
  let projected: number | null = null;
  let topUp: TopUp | null = null;
  if (retirement.month !== null) {
    const retireDay = at.retirementMonth(retirement.month);
    const required = t.need(chain, `lifetime.requiredMonths.${c.person.sex}`, retireDay, '退休时所需的累计缴费年限及差额');
    requiredMonths = required?.value ?? null;
    const localRequired = t.find(chain, 'lifetime.localActualRequiredMonths', retireDay);
    localActualRequiredMonths = localRequired?.value ?? null;
    const retired = retirement.month <= P;
    const future = employeeRequest ? Math.max(0, retirement.month - P) : 0;
    const fromBackPay = employeeRequest ? backPay.employeeYearMonths : backPay.lines.filter((l) => l.scheme !== 'resident').length;
    projected = countedMonths + fromBackPay + future;
    const short = requiredMonths === null ? 0 : Math.max(0, requiredMonths - projected);
    // A shortfall is priced for a 职工医保 request, or for anyone already at retirement; a
    // resident-scheme client years before retirement is not asked to top up 职工医保 years.
    if (short > 0 && (employeeRequest || retired)) topUp = priceTopUp(t, chain, regionName, short, P, payDay, retired);
    t.explain(
      {
        id: 'lifetime.years',
        countedPaid,
        deemed: c.deemedMonths,
        counted: countedMonths,
        required: required ? { regionName: regionName(required.region), months: required.value } : null,
        employeeRequest,
        fromBackPay,
        paymentMonth: formatMonth(P),
        lastMonthBeforeRetirement: formatMonth(retirement.month - 1),
        retired,
        projected,
        topUpPriced: topUp !== null,
        localRequired: localActualRequiredMonths,
        localActual: localActualMonths,
      },
      [required, localRequired, retirement.hit],
    );
  }
  return {
    countedMonths,
    requiredMonths,
    projectedAtRetirementMonths: projected,
    shortfallAtRetirementMonths: requiredMonths === null || projected === null ? null : Math.max(0, requiredMonths - projected),
    localActualMonths,
    localActualRequiredMonths,
    deemedMonths: c.deemedMonths,
    topUp,
  };
}

/**
 * The price of paying `months` up to the required years, by each method the region allows,
 * at the base and rate in force on the payment date. Null (with MISSING_PARAMETER) when the
 * region has no top-up rule; a figure the rule needs but the library lacks is null.
 */
function priceTopUp(
  t: Trace,
  chain: readonly string[],
  regionName: (code: string) => string,
  months: number,
  P: YearMonth,
  payDay: DayInt,
  retired: boolean,
): TopUp | null {
  const day = at.paymentDate(payDay);
  const dependent = '退休时补缴缴费年限的费用';
  const methods = t.need(chain, 'lifetime.topUp.methods', day, dependent);
  if (!methods) return null;
  const cited: Array<PolicyHit | null> = [methods];

  // The base: the year-before-last full-caliber average monthly wage, or the base floor.
  const baseRule = t.need(chain, 'lifetime.topUp.baseRule', day, dependent);
  cited.push(baseRule);
  let baseFen: number | null = null;
  if (baseRule?.value === 'averageWageYearBeforeLast') {
    const wage = t.need(chain, 'wage.averageMonthly', at.statisticsYear(yearOfDay(payDay) - 2), `${dependent}（上上年度月平均工资）`);
    cited.push(wage);
    baseFen = wage?.value ?? null;
  } else if (baseRule?.value === 'minBase') {
    const min = t.need(chain, 'base.min', at.month(P), `${dependent}（缴费基数下限）`);
    cited.push(min);
    baseFen = min?.value ?? null;
  }

  // The rate: the rule's own rate, else the employer's (and employee's) rate in force now.
  let ratePpm: number | null = null;
  const ownRate = t.find(chain, 'lifetime.topUp.rate', day);
  if (ownRate) {
    cited.push(ownRate);
    ratePpm = ownRate.value;
  } else {
    const rateRule = t.need(chain, 'lifetime.topUp.rateRule', day, dependent);
    cited.push(rateRule);
    if (rateRule) {
      const employer = t.need(chain, 'employee.rate.employer', at.month(P), `${dependent}（单位费率）`);
      cited.push(employer);
      if (rateRule.value === 'employerRate') ratePpm = employer?.value ?? null;
      else {
        const employee = t.need(chain, 'employee.rate.employee', at.month(P), `${dependent}（个人费率）`);
        cited.push(employee);
        ratePpm = employer && employee ? employer.value + employee.value : null;
      }
    }
  }

  const monthlyFen = baseFen === null || ratePpm === null ? null : applyRate(baseFen, ratePpm);
  const price = (method: TopUpMethod): TopUpPrice => ({
    method,
    baseFen,
    rate: ratePpm === null ? null : ratePpm / PPM,
    monthlyFen,
    totalFen: monthlyFen === null ? null : monthlyFen * months,
  });
  const prices = methods.value.map(price);
  const citations = [...new Map(cited.flatMap((h) => (h ? [[h.row.id, citationOf(h.row)] as const] : []))).values()];
  t.explain(
    {
      id: 'lifetime.top-up',
      months,
      regionName: regionName(methods.region),
      retired,
      pricedOn: formatDate(payDay),
      wageYear: baseRule?.value === 'averageWageYearBeforeLast' ? ymYear(P) - 2 : null,
      baseRule: baseRule?.value ?? null,
      methods: prices.map((p) => ({ method: p.method, baseFen: p.baseFen, ratePpm, monthlyFen: p.monthlyFen, totalFen: p.totalFen })),
    },
    cited,
  );
  return { months, methods: prices, citations };
}
