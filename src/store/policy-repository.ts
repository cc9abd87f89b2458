// The policy library in SQLite: the region table, documents and dated values, read into
// the engine's in-memory PolicySet (loaded once, a few hundred rows) and changed only
// inside a transaction that carries its audit context (who and why; migration 0004's
// triggers refuse any change without one and record before and after).
import type Database from 'better-sqlite3';
import { PolicySet, refuseNewProblems, type PolicyDocument, type PolicyRow } from '../core/policy/policy-set.ts';
import { RegionDirectory, type RegionRow } from '../core/regions.ts';
import { verifyAuditChain, type ChainCheck, type ChainedAuditRow } from './audit-chain.ts';
import { dbOf, retryBusy, type DbSource } from './connection.ts';
import {
  DOCUMENT_COLUMNS,
  regionLevel,
  toDocument,
  toPolicyRows,
  valueParams,
  VALUE_COLUMNS,
  toAuditRecord,
  type AuditRow,
  type DocumentRecord,
  type ValueRecord,
} from './policy-records.ts';
import type { AuditContext, AuditRecord, PolicyChange, PolicyStore, ReleaseConflictRecord, ReleaseReport } from './ports.ts';
import { ConflictClosedError, conflictRecords, storedReleaseReport, type ConflictRow } from './release.ts';

