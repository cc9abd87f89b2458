// Migrations of a hall database: db/migrations-pg (the same numbered migrations as SQLite's
// db/migrations, in PostgreSQL's dialect) and db/migrations-hall (the hall's own tables), each
// recorded as a track in `schema_version`. All pending files run in one transaction (DDL is
// transactional in PostgreSQL) under an advisory lock, so two server instances starting at
// once migrate once. A database from a newer program is refused before anything is written.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DatabaseFromFutureError } from '../errors.ts';
import { migrationFiles, type Migration } from '../migrate.ts';
import { inTransaction, rows, type Queryable } from './pool.ts';
import { upgradeNeedsOwner } from './roles.ts';

/** Each track and the folder of its files. */
export const PG_TRACKS = { store: 'migrations-pg', hall: 'migrations-hall' } as const;
export type PgTrack = keyof typeof PG_TRACKS;

/** Taken by migration and seeding: one instance at a time brings the database up to date. */
export const UPGRADE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('yibao.upgrade'))`;

export async function schemaVersions(db: Queryable): Promise<Record<PgTrack, number>> {
  const exists = await rows<{ t: string | null }>(db, `SELECT to_regclass('schema_version')::text AS t`);
  const versions: Record<PgTrack, number> = { store: 0, hall: 0 };
  if (!exists[0]?.t) return versions;
  for (const r of await rows<{ track: string; version: number }>(db, `SELECT track, version FROM schema_version`)) {
    if (r.track === 'store' || r.track === 'hall') versions[r.track] = r.version;
  }
  return versions;
}

/** The pending migrations of each track; a database from a newer program is refused. */
export function pendingFor(assetsDir: string, versions: Record<PgTrack, number>): Array<Migration & { track: PgTrack }> {
  const pending: Array<Migration & { track: PgTrack }> = [];
  for (const track of Object.keys(PG_TRACKS) as PgTrack[]) {
    const files = migrationFiles(assetsDir, PG_TRACKS[track]);
    const latest = files.at(-1)?.version ?? 0;
    if (versions[track] > latest) throw new DatabaseFromFutureError(versions[track], latest);
    pending.push(...files.filter((f) => f.version > versions[track]).map((f) => ({ ...f, track })));
  }
  return pending;
}

/** Brings the database to this program's schema; `then` runs in the same transaction (seeding). */
export async function migrateDatabase<T>(pool: pg.Pool, assetsDir: string, then: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    // Another instance may be migrating (its lock is waited for), and migrating and seeding may
    // take longer than one request's statement is allowed to.
    await client.query(`SET LOCAL lock_timeout = 0; SET LOCAL statement_timeout = 0`);
    await client.query(UPGRADE_LOCK);
    const pending = pendingFor(assetsDir, await schemaVersions(client));
    if (pending.length > 0) {
      const user = (await rows<{ u: string }>(client, `SELECT current_user::text AS u`))[0]?.u ?? '';
      try {
        await client.query(`CREATE TABLE IF NOT EXISTS schema_version (track text PRIMARY KEY, version integer NOT NULL)`);
        for (const m of pending) {
          await client.query(readFileSync(m.file, 'utf8'));
          await client.query(
            `INSERT INTO schema_version (track, version) VALUES ($1, $2) ON CONFLICT (track) DO UPDATE SET version = excluded.version`,
            [m.track, m.version],
          );
        }
      } catch (error) {
        // The hall's runtime role owns nothing (issue 22, finding 16): only the owner migrates.
        if (error instanceof pg.DatabaseError && error.code === '42501') throw upgradeNeedsOwner(user, pending.length);
        throw error;
      }
    }
    return then(client);
  });
}
