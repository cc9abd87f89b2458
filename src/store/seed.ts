// Seeding from db/: the region table and the shipped policy library. Idempotent: nothing
// is done when the seed files are unchanged (their hash is kept in `meta`); otherwise what
// is missing is inserted and a row that exists is never overwritten. A seed row that would
// overlap the office's own dated edit is skipped and reported. Seeding is audited (actor "seed").
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { neverApplies, PolicyDocumentSchema, PolicyRowSchema, schemaProblems } from '../core/policy/row.ts';
import type { RegionRow } from '../core/regions.ts';
import { clearAuditContext, INSERT_DOCUMENT_SQL, INSERT_VALUE_SQL, setAuditContext } from './policy-repository.ts';

export class SeedError extends Error {}

export interface SeedReport {
  skipped: boolean;
  regions: number;
  documents: number;
  values: number;
  /** Seed rows not inserted because the office's own rows already cover those dates. */
  conflicts: string[];
  /** Shipped rows whose citation (grade, article, source, note, review date) a later release corrected. */
  citationsCorrected: string[];
}

/** A seed file: documents and rows in the one shape of src/core/policy/row.ts. */
const SeedFileSchema = v.object({ documents: v.array(PolicyDocumentSchema), values: v.array(PolicyRowSchema) });

interface RegionsFile {
  regions: Array<{ code: string; name: string; level: RegionRow['level']; parent?: string }>;
}

function seedFiles(assetsDir: string): string[] {
  const dir = join(assetsDir, 'seed', 'policy');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** The seed as shipped in db/: its hash (of every file), the region table, each policy file's rows. */
export interface Seed {
  hash: string;
  regions: RegionsFile['regions'];
  files: Array<{ file: string } & v.InferOutput<typeof SeedFileSchema>>;
}

/** db/'s seed files with their text, and the hash over all of them (names and contents). */
function seedTexts(assetsDir: string): { hash: string; regionsText: string; texts: Array<{ file: string; text: string }> } {
  const regionsFile = join(assetsDir, 'regions.json');
  const files = seedFiles(assetsDir);
  const hash = createHash('sha256');
  const [regionsText = '', ...texts] = [regionsFile, ...files].map((f) => {
    const text = readFileSync(f, 'utf8');
    hash.update(f.slice(assetsDir.length)).update('\0').update(text).update('\0');
    return text;
  });
  return { hash: hash.digest('hex'), regionsText, texts: texts.map((text, i) => ({ file: files[i] ?? '', text })) };
}

/** The hash of the seed as shipped (what `meta`'s 'seed.hash' is compared with). */
export const seedHash = (assetsDir: string): string => seedTexts(assetsDir).hash;

/** Reads and checks db/ (regions.json, seed/policy/*.json); a shipped row that breaks the schema stops the seeding. */
export function readSeed(assetsDir: string): Seed {
  const { hash, regionsText, texts } = seedTexts(assetsDir);
  const files = texts.map(({ file, text }) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new SeedError(`种子文件 ${file} 不是有效的 JSON：${(error as Error).message}`);
    }
    // Exact or refused (rules.md §0.5): a shipped row that breaks the schema stops the seeding.
    const parsed = v.safeParse(SeedFileSchema, raw);
    if (!parsed.success) throw new SeedError(`种子文件 ${file}：${schemaProblems(parsed.issues).join('；')}`);
    return { file, ...parsed.output };
  });
  // A shipped row that can never apply is a defect of the release, not something to store.
  const documentEnds = new Map(files.flatMap(({ documents }) => documents.map((d) => [d.id, d.effectiveTo ?? null] as const)));
  for (const { file, values } of files)
    for (const row of values) {
      const never = neverApplies(row, documentEnds.get(row.document) ?? null);
      if (never) throw new SeedError(`种子文件 ${file} 的 ${row.id}：${never}`);
    }
  return { hash, regions: (JSON.parse(regionsText) as RegionsFile).regions, files };
}

