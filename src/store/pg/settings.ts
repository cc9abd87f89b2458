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

  async set(key: SettingKey, value: unknown): Promise<void> {
    await one(
      this.#pool,
      `INSERT INTO setting (key, value_json) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`,
      [key, JSON.stringify(value)],
    );
  }
}
