// Saved cases (migration 0002's `case_record`): the validated case file plus the fields
// the case list searches on. ID numbers are stored normalised (trimmed, upper-case X), so a
// lookup or an erasure finds them however they were typed. Deleting a case takes its sheets
// and print records with it; erasing a client takes every row that names them (issue 12).
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { CaseFile } from '../core/case.ts';
import { maskIdNumber, normalizeIdNumber } from '../core/idcard.ts';
import { Connection, dbOf, retryBusy, type DbSource } from './connection.ts';
import { clearDraft, readDraft } from './drafts.ts';
import { CaseConflictError } from './errors.ts';
import type {
  CaseRow,
  CaseSaveOptions,
  CaseSaveRecord,
  CaseScanFilter,
  CaseScanStep,
  CaseScanRow,
  BinRecord,
  CaseStore,
  CaseWriter,
  ClientErasure,
  DeletedCase,
  PaymentMark,
} from './ports.ts';
import { clientKey, draftIdNumber, draftName, normalizedCase } from './client-data.ts';
import { CASE_QUERIES, searchCases, type CaseRecord } from './case-search.ts';

export { CASE_QUERIES, nameMatch, nextPrefix } from './case-search.ts';

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

/** The columns of case_record, for a named-parameter insert. */
const caseColumns = ({ key: _key, sheets: _sheets, ...columns }: CaseRecord & { key: number; sheets: string }): CaseRecord => columns;

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
    // Immediate: the stamp is read and the row written under one write lock (a deferred
    // transaction would fail at once if another process wrote in between).
    return retryBusy(() => this.#db.transaction(() => this.#saveNow(caseFile, id, options)).immediate());
  }

  #saveNow(
    input: CaseFile,
    id: string | null | undefined,
    options: CaseSaveOptions,
  ): { id: string; updatedAt: string; version: number } | null {
    const now = this.#saveStamp();
    const { caseFile, idNumber } = normalizedCase(input);
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

  // The recycle bin (migration 0011; issue 22, finding 18): a clerk's deletion is a move there.
  async delete(id: string, by: CaseWriter | null = null): Promise<boolean> {
    return retryBusy(() =>
      this.#db
        .transaction(() => {
          const moved = this.#db
            .prepare(
              `INSERT INTO case_bin (case_id, person_name, id_number, region, case_json, created_at, updated_at, version, saved_by,
                 saved_counter, sheets, deleted_at, deleted_by, deleted_counter)
               SELECT id, person_name, id_number, region, case_json, created_at, updated_at, version, saved_by, saved_counter,
                 (SELECT json_group_array(number) FROM (SELECT number FROM sheet WHERE case_id = @id ORDER BY number)),
                 @at, @clerk, @counter
               FROM case_record WHERE id = @id`,
            )
            .run({ id, at: this.#now(), clerk: by?.clerk ?? null, counter: by?.counter ?? null }).changes;
          if (moved === 0) return false;
          this.#db.prepare(`DELETE FROM case_record WHERE id = ?`).run(id);
          return true;
        })
        .immediate(),
    );
  }

  async deleted(limit: number): Promise<DeletedCase[]> {
    return this.#db
      .prepare(
        `SELECT case_id AS id, person_name AS personName, id_number AS idNumber, region, updated_at AS updatedAt, version,
                deleted_at AS deletedAt, deleted_by AS deletedBy, deleted_counter AS deletedCounter
         FROM case_bin WHERE restored_at IS NULL ORDER BY deleted_at DESC, key DESC LIMIT ?`,
      )
      .all(limit) as DeletedCase[];
  }

  async restore(id: string, by: CaseWriter | null = null): Promise<CaseRow | null> {
    return retryBusy(() =>
      this.#db
        .transaction((): CaseRow | null => {
          const binned = this.#db
            .prepare(
              `SELECT key, case_id AS id, person_name, id_number, region, case_json, created_at, updated_at, version, saved_by,
                      saved_counter, sheets
               FROM case_bin WHERE case_id = ? AND restored_at IS NULL ORDER BY key DESC LIMIT 1`,
            )
            .get(id) as (CaseRecord & { key: number; sheets: string }) | undefined;
          if (!binned) return null;
          // A restore touches the case: stamped now (same version), so retention counts its days
          // from the restore, not from its last save before it was deleted (it would be purged at once).
          const restored = { ...binned, updated_at: this.#saveStamp() };
          this.#db
            .prepare(
              `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at, version, saved_by, saved_counter)
               VALUES (@id, @person_name, @id_number, @region, @case_json, @created_at, @updated_at, @version, @saved_by, @saved_counter)`,
            )
            .run(caseColumns(restored));
          this.#db
            .prepare(`UPDATE sheet SET case_id = ? WHERE case_id IS NULL AND number IN (SELECT value FROM json_each(?))`)
            .run(id, binned.sheets);
          this.#db
            .prepare(
              `UPDATE case_bin SET restored_at = ?, restored_by = ?, restored_counter = ?,
                 person_name = NULL, id_number = NULL, region = NULL, case_json = NULL, sheets = '[]' WHERE key = ?`,
            )
            .run(this.#now(), by?.clerk ?? null, by?.counter ?? null, binned.key);
          return toCaseRow(restored);
        })
        .immediate(),
    );
  }

  async binHistory(id: string): Promise<BinRecord[]> {
    return this.#db
      .prepare(
        `SELECT deleted_at AS deletedAt, deleted_by AS deletedBy, deleted_counter AS deletedCounter,
                restored_at AS restoredAt, restored_by AS restoredBy, restored_counter AS restoredCounter
         FROM case_bin WHERE case_id = ? ORDER BY key`,
      )
      .all(id) as BinRecord[];
  }

  async list(query: { text?: string; limit?: number } = {}): Promise<CaseRow[]> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const text = (query.text ?? '').trim();
    if (!text) return this.latest(limit);
    // A file database is searched in a thread of its own (issue 14), so a save is not kept waiting.
    const thread = this.#source instanceof Connection ? this.#source.searchThread() : null;
    if (thread) {
      const found = await thread.search(text, limit).catch(() => null);
      if (found) {
        this.lastSearchIn = 'thread';
        return found.map(toCaseRow);
      }
    }
    this.lastSearchIn = 'here';
    return searchCases(this.#db, text, limit).map(toCaseRow);
  }

  /** Where the last search ran: its own thread (a file database), or here (in memory, or the thread failed). */
  lastSearchIn: 'thread' | 'here' | null = null;

  async count(): Promise<number> {
    return Number(this.#db.prepare(`SELECT count(*) FROM case_search`).pluck().get());
  }

  async scan(filter: CaseScanFilter, afterKey: number, walk: number): Promise<CaseScanStep> {
    const lastKey = this.#db
      .prepare(`SELECT max(key) FROM (SELECT key FROM case_search WHERE key > ? ORDER BY key LIMIT ?)`)
      .pluck()
      .get(afterKey, walk);
    if (typeof lastKey !== 'number') return { rows: [], walked: 0, lastKey: null };
    const walked = Number(this.#db.prepare(`SELECT count(*) FROM case_search WHERE key > ? AND key <= ?`).pluck().get(afterKey, lastKey));
    const rows = this.#db
      .prepare(
        `SELECT s.key, c.id, c.person_name AS personName, c.id_number AS idNumber, c.case_json AS caseJson
         FROM case_search AS s JOIN case_record AS c ON c.id = s.case_id
         WHERE s.key > ? AND s.key <= ?
           AND (? IS NULL OR s.reads_from IS NULL OR s.reads_from <= ?)
           AND (? IS NULL OR EXISTS (SELECT 1 FROM case_region AS r WHERE r.case_key = s.key AND r.region IN (SELECT value FROM json_each(?))))
         ORDER BY s.key`,
      )
      .all(
        afterKey,
        lastKey,
        filter.readsBy,
        filter.readsBy,
        filter.regions && 1,
        filter.regions && JSON.stringify(filter.regions),
      ) as CaseScanRow[];
    return { rows, walked, lastKey };
  }

  async latest(limit: number): Promise<CaseRow[]> {
    return this.#rows(CASE_QUERIES.latest, limit);
  }

  async byIdNumber(idNumber: string): Promise<CaseRow[]> {
    return this.#rows(`SELECT * FROM case_record WHERE id_number = ? ORDER BY updated_at`, normalizeIdNumber(idNumber));
  }

  async purgeOlderThan(before: string): Promise<number> {
    return retryBusy(() =>
      this.#db
        .transaction(() => {
          const ids = this.#strings(`SELECT id FROM case_record WHERE updated_at < ?`, before);
          for (const id of ids) this.#deleteWithSheets(id);
          // Cases waiting in the recycle bin are held no longer than saved ones, with the sheets they had.
          const binned = this.#db
            .prepare(`SELECT key, sheets FROM case_bin WHERE restored_at IS NULL AND updated_at < ?`)
            .all(before) as Array<{ key: number; sheets: string }>;
          for (const { key, sheets } of binned) {
            const numbers = this.#strings(
              `SELECT number FROM sheet WHERE case_id IS NULL AND number IN (SELECT value FROM json_each(?))`,
              sheets,
            );
            for (const n of numbers) this.#db.prepare(`DELETE FROM print_event WHERE sheet_number = ?`).run(n);
            for (const n of numbers) this.#db.prepare(`DELETE FROM sheet WHERE number = ?`).run(n);
            this.#db.prepare(`DELETE FROM case_bin WHERE key = ?`).run(key);
          }
          // As at an erasure: the name index keeps deleted names' pieces until it is rewritten.
          if (ids.length) this.#db.prepare(`INSERT INTO case_name_fts (case_name_fts) VALUES ('optimize')`).run();
          return ids.length + binned.length;
        })
        .immediate(),
    );
  }

  async deleteClient(idNumber: string): Promise<ClientErasure> {
    const result = await retryBusy(() => this.#db.transaction(() => eraseClient(this.#db, idNumber)).immediate());
    // The deleted rows were overwritten in place (secure_delete); the WAL still holds the pages
    // as they were until a checkpoint copies the new ones into the file and empties it.
    await checkpointTruncate(this.#db);
    return result;
  }

  #strings(sql: string, ...params: unknown[]): string[] {
    return this.#db
      .prepare(sql)
      .pluck()
      .all(...params)
      .filter((id): id is string => typeof id === 'string');
  }

  async setPaymentMark(mark: PaymentMark): Promise<boolean> {
    return retryBusy(
      () =>
        this.#db
          .prepare(
            `INSERT INTO payment_mark (case_id, case_version, sheet_number, marked_at, marked_by, marked_counter)
             SELECT @caseId, @caseVersion, @sheetNumber, @markedAt, @markedBy, @markedCounter WHERE EXISTS (SELECT 1 FROM case_record WHERE id = @caseId)
             ON CONFLICT (case_id) DO UPDATE SET case_version = excluded.case_version, sheet_number = excluded.sheet_number,
               marked_at = excluded.marked_at, marked_by = excluded.marked_by, marked_counter = excluded.marked_counter`,
          )
          .run(mark).changes > 0,
    );
  }

  async clearPaymentMark(caseId: string): Promise<boolean> {
    return retryBusy(() => this.#db.prepare(`DELETE FROM payment_mark WHERE case_id = ?`).run(caseId).changes > 0);
  }

  async paymentMarks(): Promise<PaymentMark[]> {
    return this.#db
      .prepare(
        `SELECT case_id AS caseId, case_version AS caseVersion, sheet_number AS sheetNumber, marked_at AS markedAt,
                marked_by AS markedBy, marked_counter AS markedCounter FROM payment_mark`,
      )
      .all() as PaymentMark[];
  }

  #deleteWithSheets(caseId: string): number {
    this.#db.prepare(`DELETE FROM payment_mark WHERE case_id = ?`).run(caseId);
    const numbers = this.#strings(`SELECT number FROM sheet WHERE case_id = ?`, caseId);
    for (const n of numbers) this.#db.prepare(`DELETE FROM print_event WHERE sheet_number = ?`).run(n);
    this.#db.prepare(`DELETE FROM sheet WHERE case_id = ?`).run(caseId);
    this.#db.prepare(`DELETE FROM case_record WHERE id = ?`).run(caseId);
    return numbers.length;
  }

  async savedBetween(from: string, to: string): Promise<CaseSaveRecord[]> {
    const found = this.#db
      .prepare(
        `SELECT id, updated_at, saved_by, saved_counter FROM case_record WHERE updated_at >= ? AND updated_at < ? ORDER BY updated_at, id`,
      )
      .all(from, to) as Array<{ id: string; updated_at: string; saved_by: string | null; saved_counter: string | null }>;
    return found.map((r) => ({ id: r.id, updatedAt: r.updated_at, savedBy: r.saved_by, savedCounter: r.saved_counter }));
  }
}

/**
 * Deletes every row that names one client, inside the caller's transaction: their saved cases,
 * the sheets of those cases, every sheet issued for their ID number (also before the case was
 * saved, or left by a deleted case), the print records of those sheets, and the draft about
 * them. Sheets stored before migration 0007 carry no key of their client; such a sheet without
 * a case is found by the masked ID number and a name of the client in its snapshot.
 * Works on any database of schema 3 or later (a backup too).
 */
export function eraseClient(db: Database.Database, rawIdNumber: string): ClientErasure {
  const idNumber = normalizeIdNumber(rawIdNumber);
  const strings = (sql: string, ...params: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .all(...params)
      .filter((v): v is string => typeof v === 'string');
  const tables = new Set(strings(`SELECT name FROM sqlite_schema WHERE type = 'table'`));
  if (!tables.has('case_record')) return { cases: 0, sheets: 0, draft: false };
  const hasSheets = tables.has('sheet') && tables.has('print_event');
  const hasClientKey = hasSheets && strings(`SELECT name FROM pragma_table_info('sheet')`).includes('client_key');
  // From migration 0007 on (sheets carry client_key), stored ID numbers are normalised (indexed lookup); an older file (a backup)
  // may hold one with spaces around it or a lower-case x.
  const sameId = hasClientKey ? 'id_number = ?' : `upper(trim(id_number, ' ' || char(9, 10, 11, 12, 13, 160, 12288, 65279))) = ?`;
  const caseIds = strings(`SELECT id FROM case_record WHERE ${sameId}`, idNumber);
  const names = new Set(strings(`SELECT DISTINCT person_name FROM case_record WHERE ${sameId}`, idNumber));
  // Their cases waiting in the recycle bin (migration 0011) are erased too: an erasure is never a move to the bin.
  const binned = tables.has('case_bin')
    ? (db.prepare(`SELECT key, case_id, person_name, sheets FROM case_bin WHERE id_number = ?`).all(idNumber) as Array<{
        key: number;
        case_id: string;
        person_name: string;
        sheets: string;
      }>)
    : [];
  for (const b of binned) names.add(b.person_name);
  const draft = tables.has('case_draft') ? readDraft(db) : null;
  const draftAboutThem =
    draft !== null &&
    (draftIdNumber(draft.form) === idNumber ||
      (draft.caseId !== null && (caseIds.includes(draft.caseId) || binned.some((b) => b.case_id === draft.caseId))));
  const typedName = draftAboutThem ? draftName(draft.form) : null;
  if (typedName) names.add(typedName);

  const sheets = new Set<string>();
  if (hasSheets) {
    for (const id of caseIds) for (const n of strings(`SELECT number FROM sheet WHERE case_id = ?`, id)) sheets.add(n);
    if (hasClientKey) for (const n of strings(`SELECT number FROM sheet WHERE client_key = ?`, clientKey(idNumber))) sheets.add(n);
    const legacy = db
      .prepare(
        `SELECT number, json_extract(snapshot_json, '$.client.name') AS name FROM sheet
         WHERE json_extract(snapshot_json, '$.client.idMasked') = ? ${hasClientKey ? 'AND client_key IS NULL' : ''}`,
      )
      .all(maskIdNumber(idNumber)) as Array<{ number: string; name: unknown }>;
    for (const row of legacy) if (typeof row.name === 'string' && names.has(row.name)) sheets.add(row.number);
    for (const b of binned) for (const n of JSON.parse(b.sheets) as string[]) sheets.add(n);
    const deletePrints = db.prepare(`DELETE FROM print_event WHERE sheet_number = ?`);
    const deleteSheet = db.prepare(`DELETE FROM sheet WHERE number = ?`);
    for (const number of sheets) {
      deletePrints.run(number);
      deleteSheet.run(number);
    }
  }
  // 已缴 marks (migration 0010) go with the case; a backup's connection does not enforce the cascade.
  if (tables.has('payment_mark')) for (const id of caseIds) db.prepare(`DELETE FROM payment_mark WHERE case_id = ?`).run(id);
  const cases = db.prepare(`DELETE FROM case_record WHERE ${sameId}`).run(idNumber).changes + binned.length;
  for (const b of binned) db.prepare(`DELETE FROM case_bin WHERE key = ?`).run(b.key);
  // The name index (migration 0009) only marks deleted entries: rewriting it drops their pieces.
  if (cases > 0 && tables.has('case_name_fts')) db.prepare(`INSERT INTO case_name_fts (case_name_fts) VALUES ('optimize')`).run();
  if (draftAboutThem) clearDraft(db);
  return { cases, sheets: sheets.size, draft: draftAboutThem };
}

/**
 * Copies every page of the WAL into the file and empties the WAL (PRAGMA wal_checkpoint(TRUNCATE)),
 * waiting for readers of other processes to finish first (they answer "busy" meanwhile).
 */
export async function checkpointTruncate(db: Database.Database): Promise<void> {
  if (db.memory) return;
  await retryBusy(() => {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (result?.busy) throw Object.assign(new Error('checkpoint busy'), { code: 'SQLITE_BUSY' });
  });
}
