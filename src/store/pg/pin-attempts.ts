// Administrator PIN attempts in PostgreSQL (migration 0007's `pin_attempt`), per scope: the same
// guarantee as the SQLite store (pin-attempts.ts). `begin` reads the row under a lock (the row
// itself, or an advisory lock while it does not exist yet) and counts the attempt before the
// PIN is checked, so tries sent in parallel from several counters cannot slip past the count.
import type pg from 'pg';
import type { PinAttemptStart, PinAttemptState, PinAttemptStore } from '../ports.ts';
import { inTransaction, one } from './pool.ts';

export class PgPinAttemptRepository implements PinAttemptStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async begin(scope: string, now: string, blockedUntil: (state: PinAttemptState) => string | null): Promise<PinAttemptStart> {
    return inTransaction(this.#pool, async (db) => {
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('yibao.pin_attempt:' || $1))`, [scope]);
      const row = await one<{ failures: number; last_failure_at: string | null }>(
        db,
        `SELECT failures, last_failure_at FROM pin_attempt WHERE scope = $1`,
        [scope],
      );
      const state: PinAttemptState = { failures: row?.failures ?? 0, lastFailureAt: row?.last_failure_at ?? null };
      const until = blockedUntil(state);
      if (until !== null && until > now) return { allowed: false, until, state };
      const counted: PinAttemptState = { failures: state.failures + 1, lastFailureAt: now };
      await db.query(
        `INSERT INTO pin_attempt (scope, failures, last_failure_at) VALUES ($1, $2, $3)
         ON CONFLICT (scope) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at`,
        [scope, counted.failures, counted.lastFailureAt],
      );
      return { allowed: true as const, state: counted };
    });
  }

  async succeeded(scope: string): Promise<void> {
    await one(this.#pool, `DELETE FROM pin_attempt WHERE scope = $1`, [scope]);
  }
}
