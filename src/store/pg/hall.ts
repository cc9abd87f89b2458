// The service hall's own records in PostgreSQL (db/migrations-hall): accounts, sessions and the
// record of every write. Times are the database server's (now()), so every server instance
// agrees on when a session expires or a lockout ends, whatever its own clock says.
import type pg from 'pg';
import { AccountExistsError } from '../errors.ts';
import { type AccountRecord, type AccountStore, type AttemptScope, type HallRole, type SessionRecord } from '../ports.ts';
import { inTransaction, one, rows } from './pool.ts';

interface AccountRow {
  username: string;
  display_name: string;
  role: HallRole;
  password_hash: string;
  enabled: boolean;
  failed_attempts: number;
  locked_until: Date | null;
  created_at: Date;
  created_by: string;
}

const toAccount = (r: AccountRow): AccountRecord => ({
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  passwordHash: r.password_hash,
  enabled: r.enabled,
  failedAttempts: r.failed_attempts,
  // Already decided by the database's clock (ACCOUNT_SELECT), never this instance's.
  lockedUntil: r.locked_until ? r.locked_until.toISOString() : null,
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by,
});

/** An administrator's reset or unlock: the account's back-off (from every address) starts again. */
const ACCOUNT_THROTTLE_RESET = `UPDATE hall_throttle SET failures = 0, blocked_until = NULL, updated_at = now()
  WHERE scope = 'account:' || $1 OR scope LIKE 'pair:' || $1 || '@%'`;

/** An account with the end of its account-wide back-off (shown as 锁定至 in the accounts list). */
const ACCOUNT_SELECT = `SELECT a.*, CASE WHEN t.blocked_until > now() THEN t.blocked_until END AS locked_until
  FROM hall_account a LEFT JOIN hall_throttle t ON t.scope = 'account:' || a.username`;

