// Saved cases (migration 0002's `case_record`): the validated case file plus the fields
// the case list searches on. Deleting a case takes its sheets and print records with it.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { CaseFile } from '../core/case.ts';
import { dbOf, type DbSource } from './connection.ts';
import { clearDraft, readDraft } from './drafts.ts';
import { CaseConflictError } from './errors.ts';
import type { CaseRow, CaseSaveOptions, CaseStore } from './ports.ts';

/** The two queries the counter runs all day; tests check that both are answered from an index. */
export const CASE_QUERIES = {
  latest: `SELECT * FROM case_record ORDER BY updated_at DESC LIMIT ?`,
  byIdNumber: `SELECT * FROM case_record WHERE id_number = ? ORDER BY updated_at DESC LIMIT ?`,
} as const;

interface CaseRecord {
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

function toCaseRow(row: CaseRecord): CaseRow {
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

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The ID number typed in a draft's form, if it has one (the form is whatever the window keeps). */
function draftIdNumber(form: unknown): string | null {
  const person = typeof form === 'object' && form !== null && 'person' in form ? form.person : null;
  const id = typeof person === 'object' && person !== null && 'idNumber' in person ? person.idNumber : null;
  return typeof id === 'string' ? id.toUpperCase() : null;
}

export class CaseRepository implements CaseStore {
  readonly #source: DbSource;
  readonly #now: () => string;

  constructor(source: DbSource, now: () => string = () => new Date().toISOString()) {
    this.#source = source;
    this.#now = now;
  }

  get #db(): Database.Database {
    return dbOf(this.#source);
  }

  #rows(sql: string, ...params: unknown[]): CaseRow[] {
    return (this.#db.prepare(sql).all(...params) as CaseRecord[]).map(toCaseRow);
  }

  /**
   * The time a save is stamped with: the clock, but always later than every case already stored, so
   * "latest first" is the order the clerk saved in even when two saves fall in the same millisecond
   * (or the PC clock is set back).
   */
  #saveStamp(): string {
    const clock = this.#now();
    const newest: unknown = this.#db.prepare(`SELECT max(updated_at) FROM case_record`).pluck().get();
    if (typeof newest !== 'string' || clock > newest) return clock;
    return new Date(Date.parse(newest) + 1).toISOString();
  }

  async save(
    caseFile: CaseFile,
    id?: string | null,
    options: CaseSaveOptions = {},
  ): Promise<{ id: string; updatedAt: string; version: number } | null> {
    return this.#db.transaction(() => this.#saveNow(caseFile, id, options)).immediate();
  }

  #saveNow(
    caseFile: CaseFile,
    id: string | null | undefined,
    options: CaseSaveOptions,
  ): { id: string; updatedAt: string; version: number } | null {
    const now = this.#saveStamp();
    const idNumber = caseFile.person.idNumber ? caseFile.person.idNumber.toUpperCase() : null;
    const json = JSON.stringify(caseFile);
    const by = options.by ?? null;
    if (id) {
      const current = this.#rows(`SELECT * FROM case_record WHERE id = ?`, id)[0];
      if (!current) return null;
      const expected = options.expectedVersion ?? null;
      if (expected !== null && expected !== current.version) throw new CaseConflictError(current);
      const version = current.version + 1;
      this.#db
        .prepare(
          `UPDATE case_record SET person_name = ?, id_number = ?, region = ?, case_json = ?, updated_at = ?, version = ?, saved_by = ?, saved_counter = ? WHERE id = ?`,
        )
        .run(caseFile.person.name, idNumber, caseFile.region, json, now, version, by?.clerk ?? null, by?.counter ?? null, id);
      return { id, updatedAt: now, version };
    }
    const newId = randomUUID();
    this.#db
      .prepare(
        `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at, version, saved_by, saved_counter) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(newId, caseFile.person.name, idNumber, caseFile.region, json, now, now, by?.clerk ?? null, by?.counter ?? null);
    return { id: newId, updatedAt: now, version: 1 };
  }

  async get(id: string): Promise<CaseRow | null> {
    return this.#rows(`SELECT * FROM case_record WHERE id = ?`, id)[0] ?? null;
  }

  async delete(id: string): Promise<boolean> {
    return this.#db.prepare(`DELETE FROM case_record WHERE id = ?`).run(id).changes > 0;
  }

  async list(query: { text?: string; limit?: number } = {}): Promise<CaseRow[]> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const text = (query.text ?? '').trim();
    if (!text) return this.latest(limit);
    if (/^[0-9Xx]+$/.test(text)) {
      const upper = text.toUpperCase();
      if (upper.length === 18) return this.#rows(CASE_QUERIES.byIdNumber, upper, limit);
      return this.#rows(
        `SELECT * FROM case_record WHERE id_number LIKE ? ESCAPE '\\' OR id_number LIKE ? ESCAPE '\\' ORDER BY updated_at DESC LIMIT ?`,
        `${escapeLike(upper)}%`,
        `%${escapeLike(upper)}`,
        limit,
      );
    }
    return this.#rows(
      `SELECT * FROM case_record WHERE person_name LIKE ? ESCAPE '\\' ORDER BY updated_at DESC LIMIT ?`,
      `%${escapeLike(text)}%`,
      limit,
    );
  }

  async latest(limit: number): Promise<CaseRow[]> {
    return this.#rows(CASE_QUERIES.latest, limit);
  }

  async byIdNumber(idNumber: string): Promise<CaseRow[]> {
    return this.#rows(`SELECT * FROM case_record WHERE id_number = ? ORDER BY updated_at`, idNumber.toUpperCase());
  }

  async purgeOlderThan(before: string): Promise<number> {
    return this.#db.transaction(() => {
      const ids = this.#strings(`SELECT id FROM case_record WHERE updated_at < ?`, before);
      for (const id of ids) this.#deleteWithSheets(id);
      return ids.length;
    })();
  }

  async deleteClient(idNumber: string): Promise<{ cases: number; sheets: number }> {
    const db = this.#db;
    return db.transaction(() => {
      const upper = idNumber.toUpperCase();
      const ids = this.#strings(`SELECT id FROM case_record WHERE id_number = ?`, upper);
      let sheets = 0;
      for (const id of ids) sheets += this.#deleteWithSheets(id);
      const draft = readDraft(db);
      if (draft && (draftIdNumber(draft.form) === upper || (draft.caseId && ids.includes(draft.caseId)))) clearDraft(db);
      return { cases: ids.length, sheets };
    })();
  }

  #strings(sql: string, ...params: unknown[]): string[] {
    return this.#db
      .prepare(sql)
      .pluck()
      .all(...params)
      .filter((id): id is string => typeof id === 'string');
  }

  #deleteWithSheets(caseId: string): number {
    const numbers = this.#strings(`SELECT number FROM sheet WHERE case_id = ?`, caseId);
    for (const n of numbers) this.#db.prepare(`DELETE FROM print_event WHERE sheet_number = ?`).run(n);
    this.#db.prepare(`DELETE FROM sheet WHERE case_id = ?`).run(caseId);
    this.#db.prepare(`DELETE FROM case_record WHERE id = ?`).run(caseId);
    return numbers.length;
  }
}
