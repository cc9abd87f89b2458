import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, formatDate, formatMonth, lastDayOf, monthOfDay, parseDate, parseMonth } from '../../src/core/calendar.ts';
import {
  applyDailyRate,
  applyRate,
  fenToChineseCapital,
  formatFen,
  formatPpmPercent,
  rateToPpm,
  roundHalfUpDiv,
  yuanToFen,
} from '../../src/core/money.ts';
import { checkIdNumber, idCheckChar, maskIdNumber } from '../../src/core/idcard.ts';

describe('months and days', () => {
  it('parses only real months and days', () => {
    expect(formatMonth(parseMonth('2026-07')!)).toBe('2026-07');
    for (const bad of ['2026-13', '2026-00', '2026-7', '26-07', '2026/07', '']) expect(parseMonth(bad)).toBeNull();
    expect(parseDate('2024-02-29')).toBe(20240229);
    expect(parseDate('2025-02-29')).toBeNull();
    expect(parseDate('1900-02-29')).toBeNull();
    expect(parseDate('2000-02-29')).toBe(20000229);
    expect(parseDate('2026-04-31')).toBeNull();
  });

  it('counts whole months: paid through 2026-07, paying in 2026-11 leaves Aug, Sep, Oct', () => {
    const L = parseMonth('2026-07')!;
    const P = monthOfDay(parseDate('2026-11-25')!);
    expect(P - L - 1).toBe(3);
  });

  it('knows month ends, including February in leap years', () => {
    expect(formatDate(lastDayOf(parseMonth('2024-02')!))).toBe('2024-02-29');
    expect(formatDate(lastDayOf(parseMonth('2100-02')!))).toBe('2100-02-28');
    expect(formatDate(lastDayOf(parseMonth('2026-12')!))).toBe('2026-12-31');
  });

  it('counts calendar days exactly (the late-fee check: 2025-11-30 → 2026-02-10 is 72 days)', () => {
    expect(daysBetween(20251130, 20260210)).toBe(72);
    expect(daysBetween(20240228, 20240301)).toBe(2);
    expect(daysBetween(20230228, 20230301)).toBe(1);
    expect(formatDate(addDays(20241231, 1))).toBe('2025-01-01');
    expect(formatDate(addDays(20000101, 366))).toBe('2001-01-01');
  });
});

describe('money in fen', () => {
  it('rounds half up on the exact quotient', () => {
    expect(roundHalfUpDiv(5, 10)).toBe(1);
    expect(roundHalfUpDiv(4, 10)).toBe(0);
    expect(roundHalfUpDiv(15, 10)).toBe(2);
  });

  it('computes principal and late fee without float drift', () => {
    // 8000 yuan × 9% = 720.00 yuan
    expect(applyRate(yuanToFen(8000)!, rateToPpm(0.09)!)).toBe(72000);
    // 6727.33 × 6.5% = 437.27645 → 437.28
    expect(applyRate(yuanToFen(6727.33)!, rateToPpm(0.065)!)).toBe(43728);
    // docs/rules.md §4: 56000 fen × 0.0005 × 72 days = 2016 fen
    expect(applyDailyRate(56000, rateToPpm(0.0005)!, 72)).toBe(2016);
    expect(applyDailyRate(56000, rateToPpm(0.0005)!, 0)).toBe(0);
    // 0.1 + 0.2 style traps: 0.07 + 0.02 = 0.09 exactly in ppm
    expect(rateToPpm(0.07)! + rateToPpm(0.02)!).toBe(rateToPpm(0.09));
  });

  it('refuses amounts with more than two decimals and rates beyond ppm', () => {
    expect(yuanToFen(1.005)).toBeNull();
    expect(yuanToFen(584.92)).toBe(58492);
    expect(rateToPpm(0.0000001)).toBeNull();
  });

  it('formats fen and rates for people', () => {
    expect(formatFen(216000)).toBe('2,160.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(123456789)).toBe('1,234,567.89');
    expect(formatPpmPercent(90000)).toBe('9%');
    expect(formatPpmPercent(65000)).toBe('6.5%');
    expect(formatPpmPercent(500)).toBe('0.05%');
  });

  // 《支付结算办法》: 整 after 元 or 角; one 零 for a run of zeros; the 零 after a zero
  // 万 or 元 digit followed by a non-zero 千 or 角 digit is optional (we omit it).
  it('writes Chinese capital amounts (大写金额)', () => {
    const cases: Array<[number, string]> = [
      [0, '零元整'],
      [216000, '贰仟壹佰陆拾元整'],
      [2016, '贰拾元壹角陆分'],
      [100, '壹元整'],
      [5, '伍分'],
      [50, '伍角整'],
      [100005, '壹仟元零伍分'],
      [10010000, '壹拾万零壹佰元整'],
      [100000000, '壹佰万元整'],
      [1000000000000, '壹佰亿元整'],
      [1000100000, '壹仟万壹仟元整'],
      [1010, '壹拾元壹角整'],
      [10050, '壹佰元伍角整'],
      [120000000, '壹佰贰拾万元整'],
      [100001000000, '壹拾亿零壹万元整'],
      [10001000000, '壹亿零壹万元整'],
      [100000001, '壹佰万元零壹分'],
      [70200, '柒佰零贰元整'],
    ];
    for (const [fen, text] of cases) expect(fenToChineseCapital(fen), String(fen)).toBe(text);
  });
});

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the spec example and reads birth and sex from it', () => {
    const check = checkIdNumber('320102197608150010');
    expect(check).toEqual({ ok: true, birthDay: 19760815, sex: 'male' });
  });

  it('computes the check character, including X', () => {
    expect(idCheckChar('32010219760815001')).toBe('0');
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(checkIdNumber('11010519491231002x').ok).toBe(true);
  });

  it('rejects wrong checksums, impossible birth dates and wrong shapes', () => {
    expect(checkIdNumber('320102197608150011')).toMatchObject({ ok: false, reason: 'checksum', expectedCheck: '0' });
    expect(checkIdNumber('320102197602300010')).toMatchObject({ ok: false, reason: 'birth' });
    expect(checkIdNumber('32010219760815001')).toMatchObject({ ok: false, reason: 'shape' });
  });

  it('masks all but the first 6 and last 4 characters', () => {
    expect(maskIdNumber('320102197608150010')).toBe('320102********0010');
  });
});
