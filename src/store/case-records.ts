// A saved case as both databases store it (SQLite's and a hall's PostgreSQL case_record have
// the same columns; the recycle bin, case_bin, keeps the same ones with `id` as `case_id`): the
// record, its column list, the mapper to the services' CaseRow, the record a save writes, and
// the two rules of a save — the version it must name and the time it is stamped with. A new
// column of cases is added here (and in the two migrations, CaseRow and SavedCase).
import type { CaseFile } from '../core/case.ts';
import { normalizedCase } from './client-data.ts';
import { CaseConflictError } from './errors.ts';
import type { CaseRow, CaseWriter } from './ports.ts';

/** A row of case_record as stored. */
export interface CaseRecord {
  id: string;
  person_name: string;
  id_number: string | null;
  region: string;
  case_json: string;
  created_at: string;
  updated_at: string;
  version: number;
  saved_by: string | null;
  saved_counter: string | null;
}

/** The columns of case_record, in the order caseParams gives their values. */
export const CASE_COLUMNS = [
  'id',
  'person_name',
  'id_number',
  'region',
  'case_json',
  'created_at',
  'updated_at',
  'version',
  'saved_by',
  'saved_counter',
] as const satisfies ReadonlyArray<keyof CaseRecord>;

// Every field of CaseRecord is a column of the list (a field left out is a type error here).
const everyColumn: Record<Exclude<keyof CaseRecord, (typeof CASE_COLUMNS)[number]>, never> = {};
void everyColumn;

/** The columns a case's recycle-bin entry keeps, in CASE_COLUMNS order (`id` is `case_id` there). */
export const BIN_COLUMNS = CASE_COLUMNS.map((c) => (c === 'id' ? 'case_id' : c));

/** What the bin forgets when the case is restored: the client's data (who saved it and when stays on record). */
export const BIN_FORGETS = ['person_name', 'id_number', 'region', 'case_json'] as const satisfies ReadonlyArray<keyof CaseRecord>;

/**
 * Columns added after schema 3 (the oldest counter database a hall imports), with the value a
 * migration gave the rows that were there: what an older file's case is read with.
 */
export const CASE_DEFAULTS: Pick<CaseRecord, 'version' | 'saved_by' | 'saved_counter'> = {
  version: 1,
  saved_by: null,
  saved_counter: null,
};

/** A case as a counter's file of any schema from 3 on stores it (a hall import): later columns may be missing. */
export type StoredCase = Omit<CaseRecord, keyof typeof CASE_DEFAULTS> & Partial<typeof CASE_DEFAULTS>;

/** A stored case with its missing (or empty) later columns given their defaults. */
export function withDefaults(stored: StoredCase): CaseRecord {
  const record: CaseRecord = { ...CASE_DEFAULTS, ...stored };
  for (const key of Object.keys(CASE_DEFAULTS) as Array<keyof typeof CASE_DEFAULTS>)
    if (record[key] === null || record[key] === undefined) Object.assign(record, { [key]: CASE_DEFAULTS[key] });
  return record;
}

/** A record's values in CASE_COLUMNS order. */
export const caseParams = (record: CaseRecord): unknown[] => CASE_COLUMNS.map((c) => record[c]);

/** `$1, $2, …` for the columns of the list. */
export const placeholders = (columns: readonly string[], from = 1): string => columns.map((_, i) => `$${i + from}`).join(', ');

export function toCaseRow(row: CaseRecord): CaseRow {
  return {
    id: row.id,
    personName: row.person_name,
    idNumber: row.id_number,
    region: row.region,
    caseFile: JSON.parse(row.case_json) as CaseFile,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    savedBy: row.saved_by,
    savedCounter: row.saved_counter,
  };
}

/** The record a save writes: the case file with its ID number normalised, who saved it, when, which version. */
export function savedRecord(
  input: CaseFile,
  saved: { id: string; createdAt: string; updatedAt: string; version: number; by: CaseWriter | null },
): CaseRecord {
  const { caseFile, idNumber } = normalizedCase(input);
  return {
    id: saved.id,
    person_name: caseFile.person.name,
    id_number: idNumber,
    region: caseFile.region,
    case_json: JSON.stringify(caseFile),
    created_at: saved.createdAt,
    updated_at: saved.updatedAt,
    version: saved.version,
    saved_by: saved.by?.clerk ?? null,
    saved_counter: saved.by?.counter ?? null,
  };
}

/**
 * The version a save of `current` gets, or a CaseConflictError (with the case as it now stands)
 * when the save started from another version. `required`: a save that names no version is a
 * conflict too (a hall, issue 22 finding 23: it could be replacing a colleague's newer save
 * unseen); else naming none is a deliberate overwrite.
 */
export function nextVersion(current: CaseRecord, expected: number | null, required: boolean): number {
  if ((required || expected !== null) && expected !== current.version) throw new CaseConflictError(toCaseRow(current));
  return current.version + 1;
}

/** The time a save is stamped with: the clock, but always later than `after` (a clock set back, two saves in one millisecond). */
export function saveStamp(clock: string, after: string | null): string {
  if (after === null || clock > after) return clock;
  return new Date(Date.parse(after) + 1).toISOString();
}
