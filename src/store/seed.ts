// Seeding the SQLite file from db/: the region table and the shipped policy library. A new
// library is filled (audited as "seed"); an existing one gets the release's changes as a
// checked diff (store/release.ts, core/policy/release.ts) in one audited transaction (actor
// "release <version>"): new rows added, rows the release closes closed, corrections applied,
// rows it withdraws taken out — never a row the office changed or added; where the office's rows
// stand in the way the conflict is recorded until an administrator decides. Nothing is done when
// the seed files are what was applied last (their hash is kept in `meta`).
import type Database from 'better-sqlite3';
import { applyPolicyChange, clearAuditContext, PolicyRepository, setAuditContext } from './policy-repository.ts';
import {
  readSeed,
  releaseApplication,
  seedHash,
  seenChanges,
  supersededConflicts,
  unchangedSeed,
  type ReleaseApplication,
  type SeedReport,
} from './release.ts';

const hasTable = (db: Database.Database, name: string) =>
  db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(name) !== undefined;

export { readSeed, SeedError, seedHash, type SeedReport } from './release.ts';

/** Brings the library to the release in db/ (see above); the report says what changed. */
export function seedLibrary(db: Database.Database, assetsDir: string): SeedReport {
  const hash = seedHash(assetsDir);
  // A file at an older schema (a test's, or one a restore brings back before it is migrated) has
  // no record of what was shipped (0008) or no audit (0004): it is seeded as that version did.
  const tracked = hasTable(db, 'policy_shipped');
  const audited = hasTable(db, 'policy_audit');
  // (A library whose rows were never recorded as shipped — before migration 0008 — is brought up once.)
  const upToDate = () =>
    db.prepare(`SELECT value FROM meta WHERE key = 'seed.hash'`).pluck().get() === hash &&
    (!tracked || db.prepare(`SELECT 1 FROM policy_shipped LIMIT 1`).get() !== undefined);
  if (upToDate()) return unchangedSeed();
  const seed = readSeed(assetsDir);
  const repository = new PolicyRepository(db);
  return db
    .transaction((): SeedReport => {
      // Under the write lock: another process started at the same moment may have seeded meanwhile.
      if (upToDate()) return unchangedSeed(seed.version);
      const upsertRegion = db.prepare(
        `INSERT INTO region (code, name, level, parent) VALUES (?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent
         WHERE (region.name, region.level, region.parent) IS NOT (excluded.name, excluded.level, excluded.parent)`,
      );
      let regions = upsertRegion.run('CN', '全国', 'country', null).changes;
      for (const r of seed.regions)
        regions += upsertRegion.run(r.code, r.name, r.level, r.parent ?? (r.level === 'province' ? 'CN' : null)).changes;

      const shipped = new Map(
        tracked
          ? (db.prepare(`SELECT row_id AS id, content_hash AS hash FROM policy_shipped`).all() as Array<{ id: string; hash: string }>).map(
              (s) => [s.id, s.hash] as const,
            )
          : [],
      );
      // Before anything was recorded per row, what the seeding last wrote is what was shipped.
      const seededRecords =
        shipped.size || !audited
          ? []
          : (
              db
                .prepare(
                  `SELECT entity_id AS id, after_json AS after FROM policy_audit
                 WHERE id IN (SELECT max(id) FROM policy_audit WHERE entity = 'value' AND actor = 'seed' GROUP BY entity_id) AND after_json IS NOT NULL`,
                )
                .all() as Array<{ id: string; after: string }>
            ).map((r) => ({ id: r.id, after: JSON.parse(r.after) as Record<string, unknown> }));
      const application = releaseApplication(seed, {
        rows: repository.readRows(),
        documents: repository.readDocuments(),
        shipped,
        seededRecords,
        seenChanges: seenChanges(db.prepare(`SELECT value FROM meta WHERE key = 'seed.changes'`).pluck().get() as string | undefined),
      });

      setAuditContext(db, application.who);
      applyPolicyChange(db, application.change);
      clearAuditContext(db);

      // The conflicts, what this release ships, and what it changed, for the next release and the 政策库 screen.
      if (tracked) recordRelease(db, application, seed.version);
      const setMeta = db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
      setMeta.run('seed.hash', seed.hash);
      // The changelog entries shown by now: the next release's notes are the ones not listed here.
      setMeta.run('seed.changes', JSON.stringify(application.changeIds));
      // The library must still load (no overlaps, every value well-typed), else nothing changes.
      repository.invalidate();
      repository.policySet();
      return { skipped: false, regions, ...application.report };
    })
    .immediate();
}

function recordRelease(db: Database.Database, application: ReleaseApplication, version: string): void {
  const record = db.prepare(
    `INSERT INTO policy_conflict (row_id, kind, release, release_row, content_hash, detected_at)
     VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (row_id, content_hash) DO NOTHING`,
  );
  for (const c of application.conflicts) record.run(c.rowId, c.kind, version, c.releaseRow, c.contentHash);
  const open = db
    .prepare(`SELECT id, row_id AS rowId, content_hash AS contentHash FROM policy_conflict WHERE resolution IS NULL`)
    .all() as Array<{ id: number; rowId: string; contentHash: string }>;
  const supersede = db.prepare(
    `UPDATE policy_conflict SET resolution = 'superseded', resolved_by = ?, resolved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
  );
  for (const id of supersededConflicts(open, application.shipped)) supersede.run(application.who.actor, id);
  db.prepare(`DELETE FROM policy_shipped`).run();
  const ship = db.prepare(`INSERT INTO policy_shipped (row_id, content_hash, release) VALUES (?, ?, ?)`);
  for (const [id, rowHash] of application.shipped) ship.run(id, rowHash, version);
  const report = { ...application.report, appliedAt: new Date().toISOString() };
  db.prepare(`INSERT INTO meta (key, value) VALUES ('release.report', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(
    JSON.stringify(report),
  );
}