export class HallRepository implements AccountStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async createAccount(input: {
    username: string;
    displayName: string;
    role: HallRole;
    passwordHash: string;
    createdBy: string;
  }): Promise<AccountRecord> {
    try {
      const row = await one<AccountRow>(
        this.#pool,
        `INSERT INTO hall_account (username, display_name, role, password_hash, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [input.username, input.displayName, input.role, input.passwordHash, input.createdBy],
      );
      if (!row) throw new Error('hall_account returned no row');
      return toAccount(row);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === '23505') throw new AccountExistsError(input.username);
      throw error;
    }
  }

  async account(username: string): Promise<AccountRecord | null> {
    const row = await one<AccountRow>(this.#pool, `${ACCOUNT_SELECT} WHERE a.username = $1`, [username]);
    return row ? toAccount(row) : null;
  }

  async accounts(): Promise<AccountRecord[]> {
    return (await rows<AccountRow>(this.#pool, `${ACCOUNT_SELECT} ORDER BY a.role DESC, a.username`)).map(toAccount);
  }

  /** A new password: failures and any lock are cleared, and every session of the account ends. */
  async setPassword(username: string, passwordHash: string): Promise<boolean> {
    return inTransaction(this.#pool, async (db) => {
      const changed = await db.query(
        `UPDATE hall_account SET password_hash = $2, failed_attempts = 0, locked_until = NULL, password_set_at = now() WHERE username = $1`,
        [username, passwordHash],
      );
      await db.query(`DELETE FROM hall_session WHERE username = $1`, [username]);
      await db.query(ACCOUNT_THROTTLE_RESET, [username]);
      return changed.rowCount === 1;
    });
  }

  /** Enables or disables an account; disabling ends its sessions at once. Enabling also unlocks it. */
  async setEnabled(username: string, enabled: boolean): Promise<boolean> {
    return inTransaction(this.#pool, async (db) => {
      const changed = await db.query(
        `UPDATE hall_account SET enabled = $2, failed_attempts = CASE WHEN $2 THEN 0 ELSE failed_attempts END,
           locked_until = CASE WHEN $2 THEN NULL ELSE locked_until END WHERE username = $1`,
        [username, enabled],
      );
      if (!enabled) await db.query(`DELETE FROM hall_session WHERE username = $1`, [username]);
      else await db.query(ACCOUNT_THROTTLE_RESET, [username]);
      return changed.rowCount === 1;
    });
  }

  async beginAttempt(scopes: readonly AttemptScope[]): Promise<{ allowed: true } | { allowed: false; until: string }> {
    // Rows are locked in one order, so two attempts over the same scopes never deadlock. The
    // clock is read after the lock is had (clock_timestamp, not the transaction's start).
    const ordered = [...scopes].sort((a, b) => (a.scope < b.scope ? -1 : 1));
    return inTransaction(this.#pool, async (db) => {
      await db.query(`INSERT INTO hall_throttle (scope) SELECT unnest($1::text[]) ON CONFLICT (scope) DO NOTHING`, [
        ordered.map((s) => s.scope),
      ]);
      const found = await rows<{ scope: string; blocked: Date | null }>(
        db,
        `SELECT scope, CASE WHEN blocked_until > clock_timestamp() THEN blocked_until END AS blocked
         FROM hall_throttle WHERE scope = ANY($1) ORDER BY scope FOR UPDATE`,
        [ordered.map((s) => s.scope)],
      );
      const blocked = found.flatMap((r) => (r.blocked ? [r.blocked.getTime()] : []));
      if (blocked.length > 0) return { allowed: false as const, until: new Date(Math.max(...blocked)).toISOString() };
      for (const s of ordered)
        await db.query(
          `UPDATE hall_throttle SET failures = failures + 1, updated_at = clock_timestamp(),
             blocked_until = CASE WHEN failures + 1 > $2
               THEN clock_timestamp() + make_interval(secs => least($3::float8, power(2, least(failures + 1 - $2 - 1, 30))::float8)) END
           WHERE scope = $1`,
          [s.scope, s.free, s.maxWaitSeconds],
        );
      return { allowed: true as const };
    });
  }

  async attemptSucceeded(reset: readonly string[], uncount: readonly string[]): Promise<void> {
    await one(
      this.#pool,
      `UPDATE hall_throttle SET updated_at = now(),
         failures = CASE WHEN scope = ANY($1) THEN 0 ELSE greatest(failures - 1, 0) END,
         blocked_until = CASE WHEN scope = ANY($1) THEN NULL ELSE blocked_until END
       WHERE scope = ANY($1) OR scope = ANY($2)`,
      [[...reset], [...uncount]],
    );
  }

  /** Forgets the throttle rows nobody has touched for a day (unknown names from a flood). */
  async purgeOldAttempts(): Promise<number> {
    return (
      (
        await this.#pool.query(
          `DELETE FROM hall_throttle WHERE updated_at < now() - interval '1 day' AND coalesce(blocked_until, '-infinity') <= now()`,
        )
      ).rowCount ?? 0
    );
  }

  async createSession(input: {
    tokenHash: string;
    username: string;
    counter: string;
    idleMinutes: number;
    maxHours: number;
  }): Promise<SessionRecord> {
    await one(
      this.#pool,
      `INSERT INTO hall_session (token_hash, username, counter, expires_at)
       VALUES ($1, $2, $3, least(now() + make_interval(mins => $4), now() + make_interval(hours => $5)))`,
      [input.tokenHash, input.username, input.counter, input.idleMinutes, input.maxHours],
    );
    const found = await this.session(input.tokenHash, input.idleMinutes, input.maxHours);
    if (!found) throw new Error('session not found after sign-in');
    return found;
  }

  /**
   * The session of a token, if it has not expired and its account is still enabled. Its expiry
   * moves on with use (idle timeout), never past the absolute limit from sign-in; the row is
   * written at most once a minute.
   */
  async session(tokenHash: string, idleMinutes: number, maxHours: number): Promise<SessionRecord | null> {
    const row = await one<{ username: string; display_name: string; role: HallRole; counter: string; expires_at: Date }>(
      this.#pool,
      `WITH live AS (
         SELECT s.token_hash FROM hall_session s JOIN hall_account a USING (username)
         WHERE s.token_hash = $1 AND s.expires_at > now() AND a.enabled
       ), touched AS (
         UPDATE hall_session s SET last_seen = now(),
           expires_at = least(now() + make_interval(mins => $2), s.created_at + make_interval(hours => $3))
         FROM live WHERE s.token_hash = live.token_hash AND s.last_seen < now() - interval '1 minute'
         RETURNING s.expires_at
       )
       SELECT s.username, a.display_name, a.role, s.counter, coalesce((SELECT expires_at FROM touched), s.expires_at) AS expires_at
       FROM hall_session s JOIN hall_account a USING (username) JOIN live USING (token_hash)`,
      [tokenHash, idleMinutes, maxHours],
    );
    return row
      ? {
          username: row.username,
          displayName: row.display_name,
          role: row.role,
          counter: row.counter,
          expiresAt: row.expires_at.toISOString(),
        }
      : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await one(this.#pool, `DELETE FROM hall_session WHERE token_hash = $1`, [tokenHash]);
  }

  async purgeExpiredSessions(): Promise<number> {
    return (await this.#pool.query(`DELETE FROM hall_session WHERE expires_at <= now()`)).rowCount ?? 0;
  }

  /** Every write through the hall server, and every sign-in: who, where, what, whether it worked. */
  async recordActivity(entry: {
    username: string | null;
    counter: string | null;
    method: string;
    ok: boolean;
    detail?: string | null;
  }): Promise<void> {
    await one(this.#pool, `INSERT INTO hall_activity (username, counter, method, ok, detail) VALUES ($1, $2, $3, $4, $5)`, [
      entry.username,
      entry.counter,
      entry.method,
      entry.ok,
      entry.detail ?? null,
    ]);
  }

  async activity(
    limit = 100,
  ): Promise<Array<{ at: string; username: string | null; counter: string | null; method: string; ok: boolean; detail: string | null }>> {
    const found = await rows<{
      at: Date;
      username: string | null;
      counter: string | null;
      method: string;
      ok: boolean;
      detail: string | null;
    }>(this.#pool, `SELECT at, username, counter, method, ok, detail FROM hall_activity ORDER BY id DESC LIMIT $1`, [limit]);
    return found.map((r) => ({ ...r, at: r.at.toISOString() }));
  }
}
