// The case file (`yibao-case/1`) as typed at the edges, and the normalized form the
// engine works on (integer months and days, money in fen).
import type { DayInt, YearMonth } from './calendar.ts';
import type { Fen } from './money.ts';

export const CASE_FORMAT = 'yibao-case/1';

export const SCHEMES = ['employee', 'flexible', 'resident'] as const;
export type Scheme = (typeof SCHEMES)[number];
export const STATUSES = ['paid', 'arrears'] as const;
export type EntryStatus = (typeof STATUSES)[number];
export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];
export const RETIREMENT_CATEGORIES = ['male', 'female-55', 'female-50'] as const;
export type RetirementCategory = (typeof RETIREMENT_CATEGORIES)[number];
export const PAYERS = ['employer', 'individual'] as const;
export type Payer = (typeof PAYERS)[number];

// 险种, 状态 and 缴费人 are worded in glossary.ts.
export const RETIREMENT_CATEGORY_ZH: Record<RetirementCategory, string> = {
  male: '男职工（原法定退休年龄60周岁）',
  'female-55': '女职工（原法定退休年龄55周岁）',
  'female-50': '女职工（原法定退休年龄50周岁）',
};

/** The case file exactly as the contract spells it (after validation). */
export interface CaseFile {
  format: typeof CASE_FORMAT;
  asOf: string;
  region: string;
  person: {
    name: string;
    idNumber?: string | null;
    /** 联系电话 (optional): a mainland mobile or landline number (core/phone.ts). */
    phone?: string | null;
    sex: Sex;
    birth: string;
    retirementCategory: RetirementCategory;
  };
  history: Array<{
    from: string;
    to: string;
    scheme: Scheme;
    status: EntryStatus;
    base?: number | null;
    region?: string | null;
  }>;
  deemedMonths?: number;
  request: {
    scheme: Scheme;
    paymentDate?: string | null;
    payer?: Payer | null;
    base?: number | null;
    transferFrom?: string | null;
    switchFromScheme?: 'employee' | 'resident' | null;
    residentRepairYears?: number;
  };
}

export interface HistoryEntry {
  /** Position in the case file's history array (for messages). */
  index: number;
  from: YearMonth;
  to: YearMonth;
  scheme: Scheme;
  status: EntryStatus;
  baseFen: Fen | null;
  region: string;
}

/** What the engine reads: validated, defaults applied, history sorted by month. */
export interface NormalizedCase {
  asOf: DayInt;
  region: string;
  person: {
    name: string;
    idNumber: string | null;
    sex: Sex;
    birth: YearMonth;
    /** Exact birth day when the ID number gives it. */
    birthDay: DayInt | null;
    retirementCategory: RetirementCategory;
  };
  history: HistoryEntry[];
  deemedMonths: number;
  request: {
    scheme: Scheme;
    paymentDate: DayInt;
    payer: Payer;
    baseFen: Fen | null;
    transferFrom: string | null;
    switchFromScheme: 'employee' | 'resident' | null;
    residentRepairYears: number;
  };
}
