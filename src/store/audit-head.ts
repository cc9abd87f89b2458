// The audit chain's head kept outside the database (issue 22, finding 16). The chain alone
// shows a row changed behind the triggers, but not a rewrite that recomputes every hash after
// it, nor the last rows removed. So the administrator exports the head now and then — the
// newest row's id, how many rows lead to it, and its hash — signed with an Ed25519 key of
// their own (`yibao policy keygen`), and keeps the file and the private key away from the
// hall's server. Checking the database against the file then proves every row up to that head
// is as it was: the head row still has its hash (which covers all rows before it) and sits at
// the same place. Rows added since are covered by the chain only, until the next export.
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import * as v from 'valibot';
import type { ChainedAuditRow } from './audit-chain.ts';

export const AUDIT_HEAD_FORMAT = 'yibao-audit-head/1';

const HeadSchema = v.strictObject({
  format: v.literal(AUDIT_HEAD_FORMAT),
  database: v.string(),
  lastId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  rows: v.pipe(v.number(), v.integer(), v.minValue(0)),
  rowHash: v.string(),
  exportedAt: v.string(),
});
const SignedHeadSchema = v.strictObject({
  ...HeadSchema.entries,
  signature: v.strictObject({ algorithm: v.literal('ed25519'), keyId: v.string(), value: v.string() }),
});

export type AuditHead = v.InferOutput<typeof HeadSchema>;
export type SignedAuditHead = v.InferOutput<typeof SignedHeadSchema>;

/** The signed bytes: the head's fields in a fixed order. */
const signedBytes = (head: AuditHead): Buffer =>
  Buffer.from(JSON.stringify([head.format, head.database, head.lastId, head.rows, head.rowHash, head.exportedAt]), 'utf8');

const keyIdOf = (publicKeyPem: string): string =>
  createHash('sha256')
    .update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

/** An export time as people read it: local (the computer's time zone), with the date. */
export function shownAt(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The head of a chain already verified intact (rows in id order). */
export function auditHeadOf(rows: readonly ChainedAuditRow[], database: string, exportedAt: string): AuditHead {
  const last = rows.at(-1);
  return { format: AUDIT_HEAD_FORMAT, database, lastId: last?.id ?? 0, rows: rows.length, rowHash: last?.rowHash ?? '', exportedAt };
}

/** Signs a head with the administrator's Ed25519 private key (PEM); a key that is not Ed25519 is refused in Chinese. */
export function signAuditHead(head: AuditHead, privateKeyPem: string): SignedAuditHead {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new Error('签名私钥无法读取：应为 yibao policy keygen 生成的 .key 文件（PEM）');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('签名私钥应为 Ed25519 密钥（yibao policy keygen 生成）');
  const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  return {
    ...head,
    signature: { algorithm: 'ed25519', keyId: keyIdOf(publicKeyPem), value: sign(null, signedBytes(head), key).toString('base64') },
  };
}

export type HeadCheck = { ok: true; rows: number; lastId: number; exportedAt: string; addedSince: number } | { ok: false; message: string };

/**
 * Checks the audit rows (in id order; the chain itself is verified separately) against a head
 * file's text, signed by the key whose public half is given. Every refusal is a Chinese sentence.
 */
export function checkAuditHead(rows: readonly ChainedAuditRow[], database: string, fileText: string, publicKeyPem: string): HeadCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fileText);
  } catch {
    return { ok: false, message: '审计链头文件不是有效的 JSON（应为 yibao hall audit --export-head 导出的文件）' };
  }
  const head = v.safeParse(SignedHeadSchema, parsed);
  if (!head.success) return { ok: false, message: '审计链头文件的格式不对（应为 yibao hall audit --export-head 导出的文件）' };
  const signed = head.output;
  let valid: boolean;
  try {
    valid =
      keyIdOf(publicKeyPem) === signed.signature.keyId &&
      verify(null, signedBytes(signed), createPublicKey(publicKeyPem), Buffer.from(signed.signature.value, 'base64'));
  } catch {
    return { ok: false, message: '公钥无法读取：应为 yibao policy keygen 生成的 .pub.pem 文件' };
  }
  if (!valid) return { ok: false, message: '审计链头文件的签名与公钥不符：文件可能被改动过，或公钥不是导出时所用私钥的那一把' };
  if (signed.database !== database)
    return { ok: false, message: `审计链头文件导出自数据库 ${signed.database}，不是当前的数据库 ${database}` };
  if (signed.lastId === 0) return { ok: true, rows: rows.length, lastId: 0, exportedAt: signed.exportedAt, addedSince: rows.length };
  const index = rows.findIndex((r) => r.id === signed.lastId);
  if (index < 0)
    return {
      ok: false,
      message: `政策库审计记录第 ${signed.lastId} 条（导出链头时的最后一条，导出于 ${shownAt(signed.exportedAt)}）已不在数据库中：它及其前后的记录可能被删除。`,
    };
  if (index + 1 !== signed.rows)
    return {
      ok: false,
      message: `政策库审计记录到第 ${signed.lastId} 条为止现有 ${index + 1} 条，导出链头时（${shownAt(signed.exportedAt)}）为 ${signed.rows} 条：其前的记录被删除或插入过。`,
    };
  if (rows[index]?.rowHash !== signed.rowHash)
    return {
      ok: false,
      message: `政策库审计记录第 ${signed.lastId} 条的摘要与导出的链头（${shownAt(signed.exportedAt)}）不符：该条或其前的记录被改写过（摘要被重新计算）。`,
    };
  return { ok: true, rows: rows.length, lastId: signed.lastId, exportedAt: signed.exportedAt, addedSince: rows.length - index - 1 };
}
