// Saved cases, written once for both databases (issue 23, item 1): saving with a version, the
// recycle bin (migration 0011; issue 22, finding 18), purging, erasure, 已缴 marks and the
// reads every backend answers alike, as units of work over the small query interface of
// sql.ts. The SQLite store (cases.ts) and the hall's PostgreSQL store (pg/cases.ts) add only
// what differs: how the case list is searched, the impact preview's walk, and what follows an
// erasure. Deleting a case takes its sheets and print records with it.
import { randomUUID } from 'node:crypto';
import type { CaseFile } from '../core/case.ts';
import { normalizeIdNumber } from '../core/idcard.ts';
import {
  BIN_COLUMNS,
  BIN_FORGETS,
  CASE_COLUMNS,
  caseParams,
  nextVersion,
  placeholders,
  savedRecord,
  saveStamp,
  toCaseRow,
  type CaseRecord,
} from './case-records.ts';
import { eraseClientWork } from './erasure.ts';
import type {
  BinRecord,
  CaseRow,
  CaseSaveOptions,
  CaseSaveRecord,
  CaseScanFilter,
  CaseScanStep,
  CaseStore,
  CaseWriter,
  ClientErasure,
  DeletedCase,
  PaymentMark,
} from './ports.ts';
import { column, one, rows, run, type Dialect, type Runner, type Work } from './sql.ts';

/** Where two deployments differ in what a save means (not in SQL). */
export interface SaveRules {
  /** A save must name the version it started from (a hall's many counters); else naming none overwrites. */
  versionRequired: boolean;
  /**
   * What a save's stamp is later than: every saved case (one counter: "latest first" is the order
   * of saving, even within one millisecond), or only the case's own last save (a hall: a stamp that
   * read every case would need a hall-wide lock, issue 22; the order is that of the savers' clocks).
   */
  stampAfter: 'every-case' | 'own-save';
}

type SaveReceipt = { id: string; updatedAt: string; version: number };

const SELECT_BINNED = `SELECT key, sheets, ${BIN_COLUMNS.map((c) => (c === 'case_id' ? 'case_id AS id' : c)).join(', ')} FROM case_bin`;

export abstract class SharedCaseRepository implements CaseStore {
  protected readonly runner: Runner;
  protected readonly now: () => string;
  readonly #rules: SaveRules;

  constructor(runner: Runner, rules: SaveRules, now: () => string = () => new Date().toISOString()) {
    this.runner = runner;
    this.#rules = rules;
    this.now = now;
  }

  protected get dialect(): Dialect {
    return this.runner.dialect;
  }

  abstract list(query?: { text?: string; limit?: number }): Promise<CaseRow[]>;
  abstract scan(filter: CaseScanFilter, afterKey: number, walk: number): Promise<CaseScanStep>;

  /** Cases a query selects (`SELECT * FROM case_record …`), as the services see them. */
  protected async cases(sql: string, ...params: unknown[]): Promise<CaseRow[]> {
    return (await this.runner.read(() => rows<CaseRecord>(sql, ...params))).map(toCaseRow);
  }

