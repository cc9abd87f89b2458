// The embedded SQLite store: opens the file (WAL, synchronous = FULL), brings it to this
// program's schema (a copy first when an existing file is migrated), seeds what is missing
// from db/, and composes the repositories the services work through (ports.ts).
import type Database from 'better-sqlite3';
import type { PolicyRow, PolicySet } from '../core/policy/policy-set.ts';
import type { RegionDirectory } from '../core/regions.ts';
import { AssessmentNoteRepository } from './assessment-notes.ts';
import { Backups, backupDirFor } from './backups.ts';
import { CaseRepository } from './cases.ts';
import { Connection, sqliteRunner } from './connection.ts';
import { StoreError } from './errors.ts';
import { DraftRepository } from './drafts.ts';
import { applyMigrations, latestSchemaVersion, pendingMigrations, schemaVersion, type Migration } from './migrate.ts';
import { locateAssets } from './paths.ts';
import { PinAttemptRepository } from './pin-attempts.ts';
import { PolicyRepository } from './policy-repository.ts';
import type { AuditContext, Repositories } from './ports.ts';
import { seedLibrary, type SeedReport } from './seed.ts';
import { SettingsRepository } from './settings.ts';
import { SheetRepository } from './sheets.ts';

export { DatabaseFromFutureError } from './errors.ts';
export { SeedError, type SeedReport } from './seed.ts';

export interface StoreOptions {
  /** Path of the database file, or ":memory:". */
  file: string;
  /** The db/ folder (migrations, seeds, regions); found next to the code by default. */
  assetsDir?: string;
  /** The time a case is saved at (ISO, UTC); the system clock by default (tests fix it). */
  now?: () => string;
}

export class Store implements Repositories {
  readonly file: string;
  readonly assetsDir: string;
  seedReport: SeedReport | null = null;
  readonly #connection: Connection;
  readonly cases: CaseRepository;
  readonly drafts: DraftRepository;
  readonly sheets: SheetRepository;
  readonly assessments: AssessmentNoteRepository;
  readonly settings: SettingsRepository;
  readonly pinAttempts: PinAttemptRepository;
  readonly policy: PolicyRepository;
  readonly backups: Backups;

  /**
   * Opens the database the counter works on, creating, migrating and seeding it as needed.
   * An existing database is copied with SQLite's online backup API before its schema changes.
   * A database from a newer version of the program is refused before anything is written.
   */
  static async open(options: StoreOptions): Promise<Store> {
    const store = new Store(options, { deferUpgrade: true });
    try {
      const pending = pendingMigrations(store.db, store.assetsDir);
      if (pending.length > 0 && store.schemaVersion > 0) await store.backups.backup('pre-migration');
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
    this.#connection = new Connection(options.file);
    this.cases = new CaseRepository(this.#connection, options.now);
    this.drafts = new DraftRepository(this.#connection);
    this.sheets = new SheetRepository(sqliteRunner(this.#connection));
    this.assessments = new AssessmentNoteRepository(this.#connection);
    this.settings = new SettingsRepository(this.#connection);
    this.pinAttempts = new PinAttemptRepository(this.#connection);
    this.policy = new PolicyRepository(this.#connection);
    this.backups = new Backups(this.#connection, this.assetsDir, () => this.#upgrade());
    if (internal.deferUpgrade) return;
    try {
      const pending = pendingMigrations(this.db, this.assetsDir);
      const target = pending.at(-1);
      if (target && this.schemaVersion > 0) {
        throw new StoreError(
          'invalid',
          `数据库 ${this.file} 需要从第 ${this.schemaVersion} 版升级到第 ${target.version} 版；请用 Store.open 打开（升级前先备份）`,
        );
      }
      this.#upgrade(pending);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /**
   * Applies the pending migrations, then adds what is missing from the seed. Callers have
   * made the copy from before where one is needed (Store.open, a restore); nothing else migrates.
   */
  #upgrade(pending: readonly Migration[] = pendingMigrations(this.db, this.assetsDir)): void {
    applyMigrations(this.db, pending);
    this.seedReport = this.seed();
  }

  /** Inserts what is missing from db/; never overwrites a row that exists. */
  seed(): SeedReport {
    const report = seedLibrary(this.db, this.assetsDir);
    this.policy.invalidate();
    return report;
  }

  /** The open connection (replaced when a backup is restored). */
  get db(): Database.Database {
    return this.#connection.db;
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Latest schema version this program knows (the highest migration number). */
  get appSchemaVersion(): number {
    return latestSchemaVersion(this.assetsDir);
  }

  /** <data dir>/backups next to the database file. */
  get backupDir(): string {
    return backupDirFor(this.file);
  }

  // The library as the engine reads it, synchronously (SQLite answers at once): for the
  // command line, tests and benchmarks. The services use `policy` (ports.ts).

  regions(): RegionDirectory {
    return this.policy.regionDirectory();
  }

  policies(): PolicySet {
    return this.policy.policySet();
  }

  /** Every value, read from the file now (not the loaded copy). */
  policyRows(): PolicyRow[] {
    return this.policy.readRows();
  }

  /** A change of the library in one audited transaction (see PolicyRepository.changeInTransaction). */
  changePolicies<T>(who: AuditContext, change: () => T): T {
    return this.policy.changeInTransaction(who, change);
  }

  close(): void {
    this.#connection.close();
  }
}
