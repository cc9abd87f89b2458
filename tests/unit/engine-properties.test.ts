// Invariants of the engine on thousands of random valid cases (fast-check):
// it never throws, totals equal the sum of their months, benefits never start
// before the payment month, and paying later never brings benefits forward.
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMonth } from '../../src/core/calendar.ts';
import { run, seededStore } from '../support/engine.ts';

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
];
const SCHEMES = ['employee', 'flexible', 'resident'] as const;

const monthText = (m: number) => formatMonth(m);
const dateText = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A random valid case: consistent person, disjoint ranges before the payment month. */
const caseArb = fc
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

const store = seededStore();
const RUNS = Number(process.env.YIBAO_PROPERTY_RUNS ?? 1500);
const monthIndex = (t: string) => Number(t.slice(0, 4)) * 12 + Number(t.slice(5, 7)) - 1;

describe('engine invariants on random valid cases', () => {
  it('every generated case is accepted and assessed without throwing; figures are consistent', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const outcome = run(c, store);
        if (!outcome.ok) throw new Error(`generator produced a rejected case: ${JSON.stringify(outcome.errors)}`);
        const a = outcome.assessment;
        const P = monthIndex(a.request.paymentMonth);

        // Principal and late fee equal the sum of their months (null iff a month is null).
        const principals = a.backPay.lines.map((l) => l.principalFen);
        expect(a.backPay.principalFen).toBe(principals.includes(null) ? null : principals.reduce((s, x) => s! + x!, 0));
        const fees = a.backPay.lines.map((l) => l.lateFeeFen);
        expect(a.backPay.lateFeeFen).toBe(fees.includes(null) ? null : fees.reduce((s, x) => s! + x!, 0));
        if (a.backPay.principalFen !== null && a.backPay.lateFeeFen !== null)
          expect(a.backPay.totalFen).toBe(a.backPay.principalFen + a.backPay.lateFeeFen);
        else expect(a.backPay.totalFen).toBeNull();
        expect(a.backPay.months).toEqual(a.backPay.lines.map((l) => l.month));
        expect([...a.backPay.months].sort()).toEqual([...new Set(a.backPay.months)].sort());

        // Late fees only on arrears months, only for an employer.
        for (const l of a.backPay.lines) {
          if (l.reason !== 'arrears' || a.request.payer !== 'employer') expect(l.lateFeeFen).toBe(0);
          expect(monthIndex(l.month)).toBeLessThan(P);
        }

        // Benefits never start before the payment month.
        if (a.benefits.from !== null) expect(monthIndex(a.benefits.from)).toBeGreaterThanOrEqual(P);
        if (a.benefits.waitingMonths !== null) expect(a.benefits.waitingMonthsMax).toBe(a.benefits.waitingMonths);

        // The interruption matches the gap that ends just before the payment month.
        if (a.interruption && a.interruption.months > 0) {
          const current = a.gaps.find((g) => g.current);
          expect(current?.months).toBe(a.interruption.months);
          expect(a.interruption.to).toBe(formatMonth(P - 1));
        }
        expect(a.gaps.filter((g) => g.current).length).toBeLessThanOrEqual(1);

        // Lifetime: counted includes deemed months; the shortfall is consistent.
        expect(a.lifetime.countedMonths).toBeGreaterThanOrEqual(a.lifetime.deemedMonths);
        if (a.lifetime.requiredMonths !== null && a.lifetime.projectedAtRetirementMonths !== null) {
          expect(a.lifetime.shortfallAtRetirementMonths).toBe(
            Math.max(0, a.lifetime.requiredMonths - a.lifetime.projectedAtRetirementMonths),
          );
        }

        // Every explanation has text, every citation names a document and a grade.
        for (const e of a.explanations) {
          expect(e.text.length).toBeGreaterThan(0);
          for (const cit of e.citations) expect(cit.document && cit.grade).toBeTruthy();
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.YIBAO_PROPERTY_SEED ?? 20261122) },
    );
  });

  it('is deterministic: the same case gives the same assessment and policy version', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const a = run(c, store);
        const b = run(structuredClone(c), store);
        expect(a).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  it('paying later never brings benefits forward, and for employee schemes never shortens the waiting period', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 200 }), (c, laterBy) => {
        const early = run(c, store);
        const pay = new Date(`${c.request.paymentDate}T00:00:00Z`);
        const later = structuredClone(c);
        const d = new Date(pay.getTime() + laterBy * 86400000);
        later.request.paymentDate = dateText(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
        const late = run(later, store);
        // A later date may push a history entry past the payment month: then nothing to compare.
        if (!early.ok || !late.ok) return;
        const e = early.assessment.benefits;
        const l = late.assessment.benefits;
        if (e.from !== null && l.from !== null) expect(monthIndex(l.from)).toBeGreaterThanOrEqual(monthIndex(e.from));
        if (c.request.scheme !== 'resident' && e.waitingMonths !== null && l.waitingMonths !== null) {
          expect(l.waitingMonths).toBeGreaterThanOrEqual(e.waitingMonths);
        }
      }),
      { numRuns: 800 },
    );
  });
});

describe('the engine holds no policy numbers', () => {
  // Calendar and arithmetic constants only: months per year, the month index of December,
  // string offsets of YYYY-MM, "year before last" and its mid-year read date (July).
  const ALLOWED = new Set(['0', '1', '2', '4', '5', '7', '11', '12', '16', '10_000']);
  const dir = join(import.meta.dirname, '..', '..', 'src', 'core', 'engine');
  for (const file of readdirSync(dir)) {
    it(`${file} has no numeric literal beyond calendar constants`, () => {
      const code = readFileSync(join(dir, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/`(?:\\.|[^`\\])*`/g, '``')
        .replace(/'(?:\\.|[^'\\])*'/g, "''");
      const literals = [...code.matchAll(/(?<![\w.])(\d[\d_]*(?:\.\d+)?)(?![\w])/g)].map((m) => m[1]!);
      expect(literals.filter((l) => !ALLOWED.has(l))).toEqual([]);
    });
  }
});
