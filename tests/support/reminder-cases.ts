// Saved clients for the 到期提醒 tests (unit, CLI and browser): each one's last day to pay is
// known from the library as shipped (docs/rules.md §1 and §5), as of 2026-12-20.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseFile } from '../../src/core/case.ts';
import { idCheckChar } from '../../src/core/idcard.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8')) as CaseFile;

/** The day the tests stand on. */
export const REMINDER_TODAY = '2026-12-20';

/** A valid ID number: a Nanjing prefix, a birth day, an odd (male) or even (female) sequence, its check digit. */
export function idFor(birthDay: string, sequence: number): string {
  const first17 = `320102${birthDay.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

function client(name: string, id: string, phone: string | null): Pick<CaseFile, 'person'> {
  return {
    person: { name, idNumber: id, phone, sex: 'male', birth: `${id.slice(6, 10)}-${id.slice(10, 12)}`, retirementCategory: 'male' },
  };
}

/** Moved from Shanghai to Nanjing, employee cover paid to 2026-08: last day 2026-12-31 (transfer limit 3 months). */
export const zhangTransfer: CaseFile = {
  ...example,
  asOf: '2026-11-02',
  ...client('张三', idFor('1976-08-15', 1), '138 1234 5678'),
  history: [{ from: '2010-07', to: '2026-08', scheme: 'employee', status: 'paid', base: 8000, region: '310000' }],
  request: { ...example.request, paymentDate: '2026-11-05' },
};

/** Flexible employment in Wuhan paid to 2026-09: last day 2027-01-31 (outside 14 days, inside 60). */
export const liFlexible: CaseFile = {
  format: 'yibao-case/1',
  asOf: '2026-11-10',
  region: '420100',
  ...client('李四', idFor('1980-03-09', 11), '027-87654321'),
  history: [{ from: '2015-01', to: '2026-09', scheme: 'flexible', status: 'paid', base: 6000, region: null }],
  deemedMonths: 0,
  request: {
    scheme: 'flexible',
    paymentDate: null,
    payer: 'individual',
    base: 6000,
    transferFrom: null,
    switchFromScheme: null,
    residentRepairYears: 0,
  },
};

/** Flexible employment in Wuhan paid to 2026-08: last day 2026-12-31 — until the later case with the paid months. */
export const zhaoFlexible: CaseFile = {
  ...liFlexible,
  ...client('赵六', idFor('1982-05-20', 31), '13900001111'),
  history: [{ ...liFlexible.history[0]!, to: '2026-08' }],
};
export const zhaoPaidSince: CaseFile = {
  ...zhaoFlexible,
  asOf: '2026-12-15',
  history: [...zhaoFlexible.history, { from: '2026-09', to: '2026-11', scheme: 'flexible', status: 'paid', base: 6000, region: null }],
};

/** A Nanjing resident paid to 2025-12 with no phone: this year's enrolment window ends 2026-12-31. */
export const wangResident: CaseFile = {
  format: 'yibao-case/1',
  asOf: '2026-10-08',
  region: '320100',
  ...client('王五', idFor('1990-01-05', 51), null),
  history: [{ from: '2020-01', to: '2025-12', scheme: 'resident', status: 'paid', base: null, region: null }],
  deemedMonths: 0,
  request: {
    scheme: 'resident',
    paymentDate: null,
    payer: 'individual',
    base: null,
    transferFrom: null,
    switchFromScheme: null,
    residentRepairYears: 0,
  },
};
