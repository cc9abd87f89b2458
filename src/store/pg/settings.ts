// Settings in PostgreSQL (migration 0002's `setting`): in a hall, the office's own records
// shared by every counter (office name, the administrator PIN's hash, trusted signing keys).
import type pg from 'pg';
import type { SettingKey, SettingStore } from '../ports.ts';
import { one } from './pool.ts';

export class PgSettingsRepository implements SettingStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async get(key: SettingKey): Promise<unknown> {
    const row = await one<{ value_json: string }>(this.#pool, `SELECT value_json FROM setting WHERE key = $1`, [key]);
    return row ? JSON.parse(row.value_json) : null;
  }

  async read(key: SettingKey): Promise<{ value: unknown; token: string | null }> {
    const row = await one<{ value_json: string }>(this.#pool, `SELECT value_json FROM setting WHERE key = $1`, [key]);
    return row ? { value: JSON.parse(row.value_json), token: row.value_json } : { value: null, token: null };
  }

  async setIf(key: SettingKey, token: string | null, value: unknown): Promise<boolean> {
    const json = JSON.stringify(value);
    const result =
      token === null
        ? await this.#pool.query(`INSERT INTO setting (key, value_json) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, json])
        : await this.#pool.query(`UPDATE setting SET value_json = $3 WHERE key = $1 AND value_json = $2`, [key, token, json]);
    return result.rowCount === 1;
  }

  async set(key: SettingKey, value: unknown): Promise<void> {
    await one(
      this.#pool,
      `INSERT INTO setting (key, value_json) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`,
      [key, JSON.stringify(value)],
    );
  }
}
