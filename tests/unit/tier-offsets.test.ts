// A tier's start offsets (docs/rules.md §2): startOffset for a tier without waiting (from the payment
// month), startOffsetAfterWaiting for one with a waiting period (P + W + offset, "等待期满后次月起").
// An offset that the engine would not read for the tier is refused where it enters, never ignored.
import { describe, expect, it } from 'vitest';
import { checkPolicyValue } from '../../src/core/policy/keys.ts';
import { formatPolicyValue } from '../../src/core/policy/value-text.ts';

const tier = (over: Record<string, unknown>) => [
  { upToMonths: null, backPayAllowed: false, waitingMonths: 6, waitingMonthsMax: 6, startOffset: null, retroactive: false, ...over },
];

describe('tier start offsets', () => {
  it('a tier with a waiting period takes startOffsetAfterWaiting, and refuses startOffset', () => {
    expect(checkPolicyValue('employee.interruption.tiers', tier({ startOffsetAfterWaiting: 1 }))).toBeNull();
    expect(checkPolicyValue('employee.interruption.tiers', tier({ startOffset: 1 }))).toContain('startOffsetAfterWaiting: 1');
    // Only a cap known: no start offset either (the start month is not known).
    expect(checkPolicyValue('employee.interruption.tiers', tier({ waitingMonths: null, startOffset: 1 }))).toContain(
      'startOffsetAfterWaiting',
    );
  });

  it('a tier without waiting takes startOffset, and refuses startOffsetAfterWaiting', () => {
    expect(checkPolicyValue('employee.interruption.tiers', tier({ waitingMonths: 0, waitingMonthsMax: 0, startOffset: 1 }))).toBeNull();
    expect(
      checkPolicyValue('employee.interruption.tiers', tier({ waitingMonths: 0, waitingMonthsMax: 0, startOffsetAfterWaiting: 1 })),
    ).toContain('startOffset: 1');
  });

  it('the 政策库 screen reads the tier as it is applied', () => {
    expect(formatPolicyValue('employee.interruption.tiers', tier({ startOffsetAfterWaiting: 1 }))).toBe(
      '超过短期上限的中断：不可补缴，等待期 6 个月，等待期满后次月起享受待遇，中断期间待遇不追溯',
    );
  });
});
