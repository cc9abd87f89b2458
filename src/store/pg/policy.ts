// The policy library in PostgreSQL: the same rows as the SQLite store, changed only inside a
// transaction that carries its audit context (migration 0004's triggers refuse any change
// without one, record before and after, and chain the audit rows). Several server instances
// share the database, so the loaded library is checked against the newest audit row before it
// is used: an edit made through another instance is seen at once, never a stale copy.
import type pg from 'pg';
import { PolicySet, refuseNewProblems, type PolicyDocument, type PolicyRow } from '../../core/policy/policy-set.ts';
import { RegionDirectory, type RegionRow } from '../../core/regions.ts';
import { verifyAuditChain, type ChainCheck, type ChainedAuditRow } from '../audit-chain.ts';
import {
  DOCUMENT_COLUMNS,
  regionLevel,
  toDocument,
  toPolicyRows,
  valueParams,
  VALUE_COLUMNS,
  toAuditRecord,
  toChainedAuditRow,
  type AuditRow,
  type DocumentRecord,
  type ValueRecord,
} from '../policy-records.ts';
import { ConflictClosedError, conflictRecords, storedReleaseReport, type ConflictRow } from '../release.ts';
import type { AuditContext, AuditRecord, PolicyChange, PolicyStore, ReleaseConflictRecord, ReleaseReport } from '../ports.ts';
import { inTransaction, one, rows, type Queryable } from './pool.ts';

/** An audit row with its chained hashes. */
type ChainedRow = AuditRow & { prev_hash: string; row_hash: string };

