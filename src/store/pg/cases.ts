// Saved cases in PostgreSQL: the same table, queries and rules as the SQLite store (cases.ts),
// for many counters at once. A save locks only its own case's row (issue 22: one hall-wide lock
// let one stopped instance stop every save in the hall), and names the version it started from
// (optimistic saves): a case saved meanwhile at another counter is reported, never overwritten
// unseen. "Latest first" is the order of the savers' clocks; one case's stamps only increase.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CaseFile } from '../../core/case.ts';
import { CaseConflictError } from '../errors.ts';
import { maskIdNumber, normalizeIdNumber } from '../../core/idcard.ts';
import { clientKey, draftIdNumber, draftName, normalizedCase } from '../client-data.ts';
import type {
  CaseRow,
  CaseSaveOptions,
  CaseSaveRecord,
  CaseScanFilter,
  CaseScanStep,
  BinRecord,
  CaseStore,
  CaseWriter,
  ClientErasure,
  DeletedCase,
  PaymentMark,
} from '../ports.ts';
import { inTransaction, one, rows, type Queryable } from './pool.ts';

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

const toCaseRow = (row: CaseRecord): CaseRow => ({
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
});

/** The searches of the case list (migration 0009's indexes); tests check the plans. */
export const PG_CASE_QUERIES = {
  byIdDigits: `SELECT * FROM case_record WHERE id_number IS NOT NULL AND (id_number LIKE $1 OR reverse(id_number) LIKE $2)
    ORDER BY updated_at DESC LIMIT $3`,
  byNameTrigrams: `SELECT * FROM case_record WHERE person_name ILIKE $1 ORDER BY updated_at DESC LIMIT $2`,
  byNamePiece: `SELECT * FROM case_record WHERE yibao_name_pieces(person_name) @> ARRAY[lower($1)] ORDER BY updated_at DESC LIMIT $2`,
} as const;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class PgCaseRepository implements CaseStore {
  readonly #pool: pg.Pool;
  readonly #now: () => string;

  constructor(pool: pg.Pool, now: () => string = () => new Date().toISOString()) {
    this.#pool = pool;
    this.#now = now;
  }

  async #cases(sql: string, params: unknown[] = [], db: Queryable = this.#pool): Promise<CaseRow[]> {
    return (await rows<CaseRecord>(db, sql, params)).map(toCaseRow);
  }

  /** The clock, but later than the case's own last save (a clock set back never reorders one case's history). */
  #saveStamp(previous: string | null): string {
    const clock = this.#now();
    if (previous === null || clock > previous) return clock;
    return new Date(Date.parse(previous) + 1).toISOString();
  }

  async save(
    input: CaseFile,
    id?: string | null,
    options: CaseSaveOptions = {},
  ): Promise<{ id: string; updatedAt: string; version: number } | null> {
    return inTransaction(this.#pool, async (db) => {
      const { caseFile, idNumber } = normalizedCase(input);
      const json = JSON.stringify(caseFile);
      const by = options.by ?? null;
      if (id) {
        const current = (await this.#cases(`SELECT * FROM case_record WHERE id = $1 FOR UPDATE`, [id], db))[0];
        if (!current) return null;
        // In a hall a save must say which version it started from (issue 22, finding 23): one
        // that does not could be replacing a colleague's newer save unseen, so it is answered
        // with the case as it now stands, like any other conflict.
        const expected = options.expectedVersion ?? null;
        if (expected !== current.version) throw new CaseConflictError(current);
        const now = this.#saveStamp(current.updatedAt);
        const version = current.version + 1;
        await db.query(
          `UPDATE case_record SET person_name = $1, id_number = $2, region = $3, case_json = $4, updated_at = $5, version = $6,
             saved_by = $7, saved_counter = $8 WHERE id = $9`,
          [caseFile.person.name, idNumber, caseFile.region, json, now, version, by?.clerk ?? null, by?.counter ?? null, id],
        );
        return { id, updatedAt: now, version };
      }
      const newId = randomUUID();
      const now = this.#saveStamp(null);
      await db.query(
        `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at, version, saved_by, saved_counter)
         VALUES ($1, $2, $3, $4, $5, $6, $6, 1, $7, $8)`,
        [newId, caseFile.person.name, idNumber, caseFile.region, json, now, by?.clerk ?? null, by?.counter ?? null],
      );
      return { id: newId, updatedAt: now, version: 1 };
    });
  }

  async get(id: string): Promise<CaseRow | null> {
    return (await this.#cases(`SELECT * FROM case_record WHERE id = $1`, [id]))[0] ?? null;
  }

  // The recycle bin (migration 0011; issue 22, finding 18): the same moves as the SQLite store.
  async delete(id: string, by: CaseWriter | null = null): Promise<boolean> {
    return inTransaction(this.#pool, async (db) => {
      const current = await one<CaseRecord>(db, `SELECT * FROM case_record WHERE id = $1 FOR UPDATE`, [id]);
      if (!current) return false;
      const linked = (await rows<{ number: string }>(db, `SELECT number FROM sheet WHERE case_id = $1 ORDER BY number`, [id])).map(
        (r) => r.number,
      );
      await db.query(
        `INSERT INTO case_bin (case_id, person_name, id_number, region, case_json, created_at, updated_at, version, saved_by,
           saved_counter, sheets, deleted_at, deleted_by, deleted_counter)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          current.id,
          current.person_name,
          current.id_number,
          current.region,
          current.case_json,
          current.created_at,
          current.updated_at,
          current.version,
          current.saved_by,
          current.saved_counter,
          JSON.stringify(linked),
          this.#now(),
          by?.clerk ?? null,
          by?.counter ?? null,
        ],
      );
      await db.query(`DELETE FROM case_record WHERE id = $1`, [id]);
      return true;
    });
  }

  async deleted(limit: number): Promise<DeletedCase[]> {
    return rows<DeletedCase>(
      this.#pool,
      `SELECT case_id AS id, person_name AS "personName", id_number AS "idNumber", region, updated_at AS "updatedAt", version,
              deleted_at AS "deletedAt", deleted_by AS "deletedBy", deleted_counter AS "deletedCounter"
       FROM case_bin WHERE restored_at IS NULL ORDER BY deleted_at DESC, key DESC LIMIT $1`,
      [limit],
    );
  }

  async restore(id: string, by: CaseWriter | null = null): Promise<CaseRow | null> {
    return inTransaction(this.#pool, async (db) => {
      const binned = await one<CaseRecord & { key: string; sheets: string }>(
        db,
        `SELECT key, case_id AS id, person_name, id_number, region, case_json, created_at, updated_at, version, saved_by, saved_counter, sheets
         FROM case_bin WHERE case_id = $1 AND restored_at IS NULL ORDER BY key DESC LIMIT 1 FOR UPDATE`,
        [id],
      );
      if (!binned) return null;
      // A restore touches the case: stamped now (same version), so retention counts its days
      // from the restore, not from its last save before it was deleted (it would be purged at once).
      const restored = { ...binned, updated_at: this.#saveStamp(binned.updated_at) };
      await db.query(
        `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at, version, saved_by, saved_counter)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          binned.id,
          binned.person_name,
          binned.id_number,
          binned.region,
          binned.case_json,
          binned.created_at,
          restored.updated_at,
          binned.version,
          binned.saved_by,
          binned.saved_counter,
        ],
      );
      await db.query(`UPDATE sheet SET case_id = $1 WHERE number = ANY($2) AND case_id IS NULL`, [id, JSON.parse(binned.sheets)]);
      await db.query(
        `UPDATE case_bin SET restored_at = $2, restored_by = $3, restored_counter = $4,
           person_name = NULL, id_number = NULL, region = NULL, case_json = NULL, sheets = '[]' WHERE key = $1`,
        [binned.key, this.#now(), by?.clerk ?? null, by?.counter ?? null],
      );
      return toCaseRow(restored);
    });
  }

  async binHistory(id: string): Promise<BinRecord[]> {
    return rows<BinRecord>(
      this.#pool,
      `SELECT deleted_at AS "deletedAt", deleted_by AS "deletedBy", deleted_counter AS "deletedCounter",
              restored_at AS "restoredAt", restored_by AS "restoredBy", restored_counter AS "restoredCounter"
       FROM case_bin WHERE case_id = $1 ORDER BY key`,
      [id],
    );
  }

  async list(query: { text?: string; limit?: number } = {}): Promise<CaseRow[]> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const text = (query.text ?? '').trim();
    if (!text) return this.latest(limit);
    if (/^[0-9Xx]+$/.test(text)) {
      const upper = text.toUpperCase();
      if (upper.length === 18)
        return this.#cases(`SELECT * FROM case_record WHERE id_number = $1 ORDER BY updated_at DESC LIMIT $2`, [upper, limit]);
      // First or last digits, each from its own index (migration 0009); digits need no escaping.
      return this.#cases(PG_CASE_QUERIES.byIdDigits, [`${upper}%`, `${[...upper].reverse().join('')}%`, limit]);
    }
    // Names: the trigram index for 3 or more characters, the index of 1- and 2-character pieces below.
    if ([...text].length >= 3) return this.#cases(PG_CASE_QUERIES.byNameTrigrams, [`%${escapeLike(text)}%`, limit]);
    return this.#cases(PG_CASE_QUERIES.byNamePiece, [text, limit]);
  }

  async count(): Promise<number> {
    return Number((await one<{ n: string }>(this.#pool, `SELECT count(*) AS n FROM case_search`))?.n ?? 0);
  }

  async scan(filter: CaseScanFilter, afterKey: number, walk: number): Promise<CaseScanStep> {
    const span = await one<{ last: string | null; walked: string }>(
      this.#pool,
      `SELECT max(key) AS last, count(*) AS walked FROM (SELECT key FROM case_search WHERE key > $1 ORDER BY key LIMIT $2) AS next`,
      [afterKey, walk],
    );
    if (!span?.last) return { rows: [], walked: 0, lastKey: null };
    const lastKey = Number(span.last);
    const found = await rows<{ key: string; id: string; person_name: string; id_number: string | null; case_json: string }>(
      this.#pool,
      `SELECT s.key, c.id, c.person_name, c.id_number, c.case_json
       FROM case_search AS s JOIN case_record AS c ON c.id = s.case_id
       WHERE s.key > $1 AND s.key <= $2
         AND ($3::text IS NULL OR s.reads_from IS NULL OR s.reads_from <= $3::text)
         AND ($4::text[] IS NULL OR EXISTS (SELECT 1 FROM case_region AS r WHERE r.case_key = s.key AND r.region = ANY ($4::text[])))
       ORDER BY s.key`,
      [afterKey, lastKey, filter.readsBy, filter.regions],
    );
    return {
      rows: found.map((r) => ({ key: Number(r.key), id: r.id, personName: r.person_name, idNumber: r.id_number, caseJson: r.case_json })),
      walked: Number(span.walked),
      lastKey,
    };
  }

  async latest(limit: number): Promise<CaseRow[]> {
    return this.#cases(`SELECT * FROM case_record ORDER BY updated_at DESC LIMIT $1`, [limit]);
  }

  async byIdNumber(idNumber: string): Promise<CaseRow[]> {
    return this.#cases(`SELECT * FROM case_record WHERE id_number = $1 ORDER BY updated_at`, [normalizeIdNumber(idNumber)]);
  }

  async purgeOlderThan(before: string): Promise<number> {
    return inTransaction(this.#pool, async (db) => {
      const ids = (await rows<{ id: string }>(db, `SELECT id FROM case_record WHERE updated_at < $1 FOR UPDATE`, [before])).map(
        (r) => r.id,
      );
      await deleteWithSheets(db, ids);
      // Cases waiting in the recycle bin are held no longer than saved ones, with the sheets they had.
      const binned = await rows<{ key: string; sheets: string }>(
        db,
        `SELECT key, sheets FROM case_bin WHERE restored_at IS NULL AND updated_at < $1 FOR UPDATE`,
        [before],
      );
      const numbers = binned.flatMap((r) => JSON.parse(r.sheets) as string[]);
      await db.query(
        `DELETE FROM print_event WHERE sheet_number IN (SELECT number FROM sheet WHERE number = ANY($1) AND case_id IS NULL)`,
        [numbers],
      );
      await db.query(`DELETE FROM sheet WHERE number = ANY($1) AND case_id IS NULL`, [numbers]);
      await db.query(`DELETE FROM case_bin WHERE key = ANY($1)`, [binned.map((r) => r.key)]);
      return ids.length + binned.length;
    });
  }

  /**
   * The same erasure as the SQLite store (cases.ts eraseClient): their cases, every sheet of
   * those cases or keyed to their ID number, or (stored before migration 0007, without a case)
   * carrying their masked ID number and one of their names, the print records, the draft.
   */
  // 已缴 marks (migration 0010): deleted with their case by the foreign key's cascade.
  async setPaymentMark(mark: PaymentMark): Promise<boolean> {
    const result = await this.#pool.query(
      `INSERT INTO payment_mark (case_id, case_version, sheet_number, marked_at, marked_by, marked_counter)
       SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM case_record WHERE id = $1)
       ON CONFLICT (case_id) DO UPDATE SET case_version = excluded.case_version, sheet_number = excluded.sheet_number,
         marked_at = excluded.marked_at, marked_by = excluded.marked_by, marked_counter = excluded.marked_counter`,
      [mark.caseId, mark.caseVersion, mark.sheetNumber, mark.markedAt, mark.markedBy, mark.markedCounter],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async clearPaymentMark(caseId: string): Promise<boolean> {
    return ((await this.#pool.query(`DELETE FROM payment_mark WHERE case_id = $1`, [caseId])).rowCount ?? 0) > 0;
  }

  async paymentMarks(): Promise<PaymentMark[]> {
    return rows<PaymentMark>(
      this.#pool,
      `SELECT case_id AS "caseId", case_version AS "caseVersion", sheet_number AS "sheetNumber", marked_at AS "markedAt",
              marked_by AS "markedBy", marked_counter AS "markedCounter" FROM payment_mark`,
      [],
    );
  }

  async deleteClient(rawIdNumber: string): Promise<ClientErasure> {
    return inTransaction(this.#pool, async (db) => {
      const idNumber = normalizeIdNumber(rawIdNumber);
      const found = await rows<{ id: string; person_name: string }>(
        db,
        `SELECT id, person_name FROM case_record WHERE id_number = $1 FOR UPDATE`,
        [idNumber],
      );
      const caseIds = found.map((r) => r.id);
      const names = new Set(found.map((r) => r.person_name));
      // Their cases waiting in the recycle bin are erased too (an erasure is never a move to the bin).
      const binned = await rows<{ key: string; case_id: string; person_name: string; sheets: string }>(
        db,
        `SELECT key, case_id, person_name, sheets FROM case_bin WHERE id_number = $1 FOR UPDATE`,
        [idNumber],
      );
      for (const b of binned) names.add(b.person_name);
      const draft = await one<{ case_id: string | null; draft_json: string }>(
        db,
        `SELECT case_id, draft_json FROM case_draft WHERE slot = 'current'`,
      );
      const form: unknown = draft ? JSON.parse(draft.draft_json) : null;
      const draftAboutThem =
        draft !== null &&
        (draftIdNumber(form) === idNumber ||
          (draft.case_id !== null && (caseIds.includes(draft.case_id) || binned.some((b) => b.case_id === draft.case_id))));
      const typedName = draftAboutThem ? draftName(form) : null;
      if (typedName) names.add(typedName);
      const sheets = (
        await rows<{ number: string }>(
          db,
          `SELECT number FROM sheet
           WHERE case_id = ANY($1) OR client_key = $2
              OR (client_key IS NULL AND snapshot_json::jsonb #>> '{client,idMasked}' = $3
                  AND snapshot_json::jsonb #>> '{client,name}' = ANY($4))`,
          [caseIds, clientKey(idNumber), maskIdNumber(idNumber), [...names]],
        )
      ).map((r) => r.number);
      for (const b of binned) for (const n of JSON.parse(b.sheets) as string[]) if (!sheets.includes(n)) sheets.push(n);
      await db.query(`DELETE FROM print_event WHERE sheet_number = ANY($1)`, [sheets]);
      await db.query(`DELETE FROM sheet WHERE number = ANY($1)`, [sheets]);
      await db.query(`DELETE FROM case_record WHERE id = ANY($1)`, [caseIds]);
      await db.query(`DELETE FROM case_bin WHERE key = ANY($1)`, [binned.map((b) => b.key)]);
      if (draftAboutThem) await db.query(`DELETE FROM case_draft WHERE slot = 'current'`);
      return { cases: caseIds.length + binned.length, sheets: sheets.length, draft: draftAboutThem };
    });
  }

  async savedBetween(from: string, to: string): Promise<CaseSaveRecord[]> {
    const found = await rows<{ id: string; updated_at: string; saved_by: string | null; saved_counter: string | null }>(
      this.#pool,
      `SELECT id, updated_at, saved_by, saved_counter FROM case_record WHERE updated_at >= $1 AND updated_at < $2 ORDER BY updated_at, id`,
      [from, to],
    );
    return found.map((r) => ({ id: r.id, updatedAt: r.updated_at, savedBy: r.saved_by, savedCounter: r.saved_counter }));
  }
}

/** Deletes cases with their sheets and print records; how many sheets. */
async function deleteWithSheets(db: Queryable, caseIds: string[]): Promise<number> {
  if (caseIds.length === 0) return 0;
  await db.query(`DELETE FROM print_event WHERE sheet_number IN (SELECT number FROM sheet WHERE case_id = ANY($1))`, [caseIds]);
  const sheets = (await db.query(`DELETE FROM sheet WHERE case_id = ANY($1)`, [caseIds])).rowCount ?? 0;
  await db.query(`DELETE FROM case_record WHERE id = ANY($1)`, [caseIds]);
  return sheets;
}
