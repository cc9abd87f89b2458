// The back-pay's explanations (docs/rules.md §3 and §4): the months in parts on the same terms,
// the base notes, and the late fee with the daily rates it applied.
import type { BackPayLine } from '../assessment.ts';
import { groupBackPayLines } from '../backpay-groups.ts';
import { type NormalizedCase } from '../case.ts';
import { formatDate, type DayInt, type YearMonth } from '../calendar.ts';
import type { ClampNote } from '../explain/facts.ts';
import { PPM } from '../money.ts';
import type { Decision } from './benefits.ts';
import type { PolicyHit, Trace } from './trace.ts';

const isLateFeeRow = (h: PolicyHit | null): h is PolicyHit =>
  h !== null && (h.row.key === 'lateFee.dailyRate' || h.row.key === 'lateFee.dueRule' || h.row.key === 'lateFee.capAtPrincipal');

export function explainBackPay(
  t: Trace,
  c: NormalizedCase,
  decision: Decision,
  interruptionMonths: number,
  months: readonly YearMonth[],
  lines: BackPayLine[],
  principal: number | null,
  fee: number | null,
  clampNotes: ClampNote[],
  cited: Array<PolicyHit | null>,
  payDay: DayInt,
): void {
  if (lines.length === 0) {
    t.explain({ id: 'backpay.none', backPayAllowed: decision.backPayAllowed });
    return;
  }
  // Consecutive months on the same terms in one part, so the text stays short.
  const parts = groupBackPayLines(lines, months).map((g) => ({
    from: g.first.month,
    to: g.last.month,
    reason: g.first.reason,
    scheme: g.first.scheme,
    principalFen: g.first.principalFen,
    flatFen: g.first.flatAmountFen,
    baseFen: g.first.baseFen,
    ratePpm: g.first.rate === null ? null : Math.round(g.first.rate * PPM),
    levies:
      g.first.levies?.map((l) => ({ name: l.name, ppm: l.rate === null ? null : Math.round(l.rate * PPM), fen: l.principalFen })) ?? null,
    count: g.count,
    subtotalFen: g.principalFen,
  }));
  t.explain(
    {
      id: 'backpay.principal',
      backPayAllowed: decision.backPayAllowed,
      hypothetical: decision.backPayAllowed === null,
      interruptionMonths,
      arrearsMonths: lines.filter((l) => l.reason === 'arrears').length,
      employerPays: c.request.payer === 'employer',
      months: lines.length,
      parts,
      clampNotes,
      principalFen: principal,
    },
    cited,
  );
  const arrears = lines.filter((l) => l.reason === 'arrears');
  const firstLine = arrears[0];
  const lastLine = arrears.at(-1);
  if (!firstLine || !lastLine) return;
  if (c.request.payer !== 'employer') {
    t.explain({ id: 'backpay.late-fee', variant: 'individual', months: arrears.length });
    return;
  }
  const feeHits = cited.filter(isLateFeeRow);
  // The daily rates applied, from their rows, oldest first.
  const rates = new Map<string, PolicyHit>();
  for (const h of feeHits) if (h.row.key === 'lateFee.dailyRate') rates.set(h.row.id, h);
  const dailyRates = [...rates.values()]
    .sort((a, b) => (a.row.effectiveFrom < b.row.effectiveFrom ? -1 : 1))
    .map((h) => ({ from: h.row.effectiveFrom, ppm: Number(h.value) }));
  t.explain(
    {
      id: 'backpay.late-fee',
      variant: 'employer',
      months: arrears.length,
      paymentDate: formatDate(payDay),
      dailyRates,
      first: { month: firstLine.month, dueDate: firstLine.dueDate, days: firstLine.lateFeeDays },
      last: arrears.length > 1 ? { month: lastLine.month, dueDate: lastLine.dueDate, days: lastLine.lateFeeDays } : null,
      feeFen: fee,
    },
    feeHits,
  );
}
