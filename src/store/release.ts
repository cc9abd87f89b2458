// The policy library a release ships (db/seed) and what applying it to an existing library
// means, for both stores (store/seed.ts for SQLite, store/pg/seed.ts for PostgreSQL): the seed
// files read and checked, the diff worked out (src/core/policy/release.ts), the change and the
// bookkeeping (what was shipped, the conflicts, the report) each store then writes in one
// audited transaction.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as v from 'valibot';
import { canonicalJson } from '../core/canonical-json.ts';
import { changeEntryProblems, ChangeEntrySchema, newEntries, releaseNotes, type ChangeEntry } from '../core/policy/changelog.ts';
import { PolicyLoadError, PolicySet, type PolicyDocument, type PolicyRow } from '../core/policy/policy-set.ts';
import { planRelease, recordHash, rowHash, type ReleasePlan } from '../core/policy/release.ts';
import { neverApplies, PolicyDocumentSchema, PolicyRowSchema, schemaProblems } from '../core/policy/row.ts';
import { sourceProblems } from '../core/policy/sources.ts';
import type { RegionRow } from '../core/regions.ts';
import type { AuditContext, PolicyChange, ReleaseConflictRecord, ReleaseReport } from './ports.ts';

export class SeedError extends Error {}

/** What seeding did: nothing (the shipped files are what was applied last), or a release's changes. */
export interface SeedReport extends Omit<ReleaseReport, 'appliedAt'> {
  skipped: boolean;
  /** Regions added or renamed. */
  regions: number;
}

/** A seed file: documents and rows in the one shape of src/core/policy/row.ts (no row ids: they are derived). */
const SeedFileSchema = v.object({ documents: v.array(PolicyDocumentSchema), values: v.array(PolicyRowSchema) });
/** db/seed/release.json: the version of the program that ships this library (package.json's; a test checks). */
const ReleaseFileSchema = v.object({ version: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+/)) });

interface RegionsFile {
  regions: Array<{ code: string; name: string; level: RegionRow['level']; parent?: string }>;
}

/** The seed as shipped in db/: its hash, the release version, the region table, the library. */
export interface Seed {
  hash: string;
  version: string;
  regions: RegionsFile['regions'];
  documents: PolicyDocument[];
  /** Every shipped row, its document resolved, ids derived. */
  rows: PolicyRow[];
  /** The library's changelog (db/seed/changes/), oldest first. */
  changes: ChangeEntry[];
}

