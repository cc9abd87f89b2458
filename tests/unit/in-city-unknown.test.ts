// docs/rules.md §2, "In-city resumption with no local rule: say unknown, never borrow" (issue 9):
// with every in-city rule taken out of the shipped library, no employee-scheme assessment of
// an in-city resumption may state a waiting period, a benefits month or retroactive cover.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/core/engine/assess.ts';
import { PolicySet } from '../../src/core/policy/policy-set.ts';
import { validateCase } from '../../src/core/validate.ts';
import { caseArb } from '../support/case-arb.ts';
import { seededStore } from '../support/engine.ts';

/** The keys that hold a region's own rule for resuming after an interruption in the same city. */
const IN_CITY_RULE = /^(employee|flexible)\.(interruption\.|short\.|waiting\.restartsOnInterruption)/;

describe('in-city resumption with the local rule removed from the library', () => {
  const store = seededStore();
  const regions = store.regions();
  const full = store.policies();
  const removed = full.rows.filter((r) => IN_CITY_RULE.test(r.key));
  const policies = new PolicySet(
    full.rows.filter((r) => !IN_CITY_RULE.test(r.key)),
    { invalidRows: 'flag' },
  );

  it('the shipped library does hold in-city rules to remove (Shanghai, Wuhan, Dalian, and any city seeded since)', () => {
    // Research adds cities; the property below must always have rules to take out.
    expect([...new Set(removed.map((r) => r.region))]).toEqual(expect.arrayContaining(['310000', '420100', '210200']));
  });

  it('no assessment has a waiting period, benefits month or retroactive cover for an in-city case', () => {
    let inCity = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const v = validateCase(c, regions);
        if (!v.ok) throw new Error(`generator produced a rejected case: ${JSON.stringify(v.errors)}`);
        const a = assess(v.value, { policies, regions });
        const employeeGroup = a.request.scheme !== 'resident';
        // Not a transfer or an eligible scheme switch (those have the 43号 rule), with a gap.
        const isInCity =
          employeeGroup && a.benefits.rule !== 'transfer' && a.benefits.rule !== 'switch' && (a.interruption?.months ?? 0) > 0;
        if (!isInCity) return;
        inCity++;
        expect(a.benefits).toMatchObject({ waitingMonths: null, waitingMonthsMax: null, from: null, retroactive: null });
        expect(a.backPay.allowed).toBeNull();
        expect(a.interruption?.shortLimitMonths).toBeNull();
        expect(a.interruption?.keepShortDeadline).toBeNull();
        expect(a.warnings.map((w) => w.code)).toContain('LOCAL_RULE_MISSING');
      }),
      { numRuns: Number(process.env.YIBAO_PROPERTY_RUNS ?? 1500), seed: Number(process.env.YIBAO_PROPERTY_SEED ?? 20261128) },
    );
    // The property is not vacuous: a good share of the random cases are in-city resumptions.
    expect(inCity).toBeGreaterThan(100);
  });
});
