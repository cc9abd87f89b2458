// Administrator PIN attempts (migration 0007's `pin_attempt`), per scope, kept in the database
// so a restart does not reset them. `begin` is atomic (one immediate transaction): it refuses
// while the scope must wait, and otherwise counts the attempt as a failure before the PIN is
// even checked, so tries sent in parallel cannot slip past the count; a right PIN then clears it.
import type Database from 'better-sqlite3';
import { dbOf, retryBusy, type DbSource } from './connection.ts';
import type { PinAttemptStart, PinAttemptState, PinAttemptStore } from './ports.ts';

interface AttemptRecord {
  failures: number;
  last_failure_at: string | null;
}

export class PinAttemptRepository implements PinAttemptStore {
  readonly #source: DbSource;

  constructor(source: DbSource) {
    this.#source = source;
  }

  get #db(): Database.Database {
    return dbOf(this.#source);
  }

  async begin(scope: string, now: string, blockedUntil: (state: PinAttemptState) => string | null): Promise<PinAttemptStart> {
    const db = this.#db;
    return retryBusy(() =>
      db
        .transaction((): PinAttemptStart => {
          const row = db.prepare(`SELECT failures, last_failure_at FROM pin_attempt WHERE scope = ?`).get(scope) as
            AttemptRecord | undefined;
          const state: PinAttemptState = { failures: row?.failures ?? 0, lastFailureAt: row?.last_failure_at ?? null };
          const until = blockedUntil(state);
          if (until !== null && until > now) return { allowed: false, until, state };
          const counted: PinAttemptState = { failures: state.failures + 1, lastFailureAt: now };
          db.prepare(
            `INSERT INTO pin_attempt (scope, failures, last_failure_at) VALUES (?, ?, ?)
             ON CONFLICT (scope) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at`,
          ).run(scope, counted.failures, counted.lastFailureAt);
          return { allowed: true, state: counted };
        })
        .immediate(),
    );
  }

  async succeeded(scope: string): Promise<void> {
    await retryBusy(() => this.#db.prepare(`DELETE FROM pin_attempt WHERE scope = ?`).run(scope));
  }
}