/** The empty report of a seeding that found nothing to do. */
export const unchangedSeed = (): SeedReport => ({
  skipped: true,
  regions: 0,
  documents: 0,
  values: 0,
  conflicts: [],
  citationsCorrected: [],
});

/** A seeding's report before anything is done. */
export const emptySeedReport = (): SeedReport => ({ ...unchangedSeed(), skipped: false });

/** Inserts what is missing from db/ (regions.json, seed/policy/*.json); never overwrites a row that exists. */
export function seedLibrary(db: Database.Database, assetsDir: string): SeedReport {
  const stored = db.prepare(`SELECT value FROM meta WHERE key = 'seed.hash'`).pluck().get();
  if (stored === seedHash(assetsDir)) return unchangedSeed();
  const seed = readSeed(assetsDir);
  const seedHashText = seed.hash;
  const { regions } = seed;
  const report = emptySeedReport();
  const upsertRegion = db.prepare(
    `INSERT INTO region (code, name, level, parent) VALUES (?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent`,
  );
  const insertDocument = db.prepare(INSERT_DOCUMENT_SQL);
  const hasValue = db.prepare(`SELECT 1 FROM policy_value WHERE id = ?`).pluck();
  const hasDocument = db.prepare('SELECT 1 FROM policy_document WHERE id = ?');
  const insertValue = db.prepare(INSERT_VALUE_SQL);
  // A shipped row's value and dates are never changed; its citation may be corrected by a later
  // release (e.g. a grade lowered once a start date proves unverifiable) — only while the row
  // is as the seed last left it (no office change since), and audited like every change.
  // (A database before migration 0004 has no audit trail to tell seeded rows apart: left as it is.)
  const audited = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'policy_audit'`).get() !== undefined;
  const correctCitation = audited
    ? db.prepare(
        `UPDATE policy_value SET grade = ?, article = ?, source_url = ?, note = ?, last_reviewed = ?
         WHERE id = ? AND (grade IS NOT ? OR article IS NOT ? OR source_url IS NOT ? OR note IS NOT ?)
           AND (SELECT actor FROM policy_audit WHERE entity = 'value' AND entity_id = policy_value.id ORDER BY id DESC LIMIT 1) = 'seed'`,
      )
    : null;
  db.transaction(() => {
    // Under the write lock: another process started at the same moment may have seeded meanwhile.
    if (db.prepare(`SELECT value FROM meta WHERE key = 'seed.hash'`).pluck().get() === seedHashText) return void (report.skipped = true);
    setAuditContext(db, { actor: 'seed', reason: `程序内置政策库（${seedHashText.slice(0, 12)}）` });
    upsertRegion.run('CN', '全国', 'country', null);
    for (const r of regions)
      report.regions += upsertRegion.run(r.code, r.name, r.level, r.parent ?? (r.level === 'province' ? 'CN' : null)).changes;
    for (const { file, documents, values } of seed.files) {
      const documentIds = new Set(documents.map((d) => d.id));
      for (const d of documents) {
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
      for (const row of values) {
        if (!documentIds.has(row.document) && !hasDocument.get(row.document)) {
          throw new SeedError(`种子文件 ${file} 的 ${row.id}：引用了不存在的文件 ${row.document}`);
        }
        if (hasValue.get(row.id)) {
          const { grade, article, url, note } = row;
          if (correctCitation?.run(grade, article, url, note, row.lastReviewed, row.id, grade, article, url, note).changes)
            report.citationsCorrected.push(row.id);
          continue;
        }
        try {
          report.values += insertValue.run(
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
          ).changes;
        } catch (error) {
          // The office's own dated edit already covers these dates: theirs stands.
          if (String((error as Error).message).includes('policy_value overlap')) report.conflicts.push(row.id);
          else throw error;
        }
      }
    }
    db.prepare(`INSERT INTO meta (key, value) VALUES ('seed.hash', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(
      seedHashText,
    );
    clearAuditContext(db);
  }).immediate();
  return report;
}
