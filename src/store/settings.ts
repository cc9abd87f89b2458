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

  async set(key: SettingKey, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    await retryBusy(() =>
      dbOf(this.#source)
        .prepare(`INSERT INTO setting (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`)
        .run(key, json),
    );
  }
}
