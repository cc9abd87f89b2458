// Numbered migrations (db/migrations/NNNN-name.sql), applied in one transaction and
// recorded in `PRAGMA user_version`. A database from a newer program is refused before
// anything is written: never downgraded.
import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseFromFutureError, StoreError } from './errors.ts';

export interface Migration {
  version: number;
  file: string;
}

/**
 * The numbered migrations, in order; a gap in the numbers is an error. `folder`: SQLite's
 * db/migrations by default; db/migrations-pg (the same numbers in PostgreSQL's dialect) and
 * db/migrations-hall (the hall's own tables) for a hall database.
 */
export function migrationFiles(assetsDir: string, folder = 'migrations'): Migration[] {
  const dir = join(assetsDir, folder);
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f))
    .map((f) => ({ version: Number(f.slice(0, 4)), file: join(dir, f) }))
    .sort((a, b) => a.version - b.version);
  files.forEach((f, i) => {
    if (f.version !== i + 1) throw new StoreError('damaged-data', `迁移文件编号不连续：${f.file}；程序安装不完整，请重新安装。`);
  });
  return files;
}

/** The latest schema version this program knows (the highest migration number). */
export function latestSchemaVersion(assetsDir: string): number {
  return migrationFiles(assetsDir).at(-1)?.version ?? 0;
}

export function schemaVersion(db: Database.Database): number {
  const version: unknown = db.pragma('user_version', { simple: true });
  return typeof version === 'number' ? version : 0;
}

/** Migrations this database has not had yet; a database from a newer program is refused. */
export function pendingMigrations(db: Database.Database, assetsDir: string): Migration[] {
  const files = migrationFiles(assetsDir);
  const latest = files.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseFromFutureError(current, latest);
  return files.filter((f) => f.version > current);
}

/**
 * All pending migrations in one transaction: a half-migrated file is never left behind. The
 * transaction takes the write lock first and skips what another process (the command line
 * started at the same moment as the window) migrated meanwhile.
 */
export function applyMigrations(db: Database.Database, pending: readonly Migration[]): void {
  if (pending.length === 0) return;
  db.transaction(() => {
    const current = schemaVersion(db);
    for (const migration of pending) {
      if (migration.version <= current) continue;
      db.exec(readFileSync(migration.file, 'utf8'));
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}
