// The PostgreSQL store: the same repositories as the embedded SQLite store (ports.ts), for a
// service hall whose counters share one database. Opening brings the database to this
// program's schema (refusing a newer one) and seeds what is missing, once, even when several
// server instances start together; nothing a second instance needs is kept in this process.
import type pg from 'pg';
import { locateAssets } from '../paths.ts';
import type { Repositories } from '../ports.ts';
import type { SeedReport } from '../seed.ts';
import { PgAssessmentNoteRepository } from './assessment-notes.ts';
import { PgBackups } from './backups.ts';
import { PgCaseRepository } from './cases.ts';
import { PgDraftRepository } from './drafts.ts';
import { migrateDatabase, pendingFor, schemaVersions, type PgTrack } from './migrate.ts';
import { PgPinAttemptRepository } from './pin-attempts.ts';
import { PgPolicyRepository } from './policy.ts';
import { createPool, pgRunner, type PoolOptions } from './pool.ts';
import { SheetRepository } from '../sheets.ts';
import { seedLibraryPg } from './seed.ts';
import { PgSettingsRepository } from './settings.ts';

export interface PgStoreOptions extends PoolOptions {
  /** The db/ folder (migrations, seeds, regions); found next to the code by default. */
  assetsDir?: string;
  /** The time a case is saved at (ISO, UTC); the system clock by default (tests fix it). */
  now?: () => string;
}

export class PgStore implements Repositories {
  readonly pool: pg.Pool;
  readonly assetsDir: string;
  seedReport: SeedReport | null = null;
  readonly cases: PgCaseRepository;
  readonly drafts: PgDraftRepository;
  readonly sheets: SheetRepository;
  readonly assessments: PgAssessmentNoteRepository;
  readonly settings: PgSettingsRepository;
  readonly pinAttempts: PgPinAttemptRepository;
  readonly policy: PgPolicyRepository;
  readonly backups = new PgBackups();

  /** Connects, migrates (a newer database is refused, untouched) and seeds. */
  static async open(options: PgStoreOptions): Promise<PgStore> {
    const store = new PgStore(options);
    try {
      store.seedReport = await migrateDatabase(store.pool, store.assetsDir, (client) => seedLibraryPg(client, store.assetsDir));
      store.policy.invalidate();
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  private constructor(options: PgStoreOptions) {
    this.assetsDir = options.assetsDir ?? locateAssets();
    this.pool = createPool(options);
    this.cases = new PgCaseRepository(this.pool, options.now);
    this.drafts = new PgDraftRepository(this.pool);
    this.sheets = new SheetRepository(pgRunner(this.pool));
    this.assessments = new PgAssessmentNoteRepository(this.pool);
    this.settings = new PgSettingsRepository(this.pool);
    this.pinAttempts = new PgPinAttemptRepository(this.pool);
    this.policy = new PgPolicyRepository(this.pool);
  }

  /** The schema version of each track (store, hall). */
  schemaVersions(): Promise<Record<PgTrack, number>> {
    return schemaVersions(this.pool);
  }

  /** True when this program's migrations are all applied (a newer database throws). */
  async upToDate(): Promise<boolean> {
    return pendingFor(this.assetsDir, await this.schemaVersions()).length === 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
