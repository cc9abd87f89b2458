// A new release's policy library against the one a counter already has, compared the way a
// signed pack is: what the release adds, closes, corrects or withdraws, and where the office's
// own rows stand in the way (a conflict, listed until an administrator decides). Pure: the
// stores read the rows and write the plan (store/seed.ts, store/pg/seed.ts), in one audited
// transaction.
//
// Who owns a row is told by its content: a row is the release's own while it is exactly as the
// last release shipped it (the hash kept per row id at every release). Anything else (the
// office's dated edits, a pack, a row the office closed or re-cited) is the office's, and a
// release never overwrites it.
import { canonicalJson } from '../canonical-json.ts';
import { addDays, formatDate, parseDate } from '../calendar.ts';
import { sha256Hex } from '../sha256.ts';
import type { ReleaseNote } from './changelog.ts';
import type { PolicyRow } from './policy-set.ts';
import { rowId } from './row.ts';

/** A row as seeds and packs carry it: every field, the document by its id (no id: it is derived). */
export function rowContent(row: PolicyRow): string {
  return canonicalJson({
    region: row.region,
    key: row.key,
    value: row.value,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    document: row.document.id,
    article: row.article,
    url: row.url,
    grade: row.grade,
    lastReviewed: row.lastReviewed,
    note: row.note,
  });
}

/** The hash a release keeps of each row it ships (what tells "as shipped" from "changed here"). */
export const rowHash = (row: PolicyRow): string => sha256Hex(rowContent(row));

/** The hash of a row recorded as JSON (an audit record's `after`), in the same form. */
export function recordHash(record: Record<string, unknown>): string {
  const { region, key, value, effectiveFrom, effectiveTo, document, article, url, grade, lastReviewed, note } = record;
  return sha256Hex(
    canonicalJson({
      region,
      key,
      value,
      effectiveFrom,
      effectiveTo: effectiveTo ?? null,
      document,
      article: article ?? null,
      url: url ?? null,
      grade,
      lastReviewed,
      note: note ?? null,
    }),
  );
}

export type ConflictKind =
  /** The row the release corrects or closes was changed here (by the office, a pack). */
  | 'changed'
  /** The release's row covers dates the office's own rows cover. */
  | 'overlap';

export interface PlannedConflict {
  kind: ConflictKind;
  /** The release's row, as shipped. */
  release: PolicyRow;
  /** The rows here that stand in its way (they stay until an administrator decides). */
  office: PolicyRow[];
}

export interface ReleasePlan {
  /** Rows the release adds. */
  insert: PolicyRow[];
  /** Rows as shipped before, changed by this release: closed (an end date set) or corrected. */
  replace: Array<{ row: PolicyRow; by: PolicyRow; kind: 'closed' | 'corrected' }>;
  /** Rows as shipped before that this release no longer ships. */
  remove: PolicyRow[];
  conflicts: PlannedConflict[];
  /** Release rows already here exactly as shipped, or unchanged since the last release. */
  unchanged: number;
  /** The hash of every row this release ships, by id (kept for the next release). */
  shipped: Map<string, string>;
}

const FOREVER = '9999-12-31';
const overlaps = (a: PolicyRow, b: PolicyRow) =>
  a.region === b.region &&
  a.key === b.key &&
  a.effectiveFrom <= (b.effectiveTo ?? FOREVER) &&
  b.effectiveFrom <= (a.effectiveTo ?? FOREVER);

/**
 * What a release changes in a library. `stored`: the rows here now; `shipped`: the hash of each
 * row as the previous release shipped it (by id); `release`: every row of the new release.
 */
