// The counter's own records (migration 0002's `setting` table): its settings, the
// administrator PIN's salted hash, the trusted signing keys. Each is a JSON value under
// its key; the services read it back through a schema.
import { dbOf, retryBusy, type DbSource } from './connection.ts';
import type { SettingKey, SettingStore } from './ports.ts';

export class SettingsRepository implements SettingStore {
  readonly #source: DbSource;

  constructor(source: DbSource) {
    this.#source = source;
  }

  async get(key: SettingKey): Promise<unknown> {
    const value: unknown = dbOf(this.#source).prepare(`SELECT value_json FROM setting WHERE key = ?`).pluck().get(key);
    return typeof value === 'string' ? JSON.parse(value) : null;
  }

  async read(key: SettingKey): Promise<{ value: unknown; token: string | null }> {
    const value: unknown = dbOf(this.#source).prepare(`SELECT value_json FROM setting WHERE key = ?`).pluck().get(key);
    return typeof value === 'string' ? { value: JSON.parse(value), token: value } : { value: null, token: null };
  }

  async setIf(key: SettingKey, token: string | null, value: unknown): Promise<boolean> {
    const json = JSON.stringify(value);
    const db = dbOf(this.#source);
    return retryBusy(
      () =>
        (token === null
          ? db.prepare(`INSERT INTO setting (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`).run(key, json)
          : db.prepare(`UPDATE setting SET value_json = ? WHERE key = ? AND value_json = ?`).run(json, key, token)
        ).changes === 1,
    );
  }

  async set(key: SettingKey, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    await retryBusy(() =>
      dbOf(this.#source)
        .prepare(`INSERT INTO setting (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`)
        .run(key, json),
    );
  }
}
