// The working draft (migration 0002's `case_draft`): exactly what the clerk typed, valid or
// not, saved on every change so a crash or power cut loses nothing. One slot per window.
import type Database from 'better-sqlite3';
import { dbOf, retryBusy, type DbSource } from './connection.ts';
import type { DraftRow, DraftStore } from './ports.ts';

const DRAFT_SLOT = 'current';

interface DraftRecord {
  case_id: string | null;
  draft_json: string;
  updated_at: string;
}

/** The draft, read inside whatever transaction the caller runs (a client's erasure clears it too). */
export function readDraft(db: Database.Database): DraftRow | null {
  const row = db.prepare(`SELECT case_id, draft_json, updated_at FROM case_draft WHERE slot = ?`).get(DRAFT_SLOT) as
    DraftRecord | undefined;
  return row ? { caseId: row.case_id, form: JSON.parse(row.draft_json), updatedAt: row.updated_at } : null;
}

export function clearDraft(db: Database.Database): void {
  db.prepare(`DELETE FROM case_draft WHERE slot = ?`).run(DRAFT_SLOT);
}

export class DraftRepository implements DraftStore {
  readonly #source: DbSource;
  readonly #now: () => string;

  constructor(source: DbSource, now: () => string = () => new Date().toISOString()) {
    this.#source = source;
    this.#now = now;
  }

  async get(): Promise<DraftRow | null> {
    return readDraft(dbOf(this.#source));
  }

  async save(caseId: string | null, form: unknown): Promise<{ updatedAt: string }> {
    const now = this.#now();
    const json = JSON.stringify(form);
    await retryBusy(() =>
      dbOf(this.#source)
        .prepare(
          `INSERT INTO case_draft (slot, case_id, draft_json, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (slot) DO UPDATE SET case_id = excluded.case_id, draft_json = excluded.draft_json, updated_at = excluded.updated_at`,
        )
        .run(DRAFT_SLOT, caseId, json, now),
    );
    return { updatedAt: now };
  }

  async clear(): Promise<void> {
    await retryBusy(() => clearDraft(dbOf(this.#source)));
  }
}
