// The SQLite store (better-sqlite3): opening with safe pragmas, numbered migrations
// recorded in `user_version` (a database from a newer app is refused, never
// downgraded), idempotent seeding of regions and the policy library from db/, and
// loading the library into the engine's in-memory PolicySet.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PolicySet, type Grade, type PolicyDocument, type PolicyRow } from '../core/policy/policy-set.ts';
import { checkPolicyValue } from '../core/policy/keys.ts';
import { RegionDirectory, type RegionRow } from '../core/regions.ts';
import { locateAssets } from './paths.ts';

export class DatabaseFromFutureError extends Error {
  readonly fileVersion: number;
  readonly appVersion: number;
  constructor(fileVersion: number, appVersion: number) {
    super(
      `数据库版本 ${fileVersion} 高于本程序支持的版本 ${appVersion}：该数据库由更新版本的医保续缴核算台创建，请升级程序后再打开（本程序不会降级数据库）。`,
    );
    this.fileVersion = fileVersion;
    this.appVersion = appVersion;
  }
}

export class SeedError extends Error {}

export interface SeedReport {
  skipped: boolean;
  regions: number;
  documents: number;
  values: number;
  /** Seed rows not inserted because the office's own rows already cover those dates. */
  conflicts: string[];
}

export interface StoreOptions {
  /** Path of the database file, or ":memory:". */
  file: string;
  /** The db/ folder (migrations, seeds, regions); found next to the code by default. */
  assetsDir?: string;
}

interface SeedFile {
  documents: Array<Omit<PolicyDocument, 'kind'> & { kind?: PolicyDocument['kind'] }>;
  values: Array<{
    id: string;
    region: string;
    key: string;
    value: unknown;
    effectiveFrom: string;
    effectiveTo?: string | null;
    document: string;
    article?: string | null;
    url?: string | null;
    grade: Grade;
    lastReviewed: string;
    note?: string | null;
  }>;
}

export interface BackupInfo {
  file: string;
  name: string;
  kind: 'daily' | 'manual' | 'pre-migration' | 'pre-restore';
  createdAt: string;
  bytes: number;
}

/** <data dir>/backups beside a database file. */
export function backupDirFor(file: string): string {
  return join(dirname(file), 'backups');
}

/** A backup file's kind and time (from its name) and size; null for any other file. */
export function backupInfo(file: string): BackupInfo | null {
  const m = /^yibao-(\d{8})-(\d{6})(\d{3})?-(daily|manual|pre-migration|pre-restore)\.sqlite$/.exec(basename(file));
  if (!m) return null;
  const createdAt = `${m[1]!.slice(0, 4)}-${m[1]!.slice(4, 6)}-${m[1]!.slice(6, 8)}T${m[2]!.slice(0, 2)}:${m[2]!.slice(2, 4)}:${m[2]!.slice(4, 6)}.${m[3] ?? '000'}Z`;
  return { file, name: m[0], kind: m[4] as BackupInfo['kind'], createdAt, bytes: statSync(file).size };
}

/** The backups in a folder, newest first (readable without opening the database). */
export function listBackupFiles(backupDir: string): BackupInfo[] {
  if (!existsSync(backupDir)) return [];
  return readdirSync(backupDir)
    .map((name) => backupInfo(join(backupDir, name)))
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => b.name.localeCompare(a.name));
}

