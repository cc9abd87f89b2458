// The working draft in PostgreSQL (migration 0002's `case_draft`), as in the SQLite store. A
// hall's counters keep their drafts on the counter (the hall server does not offer these calls);
// this is here so the store is complete and behaves as SQLite's does.
import type pg from 'pg';
import type { DraftRow, DraftStore } from '../ports.ts';
import { one } from './pool.ts';

const DRAFT_SLOT = 'current';

export class PgDraftRepository implements DraftStore {
  readonly #pool: pg.Pool;
  readonly #now: () => string;

  constructor(pool: pg.Pool, now: () => string = () => new Date().toISOString()) {
    this.#pool = pool;
    this.#now = now;
  }

  async get(): Promise<DraftRow | null> {
    const row = await one<{ case_id: string | null; draft_json: string; updated_at: string }>(
      this.#pool,
      `SELECT case_id, draft_json, updated_at FROM case_draft WHERE slot = $1`,
      [DRAFT_SLOT],
    );
    return row ? { caseId: row.case_id, form: JSON.parse(row.draft_json), updatedAt: row.updated_at } : null;
  }

  async save(caseId: string | null, form: unknown): Promise<{ updatedAt: string }> {
    const now = this.#now();
    await one(
      this.#pool,
      `INSERT INTO case_draft (slot, case_id, draft_json, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (slot) DO UPDATE SET case_id = excluded.case_id, draft_json = excluded.draft_json, updated_at = excluded.updated_at`,
      [DRAFT_SLOT, caseId, JSON.stringify(form), now],
    );
    return { updatedAt: now };
  }

  async clear(): Promise<void> {
    await one(this.#pool, `DELETE FROM case_draft WHERE slot = $1`, [DRAFT_SLOT]);
  }
}