function seedFiles(assetsDir: string): string[] {
  const dir = join(assetsDir, 'seed', 'policy');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** db/seed/changes/*.json, sorted (their names start with their date); none when the folder is absent. */
function changeFiles(assetsDir: string): string[] {
  const dir = join(assetsDir, 'seed', 'changes');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * db/'s seed files with their text, and the hash over all of them (names and contents). The
 * changelog is part of it: a release that only adds notes still reaches the library, so its notes
 * are recorded as shown.
 */
function seedTexts(assetsDir: string): {
  hash: string;
  regionsText: string;
  texts: Array<{ file: string; text: string }>;
  changeTexts: Array<{ file: string; text: string }>;
} {
  const regionsFile = join(assetsDir, 'regions.json');
  const files = seedFiles(assetsDir);
  const changes = changeFiles(assetsDir);
  const hash = createHash('sha256');
  const [regionsText = '', ...texts] = [regionsFile, ...files, ...changes].map((f) => {
    const text = readFileSync(f, 'utf8');
    hash.update(f.slice(assetsDir.length)).update('\0').update(text).update('\0');
    return text;
  });
  return {
    hash: hash.digest('hex'),
    regionsText,
    texts: texts.slice(0, files.length).map((text, i) => ({ file: files[i] ?? '', text })),
    changeTexts: texts.slice(files.length).map((text, i) => ({ file: changes[i] ?? '', text })),
  };
}

/** The hash of the seed as shipped (what `meta`'s 'seed.hash' is compared with). */
export const seedHash = (assetsDir: string): string => seedTexts(assetsDir).hash;

export function releaseVersion(assetsDir: string): string {
  const file = join(assetsDir, 'seed', 'release.json');
  const parsed = v.safeParse(ReleaseFileSchema, JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new SeedError(`${file}：应为 {"version":"x.y.z"}`);
  return parsed.output.version;
}

const parseJson = (file: string, text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SeedError(`种子文件 ${file} 不是有效的 JSON：${(error as Error).message}`);
  }
};

/**
 * Reads and checks db/ (regions.json, seed/policy/*.json, seed/release.json) the way a pack is
 * checked: every row through the one row schema, every document known, no row that can never
 * apply, and the whole library loading without overlaps. A defect stops the seeding.
 */
export function readSeed(assetsDir: string): Seed {
  const { hash, regionsText, texts, changeTexts } = seedTexts(assetsDir);
  const files = texts.map(({ file, text }) => {
    const parsed = v.safeParse(SeedFileSchema, parseJson(file, text));
    if (!parsed.success) throw new SeedError(`种子文件 ${file}：${schemaProblems(parsed.issues).join('；')}`);
    return { file, ...parsed.output };
  });
  const documents = new Map<string, PolicyDocument>();
  for (const { documents: docs } of files)
    for (const d of docs) documents.set(d.id, { ...d, issuer: d.issuer ?? null, url: d.url ?? null, kind: d.kind ?? 'law' });
  const rows: PolicyRow[] = [];
  for (const { file, values } of files)
    for (const { document: documentId, ...row } of values) {
      const document = documents.get(documentId);
      if (!document) throw new SeedError(`种子文件 ${file} 的 ${row.id}：引用了不存在的文件 ${documentId}`);
      // A shipped row that can never apply is a defect of the release, not something to store.
      const never = neverApplies(row, document.effectiveTo);
      if (never) throw new SeedError(`种子文件 ${file} 的 ${row.id}：${never}`);
      // Nor is a row that cites a content farm, or claims an official grade off an official site.
      const sources = sourceProblems(row, document);
      if (sources.length) throw new SeedError(`种子文件 ${file} 的 ${row.id}：${sources.join('；')}`);
      rows.push({ ...row, document });
    }
  try {
    new PolicySet(rows);
  } catch (error) {
    if (error instanceof PolicyLoadError) throw new SeedError(`内置政策库：${error.message}`);
    throw error;
  }
  const regions = (JSON.parse(regionsText) as RegionsFile).regions;
  return {
    hash,
    version: releaseVersion(assetsDir),
    regions,
    documents: [...documents.values()],
    rows,
    changes: readChanges(changeTexts, { regions: new Set(regions.map((r) => r.code)), documents: new Set(documents.keys()) }),
  };
}

/** The changelog entries, each through its schema and checked against the seed (changelog.ts). */
function readChanges(
  texts: ReadonlyArray<{ file: string; text: string }>,
  known: { regions: ReadonlySet<string>; documents: ReadonlySet<string> },
): ChangeEntry[] {
  const entries = texts.map(({ file, text }) => {
    const parsed = v.safeParse(ChangeEntrySchema, parseJson(file, text));
    if (!parsed.success) throw new SeedError(`更新说明 ${file}：${schemaProblems(parsed.issues).join('；')}`);
    return { file, entry: parsed.output };
  });
  // A document an entry withdrew may still be named by the entries before it.
  const withdrawn = new Set(entries.flatMap(({ entry }) => entry.withdrawnDocuments ?? []));
  return entries.map(({ file, entry }) => {
    const name = basename(file);
    const problems = changeEntryProblems(name, entry, { ...known, withdrawn });
    if (problems.length) throw new SeedError(`更新说明 ${file}：${problems.join('；')}`);
    return { id: name.slice(0, -'.json'.length), ...entry };
  });
}

/** The empty report of a seeding that found nothing to do. */
export const unchangedSeed = (version = ''): SeedReport => ({
  skipped: true,
  version,
  actor: '',
  regions: 0,
  added: [],
  closed: [],
  corrected: [],
  withdrawn: [],
  notes: [],
  conflicts: [],
  documentsAdded: [],
  documentsCorrected: [],
});

/** What a store knows before applying a release. */
export interface LibraryState {
  rows: readonly PolicyRow[];
  documents: readonly PolicyDocument[];
  /** Hash of each row as the last release shipped it (policy_shipped), by id. */
  shipped: ReadonlyMap<string, string>;
  /** Before migration 0008 nothing was recorded: the seeding's last audit record of each row, by id. */
  seededRecords: ReadonlyArray<{ id: string; after: Record<string, unknown> }>;
  /** The changelog entries the library has recorded (meta 'seed.changes'); null when it recorded none. */
  seenChanges: ReadonlySet<string> | null;
}

/** A conflict to record (policy_conflict). */
export interface ConflictToRecord {
  rowId: string;
  kind: 'changed' | 'overlap';
  releaseRow: string;
  contentHash: string;
}

export interface ReleaseApplication {
  who: AuditContext;
  change: PolicyChange;
  report: Omit<ReleaseReport, 'appliedAt'>;
  conflicts: ConflictToRecord[];
  /** The rows this release ships, by id, with their hash (replaces policy_shipped). */
  shipped: ReadonlyMap<string, string>;
  /** Every changelog entry this release ships (recorded as meta 'seed.changes'). */
  changeIds: string[];
  plan: ReleasePlan;
}

/** The row as a conflict keeps it: as shipped, its document by id. */
const flatRow = (row: PolicyRow) => canonicalJson({ ...row, id: undefined, document: row.document.id });

/** Works out what applying the release to a library means (nothing written yet). */
export function releaseApplication(seed: Seed, state: LibraryState): ReleaseApplication {
  const shipped =
    state.shipped.size > 0 ? state.shipped : new Map(state.seededRecords.map(({ id, after }) => [id, recordHash(after)] as const));
  const plan = planRelease({ stored: state.rows, shipped, release: seed.rows });
  const storedDocuments = new Map(state.documents.map((d) => [d.id, d]));
  const newDocuments = seed.documents.filter((d) => !storedDocuments.has(d.id));
  const correctDocuments = seed.documents.filter((d) => {
    const here = storedDocuments.get(d.id);
    return here && canonicalJson(here) !== canonicalJson(d);
  });
  const actor = state.rows.length === 0 ? 'seed' : `release ${seed.version}`;
  const reason =
    actor === 'seed'
      ? `程序内置政策库 ${seed.version}（${seed.hash.slice(0, 12)}）`
      : `程序升级：内置政策库 ${seed.version}（${seed.hash.slice(0, 12)}）`;
  const added = plan.insert.map((r) => r.id);
  const closed = plan.replace.filter((r) => r.kind === 'closed').map((r) => r.row.id);
  const corrected = plan.replace.filter((r) => r.kind === 'corrected').map((r) => r.row.id);
  const withdrawn = plan.remove.map((r) => r.id);
  // A new library is filled, not upgraded: it has no "what this release brings".
  const notes =
    actor === 'seed'
      ? []
      : releaseNotes(
          newEntries(seed.changes, state.seenChanges, [...added, ...closed, ...corrected, ...withdrawn]),
          new Map(seed.documents.map((d) => [d.id, d])),
        );
  return {
    who: { actor, reason },
    change: {
      documents: newDocuments,
      correctDocuments,
      remove: plan.remove,
      close: [],
      replace: plan.replace,
      insert: plan.insert,
    },
    report: {
      version: seed.version,
      actor,
      added,
      closed,
      corrected,
      withdrawn,
      notes,
      conflicts: plan.conflicts.map((c) => c.release.id),
      documentsAdded: newDocuments.map((d) => d.id),
      documentsCorrected: correctDocuments.map((d) => d.id),
    },
    conflicts: plan.conflicts.map((c) => ({
      rowId: c.release.id,
      kind: c.kind,
      releaseRow: flatRow(c.release),
      contentHash: rowHash(c.release),
    })),
    shipped: plan.shipped,
    changeIds: seed.changes.map((c) => c.id),
    plan,
  };
}

/** Open conflicts a release makes moot: it no longer ships that row in that form. */
export const supersededConflicts = (
  open: ReadonlyArray<{ id: number; rowId: string; contentHash: string }>,
  shipped: ReadonlyMap<string, string>,
) => open.filter((c) => shipped.get(c.rowId) !== c.contentHash).map((c) => c.id);

/** A decision on a release conflict that is no longer open (decided meanwhile, or never there). */
export class ConflictClosedError extends Error {
  constructor(id: number) {
    super(`冲突 #${id} 不存在或已处理`);
    this.name = 'ConflictClosedError';
  }
}

/** A policy_conflict row as stored (both dialects). */
export interface ConflictRow {
  id: number | string;
  row_id: string;
  kind: string;
  release: string;
  release_row: string;
  detected_at: string;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

/** The changelog entries a library recorded (meta 'seed.changes', a JSON list of ids), or null when none. */
export function seenChanges(stored: string | null | undefined): ReadonlySet<string> | null {
  if (typeof stored !== 'string') return null;
  const ids: unknown = JSON.parse(stored);
  return Array.isArray(ids) ? new Set(ids.filter((id): id is string => typeof id === 'string')) : null;
}

/** A release report as stored (meta 'release.report'); a report from before the changelog has no notes. */
export function storedReleaseReport(text: string): ReleaseReport {
  return { notes: [], ...(JSON.parse(text) as Omit<ReleaseReport, 'notes'>) };
}

/** Conflict rows with the shipped row's document from the library. */
export function conflictRecords(records: readonly ConflictRow[], documents: readonly PolicyDocument[]): ReleaseConflictRecord[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  return records.flatMap((c) => {
    const flat = JSON.parse(c.release_row) as Omit<PolicyRow, 'document' | 'id'> & { document: string };
    const document = byId.get(flat.document);
    if (!document) return [];
    const resolution = c.resolution === 'mine' || c.resolution === 'release' || c.resolution === 'superseded' ? c.resolution : null;
    return [
      {
        id: Number(c.id),
        rowId: c.row_id,
        kind: c.kind === 'changed' ? 'changed' : 'overlap',
        release: c.release,
        row: { ...flat, id: c.row_id, document },
        detectedAt: c.detected_at,
        resolution,
        resolvedBy: c.resolved_by,
        resolvedAt: c.resolved_at,
      },
    ];
  });
}