/** A backup that may be restored: present, intact, and of a schema version this program knows. */
function usableBackup(backupDir: string, name: string, appSchemaVersion: number): BackupInfo {
  const source = listBackupFiles(backupDir).find((b) => b.name === basename(name));
  if (!source) throw new Error(`找不到备份 ${name}`);
  const probe = new Database(source.file, { readonly: true });
  try {
    if (probe.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error(`备份 ${source.name} 已损坏，未恢复`);
    const version = probe.pragma('user_version', { simple: true }) as number;
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
export function recoverDamagedDatabase(file: string, name: string, assetsDir = locateAssets()): { restored: string; keptAs: string } {
  const backupDir = backupDirFor(file);
  const source = usableBackup(backupDir, name, migrationFiles(assetsDir).at(-1)?.version ?? 0);
  const kept = backupPath(backupDir, 'damaged');
  if (existsSync(file)) renameSync(file, kept);
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${kept}${suffix}`);
  copyFileSync(source.file, file);
  return { restored: source.name, keptAs: basename(kept) };
}

/** backups/yibao-YYYYMMDD-HHMMSSmmm-<kind>.sqlite, never the name of an existing file. */
function backupPath(backupDir: string, kind: BackupInfo['kind'] | 'damaged', at = new Date()): string {
  // One file per millisecond whatever its kind, so "newest first" (by name) is the order they were made.
  const taken = new Set(existsSync(backupDir) ? readdirSync(backupDir).map((n) => n.slice(0, 'yibao-YYYYMMDD-HHMMSSmmm'.length)) : []);
  for (let t = at.getTime(); ; t++) {
    const stamp = new Date(t).toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 18);
    if (!taken.has(`yibao-${stamp}`)) return join(backupDir, `yibao-${stamp}-${kind}.sqlite`);
  }
}

/** The numbered migrations (NNNN-name.sql), in order; a gap in the numbers is an error. */
function migrationFiles(assetsDir: string): Array<{ version: number; file: string }> {
  const dir = join(assetsDir, 'migrations');
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f))
    .map((f) => ({ version: Number(f.slice(0, 4)), file: join(dir, f) }))
    .sort((a, b) => a.version - b.version);
  files.forEach((f, i) => {
    if (f.version !== i + 1) throw new Error(`迁移文件编号不连续：${f.file}`);
  });
  return files;
}

/** A document is added once; an existing one (same id) is kept as it is. */
const INSERT_DOCUMENT_SQL = `INSERT OR IGNORE INTO policy_document (id, number, title, issuer, url, effective_from, effective_to, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_VALUE_SQL = `INSERT INTO policy_value (id, region, key, value_json, effective_from, effective_to, document_id, article, source_url, grade, last_reviewed, note)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A change of the policy library: new documents, open values to close, values to add. */
export interface PolicyChange {
  documents: readonly PolicyDocument[];
  close: ReadonlyArray<{ row: PolicyRow; effectiveTo: string }>;
  insert: readonly PolicyRow[];
}

/** How many backups of each kind are kept. */
export const BACKUP_RETENTION: Record<BackupInfo['kind'], number> = { daily: 7, manual: 10, 'pre-migration': 3, 'pre-restore': 5 };

export class Store {
  #db: Database.Database;
  readonly file: string;
  readonly assetsDir: string;
  #policies: PolicySet | null = null;
  #regions: RegionDirectory | null = null;
  seedReport: SeedReport | null = null;

  /**
   * Opens the database the counter works on, creating, migrating and seeding it as needed.
   * An existing database is copied with SQLite's online backup API before its schema changes.
   * A database from a newer version of the program is refused before anything is written.
   */
  static async open(options: StoreOptions): Promise<Store> {
    const store = new Store(options, { deferUpgrade: true });
    try {
      const pending = store.#pendingMigrations();
      if (pending.length > 0 && store.schemaVersion > 0) await store.backup('pre-migration');
      store.#upgrade(pending);
      return store;
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /**
   * Synchronous open, for a new or in-memory database or one already at this program's
   * version (tests, benchmarks, the crash test's writer). An older database needs a copy
   * before its migration, which only `Store.open` makes: it is refused here.
   * `deferUpgrade` is for `Store.open` alone.
   */
  constructor(options: StoreOptions, internal: { deferUpgrade?: boolean } = {}) {
    this.assetsDir = options.assetsDir ?? locateAssets();
    this.file = options.file;
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.#db = this.#open();
    if (internal.deferUpgrade) return;
    try {
      const pending = this.#pendingMigrations();
      if (pending.length > 0 && this.schemaVersion > 0) {
        throw new Error(
          `数据库 ${this.file} 需要从第 ${this.schemaVersion} 版升级到第 ${pending.at(-1)!.version} 版；请用 Store.open 打开（升级前先备份）`,
        );
      }
      this.#upgrade(pending);
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  /**
   * Applies the pending migrations, then adds what is missing from the seed. Callers have
   * made the copy from before where one is needed (see Store.open); nothing else migrates.
   */
  #upgrade(pending = this.#pendingMigrations()): void {
    // All pending migrations in one transaction: a half-migrated file is never left behind.
    this.db.transaction(() => {
      for (const migration of pending) {
        this.db.exec(readFileSync(migration.file, 'utf8'));
        this.db.pragma(`user_version = ${migration.version}`);
      }
    })();
    this.seedReport = this.seed();
  }

  /** The open connection (replaced when a backup is restored). */
  get db(): Database.Database {
    return this.#db;
  }

  #open(): Database.Database {
    const db = new Database(this.file);
    if (this.file !== ':memory:') db.pragma('journal_mode = WAL');
    // FULL: a committed case must survive a power cut at the counter.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    return db;
  }

  /** <data dir>/backups next to the database file. */
  get backupDir(): string {
    return backupDirFor(this.file);
  }

  /** An online copy with SQLite's backup API (the counter keeps working meanwhile). */
  async backup(kind: BackupInfo['kind']): Promise<string | null> {
    if (this.file === ':memory:') return null;
    mkdirSync(this.backupDir, { recursive: true });
    const target = backupPath(this.backupDir, kind);
    await this.#db.backup(target);
    this.pruneBackups();
    return target;
  }

  /** A daily backup if the newest daily one is older than a day. */
  async dailyBackup(now = Date.now()): Promise<string | null> {
    const latest = this.listBackups().find((b) => b.kind === 'daily');
    if (latest && now - Date.parse(latest.createdAt) < 24 * 3600_000) return null;
    return this.backup('daily');
  }

  listBackups(): BackupInfo[] {
    return this.file === ':memory:' ? [] : listBackupFiles(this.backupDir);
  }

  pruneBackups(): void {
    const seen: Record<string, number> = {};
    for (const b of this.listBackups()) {
      seen[b.kind] = (seen[b.kind] ?? 0) + 1;
      if (seen[b.kind]! > BACKUP_RETENTION[b.kind]) rmSync(b.file, { force: true });
    }
  }

  /**
   * Replaces the database with a backup. The current file is kept as a pre-restore backup
   * first, so the restore itself can be undone.
   */
  async restoreBackup(name: string): Promise<{ restored: string; keptAs: string }> {
    const source = usableBackup(this.backupDir, name, this.appSchemaVersion);
    const keptAs = (await this.backup('pre-restore'))!;
    this.#db.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${this.file}${suffix}`, { force: true });
    copyFileSync(source.file, this.file);
    this.#db = this.#open();
    // An older backup is migrated here; the backup itself stays as the copy from before.
    this.#upgrade();
    this.#policies = null;
    this.#regions = null;
    return { restored: source.name, keptAs: basename(keptAs) };
  }

  /** Latest schema version this program knows (the highest migration number). */
  get appSchemaVersion(): number {
    return migrationFiles(this.assetsDir).at(-1)?.version ?? 0;
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** Migrations this database has not had yet; a database from a newer program is refused. */
  #pendingMigrations(): Array<{ version: number; file: string }> {
    const files = migrationFiles(this.assetsDir);
    const latest = files.at(-1)?.version ?? 0;
    const current = this.schemaVersion;
    if (current > latest) throw new DatabaseFromFutureError(current, latest);
    return files.filter((f) => f.version > current);
  }

  #seedFiles(): string[] {
    const dir = join(this.assetsDir, 'seed', 'policy');
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(dir, f));
  }

  /** Inserts what is missing from db/; never overwrites a row that exists. */
  seed(): SeedReport {
    const regionsFile = join(this.assetsDir, 'regions.json');
    const seedFiles = this.#seedFiles();
    const hash = createHash('sha256');
    const contents = [regionsFile, ...seedFiles].map((f) => {
      const text = readFileSync(f, 'utf8');
      hash.update(f.slice(this.assetsDir.length)).update('\0').update(text).update('\0');
      return text;
    });
    const seedHash = hash.digest('hex');
    const stored = this.db.prepare(`SELECT value FROM meta WHERE key = 'seed.hash'`).pluck().get() as string | undefined;
    if (stored === seedHash) return { skipped: true, regions: 0, documents: 0, values: 0, conflicts: [] };

    const regions = (
      JSON.parse(contents[0]!) as { regions: Array<{ code: string; name: string; level: RegionRow['level']; parent?: string }> }
    ).regions;
    const seeds = contents.slice(1).map((text, i) => {
      try {
        return JSON.parse(text) as SeedFile;
      } catch (error) {
        throw new SeedError(`种子文件 ${seedFiles[i]} 不是有效的 JSON：${(error as Error).message}`);
      }
    });
    const report: SeedReport = { skipped: false, regions: 0, documents: 0, values: 0, conflicts: [] };
    const upsertRegion = this.db.prepare(
      `INSERT INTO region (code, name, level, parent) VALUES (?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent`,
    );
    const insertDocument = this.db.prepare(INSERT_DOCUMENT_SQL);
    const hasValue = this.db.prepare(`SELECT 1 FROM policy_value WHERE id = ?`).pluck();
    const insertValue = this.db.prepare(INSERT_VALUE_SQL);
    this.db.transaction(() => {
      this.#setAuditContext('seed', `程序内置政策库（${seedHash.slice(0, 12)}）`);
      upsertRegion.run('CN', '全国', 'country', null);
      for (const r of regions)
        report.regions += upsertRegion.run(r.code, r.name, r.level, r.parent ?? (r.level === 'province' ? 'CN' : null)).changes;
      for (const [i, seed] of seeds.entries()) {
        const documentIds = new Set(seed.documents.map((d) => d.id));
        for (const d of seed.documents) {
          report.documents += insertDocument.run(
            d.id,
            d.number,
            d.title,
            d.issuer ?? null,
            d.url ?? null,
            d.effectiveFrom ?? null,
            d.effectiveTo ?? null,
            d.kind ?? 'law',
          ).changes;
        }
        for (const v of seed.values) {
          const reason = checkPolicyValue(v.key, v.value);
          if (reason) throw new SeedError(`种子文件 ${seedFiles[i]} 的 ${v.id}：${reason}`);
          if (!v.lastReviewed || !v.grade || !v.document)
            throw new SeedError(`种子文件 ${seedFiles[i]} 的 ${v.id}：缺少出处、等级或核对日期`);
          if (!documentIds.has(v.document) && !this.db.prepare('SELECT 1 FROM policy_document WHERE id = ?').get(v.document)) {
            throw new SeedError(`种子文件 ${seedFiles[i]} 的 ${v.id}：引用了不存在的文件 ${v.document}`);
          }
          if (hasValue.get(v.id)) continue;
          try {
            report.values += insertValue.run(
              v.id,
              v.region,
              v.key,
              JSON.stringify(v.value),
              v.effectiveFrom,
              v.effectiveTo ?? null,
              v.document,
              v.article ?? null,
              v.url ?? null,
              v.grade,
              v.lastReviewed,
              v.note ?? null,
            ).changes;
          } catch (error) {
            // The office's own dated edit already covers these dates: theirs stands.
            if (String((error as Error).message).includes('policy_value overlap')) report.conflicts.push(v.id);
            else throw error;
          }
        }
      }
      this.db
        .prepare(`INSERT INTO meta (key, value) VALUES ('seed.hash', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
        .run(seedHash);
      this.#clearAuditContext();
    })();
    this.#policies = null;
    this.#regions = null;
    return report;
  }

  /** Who changes the policy library and why (required by the audit triggers of migration 0004). */
  #setAuditContext(actor: string, reason: string, pack: string | null = null): void {
    if (!this.#hasAuditTable()) return;
    this.db
      .prepare(
        `INSERT INTO audit_context (id, actor, reason, pack) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET actor = excluded.actor, reason = excluded.reason, pack = excluded.pack`,
      )
      .run(actor, reason, pack);
  }

  #clearAuditContext(): void {
    if (this.#hasAuditTable()) this.db.prepare(`DELETE FROM audit_context`).run();
  }

  #hasAuditTable(): boolean {
    return !!this.db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_context'`).get();
  }

  /**
   * Runs a change of the policy library inside one transaction with its audit context;
   * everything is applied or nothing is. The library must still load afterwards (no
   * overlaps, every value well-typed), else the change is rolled back; the loaded library
   * becomes the in-memory one.
   */
  changePolicies<T>(who: { actor: string; reason: string; pack?: string | null }, change: () => T): T {
    let loaded: PolicySet | null = null;
    const result = this.db
      .transaction(() => {
        this.#setAuditContext(who.actor, who.reason, who.pack ?? null);
        const value = change();
        this.#clearAuditContext();
        loaded = new PolicySet(this.policyRows());
        return value;
      })
      .immediate();
    this.#policies = loaded;
    return result;
  }

  /** Writes a planned edit or a checked pack (see PolicyChange), audited. */
  writePolicyChange(who: { actor: string; reason: string; pack?: string | null }, change: PolicyChange): void {
    this.changePolicies(who, () => {
      const insertDocument = this.db.prepare(INSERT_DOCUMENT_SQL);
      for (const d of change.documents)
        insertDocument.run(d.id, d.number, d.title, d.issuer, d.url, d.effectiveFrom, d.effectiveTo, d.kind);
      const close = this.db.prepare(`UPDATE policy_value SET effective_to = ? WHERE id = ?`);
      for (const c of change.close) close.run(c.effectiveTo, c.row.id);
      const insertValue = this.db.prepare(INSERT_VALUE_SQL);
      for (const r of change.insert)
        insertValue.run(
          r.id,
          r.region,
          r.key,
          JSON.stringify(r.value),
          r.effectiveFrom,
          r.effectiveTo,
          r.document.id,
          r.article,
          r.url,
          r.grade,
          r.lastReviewed,
          r.note,
        );
    });
  }

  regions(): RegionDirectory {
    if (!this.#regions) {
      const rows = this.db.prepare(`SELECT code, name, level, parent FROM region`).all() as RegionRow[];
      this.#regions = new RegionDirectory(rows);
    }
    return this.#regions;
  }

  /** The whole library in memory, indexed for the engine (loaded once, a few hundred rows). */
  policies(): PolicySet {
    if (!this.#policies) this.#policies = new PolicySet(this.policyRows());
    return this.#policies;
  }

  /** Every document of the library, also those no value cites (yet). */
  policyDocuments(): PolicyDocument[] {
    return (
      this.db.prepare(`SELECT id, number, title, issuer, url, effective_from, effective_to, kind FROM policy_document`).all() as Array<
        Record<string, string | null>
      >
    ).map((d) => ({
      id: d.id!,
      number: d.number!,
      title: d.title!,
      issuer: d.issuer ?? null,
      url: d.url ?? null,
      effectiveFrom: d.effective_from ?? null,
      effectiveTo: d.effective_to ?? null,
      kind: d.kind as PolicyDocument['kind'],
    }));
  }

  policyRows(): PolicyRow[] {
    const documents = new Map(this.policyDocuments().map((d) => [d.id, d]));
    const rows = this.db
      .prepare(
        `SELECT id, region, key, value_json, effective_from, effective_to, document_id, article, source_url, grade, last_reviewed, note FROM policy_value ORDER BY key, region, effective_from`,
      )
      .all() as Array<Record<string, string | null>>;
    return rows.map((r) => ({
      id: r.id!,
      region: r.region!,
      key: r.key!,
      value: JSON.parse(r.value_json!),
      effectiveFrom: r.effective_from!,
      effectiveTo: r.effective_to ?? null,
      document: documents.get(r.document_id!)!,
      article: r.article ?? null,
      url: r.source_url ?? null,
      grade: r.grade as Grade,
      lastReviewed: r.last_reviewed!,
      note: r.note ?? null,
    }));
  }

  close(): void {
    this.#db.close();
  }
}