export const INSERT_DOCUMENT_PG = `INSERT INTO policy_document (${DOCUMENT_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`;
export const INSERT_VALUE_PG = `INSERT INTO policy_value (${VALUE_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;

/** Sets who changes the library and why, for the rest of this transaction only. */
export async function setAuditContextPg(db: Queryable, who: AuditContext): Promise<void> {
  await db.query(
    `SELECT set_config('yibao.audit_actor', $1, true), set_config('yibao.audit_reason', $2, true), set_config('yibao.audit_pack', $3, true)`,
    [who.actor, who.reason, who.pack ?? ''],
  );
}

/** The newest audit row's id: every change of the library adds one (the triggers), in commit order (the chain's lock). */
const libraryVersion = async (db: Queryable): Promise<string> =>
  (await one<{ v: string }>(db, `SELECT coalesce(max(id), 0)::text AS v FROM policy_audit`))?.v ?? '0';

export async function readDocuments(db: Queryable): Promise<PolicyDocument[]> {
  return (await rows<DocumentRecord>(db, `SELECT ${DOCUMENT_COLUMNS} FROM policy_document`)).map(toDocument);
}

/** Every value with its document, read now. */
export async function readPolicyRows(db: Queryable): Promise<PolicyRow[]> {
  const values = await rows<ValueRecord>(db, `SELECT ${VALUE_COLUMNS} FROM policy_value ORDER BY key, region, effective_from`);
  return toPolicyRows(values, await readDocuments(db));
}

/** Applies a change inside the caller's transaction, its audit context set (as store/policy-repository.ts). */
export async function applyPolicyChangePg(db: Queryable, change: PolicyChange): Promise<void> {
  for (const d of change.documents)
    await db.query(INSERT_DOCUMENT_PG, [d.id, d.number, d.title, d.issuer, d.url, d.effectiveFrom, d.effectiveTo, d.kind]);
  for (const d of change.correctDocuments ?? [])
    await db.query(
      `UPDATE policy_document SET number = $1, title = $2, issuer = $3, url = $4, effective_from = $5, effective_to = $6, kind = $7 WHERE id = $8`,
      [d.number, d.title, d.issuer, d.url, d.effectiveFrom, d.effectiveTo, d.kind, d.id],
    );
  for (const r of change.remove ?? []) await db.query(`DELETE FROM policy_value WHERE id = $1`, [r.id]);
  for (const c of change.close) await db.query(`UPDATE policy_value SET effective_to = $1 WHERE id = $2`, [c.effectiveTo, c.row.id]);
  for (const { row, by } of change.replace ?? [])
    await db.query(
      `UPDATE policy_value SET value_json = $1, effective_to = $2, document_id = $3, article = $4, source_url = $5, grade = $6, last_reviewed = $7, note = $8 WHERE id = $9`,
      [JSON.stringify(by.value), by.effectiveTo, by.document.id, by.article, by.url, by.grade, by.lastReviewed, by.note, row.id],
    );
  for (const r of change.insert) await db.query(INSERT_VALUE_PG, valueParams(r));
  if (change.resolve) {
    const { conflictId, resolution, by } = change.resolve;
    const decided = await db.query(
      `UPDATE policy_conflict SET resolution = $1, resolved_by = $2,
         resolved_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
       WHERE id = $3 AND resolution IS NULL`,
      [resolution, by, conflictId],
    );
    if (decided.rowCount !== 1) throw new ConflictClosedError(conflictId);
  }
}

/** Every audit row of a hall's database, in id order, as the chain covers it. */
export async function readAuditChainPg(db: Queryable): Promise<ChainedAuditRow[]> {
  const found = await rows<ChainedRow>(db, `SELECT * FROM policy_audit ORDER BY id`);
  return found.map(toChainedAuditRow);
}

/** Recomputes the audit chain over every row of a hall's database (src/store/audit-chain.ts). */
export async function verifyAuditChainPg(db: Queryable): Promise<ChainCheck> {
  return verifyAuditChain(await readAuditChainPg(db));
}

export class PgPolicyRepository implements PolicyStore {
  readonly #pool: pg.Pool;
  #loaded: { version: string; set: PolicySet } | null = null;
  #regions: RegionDirectory | null = null;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Forget what was loaded (after seeding). */
  invalidate(): void {
    this.#loaded = null;
    this.#regions = null;
  }

  async regions(): Promise<RegionDirectory> {
    if (!this.#regions) {
      const found = await rows<Omit<RegionRow, 'level'> & { level: string }>(this.#pool, `SELECT code, name, level, parent FROM region`);
      this.#regions = new RegionDirectory(found.map((r) => ({ ...r, level: regionLevel(r.level) })));
    }
    return this.#regions;
  }

  async library(): Promise<PolicySet> {
    const version = await libraryVersion(this.#pool);
    if (this.#loaded?.version === version) return this.#loaded.set;
    // Rows and version read in one snapshot, so the copy is exactly the library of that version.
    const loaded = await inTransaction(
      this.#pool,
      async (db) => ({ version: await libraryVersion(db), set: new PolicySet(await readPolicyRows(db), { invalidRows: 'flag' }) }),
      'serializable',
    );
    this.#loaded = loaded;
    return loaded.set;
  }

  async documents(): Promise<PolicyDocument[]> {
    return readDocuments(this.#pool);
  }

  async version(): Promise<string> {
    return libraryVersion(this.#pool);
  }

  async write(who: AuditContext, change: PolicyChange): Promise<void> {
    const loaded = await inTransaction(this.#pool, async (db) => {
      const before = new PolicySet(await readPolicyRows(db), { invalidRows: 'flag' });
      await setAuditContextPg(db, who);
      await applyPolicyChangePg(db, change);
      // The library must still load (no overlaps, every value well-typed, no row added that can
      // never be used), else nothing changes.
      const after = new PolicySet(await readPolicyRows(db), { invalidRows: 'flag' });
      refuseNewProblems(before, after);
      return { version: await libraryVersion(db), set: after };
    });
    this.#loaded = loaded;
  }

  async audit(options: { limit: number; includeSeed?: boolean }): Promise<AuditRecord[]> {
    const found = await rows<ChainedRow>(
      this.#pool,
      `SELECT * FROM policy_audit ${options.includeSeed ? '' : "WHERE actor <> 'seed'"} ORDER BY id DESC LIMIT $1`,
      [options.limit],
    );
    return found.map(toAuditRecord);
  }

  async lastRelease(): Promise<ReleaseReport | null> {
    const found = await one<{ value: string }>(this.#pool, `SELECT value FROM meta WHERE key = 'release.report'`);
    return found ? storedReleaseReport(found.value) : null;
  }

  async releaseConflicts(options: { all?: boolean } = {}): Promise<ReleaseConflictRecord[]> {
    const found = await rows<ConflictRow>(
      this.#pool,
      `SELECT * FROM policy_conflict ${options.all ? '' : 'WHERE resolution IS NULL'} ORDER BY id DESC`,
    );
    return conflictRecords(found, await readDocuments(this.#pool));
  }

  /** Recomputes the audit chain over every row (src/store/audit-chain.ts). */
  async verifyAuditChain(): Promise<ChainCheck> {
    return verifyAuditChainPg(this.#pool);
  }
}
