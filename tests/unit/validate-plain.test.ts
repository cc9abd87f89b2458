// The validator's two wordings: the command line's (field paths, its stderr contract) and
// the window's plain one (no paths or codes, rows from 1, "月份不存在"), and every problem
// reported at once: one field's problem never hides another's.
import { describe, expect, it } from 'vitest';
import { plainMessage, validateCase, type FieldError } from '../../src/core/validate.ts';
import { Store } from '../../src/store/store.ts';

const regions = new Store({ file: ':memory:' }).regions();
const base = () => ({
  format: 'yibao-case/1',
  asOf: '2026-11-22',
  region: '320100',
  person: { name: '张三', idNumber: '320102197608150010', sex: 'male', birth: '1976-08', retirementCategory: 'male' },
  history: [
    { from: '2010-07', to: '2016-12', scheme: 'employee', status: 'paid', base: 8000 },
    { from: '2017-01', to: '2026-07', scheme: 'employee', status: 'paid', base: 8000 },
  ],
  request: { scheme: 'employee', paymentDate: '2026-11-25' },
});
const errorsOf = (c: unknown): FieldError[] => {
  const r = validateCase(c, regions);
  return r.ok ? [] : r.errors;
};
const at = (errors: FieldError[], path: string) => errors.filter((e) => e.path === path);

describe('validator wording for the window', () => {
  it('month 13 is a month that does not exist; the command line keeps its wording', () => {
    const c = base();
    c.history[1]!.to = '2026-13';
    const [e] = at(errorsOf(c), 'history[1].to');
    expect(e?.message).toBe('月份应为 YYYY-MM 格式，收到 "2026-13"');
    expect(plainMessage(e!)).toBe('月份不存在：2026-13（月份应为 1–12）');
  });

  it('blank fields ask to be filled, without "收到" or codes', () => {
    const c = base() as any;
    c.person = { name: '', idNumber: '', sex: 'female', birth: '', retirementCategory: '' };
    const errors = errorsOf(c);
    expect(plainMessage(at(errors, 'person.name')[0]!)).toBe('请填写姓名');
    expect(plainMessage(at(errors, 'person.birth')[0]!)).toBe('请填写年月，如 2010-07');
    expect(plainMessage(at(errors, 'person.retirementCategory')[0]!)).toBe('请选择');
    for (const e of errors) expect(plainMessage(e)).not.toMatch(/收到|history\[|person\.|request\.|female-|employee|\bmale\b/);
  });

  it('an overlap counts rows from 1, and is reported together with the other problems of the rows', () => {
    const c = base() as any;
    c.history[1] = { from: '2016-06', to: '2026-07', scheme: 'employee', status: 'paid', base: 'abc' };
    c.person.idNumber = '320102197608150011';
    const errors = errorsOf(c);
    const overlap = at(errors, 'history[1]')[0]!;
    expect(overlap.message).toBe('与 history[0]（2010-07 至 2016-12）重叠：2016-06 至 2016-12');
    expect(plainMessage(overlap)).toBe('与第1段（2010-07 至 2016-12）重叠：2016-06 至 2016-12');
    expect(plainMessage(at(errors, 'history[1].base')[0]!)).toBe('请填写金额（元），如 8000');
    expect(plainMessage(at(errors, 'person.idNumber')[0]!)).toBe('身份证号校验不通过：号码中有数字录错，请对照证件逐位核对');
  });

  it('the ID number is checked on its own, before the birth month is typed', () => {
    const c = base() as any;
    c.person = { name: '', idNumber: '320102197608150011', sex: 'male', birth: '', retirementCategory: 'male' };
    expect(at(errorsOf(c), 'person.idNumber')[0]?.message).toBe('身份证号校验位不符（GB 11643）：末位应为 "0"，收到 "1"');
  });

  it('a valid case still validates, and its case file keeps absent optional fields absent', () => {
    const r = validateCase(base(), regions);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.caseFile.history[0]).toEqual({ from: '2010-07', to: '2016-12', scheme: 'employee', status: 'paid', base: 8000 });
    expect(r.caseFile.request).toEqual({ scheme: 'employee', paymentDate: '2026-11-25', residentRepairYears: 0 });
  });
});
