// The policy library's rows as both databases store them (SQLite and a hall's PostgreSQL have
// the same columns): reading a record into the engine's shapes and writing a row's parameters.
// A value the program cannot read is damaged data, said plainly, never guessed.
import { GRADES, type Grade, type PolicyDocument, type PolicyRow } from '../core/policy/policy-set.ts';
import type { RegionLevel } from '../core/regions.ts';
import { StoreError } from './errors.ts';
import type { ChainedAuditRow } from './audit-chain.ts';
import type { AuditRecord } from './ports.ts';

export interface DocumentRecord {
  id: string;
  number: string;
  title: string;
  issuer: string | null;
  url: string | null;
  effective_from: string | null;
  effective_to: string | null;
  kind: string;
}

export interface ValueRecord {
  id: string;
  region: string;
  key: string;
  value_json: string;
  effective_from: string;
  effective_to: string | null;
  document_id: string;
  article: string | null;
  source_url: string | null;
  grade: string;
  last_reviewed: string;
  note: string | null;
}

export const DOCUMENT_COLUMNS = 'id, number, title, issuer, url, effective_from, effective_to, kind';
export const VALUE_COLUMNS =
  'id, region, key, value_json, effective_from, effective_to, document_id, article, source_url, grade, last_reviewed, note';

const REGION_LEVELS: readonly RegionLevel[] = ['country', 'province', 'prefecture', 'county-direct'];

const damaged = (what: string) => new StoreError('damaged-data', `${what}；请联系维护人员检查数据库。`);

function grade(text: string): Grade {
  const found = GRADES.find((g) => g === text);
  if (!found) throw damaged(`政策库中的来源等级无法识别：${text}`);
  return found;
}

export function regionLevel(text: string): RegionLevel {
  const found = REGION_LEVELS.find((l) => l === text);
  if (!found) throw damaged(`区划级别无法识别：${text}`);
  return found;
}

export const toDocument = (d: DocumentRecord): PolicyDocument => ({
  id: d.id,
  number: d.number,
  title: d.title,
  issuer: d.issuer,
  url: d.url,
  effectiveFrom: d.effective_from,
  effectiveTo: d.effective_to,
  kind: d.kind === 'convention' ? 'convention' : 'law',
});

/** Values with their documents (the foreign key makes a missing one impossible; said plainly should the file be edited by hand). */
export function toPolicyRows(values: readonly ValueRecord[], documents: readonly PolicyDocument[]): PolicyRow[] {
  const byId = new Map(documents.map((d) => [d.id, d]));
  return values.map((r) => {
    const document = byId.get(r.document_id);
    if (!document) throw damaged(`政策值 ${r.id} 引用了不存在的文件 ${r.document_id}`);
    return {
      id: r.id,
      region: r.region,
      key: r.key,
      value: JSON.parse(r.value_json),
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
      document,
      article: r.article,
      url: r.source_url,
      grade: grade(r.grade),
      lastReviewed: r.last_reviewed,
      note: r.note,
    };
  });
}

/** A row's parameters in VALUE_COLUMNS order. */
export const valueParams = (r: PolicyRow) => [
  r.id,
  r.region,
  r.key,
  JSON.stringify(r.value),
  r.effectiveFrom,
  r.effectiveTo,
  r.document.id,
  r.article,
  r.url,
  r.grade,
  r.lastReviewed,
  r.note,
];

/** A row of policy_audit as stored (PostgreSQL reads its bigint id as text). */
export interface AuditRow {
  id: number | string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  reason: string;
  pack: string | null;
}

export const toAuditRecord = (r: AuditRow): AuditRecord => ({
  id: Number(r.id),
  at: r.at,
  actor: r.actor,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before_json ? JSON.parse(r.before_json) : null,
  after: r.after_json ? JSON.parse(r.after_json) : null,
  reason: r.reason,
  pack: r.pack,
});

/** An audit row with its chained hashes, as audit-chain.ts checks it. */
export const toChainedAuditRow = (r: AuditRow & { prev_hash: string; row_hash: string }): ChainedAuditRow => ({
  id: Number(r.id),
  at: r.at,
  actor: r.actor,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  beforeJson: r.before_json,
  afterJson: r.after_json,
  reason: r.reason,
  pack: r.pack,
  prevHash: r.prev_hash,
  rowHash: r.row_hash,
});
