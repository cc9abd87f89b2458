// Seeding a hall database from db/, as the SQLite store seeds its file (store/seed.ts): the
// region table and the shipped policy library — a new library filled (actor "seed"), an existing
// one given the release's changes as a checked diff (actor "release <version>"), the office's
// own rows never overwritten and each conflict recorded until an administrator decides. Nothing
// is done when the seed files are what was applied last (their hash in `meta`).
import type pg from 'pg';
import { readSeed, releaseApplication, seedHash, seenChanges, supersededConflicts, unchangedSeed, type SeedReport } from '../release.ts';
import { applyPolicyChangePg, readDocuments, readPolicyRows, setAuditContextPg } from './policy.ts';
import { one, rows } from './pool.ts';

const NOW = `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Runs inside the upgrade transaction (migrate.ts), under its lock. */
export async function seedLibraryPg(db: pg.PoolClient, assetsDir: string): Promise<SeedReport> {
  const stored = await one<{ value: string }>(db, `SELECT value FROM meta WHERE key = 'seed.hash'`);
  // (A library whose rows were never recorded as shipped — before migration 0008 — is brought up once.)
  if (stored?.value === seedHash(assetsDir) && (await one(db, `SELECT 1 FROM policy_shipped LIMIT 1`))) return unchangedSeed();
  const seed = readSeed(assetsDir);
  const upsertRegion = `INSERT INTO region (code, name, level, parent) VALUES ($1, $2, $3, $4)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent
    WHERE (region.name, region.level, region.parent) IS DISTINCT FROM (excluded.name, excluded.level, excluded.parent)`;
  let regions = (await db.query(upsertRegion, ['CN', '全国', 'country', null])).rowCount ?? 0;
  for (const r of seed.regions)
    regions += (await db.query(upsertRegion, [r.code, r.name, r.level, r.parent ?? (r.level === 'province' ? 'CN' : null)])).rowCount ?? 0;

  const shipped = new Map(
    (await rows<{ id: string; hash: string }>(db, `SELECT row_id AS id, content_hash AS hash FROM policy_shipped`)).map(
      (s) => [s.id, s.hash] as const,
    ),
  );
  // Before anything was recorded per row, what the seeding last wrote is what was shipped.
  const seededRecords = shipped.size
    ? []
    : (
        await rows<{ id: string; after: string }>(
          db,
          `SELECT entity_id AS id, after_json AS after FROM policy_audit
           WHERE id IN (SELECT max(id) FROM policy_audit WHERE entity = 'value' AND actor = 'seed' GROUP BY entity_id) AND after_json IS NOT NULL`,
        )
      ).map((r) => ({ id: r.id, after: JSON.parse(r.after) as Record<string, unknown> }));
  const application = releaseApplication(seed, {
    rows: await readPolicyRows(db),
    documents: await readDocuments(db),
    shipped,
    seededRecords,
    seenChanges: seenChanges((await one<{ value: string }>(db, `SELECT value FROM meta WHERE key = 'seed.changes'`))?.value),
  });

  await setAuditContextPg(db, application.who);
  await applyPolicyChangePg(db, application.change);

  for (const c of application.conflicts)
    await db.query(
      `INSERT INTO policy_conflict (row_id, kind, release, release_row, content_hash, detected_at)
       VALUES ($1, $2, $3, $4, $5, ${NOW}) ON CONFLICT (row_id, content_hash) DO NOTHING`,
      [c.rowId, c.kind, seed.version, c.releaseRow, c.contentHash],
    );
  const open = await rows<{ id: string; rowId: string; contentHash: string }>(
    db,
    `SELECT id, row_id AS "rowId", content_hash AS "contentHash" FROM policy_conflict WHERE resolution IS NULL`,
  );
  for (const id of supersededConflicts(
    open.map((c) => ({ ...c, id: Number(c.id) })),
    application.shipped,
  ))
    await db.query(`UPDATE policy_conflict SET resolution = 'superseded', resolved_by = $1, resolved_at = ${NOW} WHERE id = $2`, [
      application.who.actor,
      id,
    ]);
  await db.query(`DELETE FROM policy_shipped`);
  for (const [id, rowHash] of application.shipped)
    await db.query(`INSERT INTO policy_shipped (row_id, content_hash, release) VALUES ($1, $2, $3)`, [id, rowHash, seed.version]);
  const report = { ...application.report, appliedAt: new Date().toISOString() };
  await db.query(`INSERT INTO meta (key, value) VALUES ('release.report', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
    JSON.stringify(report),
  ]);
  await db.query(`INSERT INTO meta (key, value) VALUES ('seed.hash', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
    seed.hash,
  ]);
  // The changelog entries shown by now: the next release's notes are the ones not listed here.
  await db.query(`INSERT INTO meta (key, value) VALUES ('seed.changes', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
    JSON.stringify(application.changeIds),
  ]);
  return { skipped: false, regions, ...application.report };
}
