// Backups of the SQLite file in <data dir>/backups, all made with SQLite's online backup
// API (the counter keeps working meanwhile): before a migration, daily, on demand, and
// before a restore. Restoring keeps the current file first, so a restore can be undone;
// a damaged file is moved aside (never deleted) when a backup replaces it.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { eraseClient } from './erasure.ts';
import { BUSY_TIMEOUT_MS, type Connection } from './connection.ts';
import { StoreError } from './errors.ts';
import { DatabaseFromFutureError } from './errors.ts';
import { latestSchemaVersion, schemaVersion } from './migrate.ts';
import type { BackupInfo, BackupKind, BackupStore } from './ports.ts';

/** How many backups of each kind are kept. */
export const BACKUP_RETENTION: Record<BackupKind, number> = { daily: 7, manual: 10, 'pre-migration': 3, 'pre-restore': 5 };

const KINDS: readonly BackupKind[] = ['daily', 'manual', 'pre-migration', 'pre-restore'];

/** <data dir>/backups beside a database file. */
export function backupDirFor(file: string): string {
  return join(dirname(file), 'backups');
}

/** A backup file's kind and time (from its name) and size; null for any other file. */
export function backupInfo(file: string): BackupInfo | null {
  const m = /^yibao-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(\d{3})?-(daily|manual|pre-migration|pre-restore)\.sqlite$/.exec(
    basename(file),
  );
  const kind = KINDS.find((k) => k === m?.[8]);
  if (!m || !kind) return null;
  const [, year, month, day, hours, minutes, seconds, millis = '000'] = m;
  const createdAt = `${year}-${month}-${day}T${hours}:${minutes}:${seconds}.${millis}Z`;
  return { file, name: m[0], kind, createdAt, bytes: statSync(file).size };
}

/** The backups in a folder, newest first (readable without opening the database). */
export function listBackupFiles(backupDir: string): BackupInfo[] {
  if (!existsSync(backupDir)) return [];
  return readdirSync(backupDir)
    .map((name) => backupInfo(join(backupDir, name)))
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => b.name.localeCompare(a.name));
}

/** backups/yibao-YYYYMMDD-HHMMSSmmm-<kind>.sqlite, never the name of an existing file. */
function backupPath(backupDir: string, kind: BackupKind | 'damaged', at = new Date()): string {
  // One file per millisecond whatever its kind, so "newest first" (by name) is the order they were made.
  const taken = new Set(existsSync(backupDir) ? readdirSync(backupDir).map((n) => n.slice(0, 'yibao-YYYYMMDD-HHMMSSmmm'.length)) : []);
  for (let t = at.getTime(); ; t++) {
    const stamp = new Date(t).toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 18);
    if (!taken.has(`yibao-${stamp}`)) return join(backupDir, `yibao-${stamp}-${kind}.sqlite`);
  }
}

/** A backup that may be restored: present, intact, and of a schema version this program knows. */
function usableBackup(backupDir: string, name: string, appSchemaVersion: number): BackupInfo {
  const source = listBackupFiles(backupDir).find((b) => b.name === basename(name));
  if (!source) throw new StoreError('not-found', `找不到备份 ${name}`);
  const probe = new Database(source.file, { readonly: true });
  try {
    if (probe.pragma('integrity_check', { simple: true }) !== 'ok')
      throw new StoreError('invalid', `备份 ${source.name} 已损坏，未恢复；请选择另一份备份。`);
    const version = schemaVersion(probe);
    if (version > appSchemaVersion) throw new DatabaseFromFutureError(version, appSchemaVersion);
  } finally {
    probe.close();
  }
  return source;
}

/**
 * Recovery of a database file that cannot be opened (damaged): the file is moved aside,
 * never deleted, as backups/yibao-<time>-damaged.sqlite, and the chosen backup is copied in.
 * The caller then opens the store as usual (migrating the backup if it is older).
 */
