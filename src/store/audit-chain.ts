// The chained hash over the policy audit rows: each row stores the hash of the row before it
// (prev_hash, '' for the first) and its own hash over that and its content. A row changed,
// removed or inserted later breaks the chain at that row. The database computes the hashes as
// rows are written; this recomputes them, the same way, to verify.
import { createHash } from 'node:crypto';

/** The stored fields of one audit row, as text exactly as stored. */
export interface ChainedAuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  beforeJson: string | null;
  afterJson: string | null;
  reason: string;
  pack: string | null;
  prevHash: string;
  rowHash: string;
}

/** One field: its length in UTF-8 bytes, a colon, the text ('-' for none), so no text can mimic another split. */
const field = (value: string | null): string => (value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`);

export function auditRowHash(row: Omit<ChainedAuditRow, 'rowHash'>): string {
  const content = [
    row.prevHash,
    String(row.id),
    row.at,
    row.actor,
    row.action,
    row.entity,
    row.entityId,
    row.beforeJson,
    row.afterJson,
    row.reason,
    row.pack,
  ]
    .map(field)
    .join('');
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

export type ChainCheck = { ok: true; rows: number } | { ok: false; rows: number; firstBadId: number; message: string };

/** Verifies the chain over rows in id order; the first row that does not fit is named, in Chinese. */
export function verifyAuditChain(rows: Iterable<ChainedAuditRow>): ChainCheck {
  let previous = '';
  let count = 0;
  for (const row of rows) {
    count++;
    if (row.prevHash !== previous) {
      return {
        ok: false,
        rows: count,
        firstBadId: row.id,
        message: `政策库审计记录链在第 ${row.id} 条处断开：它记录的上一条摘要与实际的上一条不符（其前的记录可能被删除或改动）。`,
      };
    }
    if (auditRowHash(row) !== row.rowHash) {
      return {
        ok: false,
        rows: count,
        firstBadId: row.id,
        message: `政策库审计记录第 ${row.id} 条的内容与其摘要不符（该条可能被改动）。`,
      };
    }
    previous = row.rowHash;
  }
  return { ok: true, rows: count };
}
