// Saved cases in the embedded SQLite file (migration 0002's `case_record`): the shared logic of
// case-repository.ts (saving with a version, the recycle bin, purging, erasure, 已缴 marks) run
// on SQLite, plus what is SQLite's own — the case list searched from its indexes in a thread of
// its own (case-search.ts, issue 14), the impact preview's walk, and emptying the WAL after an
// erasure. One counter writes here: a save is stamped later than every saved case, so "latest
// first" is the order the clerk saved in, and a save that names no version overwrites.
import type Database from 'better-sqlite3';
import { SharedCaseRepository } from './case-repository.ts';
import { toCaseRow } from './case-records.ts';
import { Connection, dbOf, retryBusy, sqliteRunner, type DbSource } from './connection.ts';
import type { CaseRow, CaseScanFilter, CaseScanRow, CaseScanStep } from './ports.ts';
import { searchCases } from './case-search.ts';

export { CASE_QUERIES, nameMatch, nextPrefix } from './case-search.ts';
export { eraseClient } from './erasure.ts';

export class CaseRepository extends SharedCaseRepository {
  readonly #source: DbSource;

  constructor(source: DbSource, now?: () => string) {
    super(sqliteRunner(source), { versionRequired: false, stampAfter: 'every-case' }, now);
    this.#source = source;
  }

  get #db(): Database.Database {
    return dbOf(this.#source);
  }

  override async list(query: { text?: string; limit?: number } = {}): Promise<CaseRow[]> {
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

  override async scan(filter: CaseScanFilter, afterKey: number, walk: number): Promise<CaseScanStep> {
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

  // The deleted rows were overwritten in place (secure_delete); the WAL still holds the pages
  // as they were until a checkpoint copies the new ones into the file and empties it.
  protected override async afterErasure(): Promise<void> {
    await checkpointTruncate(this.#db);
  }
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
