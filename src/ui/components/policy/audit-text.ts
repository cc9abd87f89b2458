// An audit record as an administrator reads it: what changed (region, the key's label, the
// value in its unit), from → to, and the document it cites — not ids and raw JSON.
import type { AuditEntryView } from '../../../api/contract.ts';
import { keyLabel } from '../../../core/policy/keys.ts';
import { formatPolicyValue } from '../../../core/policy/value-text.ts';

interface ValueRecord {
  region?: string;
  key?: string;
  value?: unknown;
  effectiveFrom?: string;
  effectiveTo?: string | null;
  document?: string;
  article?: string | null;
  grade?: string;
}
interface DocumentRecord {
  number?: string;
  title?: string;
}

export interface AuditLine {
  /** 新增 / 修改 / 删除, and of what. */
  action: string;
  /** What it is about: region and the key's label, or the document. */
  subject: string;
  /** from → to, field by field (only what changed, for a change). */
  changes: string[];
  /** The document (文号) the row cites. */
  document: string;
}

const ACTION: Record<string, string> = { insert: '新增', update: '修改', delete: '删除' };
const period = (r: ValueRecord) => `${r.effectiveFrom ?? '?'} 至 ${r.effectiveTo ?? '今后'}`;

export function auditLine(
  entry: AuditEntryView,
  names: { region: (code: string) => string; documentNumber: (id: string) => string },
): AuditLine {
  const action = ACTION[entry.action] ?? entry.action;
  if (entry.entity === 'document') {
    const before = (entry.before ?? {}) as DocumentRecord;
    const after = (entry.after ?? {}) as DocumentRecord;
    const doc = entry.after ? after : before;
    const changes =
      entry.action === 'update'
        ? (['number', 'title'] as const)
            .filter((k) => before[k] !== after[k])
            .map((k) => `${k === 'number' ? '文号' : '标题'}：${before[k] ?? '—'} → ${after[k] ?? '—'}`)
        : [`《${doc.title ?? ''}》`];
    return { action: `${action}文件`, subject: doc.number ?? entry.entityId, changes, document: doc.number ?? '' };
  }
  const before = (entry.before ?? null) as ValueRecord | null;
  const after = (entry.after ?? null) as ValueRecord | null;
  const row = after ?? before ?? {};
  const key = row.key ?? '';
  const subject = `${row.region ? names.region(row.region) : ''} ${keyLabel(key)}`.trim();
  const value = (r: ValueRecord) => formatPolicyValue(key, r.value);
  let changes: string[];
  if (before && after) {
    changes = [];
    if (JSON.stringify(before.value) !== JSON.stringify(after.value)) changes.push(`值：${value(before)} → ${value(after)}`);
    if (before.effectiveTo !== after.effectiveTo) changes.push(`生效期间：${period(before)} → ${period(after)}`);
    if (before.document !== after.document)
      changes.push(`出处：${names.documentNumber(before.document ?? '')} → ${names.documentNumber(after.document ?? '')}`);
    if (before.article !== after.article) changes.push(`条款：${before.article ?? '—'} → ${after.article ?? '—'}`);
    if (before.grade !== after.grade) changes.push(`来源等级：${before.grade ?? '—'} → ${after.grade ?? '—'}`);
    if (!changes.length) changes.push('备注或核对日期');
  } else if (after) changes = [`${value(after)}（${period(after)}）`];
  else changes = [`${value(row)}（${period(row)}）`];
  return { action, subject, changes, document: names.documentNumber(row.document ?? '') };
}