export function recoverDamagedDatabase(file: string, name: string, assetsDir: string): { restored: string; keptAs: string } {
  const backupDir = backupDirFor(file);
  const source = usableBackup(backupDir, name, latestSchemaVersion(assetsDir));
  const kept = backupPath(backupDir, 'damaged');
  if (existsSync(file)) renameSync(file, kept);
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${kept}${suffix}`);
  copyFileSync(source.file, file);
  return { restored: source.name, keptAs: basename(kept) };
}

export class Backups implements BackupStore {
  readonly #connection: Connection;
  readonly #assetsDir: string;
  /** Brings the store up to date after a restore swapped its file (migrations, seed, caches). */
  readonly #afterRestore: () => void;

  constructor(connection: Connection, assetsDir: string, afterRestore: () => void) {
    this.#connection = connection;
    this.#assetsDir = assetsDir;
    this.#afterRestore = afterRestore;
  }

  get #file(): string {
    return this.#connection.file;
  }

  /** <data dir>/backups next to the database file. */
  get dir(): string {
    return backupDirFor(this.#file);
  }

  async list(): Promise<BackupInfo[]> {
    return this.#file === ':memory:' ? [] : listBackupFiles(this.dir);
  }

  async backup(kind: BackupKind): Promise<BackupInfo | null> {
    if (this.#file === ':memory:') return null;
    mkdirSync(this.dir, { recursive: true });
    const target = backupPath(this.dir, kind);
    await this.#connection.db.backup(target);
    await this.prune();
    return backupInfo(target);
  }

  async daily(now = Date.now()): Promise<BackupInfo | null> {
    const latest = (await this.list()).find((b) => b.kind === 'daily');
    if (latest && now - Date.parse(latest.createdAt) < 24 * 3600_000) return null;
    return this.backup('daily');
  }

  /** Keeps BACKUP_RETENTION of each kind, newest first. */
  async prune(): Promise<void> {
    const seen = new Map<BackupKind, number>();
    for (const b of await this.list()) {
      const count = (seen.get(b.kind) ?? 0) + 1;
      seen.set(b.kind, count);
      if (count > BACKUP_RETENTION[b.kind]) rmSync(b.file, { force: true });
    }
  }

  async eraseClient(idNumber: string): Promise<{ cleaned: number; removed: number }> {
    let cleaned = 0;
    let removed = 0;
    const files = existsSync(this.dir)
      ? readdirSync(this.dir)
          .filter((n) => /^yibao-.*\.sqlite$/.test(n))
          .map((n) => join(this.dir, n))
      : [];
    for (const file of files) {
      const erased = eraseClientFromFile(file, idNumber);
      if (erased === 'unreadable') {
        // A damaged copy cannot be cleaned, so it goes (with any journal beside it).
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
        removed++;
      } else if (erased) cleaned++;
    }
    return { cleaned, removed };
  }

  async restore(name: string): Promise<{ restored: string; keptAs: string }> {
    const source = usableBackup(this.dir, name, latestSchemaVersion(this.#assetsDir));
    const kept = await this.backup('pre-restore');
    if (!kept) throw new StoreError('invalid', '内存数据库不能恢复备份');
    this.#connection.replace(() => {
      for (const suffix of ['-wal', '-shm']) rmSync(`${this.#file}${suffix}`, { force: true });
      copyFileSync(source.file, this.#file);
    });
    // An older backup is migrated here; the backup itself stays as the copy from before.
    this.#afterRestore();
    return { restored: source.name, keptAs: kept.name };
  }
}

/**
 * Erases one client from a backup file in place: the same rows as in the database, deleted with
 * secure_delete, then VACUUM rewrites the file so no free page keeps a trace. True when the
 * backup held the client; 'unreadable' when the file cannot be opened as a database.
 */
function eraseClientFromFile(file: string, idNumber: string): boolean | 'unreadable' {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    if (db.pragma('quick_check', { simple: true }) !== 'ok') {
      db.close();
      return 'unreadable';
    }
  } catch {
    return 'unreadable';
  }
  try {
    db.pragma('secure_delete = ON');
    const result = db.transaction(() => eraseClient(db, idNumber)).immediate();
    const held = result.cases > 0 || result.sheets > 0 || result.draft;
    if (held) db.exec('VACUUM');
    return held;
  } finally {
    db.close();
  }
}
