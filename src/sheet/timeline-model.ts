// The timeline's model (years × months): what each month was — paid under a scheme,
// arrears, uncovered, after the payment month — and the current interruption. Pure, so
// the window and the printed sheet draw the same thing.
import type { Gap } from '../core/assessment.ts';
import { SCHEME_SHORT_ZH } from '../core/glossary.ts';

export interface TimelineEntry {
  from: string;
  to: string;
  scheme: string;
  status: string;
}

export type MonthKind = 'employee' | 'flexible' | 'resident' | 'arrears' | 'uncovered' | 'future' | 'current-gap';

export interface TimelineModel {
  firstYear: number;
  lastYear: number;
  /** The payment month as a month index (year × 12 + month − 1). */
  payment: number;
  kindOf(month: number): { fill: string; kind: MonthKind; inCurrent: boolean };
}

const idx = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const valid = (m: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m);

/** Null when no entry has readable months. */
export function timelineModel(entries: readonly TimelineEntry[], paymentMonth: string | null, gaps: readonly Gap[]): TimelineModel | null {
  const good = entries.filter((e) => valid(e.from) && valid(e.to) && idx(e.to) >= idx(e.from));
  if (!good.length) return null;
  const payment = paymentMonth && valid(paymentMonth) ? idx(paymentMonth) : Math.max(...good.map((e) => idx(e.to))) + 1;
  const first = Math.min(...good.map((e) => idx(e.from)));
  const cells = new Map<number, string>();
  for (const e of good)
    for (let m = idx(e.from); m <= idx(e.to) && m - idx(e.from) < 2400; m++) cells.set(m, e.status === 'arrears' ? 'arrears' : e.scheme);
  const current = gaps.find((g) => g.current);
  const span = current ? ([idx(current.from), idx(current.to)] as const) : null;
  return {
    firstYear: Math.floor(first / 12),
    lastYear: Math.floor(payment / 12),
    payment,
    kindOf(month) {
      const paid = cells.get(month);
      const inCurrent = span !== null && month >= span[0] && month <= span[1];
      if (month >= payment) return { fill: 'transparent', kind: 'future', inCurrent };
      const fill = paid ? `var(--${paid})` : 'var(--uncovered)';
      return { fill, kind: inCurrent ? 'current-gap' : ((paid ?? 'uncovered') as MonthKind), inCurrent };
    },
  };
}

export const MONTH_WORDS: Record<string, string> = {
  ...SCHEME_SHORT_ZH,
  arrears: '欠费',
  uncovered: '未参保',
};
