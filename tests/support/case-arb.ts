// A generator of random valid case files for property tests: a consistent person,
// disjoint history ranges before the payment month, any scheme, region and request.
import fc from 'fast-check';
import { formatMonth } from '../../src/core/calendar.ts';

const REGIONS = [
  '320100',
  '310000',
  '440300',
  '440100',
  '420100',
  '110000',
  '120000',
  '500000',
  '330100',
  '510100',
  '370200',
  '430100',
  '440600',
  '350100',
];
const SCHEMES = ['employee', 'flexible', 'resident'] as const;

const monthText = (m: number) => formatMonth(m);
export const dateText = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A random valid case: consistent person, disjoint ranges before the payment month. */
export const caseArb = fc
  .record({
    region: fc.constantFrom(...REGIONS),
    birthYear: fc.integer({ min: 1960, max: 2004 }),
    birthMonth: fc.integer({ min: 1, max: 12 }),
    sexCat: fc.constantFrom(['male', 'male'], ['female', 'female-55'], ['female', 'female-50']),
    asOfYear: fc.integer({ min: 2025, max: 2028 }),
    asOfMonth: fc.integer({ min: 1, max: 12 }),
    asOfDay: fc.integer({ min: 1, max: 28 }),
    payDelayDays: fc.integer({ min: 0, max: 120 }),
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: 540 }), { minLength: 0, maxLength: 60 }),
    segments: fc.array(
      fc.record({
        scheme: fc.constantFrom(...SCHEMES),
        status: fc.constantFrom('paid', 'paid', 'paid', 'arrears'),
        keep: fc.boolean(),
        base: fc.integer({ min: 2000_00, max: 45000_00 }).map((fen) => fen / 100),
        region: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
      }),
      { minLength: 60, maxLength: 60 },
    ),
    requestScheme: fc.constantFrom(...SCHEMES),
    transferFrom: fc.option(fc.constantFrom(...REGIONS), { nil: null }),
    switchFrom: fc.boolean(),
    requestBase: fc.option(fc.integer({ min: 3000, max: 40000 }), { nil: null }),
    repairYears: fc.integer({ min: 0, max: 3 }),
    deemed: fc.integer({ min: 0, max: 120 }),
  })
  .map((r) => {
    const asOf = dateText(r.asOfYear, r.asOfMonth, r.asOfDay);
    const asOfDate = new Date(Date.UTC(r.asOfYear, r.asOfMonth - 1, r.asOfDay));
    const pay = new Date(asOfDate.getTime() + r.payDelayDays * 86400000);
    const payMonth = pay.getUTCFullYear() * 12 + pay.getUTCMonth();
    const birth = r.birthYear * 12 + r.birthMonth - 1;
    const start = Math.max(birth + 16 * 12, payMonth - 540);
    // Cut [start, payMonth - 1] into disjoint ranges; some become history entries.
    const bounds = [...new Set(r.cuts.map((c) => start + (c % Math.max(1, payMonth - start))))].sort((a, b) => a - b);
    const history: Array<Record<string, unknown>> = [];
    let from = start;
    bounds.push(payMonth);
    bounds.forEach((to, i) => {
      const seg = r.segments[i % r.segments.length]!;
      if (to - 1 >= from && seg.keep) {
        const entry: Record<string, unknown> = {
          from: monthText(from),
          to: monthText(to - 1),
          scheme: seg.scheme,
          status: seg.status,
          base: seg.base,
        };
        if (seg.region) entry.region = seg.region;
        history.push(entry);
      }
      from = to;
    });
    const [sex, category] = r.sexCat;
    const scheme = r.requestScheme;
    const transferFrom = r.transferFrom && r.transferFrom !== r.region && scheme !== 'resident' ? r.transferFrom : null;
    const switchFromScheme = r.switchFrom ? (scheme === 'resident' ? 'employee' : 'resident') : null;
    return {
      format: 'yibao-case/1',
      asOf,
      region: r.region,
      person: { name: '测试', sex, birth: monthText(birth), retirementCategory: category },
      history: history.reverse(), // any order is allowed
      deemedMonths: r.deemed,
      request: {
        scheme,
        paymentDate: dateText(pay.getUTCFullYear(), pay.getUTCMonth() + 1, pay.getUTCDate()),
        transferFrom,
        switchFromScheme,
        base: r.requestBase,
        residentRepairYears: scheme === 'resident' ? r.repairYears : 0,
      },
    };
  });