  save(input: CaseFile, id?: string | null, options: CaseSaveOptions = {}): Promise<SaveReceipt | null> {
    return this.runner.write(() => this.#save(input, id ?? null, options));
  }

  /** The time a write of a case is stamped with (SaveRules.stampAfter); `own`: the case's last stamp, null for a new case. */
  *#stamp(own: string | null): Work<string> {
    if (this.#rules.stampAfter === 'own-save') return saveStamp(this.now(), own);
    const newest = yield* one<{ at: string | null }>(`SELECT max(updated_at) AS at FROM case_record`);
    return saveStamp(this.now(), newest?.at ?? null);
  }

  *#save(input: CaseFile, id: string | null, options: CaseSaveOptions): Work<SaveReceipt | null> {
    const by = options.by ?? null;
    if (!id) {
      const at = yield* this.#stamp(null);
      const record = savedRecord(input, { id: randomUUID(), createdAt: at, updatedAt: at, version: 1, by });
      yield* run(`INSERT INTO case_record (${CASE_COLUMNS.join(', ')}) VALUES (${placeholders(CASE_COLUMNS)})`, ...caseParams(record));
      return { id: record.id, updatedAt: at, version: 1 };
    }
    // A hall locks only this case's row (issue 22: one hall-wide lock let one stopped instance stop every save).
    const current = yield* one<CaseRecord>(`SELECT * FROM case_record WHERE id = $1${this.dialect.forUpdate}`, id);
    if (!current) return null;
    const version = nextVersion(current, options.expectedVersion ?? null, this.#rules.versionRequired);
    const at = yield* this.#stamp(current.updated_at);
    const record = savedRecord(input, { id, createdAt: current.created_at, updatedAt: at, version, by });
    const assignments = CASE_COLUMNS.map((c, i) => `${c} = $${i + 1}`).filter((_, i) => CASE_COLUMNS[i] !== 'id');
    yield* run(`UPDATE case_record SET ${assignments.join(', ')} WHERE id = $1`, ...caseParams(record));
    return { id, updatedAt: at, version };
  }

  async get(id: string): Promise<CaseRow | null> {
    return (await this.cases(`SELECT * FROM case_record WHERE id = $1`, id))[0] ?? null;
  }

  /** A clerk's deletion: the case moves to the recycle bin with the numbers of its sheets. */
  delete(id: string, by: CaseWriter | null = null): Promise<boolean> {
    return this.runner.write(() => this.#moveToBin(id, by));
  }

  *#moveToBin(id: string, by: CaseWriter | null): Work<boolean> {
    const d = this.dialect;
    const current = yield* one<CaseRecord>(`SELECT * FROM case_record WHERE id = $1${d.forUpdate}`, id);
    if (!current) return false;
    const sheets = yield* column<string>(`SELECT number FROM sheet WHERE case_id = $1 ORDER BY number`, id);
    const moved = [...BIN_COLUMNS, 'sheets', 'deleted_at', 'deleted_by', 'deleted_counter'];
    yield* run(
      `INSERT INTO case_bin (${moved.join(', ')}) VALUES (${placeholders(moved)})`,
      ...caseParams(current),
      JSON.stringify(sheets),
      this.now(),
      by?.clerk ?? null,
      by?.counter ?? null,
    );
    yield* run(`DELETE FROM case_record WHERE id = $1`, id);
    return true;
  }

  async deleted(limit: number): Promise<DeletedCase[]> {
    return this.runner.read(() =>
      rows<DeletedCase>(
        `SELECT case_id AS id, person_name AS "personName", id_number AS "idNumber", region, updated_at AS "updatedAt", version,
                deleted_at AS "deletedAt", deleted_by AS "deletedBy", deleted_counter AS "deletedCounter"
         FROM case_bin WHERE restored_at IS NULL ORDER BY deleted_at DESC, key DESC LIMIT $1`,
        limit,
      ),
    );
  }

  restore(id: string, by: CaseWriter | null = null): Promise<CaseRow | null> {
    return this.runner.write(() => this.#restore(id, by));
  }

  *#restore(id: string, by: CaseWriter | null): Work<CaseRow | null> {
    const d = this.dialect;
    const binned = yield* one<CaseRecord & { key: unknown; sheets: string }>(
      `${SELECT_BINNED} WHERE case_id = $1 AND restored_at IS NULL ORDER BY key DESC LIMIT 1${d.forUpdate}`,
      id,
    );
    if (!binned) return null;
    // A restore touches the case: stamped now (same version), so retention counts its days
    // from the restore, not from its last save before it was deleted (it would be purged at once).
    const restored = { ...binned, updated_at: yield* this.#stamp(binned.updated_at) };
    yield* run(`INSERT INTO case_record (${CASE_COLUMNS.join(', ')}) VALUES (${placeholders(CASE_COLUMNS)})`, ...caseParams(restored));
    yield* run(`UPDATE sheet SET case_id = $1 WHERE case_id IS NULL AND ${d.inList('number', '$2')}`, id, JSON.parse(binned.sheets));
    yield* run(
      `UPDATE case_bin SET restored_at = $2, restored_by = $3, restored_counter = $4,
         ${BIN_FORGETS.map((c) => `${c} = NULL`).join(', ')}, sheets = '[]' WHERE key = $1`,
      binned.key,
      this.now(),
      by?.clerk ?? null,
      by?.counter ?? null,
    );
    return toCaseRow(restored);
  }

  async binHistory(id: string): Promise<BinRecord[]> {
    return this.runner.read(() =>
      rows<BinRecord>(
        `SELECT deleted_at AS "deletedAt", deleted_by AS "deletedBy", deleted_counter AS "deletedCounter",
                restored_at AS "restoredAt", restored_by AS "restoredBy", restored_counter AS "restoredCounter"
         FROM case_bin WHERE case_id = $1 ORDER BY key`,
        id,
      ),
    );
  }

  async latest(limit: number): Promise<CaseRow[]> {
    return this.cases(`SELECT * FROM case_record ORDER BY updated_at DESC LIMIT $1`, limit);
  }

  async byIdNumber(idNumber: string): Promise<CaseRow[]> {
    return this.cases(`SELECT * FROM case_record WHERE id_number = $1 ORDER BY updated_at`, normalizeIdNumber(idNumber));
  }

  async count(): Promise<number> {
    return Number((await this.runner.read(() => one<{ n: unknown }>(`SELECT count(*) AS n FROM case_search`)))?.n ?? 0);
  }

  purgeOlderThan(before: string): Promise<number> {
    const d = this.dialect;
    return this.runner.write(function* (): Work<number> {
      const ids = yield* column<string>(`SELECT id FROM case_record WHERE updated_at < $1${d.forUpdate}`, before);
      yield* run(`DELETE FROM payment_mark WHERE ${d.inList('case_id', '$1')}`, ids);
      yield* run(`DELETE FROM print_event WHERE sheet_number IN (SELECT number FROM sheet WHERE ${d.inList('case_id', '$1')})`, ids);
      yield* run(`DELETE FROM sheet WHERE ${d.inList('case_id', '$1')}`, ids);
      yield* run(`DELETE FROM case_record WHERE ${d.inList('id', '$1')}`, ids);
      // Cases waiting in the recycle bin are held no longer than saved ones, with the sheets they had.
      const binned = yield* rows<{ key: unknown; sheets: string }>(
        `SELECT key, sheets FROM case_bin WHERE restored_at IS NULL AND updated_at < $1${d.forUpdate}`,
        before,
      );
      const numbers = binned.flatMap((r) => JSON.parse(r.sheets) as string[]);
      const unlinked = `case_id IS NULL AND ${d.inList('number', '$1')}`;
      yield* run(`DELETE FROM print_event WHERE sheet_number IN (SELECT number FROM sheet WHERE ${unlinked})`, numbers);
      yield* run(`DELETE FROM sheet WHERE ${unlinked}`, numbers);
      yield* run(
        `DELETE FROM case_bin WHERE ${d.inList('key', '$1')}`,
        binned.map((r) => r.key),
      );
      // As at an erasure: SQLite's name index keeps deleted names' pieces until it is rewritten.
      if (d.name === 'sqlite' && ids.length) yield* run(`INSERT INTO case_name_fts (case_name_fts) VALUES ('optimize')`);
      return ids.length + binned.length;
    });
  }

  async deleteClient(idNumber: string): Promise<ClientErasure> {
    const erased = await this.runner.write(() => eraseClientWork(this.dialect, idNumber));
    await this.afterErasure();
    return erased;
  }

  /** What a database does once an erasure is committed (SQLite empties its WAL). */
  protected async afterErasure(): Promise<void> {}

  async setPaymentMark(mark: PaymentMark): Promise<boolean> {
    const changed = await this.runner.write(() =>
      run(
        `INSERT INTO payment_mark (case_id, case_version, sheet_number, marked_at, marked_by, marked_counter)
         SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM case_record WHERE id = $1)
         ON CONFLICT (case_id) DO UPDATE SET case_version = excluded.case_version, sheet_number = excluded.sheet_number,
           marked_at = excluded.marked_at, marked_by = excluded.marked_by, marked_counter = excluded.marked_counter`,
        mark.caseId,
        mark.caseVersion,
        mark.sheetNumber,
        mark.markedAt,
        mark.markedBy,
        mark.markedCounter,
      ),
    );
    return changed > 0;
  }

  async clearPaymentMark(caseId: string): Promise<boolean> {
    return (await this.runner.write(() => run(`DELETE FROM payment_mark WHERE case_id = $1`, caseId))) > 0;
  }

  async paymentMarks(): Promise<PaymentMark[]> {
    return this.runner.read(() =>
      rows<PaymentMark>(
        `SELECT case_id AS "caseId", case_version AS "caseVersion", sheet_number AS "sheetNumber", marked_at AS "markedAt",
                marked_by AS "markedBy", marked_counter AS "markedCounter" FROM payment_mark`,
      ),
    );
  }

  async savedBetween(from: string, to: string): Promise<CaseSaveRecord[]> {
    return this.runner.read(() =>
      rows<CaseSaveRecord>(
        `SELECT id, updated_at AS "updatedAt", saved_by AS "savedBy", saved_counter AS "savedCounter" FROM case_record
         WHERE updated_at >= $1 AND updated_at < $2 ORDER BY updated_at, id`,
        from,
        to,
      ),
    );
  }
}