export function planRelease(input: {
  stored: readonly PolicyRow[];
  shipped: ReadonlyMap<string, string>;
  release: readonly PolicyRow[];
}): ReleasePlan {
  const stored = new Map(input.stored.map((r) => [rowId(r), r]));
  const release = new Map(input.release.map((r) => [rowId(r), r]));
  const releaseHash = new Map([...release].map(([id, r]) => [id, rowHash(r)]));
  const owned = (row: PolicyRow) => input.shipped.get(rowId(row)) === rowHash(row);

  const remove = input.stored.filter((r) => !release.has(rowId(r)) && input.shipped.has(rowId(r)) && owned(r));
  const removed = new Set(remove.map(rowId));
  const conflicts: PlannedConflict[] = [];
  // Candidate changes; a change that would overlap the office's rows is turned into a conflict below.
  const inserts = new Map<string, PolicyRow>();
  const replaces = new Map<string, { row: PolicyRow; by: PolicyRow; kind: 'closed' | 'corrected' }>();
  let unchanged = 0;
  for (const [id, r] of release) {
    const hash = releaseHash.get(id);
    const here = stored.get(id);
    // Unchanged since the last release: nothing new to say, whatever the office has done since.
    if (input.shipped.get(id) === hash || (here && rowHash(here) === hash)) {
      unchanged++;
      continue;
    }
    if (!here) inserts.set(id, r);
    else if (owned(here)) {
      const closing =
        here.effectiveTo === null && r.effectiveTo !== null && rowContent({ ...here, effectiveTo: r.effectiveTo }) === rowContent(r);
      replaces.set(id, { row: here, by: r, kind: closing ? 'closed' : 'corrected' });
    } else conflicts.push({ kind: 'changed', release: r, office: [here] });
  }

  // The library as it would be; a change overlapping a row that is not the release's own (as
  // this release ships it) becomes a conflict, and the library is worked out again without it.
  const isReleaseForm = (row: PolicyRow) => releaseHash.get(rowId(row)) === rowHash(row);
  for (;;) {
    const final = new Map<string, PolicyRow>();
    for (const [id, r] of stored) if (!removed.has(id)) final.set(id, replaces.get(id)?.by ?? r);
    for (const [id, r] of inserts) final.set(id, r);
    let demoted = false;
    for (const [id, r] of [...inserts, ...[...replaces].map(([i, c]) => [i, c.by] as const)]) {
      const blocking = [...final.values()].filter((other) => rowId(other) !== id && overlaps(other, r) && !isReleaseForm(other));
      if (!blocking.length) continue;
      inserts.delete(id);
      replaces.delete(id);
      conflicts.push({ kind: 'overlap', release: r, office: blocking });
      demoted = true;
      break;
    }
    if (!demoted) break;
  }
  // Shrinking windows first, then growing ones, then new rows: no step overlaps another row.
  const replace = [...replaces.values()].sort(
    (a, b) =>
      Number((a.by.effectiveTo ?? FOREVER) >= (a.row.effectiveTo ?? FOREVER)) -
      Number((b.by.effectiveTo ?? FOREVER) >= (b.row.effectiveTo ?? FOREVER)),
  );
  return { insert: [...inserts.values()], replace, remove, conflicts, unchanged, shipped: releaseHash };
}

export interface TakeReleasePlan {
  /** Rows here closed the day before the release's row starts. */
  close: Array<{ row: PolicyRow; effectiveTo: string }>;
  /** Rows here wholly inside the release row's dates (replaced by it). */
  remove: PolicyRow[];
  /** The row here with the same start date, replaced by the release's. */
  replace: Array<{ row: PolicyRow; by: PolicyRow }>;
  /** The release's row (when nothing here starts that day) and what continues after it. */
  insert: PolicyRow[];
}

const shiftDay = (iso: string, days: number): string => {
  const day = parseDate(iso);
  if (day === null) throw new Error(`日期应为 YYYY-MM-DD，收到 "${iso}"`);
  return formatDate(addDays(day, days));
};

/**
 * "Take the release's": the release's row for its dates; a row here is kept before them (closed
 * the day before) and after them (continued from the day after), and gives way in between.
 */
export function planTakeRelease(rows: readonly PolicyRow[], taken: PolicyRow): TakeReleasePlan {
  const plan: TakeReleasePlan = { close: [], remove: [], replace: [], insert: [] };
  const id = rowId(taken);
  const end = taken.effectiveTo ?? FOREVER;
  for (const row of rows) {
    if (!overlaps(row, taken)) continue;
    if (rowId(row) === id) plan.replace.push({ row, by: taken });
    else if (row.effectiveFrom < taken.effectiveFrom) plan.close.push({ row, effectiveTo: shiftDay(taken.effectiveFrom, -1) });
    else plan.remove.push(row);
    // What the row here said after the release's row ends still holds.
    if ((row.effectiveTo ?? FOREVER) > end) {
      const from = shiftDay(end, 1);
      plan.insert.push({ ...row, id: rowId({ ...row, effectiveFrom: from }), effectiveFrom: from });
    }
  }
  if (!plan.replace.length) plan.insert.unshift(taken);
  return plan;
}

/** What one release changed in the library (row ids), as recorded when it was applied. */
export interface ReleaseReport {
  version: string;
  /** "seed" when it filled a new library, else "release <version>" (the audit's actor). */
  actor: string;
  /** ISO time (UTC). */
  appliedAt: string;
  added: string[];
  closed: string[];
  corrected: string[];
  withdrawn: string[];
  /** The changelog entries this release brings (docs/rules.md §9), newest first; none for a new library. */
  notes: ReleaseNote[];
  /** Shipped rows not applied because the office's rows stand (see releaseConflicts). */
  conflicts: string[];
  documentsAdded: string[];
  documentsCorrected: string[];
}
