// 统计: a hall's days in figures, from what is stored — each issued sheet's figures (kept in its
// snapshot when it was issued: sheet/sheet-data.ts SheetFigures), each saved case's last save,
// and each case the window assessed (its note: no name, no ID number).
// Pure: the services read the rows, this adds them up. Money in fen, months as integers.
import type { Assessment } from './assessment.ts';

/** A question the library could not answer for a case: the policy key, and the region asked about. */
export interface UnknownQuestion {
  code: 'MISSING_PARAMETER' | 'LOCAL_RULE_MISSING';
  key: string;
  region: string | null;
}

/** The questions an assessment answered "unknown" (MISSING_PARAMETER, LOCAL_RULE_MISSING), each key and region once. */
export function unknownQuestions(a: Assessment): UnknownQuestion[] {
  const seen = new Set<string>();
  const out: UnknownQuestion[] = [];
  for (const w of a.warnings) {
    if ((w.code !== 'MISSING_PARAMETER' && w.code !== 'LOCAL_RULE_MISSING') || !w.key) continue;
    const id = `${w.code}|${w.key}|${w.region ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ code: w.code, key: w.key, region: w.region ?? null });
  }
  return out;
}

/** An issued sheet as the statistics read it. */
export interface IssuedSheetFacts {
  number: string;
  /** Local date-time it was issued (YYYY-MM-DDTHH:MM:SS). */
  issuedAt: string;
  clerk: string;
  /** The counter's two digits, from the sheet number. */
  counter: string;
  /** The client's case, when the sheet was issued from a saved one. */
  caseId: string | null;
  /** Null: a sheet issued before its figures were kept. */
  figures: {
    principalFen: number | null;
    lateFeeFen: number | null;
    interruptionMonths: number | null;
    unknowns: ReadonlyArray<{ code: string; key: string; region: string | null }>;
  } | null;
}

/** A saved case's last save, as the statistics read it. */
export interface CaseSaveFacts {
  id: string;
  /** Local day of its last save (YYYY-MM-DD). */
  day: string;
  savedBy: string | null;
  /** The counter's two digits (normalised like a sheet number's), or null. */
  counter: string | null;
}

/**
 * A case the window assessed (统计's 核算案件): one per client's case put on the form (its
 * consultation), with what the assessment said when the clerk last paused — no name, no ID number.
 */
export interface AssessedCaseFacts {
  /** Local day of the first assessment of the consultation (YYYY-MM-DD). */
  day: string;
  clerk: string;
  /** The counter's digits (normalised like a sheet number's). */
  counter: string;
  interruptionMonths: number | null;
  unknowns: ReadonlyArray<{ code: string; key: string; region: string | null }>;
}

/** Interruption lengths, grouped as an office reads them (the short-interruption limits fall at 3, 6 and 12 months). */
export const INTERRUPTION_BUCKETS = [
  { id: 'none', label: '未中断', min: 0, max: 0 },
  { id: 'upTo3', label: '1–3 个月', min: 1, max: 3 },
  { id: 'upTo6', label: '4–6 个月', min: 4, max: 6 },
  { id: 'upTo12', label: '7–12 个月', min: 7, max: 12 },
  { id: 'over12', label: '12 个月以上', min: 13, max: null },
] as const;

export type BucketId = (typeof INTERRUPTION_BUCKETS)[number]['id'] | 'noRecord' | 'notKept';

export function interruptionBucket(months: number | null): BucketId {
  if (months === null) return 'noRecord';
  const found = INTERRUPTION_BUCKETS.find((b) => months >= b.min && (b.max === null || months <= b.max));
  return found ? found.id : 'noRecord';
}

export interface DayFigures {
  day: string;
  casesAssessed: number;
  sheets: number;
  casesSaved: number;
  principalFen: number;
  lateFeeFen: number;
}

export interface StatisticsTotals {
  /** Cases the window assessed (one per client's case on the form) on those days. */
  casesAssessed: number;
  sheets: number;
  /** Different clients on those sheets (by their case; a sheet issued without a saved case counts alone). */
  clients: number;
  casesSaved: number;
  principalFen: number;
  lateFeeFen: number;
  /** Sheets whose principal (or late fee) the library could not work out: left out of the sums. */
  sheetsPrincipalUnknown: number;
  sheetsLateFeeUnknown: number;
  /** Sheets issued before their figures were kept: counted as sheets, in no sum. */
  sheetsWithoutFigures: number;
  byDay: DayFigures[];
  /** Sheets, and assessed cases, by the length of the client's current interruption. */
  interruptions: Array<{ id: BucketId; sheets: number; assessed: number }>;
  /** Each policy key the library could not answer, with the region asked about, on how many assessed cases and sheets; most frequent first. */
  unknowns: Array<{ code: string; key: string; region: string | null; assessed: number; sheets: number }>;
}

/** Every day from `from` to `to` (inclusive), YYYY-MM-DD. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Adds up the sheets, saves and assessed cases of the days `from`..`to` (rows outside them are ignored). */
export function tallyStatistics(
  from: string,
  to: string,
  sheets: readonly IssuedSheetFacts[],
  saves: readonly CaseSaveFacts[],
  assessed: readonly AssessedCaseFacts[] = [],
): StatisticsTotals {
  const days = new Map(
    daysBetween(from, to).map((day) => [day, { day, casesAssessed: 0, sheets: 0, casesSaved: 0, principalFen: 0, lateFeeFen: 0 }]),
  );
  const buckets = new Map<BucketId, { sheets: number; assessed: number }>(
    [...INTERRUPTION_BUCKETS.map((b) => b.id), 'noRecord' as const, 'notKept' as const].map((id) => [id, { sheets: 0, assessed: 0 }]),
  );
  const unknowns = new Map<string, { code: string; key: string; region: string | null; assessed: number; sheets: number }>();
  const countUnknown = (u: { code: string; key: string; region: string | null }, what: 'assessed' | 'sheets') => {
    const id = `${u.code}|${u.key}|${u.region ?? ''}`;
    const known = unknowns.get(id) ?? { code: u.code, key: u.key, region: u.region, assessed: 0, sheets: 0 };
    known[what]++;
    unknowns.set(id, known);
  };
  const clients = new Set<string>();
  const totals = {
    casesAssessed: 0,
    sheets: 0,
    casesSaved: 0,
    principalFen: 0,
    lateFeeFen: 0,
    principalUnknown: 0,
    lateFeeUnknown: 0,
    withoutFigures: 0,
  };
  for (const a of assessed) {
    const day = days.get(a.day);
    if (!day) continue;
    totals.casesAssessed++;
    day.casesAssessed++;
    const bucket = buckets.get(interruptionBucket(a.interruptionMonths));
    if (bucket) bucket.assessed++;
    for (const u of a.unknowns) countUnknown(u, 'assessed');
  }
  for (const s of sheets) {
    const day = days.get(s.issuedAt.slice(0, 10));
    if (!day) continue;
    totals.sheets++;
    day.sheets++;
    clients.add(s.caseId ? `case:${s.caseId}` : `sheet:${s.number}`);
    const f = s.figures;
    if (!f) {
      totals.withoutFigures++;
      const notKept = buckets.get('notKept');
      if (notKept) notKept.sheets++;
      continue;
    }
    if (f.principalFen === null) totals.principalUnknown++;
    else {
      totals.principalFen += f.principalFen;
      day.principalFen += f.principalFen;
    }
    if (f.lateFeeFen === null) totals.lateFeeUnknown++;
    else {
      totals.lateFeeFen += f.lateFeeFen;
      day.lateFeeFen += f.lateFeeFen;
    }
    const bucket = buckets.get(interruptionBucket(f.interruptionMonths));
    if (bucket) bucket.sheets++;
    for (const u of f.unknowns) countUnknown(u, 'sheets');
  }
  for (const c of saves) {
    const day = days.get(c.day);
    if (!day) continue;
    totals.casesSaved++;
    day.casesSaved++;
  }
  return {
    casesAssessed: totals.casesAssessed,
    sheets: totals.sheets,
    clients: clients.size,
    casesSaved: totals.casesSaved,
    principalFen: totals.principalFen,
    lateFeeFen: totals.lateFeeFen,
    sheetsPrincipalUnknown: totals.principalUnknown,
    sheetsLateFeeUnknown: totals.lateFeeUnknown,
    sheetsWithoutFigures: totals.withoutFigures,
    byDay: [...days.values()],
    interruptions: [...buckets].map(([id, n]) => ({ id, sheets: n.sheets, assessed: n.assessed })),
    unknowns: [...unknowns.values()].sort(
      (a, b) => b.assessed - a.assessed || b.sheets - a.sheets || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    ),
  };
}

/**
 * A counter as typed ("3", "03", "105", "3号窗口") as a sheet number carries it: all its digits,
 * no leading zeros, at least two places (store/sheet-number.ts numbers alike; a test holds them together).
 */
export function counterDigits(counter: string): string {
  return (counter.replace(/\D/g, '').replace(/^0+/, '') || '0').padStart(2, '0');
}

/** The counter part of a sheet number (YYYYMMDD-CC-NNNN), or '' when it is not one. */
export function counterOfSheetNumber(number: string): string {
  return /^\d{8}-(\d{2,12})-\d{4,}$/.exec(number)?.[1] ?? '';
}
