// The late fee across the change of daily rate on 2011-07-01 (docs/rules.md §4): each day
// accrues at the rate in force that day. The seeded library has no contribution rates
// that old, so this test adds dated rate rows to its own store.
import { describe, expect, it } from 'vitest';
import { formatMonth, parseMonth } from '../../src/core/calendar.ts';
import { Store } from '../../src/store/store.ts';
import { assessOk, baseCase } from '../support/engine.ts';

function storeWithOldRates(): Store {
  const store = new Store({ file: ':memory:' });
  const insert = store.db.prepare(
    `INSERT INTO policy_value (id, region, key, value_json, effective_from, effective_to, document_id, grade, last_reviewed)
     VALUES (?, '320100', ?, ?, '2005-01-01', '2023-03-31', 'NJ-2023-04-11', 'V', '2026-11-22')`,
  );
  store.changePolicies({ actor: 'test', reason: 'rates for months before 2023' }, () => {
    insert.run('320100/employee.rate.employer/2005-01-01', 'employee.rate.employer', '0.06');
    insert.run('320100/employee.rate.employee/2005-01-01', 'employee.rate.employee', '0.02');
  });
  return store;
}

/** Paid from `paidFrom`, one month of arrears, then `paidAfter` more paid months; paid on `paymentDate`. */
function oneArrearsMonth(o: {
  paidFrom: string;
  arrears: string;
  paidAfter: number;
  base: number;
  paymentDate: string;
  payer: string;
  asOf?: string;
}) {
  const m = parseMonth(o.arrears)!;
  const history = [
    { from: o.paidFrom, to: formatMonth(m - 1), scheme: 'employee', status: 'paid', base: o.base },
    { from: o.arrears, to: o.arrears, scheme: 'employee', status: 'arrears', base: o.base },
  ];
  if (o.paidAfter > 0)
    history.push({ from: formatMonth(m + 1), to: formatMonth(m + o.paidAfter), scheme: 'employee', status: 'paid', base: o.base });
  return baseCase({ asOf: o.asOf ?? o.paymentDate, history, request: { scheme: 'employee', paymentDate: o.paymentDate, payer: o.payer } });
}

describe('late fee across 2011-07-01', () => {
  it('charges 0.2%/day up to 2011-06-30 and 0.05%/day from 2011-07-01', () => {
    const store = storeWithOldRates();
    const a = assessOk(
      oneArrearsMonth({ paidFrom: '2008-01', arrears: '2011-05', paidAfter: 2, base: 5000, paymentDate: '2011-08-10', payer: 'employer' }),
      store,
    );
    // 5000 × 8% = 400.00; due 2011-05-31; 30 days × 0.2% + 41 days × 0.05% of 40000 fen
    expect(a.backPay.lines).toEqual([
      expect.objectContaining({
        month: '2011-05',
        reason: 'arrears',
        principalFen: 40000,
        dueDate: '2011-05-31',
        lateFeeDays: 71,
        lateFeeFen: 2400 + 820,
      }),
    ]);
    expect(a.backPay.totalFen).toBe(40000 + 3220);
    const cited = a.explanations.flatMap((e) => e.citations.map((c) => c.document));
    expect(cited).toContain('国务院令第259号');
    expect(cited).toContain('中华人民共和国社会保险法（2018年修正）');
    // The rates in the explanation are the library's, with the day each began.
    const text = a.explanations.find((e) => e.id === 'backpay.late-fee')!.text;
    expect(text).toContain('按日加收滞纳金（1999年1月22日起每日 0.2%；2011年7月1日起每日 0.05%）');
    expect(text).toContain('2011-05 应缴期限 2011-05-31，计 71 天');
    store.close();
  });

  it('a daily rate edited in the library is the one charged and the one explained', () => {
    const store = storeWithOldRates();
    store.changePolicies({ actor: 'test', reason: 'a hypothetical new national rate' }, () => {
      store.db.prepare(`UPDATE policy_value SET effective_to = '2025-12-31' WHERE id = 'CN/lateFee.dailyRate/2011-07-01'`).run();
      store.db
        .prepare(
          `INSERT INTO policy_value (id, region, key, value_json, effective_from, effective_to, document_id, grade, last_reviewed)
           VALUES ('CN/lateFee.dailyRate/2026-01-01', 'CN', 'lateFee.dailyRate', '0.0003', '2026-01-01', NULL, 'CN-SIL', 'V', '2026-11-22')`,
        )
        .run();
    });
    const a = assessOk(
      oneArrearsMonth({
        paidFrom: '2024-01',
        arrears: '2026-09',
        paidAfter: 1,
        base: 10000,
        paymentDate: '2026-11-25',
        asOf: '2026-11-22',
        payer: 'employer',
      }),
      store,
    );
    const line = a.backPay.lines.find((l) => l.month === '2026-09')!;
    // 30 days at 0.03% of the month's principal, rounded half-up to the fen.
    expect(line.lateFeeFen).toBe(Math.floor((line.principalFen! * 3 * line.lateFeeDays) / 10000 + 0.5));
    expect(a.explanations.find((e) => e.id === 'backpay.late-fee')!.text).toContain('按日加收滞纳金（每日 0.03%）');
    store.close();
  });

  it('charges nothing when the individual pays, and nothing on the due date itself', () => {
    const store = storeWithOldRates();
    const individual = assessOk(
      oneArrearsMonth({
        paidFrom: '2011-01',
        arrears: '2012-01',
        paidAfter: 1,
        base: 5000,
        paymentDate: '2012-03-01',
        payer: 'individual',
      }),
      store,
    );
    expect(individual.backPay.lateFeeFen).toBe(0);
    expect(individual.explanations.find((e) => e.id === 'backpay.late-fee')?.text).toContain('不加收滞纳金');
    const onDueDate = assessOk(
      oneArrearsMonth({ paidFrom: '2011-01', arrears: '2012-01', paidAfter: 0, base: 5000, paymentDate: '2012-01-31', payer: 'employer' }),
      store,
    );
    expect(onDueDate.backPay.lines[0]).toMatchObject({ dueDate: '2012-01-31', lateFeeDays: 0, lateFeeFen: 0 });
    store.close();
  });
});

describe('arrears reaching the payment month', () => {
  it('bills the interruption, the arrears and the payment month itself, in month order (the last not yet late)', () => {
    const a = assessOk(
      baseCase({
        history: [
          { from: '2010-07', to: '2026-07', scheme: 'employee', status: 'paid', base: 8000 },
          { from: '2026-09', to: '2026-11', scheme: 'employee', status: 'arrears', base: 8000 },
        ],
      }),
    );
    expect(a.backPay.lines.map((l) => [l.month, l.reason, l.lateFeeDays])).toEqual([
      ['2026-08', 'interruption', 0],
      ['2026-09', 'arrears', 56],
      ['2026-10', 'arrears', 25],
      ['2026-11', 'arrears', 0],
    ]);
  });
});
