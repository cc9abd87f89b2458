// Seeding a hall database from db/, as the SQLite store seeds its file (store/seed.ts): the
// region table and the shipped policy library, audited as actor "seed". Idempotent: nothing is
// done when the seed files are unchanged (their hash in `meta`); a row that exists is never
// overwritten; a seed row that would overlap the office's own dated edit is skipped and reported.
import type pg from 'pg';
import { emptySeedReport, readSeed, seedHash, SeedError, type SeedReport, unchangedSeed } from '../seed.ts';
import { INSERT_DOCUMENT_PG, INSERT_VALUE_PG, setAuditContextPg } from './policy.ts';
import { one } from './pool.ts';

/** PostgreSQL's code for a violated exclusion constraint (policy_value_no_overlap). */
const EXCLUSION_VIOLATION = '23P01';

const CORRECT_CITATION_PG = `UPDATE policy_value SET grade = $1, article = $2, source_url = $3, note = $4, last_reviewed = $5
  WHERE id = $6 AND (grade, article, source_url, note) IS DISTINCT FROM ($1, $2, $3, $4)
    AND (SELECT actor FROM policy_audit WHERE entity = 'value' AND entity_id = policy_value.id ORDER BY id DESC LIMIT 1) = 'seed'`;

/** Runs inside the upgrade transaction (migrate.ts), under its lock. */
export async function seedLibraryPg(db: pg.PoolClient, assetsDir: string): Promise<SeedReport> {
  const stored = await one<{ value: string }>(db, `SELECT value FROM meta WHERE key = 'seed.hash'`);
  if (stored?.value === seedHash(assetsDir)) return unchangedSeed();
  const seed = readSeed(assetsDir);
  const report = emptySeedReport();
  await setAuditContextPg(db, { actor: 'seed', reason: `程序内置政策库（${seed.hash.slice(0, 12)}）` });
  const upsertRegion = `INSERT INTO region (code, name, level, parent) VALUES ($1, $2, $3, $4)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent
    WHERE (region.name, region.level, region.parent) IS DISTINCT FROM (excluded.name, excluded.level, excluded.parent)`;
  report.regions += (await db.query(upsertRegion, ['CN', '全国', 'country', null])).rowCount ?? 0;
  for (const r of seed.regions)
    report.regions +=
      (await db.query(upsertRegion, [r.code, r.name, r.level, r.parent ?? (r.level === 'province' ? 'CN' : null)])).rowCount ?? 0;
  for (const { file, documents, values } of seed.files) {
    const documentIds = new Set(documents.map((d) => d.id));
    for (const d of documents) {
      report.documents +=
        (
          await db.query(INSERT_DOCUMENT_PG, [
            d.id,
            d.number,
            d.title,
            d.issuer ?? null,
            d.url ?? null,
            d.effectiveFrom ?? null,
            d.effectiveTo ?? null,
            d.kind ?? 'law',
          ])
        ).rowCount ?? 0;
    }
    for (const row of values) {
      if (!documentIds.has(row.document) && !(await one(db, `SELECT 1 FROM policy_document WHERE id = $1`, [row.document])))
        throw new SeedError(`种子文件 ${file} 的 ${row.id}：引用了不存在的文件 ${row.document}`);
      if (await one(db, `SELECT 1 FROM policy_value WHERE id = $1`, [row.id])) {
        // As in store/seed.ts: a later release may correct a shipped row's citation (never its
        // value or dates), only while the seed made its last change (no office edit since); audited.
        const { grade, article, url, note } = row;
        const corrected = await db.query(CORRECT_CITATION_PG, [grade, article, url, note, row.lastReviewed, row.id]);
        if (corrected.rowCount) report.citationsCorrected.push(row.id);
        continue;
      }
      // A savepoint, so an overlap refused by the constraint does not end the whole transaction.
      await db.query('SAVEPOINT seed_row');
      try {
        await db.query(INSERT_VALUE_PG, [
          row.id,
          row.region,
          row.key,
          JSON.stringify(row.value),
          row.effectiveFrom,
          row.effectiveTo,
          row.document,
          row.article,
          row.url,
          row.grade,
          row.lastReviewed,
          row.note,
        ]);
        await db.query('RELEASE SAVEPOINT seed_row');
        report.values += 1;
      } catch (error) {
        await db.query('ROLLBACK TO SAVEPOINT seed_row');
        // The office's own dated edit already covers these dates: theirs stands.
        if (error instanceof Error && 'code' in error && error.code === EXCLUSION_VIOLATION) report.conflicts.push(row.id);
        else throw error;
      }
    }
  }
  await db.query(`INSERT INTO meta (key, value) VALUES ('seed.hash', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
    seed.hash,
  ]);
  return report;
}
