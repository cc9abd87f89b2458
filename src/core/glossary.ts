// The one glossary of scheme, status and payer terms (issue 23): every place that words a
// 险种 for people — the window, the printed sheet, the command line, explanations and
// messages — takes it from here, so a scheme is worded one way. tests/unit/glossary.test.ts
// refuses any other wording of a scheme in src/.
import type { EntryStatus, Payer, Scheme } from './case.ts';

export interface SchemeTerms {
  /** The full name, in sentences and on the sheet: 职工医保（单位参保）. */
  name: string;
  /** Where space is narrow (the history grid, the timeline's legend and months): 职工（单位）. */
  short: string;
  /** The insurance the scheme belongs to: employee and flexible workers both pay 职工医保. */
  group: string;
}

export const SCHEME_TERMS: Readonly<Record<Scheme, SchemeTerms>> = {
  employee: { name: '职工医保（单位参保）', short: '职工（单位）', group: '职工医保' },
  flexible: { name: '职工医保（灵活就业）', short: '灵活就业', group: '职工医保' },
  resident: { name: '城乡居民医保', short: '居民医保', group: '居民医保' },
};

const mapTerms = <K extends string, V>(terms: Readonly<Record<K, V>>, pick: (v: V) => string): Record<K, string> =>
  Object.fromEntries(Object.entries(terms).map(([k, v]) => [k, pick(v as V)])) as Record<K, string>;

/** 险种 names for Chinese text. */
export const SCHEME_ZH: Readonly<Record<Scheme, string>> = mapTerms(SCHEME_TERMS, (t) => t.name);
export const SCHEME_SHORT_ZH: Readonly<Record<Scheme, string>> = mapTerms(SCHEME_TERMS, (t) => t.short);

/** 缴费状态 of a history range. */
export const STATUS_ZH: Readonly<Record<EntryStatus, string>> = { paid: '已缴', arrears: '欠费' };
/** 缴费人. */
export const PAYER_ZH: Readonly<Record<Payer, string>> = { employer: '用人单位', individual: '个人' };

/** Every wording of a scheme the program may show (the glossary test refuses any other). */
export const SCHEME_WORDINGS: ReadonlySet<string> = new Set(Object.values(SCHEME_TERMS).flatMap((t) => [t.name, t.short, t.group]));
