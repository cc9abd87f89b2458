// The day a lookup is made for, tagged with why: a key declared "read at the payment
// date" can only be looked up with a day made by `at.paymentDate`, a monthly rate only
// with `at.month(m)`, and so on (POLICY_KEYS[key].readAt). The tag costs nothing at run
// time; it makes reading a value at the wrong date a type error.
import { dayInt, firstDayOf, type DayInt, type YearMonth } from '../calendar.ts';
import type { ReadAtKind } from './keys.ts';

declare const readAtTag: unique symbol;
export type ReadDay<R extends ReadAtKind> = DayInt & { readonly [readAtTag]: R };

const tag = <R extends ReadAtKind>(day: DayInt) => day as ReadDay<R>;

export const at = {
  /** A month's own values (rates, bases): its first day. */
  month: (m: YearMonth) => tag<'month'>(firstDayOf(m)),
  paymentDate: (day: DayInt) => tag<'paymentDate'>(day),
  /** The lifetime requirement: the first day of the statutory retirement month. */
  retirementMonth: (m: YearMonth) => tag<'retirementMonth'>(firstDayOf(m)),
  asOf: (day: DayInt) => tag<'asOf'>(day),
  /** A day on which a late fee accrues. */
  accrualDay: (day: DayInt) => tag<'accrualDay'>(day),
  /** A statistics year's average wage: read on 1 July of that year. */
  statisticsYear: (year: number) => tag<'statisticsYear'>(dayInt(year, 7, 1)),
};
