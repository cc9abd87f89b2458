// Saved cases, the autosaved working draft, and counter settings (migration 0002).
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CaseFile } from '../core/case.ts';

export interface CaseRow {
  id: string;
  personName: string;
  idNumber: string | null;
  region: string;
  caseFile: CaseFile;
  createdAt: string;
  updatedAt: string;
}

export interface DraftRow {
  caseId: string | null;
  form: unknown;
  updatedAt: string;
}

const DRAFT_SLOT = 'current';

/** The two queries the counter runs all day; tests check that both are answered from an index. */
export const CASE_QUERIES = {
  latest: `SELECT * FROM case_record ORDER BY updated_at DESC LIMIT ?`,
  byIdNumber: `SELECT * FROM case_record WHERE id_number = ? ORDER BY updated_at DESC LIMIT ?`,
} as const;

export class CaseRepository {
  readonly #db: Database.Database;
  readonly #now: () => string;

  constructor(db: Database.Database, now: () => string = () => new Date().toISOString()) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * The time a save is stamped with: the clock, but always later than every case already stored, so
   * "latest first" is the order the clerk saved in even when two saves fall in the same millisecond
   * (or the PC clock is set back).
   */
  #saveStamp(): string {
    const clock = this.#now();
    const newest = this.#db.prepare(`SELECT max(updated_at) FROM case_record`).pluck().get() as string | null;
    if (newest === null || clock > newest) return clock;
    return new Date(Date.parse(newest) + 1).toISOString();
  }

  save(caseFile: CaseFile, id?: string | null): { id: string; updatedAt: string } {
    return this.#db.transaction(() => this.#saveNow(caseFile, id))();
  }

  #saveNow(caseFile: CaseFile, id?: string | null): { id: string; updatedAt: string } {
    const now = this.#saveStamp();
    const idNumber = caseFile.person.idNumber ? caseFile.person.idNumber.toUpperCase() : null;
    const json = JSON.stringify(caseFile);
    if (id) {
      const changed = this.#db
        .prepare(`UPDATE case_record SET person_name = ?, id_number = ?, region = ?, case_json = ?, updated_at = ? WHERE id = ?`)
        .run(caseFile.person.name, idNumber, caseFile.region, json, now, id).changes;
      if (changed === 0) throw new Error(`NOT_FOUND:${id}`);
      return { id, updatedAt: now };
    }
    const newId = randomUUID();
    this.#db
      .prepare(
        `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(newId, caseFile.person.name, idNumber, caseFile.region, json, now, now);
    return { id: newId, updatedAt: now };
  }

  get(id: string): CaseRow | null {
    const row = this.#db.prepare(`SELECT * FROM case_record WHERE id = ?`).get(id) as Record<string, string | null> | undefined;
    return row ? toCaseRow(row) : null;
  }

  delete(id: string): boolean {
    return this.#db.prepare(`DELETE FROM case_record WHERE id = ?`).run(id).changes > 0;
  }

  /**
   * Latest first. A query of digits (and X) matches ID numbers by prefix or the last
   * digits; other text matches names by substring.
   */
  list(query: { text?: string; limit?: number } = {}): CaseRow[] {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const text = (query.text ?? '').trim();
    if (!text) return this.latest(limit);
    if (/^[0-9Xx]+$/.test(text)) {
      const upper = text.toUpperCase();
      if (upper.length === 18) {
        return (this.#db.prepare(CASE_QUERIES.byIdNumber).all(upper, limit) as Array<Record<string, string | null>>).map(toCaseRow);
      }
      return (
        this.#db
          .prepare(
            `SELECT * FROM case_record WHERE id_number LIKE ? ESCAPE '\\' OR id_number LIKE ? ESCAPE '\\' ORDER BY updated_at DESC LIMIT ?`,
          )
          .all(`${escapeLike(upper)}%`, `%${escapeLike(upper)}`, limit) as Array<Record<string, string | null>>
      ).map(toCaseRow);
    }
    return (
      this.#db
        .prepare(`SELECT * FROM case_record WHERE person_name LIKE ? ESCAPE '\\' ORDER BY updated_at DESC LIMIT ?`)
        .all(`%${escapeLike(text)}%`, limit) as Array<Record<string, string | null>>
    ).map(toCaseRow);
  }

  /** The most recently changed cases, newest first, without the list's cap of 500 (the impact preview reads them all). */
  latest(limit: number): CaseRow[] {
    return (this.#db.prepare(CASE_QUERIES.latest).all(limit) as Array<Record<string, string | null>>).map(toCaseRow);
  }

  /** All saved cases of one ID number (for a client's export or erasure). */
  byIdNumber(idNumber: string): CaseRow[] {
    return (
      this.#db.prepare(`SELECT * FROM case_record WHERE id_number = ? ORDER BY updated_at`).all(idNumber.toUpperCase()) as Array<
        Record<string, string | null>
      >
    ).map(toCaseRow);
  }

  /** Deletes cases (and their sheets and print records) untouched since `before` (ISO time). */
  purgeOlderThan(before: string): number {
    return this.#db.transaction(() => {
      const ids = this.#db.prepare(`SELECT id FROM case_record WHERE updated_at < ?`).pluck().all(before) as string[];
      for (const id of ids) this.#deleteWithSheets(id);
      return ids.length;
    })();
  }

  /** Deletes one client's cases, their sheets and print records, and a draft about them. */
  deleteClient(idNumber: string): { cases: number; sheets: number } {
    return this.#db.transaction(() => {
      const ids = this.#db.prepare(`SELECT id FROM case_record WHERE id_number = ?`).pluck().all(idNumber.toUpperCase()) as string[];
      let sheets = 0;
      for (const id of ids) sheets += this.#deleteWithSheets(id);
      const draft = this.getDraft();
      const draftId = (draft?.form as { person?: { idNumber?: string } } | undefined)?.person?.idNumber?.toUpperCase();
      if (draft && (draftId === idNumber.toUpperCase() || (draft.caseId && ids.includes(draft.caseId)))) this.clearDraft();
      return { cases: ids.length, sheets };
    })();
  }

  #deleteWithSheets(caseId: string): number {
    const numbers = this.#db.prepare(`SELECT number FROM sheet WHERE case_id = ?`).pluck().all(caseId) as string[];
    for (const n of numbers) this.#db.prepare(`DELETE FROM print_event WHERE sheet_number = ?`).run(n);
    this.#db.prepare(`DELETE FROM sheet WHERE case_id = ?`).run(caseId);
    this.#db.prepare(`DELETE FROM case_record WHERE id = ?`).run(caseId);
    return numbers.length;
  }

  getDraft(): DraftRow | null {
    const row = this.#db.prepare(`SELECT case_id, draft_json, updated_at FROM case_draft WHERE slot = ?`).get(DRAFT_SLOT) as
      Record<string, string | null> | undefined;
    return row ? { caseId: row.case_id ?? null, form: JSON.parse(row.draft_json!), updatedAt: row.updated_at! } : null;
  }

  saveDraft(caseId: string | null, form: unknown): { updatedAt: string } {
    const now = this.#now();
    this.#db
      .prepare(
        `INSERT INTO case_draft (slot, case_id, draft_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (slot) DO UPDATE SET case_id = excluded.case_id, draft_json = excluded.draft_json, updated_at = excluded.updated_at`,
      )
      .run(DRAFT_SLOT, caseId, JSON.stringify(form), now);
    return { updatedAt: now };
  }

  clearDraft(): void {
    this.#db.prepare(`DELETE FROM case_draft WHERE slot = ?`).run(DRAFT_SLOT);
  }

  getSetting<T>(key: string): T | null {
    const value = this.#db.prepare(`SELECT value_json FROM setting WHERE key = ?`).pluck().get(key) as string | undefined;
    return value === undefined ? null : (JSON.parse(value) as T);
  }

  setSetting(key: string, value: unknown): void {
    this.#db
      .prepare(`INSERT INTO setting (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`)
      .run(key, JSON.stringify(value));
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toCaseRow(row: Record<string, string | null>): CaseRow {
  return {
    id: row.id!,
    personName: row.person_name!,
    idNumber: row.id_number ?? null,
    region: row.region!,
    caseFile: JSON.parse(row.case_json!) as CaseFile,
    createdAt: row.created_at!,
    updatedAt: row.updated_at!,
  };
}