/** A document is added once; an existing one (same id) is kept as it is. */
export const INSERT_DOCUMENT_SQL = `INSERT OR IGNORE INTO policy_document (${DOCUMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
export const INSERT_VALUE_SQL = `INSERT INTO policy_value (${VALUE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Sets who changes the library and why (required by the audit triggers of migration 0004),
 * inside the caller's transaction, which clears it again before it commits. Never updated in
 * place: the context table refuses updates (migration 0007).
 */
export function setAuditContext(db: Database.Database, who: AuditContext): void {
  if (!hasAuditTable(db)) return;
  db.prepare(`DELETE FROM audit_context`).run();
  db.prepare(`INSERT INTO audit_context (id, actor, reason, pack) VALUES (1, ?, ?, ?)`).run(who.actor, who.reason, who.pack ?? null);
}

export function clearAuditContext(db: Database.Database): void {
  if (hasAuditTable(db)) db.prepare(`DELETE FROM audit_context`).run();
}

function hasAuditTable(db: Database.Database): boolean {
  return !!db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_context'`).get();
}

/**
 * Applies a change inside the caller's transaction, with its audit context already set
 * (PolicyChange says the order). Used by dated edits, packs, releases and conflict decisions.
 */
export function applyPolicyChange(db: Database.Database, change: PolicyChange): void {
  const insertDocument = db.prepare(INSERT_DOCUMENT_SQL);
  for (const d of change.documents) insertDocument.run(d.id, d.number, d.title, d.issuer, d.url, d.effectiveFrom, d.effectiveTo, d.kind);
  const correctDocument = db.prepare(
    `UPDATE policy_document SET number = ?, title = ?, issuer = ?, url = ?, effective_from = ?, effective_to = ?, kind = ? WHERE id = ?`,
  );
  for (const d of change.correctDocuments ?? [])
    correctDocument.run(d.number, d.title, d.issuer, d.url, d.effectiveFrom, d.effectiveTo, d.kind, d.id);
  const remove = db.prepare(`DELETE FROM policy_value WHERE id = ?`);
  for (const r of change.remove ?? []) remove.run(r.id);
  const close = db.prepare(`UPDATE policy_value SET effective_to = ? WHERE id = ?`);
  for (const c of change.close) close.run(c.effectiveTo, c.row.id);
  const replace = db.prepare(
    `UPDATE policy_value SET value_json = ?, effective_to = ?, document_id = ?, article = ?, source_url = ?, grade = ?, last_reviewed = ?, note = ? WHERE id = ?`,
  );
  for (const { row, by } of change.replace ?? [])
    replace.run(JSON.stringify(by.value), by.effectiveTo, by.document.id, by.article, by.url, by.grade, by.lastReviewed, by.note, row.id);
  const insertValue = db.prepare(INSERT_VALUE_SQL);
  for (const r of change.insert) insertValue.run(...valueParams(r));
  if (change.resolve) {
    const { conflictId, resolution, by } = change.resolve;
    const decided = db
      .prepare(
        `UPDATE policy_conflict SET resolution = ?, resolved_by = ?, resolved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND resolution IS NULL`,
      )
      .run(resolution, by, conflictId);
    if (decided.changes !== 1) throw new ConflictClosedError(conflictId);
  }
}

export class PolicyRepository implements PolicyStore {
  readonly #source: DbSource;
  #policies: PolicySet | null = null;
  #regions: RegionDirectory | null = null;

  constructor(source: DbSource) {
    this.#source = source;
  }

  get #db(): Database.Database {
    return dbOf(this.#source);
  }

  /** Forget what was loaded (after seeding or a restore replaced the rows). */
  invalidate(): void {
    this.#policies = null;
    this.#regions = null;
  }

  // Synchronous reads, for callers that hold the SQLite store itself (the engine in tests,
  // the command line, benchmarks); the services use the promise-returning methods below.

  regionDirectory(): RegionDirectory {
    if (!this.#regions) {
      const rows = this.#db.prepare(`SELECT code, name, level, parent FROM region`).all() as Array<
        Omit<RegionRow, 'level'> & { level: string }
      >;
      this.#regions = new RegionDirectory(rows.map((r) => ({ ...r, level: regionLevel(r.level) })));
    }
    return this.#regions;
  }

  policySet(): PolicySet {
    this.#policies ??= new PolicySet(this.readRows(), { invalidRows: 'flag' });
    return this.#policies;
  }

  readDocuments(): PolicyDocument[] {
    const rows = this.#db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM policy_document`).all() as DocumentRecord[];
    return rows.map(toDocument);
  }

  /** Every value with its document, read from the database now (not the loaded copy). */
  readRows(): PolicyRow[] {
    const values = this.#db
      .prepare(`SELECT ${VALUE_COLUMNS} FROM policy_value ORDER BY key, region, effective_from`)
      .all() as ValueRecord[];
    return toPolicyRows(values, this.readDocuments());
  }

  /**
   * Runs a change of the library inside one transaction with its audit context; everything
   * is applied or nothing is. The library must still load afterwards (no overlaps, every value
   * well-typed, no row added that can never be used), else the change is rolled back; the loaded
   * library becomes the in-memory one.
   */
  changeInTransaction<T>(who: AuditContext, change: () => T): T {
    const db = this.#db;
    let loaded: PolicySet | null = null;
    const result = db
      .transaction(() => {
        const before = new PolicySet(this.readRows(), { invalidRows: 'flag' });
        setAuditContext(db, who);
        const value = change();
        clearAuditContext(db);
        loaded = new PolicySet(this.readRows(), { invalidRows: 'flag' });
        refuseNewProblems(before, loaded);
        return value;
      })
      .immediate();
    this.#policies = loaded;
    return result;
  }

  writeNow(who: AuditContext, change: PolicyChange): void {
    this.changeInTransaction(who, () => applyPolicyChange(this.#db, change));
  }

  auditNow(options: { limit: number; includeSeed?: boolean }): AuditRecord[] {
    const rows = this.#db
      .prepare(`SELECT * FROM policy_audit ${options.includeSeed ? '' : "WHERE actor <> 'seed'"} ORDER BY id DESC LIMIT ?`)
      .all(options.limit) as AuditRow[];
    return rows.map(toAuditRecord);
  }

  // The PolicyStore interface.

  async regions(): Promise<RegionDirectory> {
    return this.regionDirectory();
  }

  async library(): Promise<PolicySet> {
    return this.policySet();
  }

  async documents(): Promise<PolicyDocument[]> {
    return this.readDocuments();
  }

  async write(who: AuditContext, change: PolicyChange): Promise<void> {
    await retryBusy(() => this.writeNow(who, change));
  }

  async audit(options: { limit: number; includeSeed?: boolean }): Promise<AuditRecord[]> {
    return this.auditNow(options);
  }

  async lastRelease(): Promise<ReleaseReport | null> {
    return this.lastReleaseNow();
  }

  lastReleaseNow(): ReleaseReport | null {
    const text = this.#db.prepare(`SELECT value FROM meta WHERE key = 'release.report'`).pluck().get();
    return typeof text === 'string' ? storedReleaseReport(text) : null;
  }

  async releaseConflicts(options: { all?: boolean } = {}): Promise<ReleaseConflictRecord[]> {
    return this.releaseConflictsNow(options);
  }

  releaseConflictsNow(options: { all?: boolean } = {}): ReleaseConflictRecord[] {
    const records = this.#db
      .prepare(`SELECT * FROM policy_conflict ${options.all ? '' : 'WHERE resolution IS NULL'} ORDER BY id DESC`)
      .all() as ConflictRow[];
    return conflictRecords(records, this.readDocuments());
  }

  async version(): Promise<string> {
    const newest: unknown = this.#db.prepare(`SELECT coalesce(max(id), 0) FROM policy_audit`).pluck().get();
    return String(newest);
  }

  async verifyAuditChain(): Promise<ChainCheck> {
    return this.verifyAuditNow();
  }

  /** The chained hash over every audit row, checked oldest first (audit-chain.ts). */
  verifyAuditNow(): ChainCheck {
    const rows = this.#db
      .prepare(
        `SELECT id, at, actor, action, entity, entity_id AS entityId, before_json AS beforeJson, after_json AS afterJson, reason, pack,
                prev_hash AS prevHash, row_hash AS rowHash FROM policy_audit ORDER BY id`,
      )
      .iterate() as IterableIterator<ChainedAuditRow>;
    return verifyAuditChain(rows);
  }
}
