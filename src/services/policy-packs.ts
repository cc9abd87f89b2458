// Policy packs (yibao-policy-pack/1): a region's rows (or all) as JSON with a content
// hash and an Ed25519 signature, made at the city office and imported at every counter.
// Import verifies schema, hash and signature against trusted keys, works out the diff,
// and applies it in one transaction or not at all.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import * as v from 'valibot';
import { canonicalJson } from '../core/canonical-json.ts';
import { PolicySet, type PolicyDocument, type PolicyRow } from '../core/policy/policy-set.ts';
import { IsoTimestamp, neverApplies, PolicyDocumentSchema, PolicyRowSchema, rowId } from '../core/policy/row.ts';
import { COUNTRY, type RegionDirectory } from '../core/regions.ts';
import { ServiceError } from '../api/result.ts';
import type { Repositories } from '../store/ports.ts';
import { applyPlanInMemory } from './policy-admin.ts';
import { updateSetting } from './settings.ts';

export const PACK_FORMAT = 'yibao-policy-pack/1';

const TrustedKeySchema = v.object({
  keyId: v.string(),
  name: v.string(),
  publicKeyPem: v.string(),
  addedAt: v.string(),
  /**
   * The regions the key may sign for, named when it was added: a city key its city, a province
   * key the province and its cities, a national key CN. A key added before scopes existed has
   * none, and signs for nothing until it is added again with its regions.
   */
  regions: v.optional(v.array(v.string())),
});
export type TrustedKey = v.InferOutput<typeof TrustedKeySchema>;
const TrustedKeys = v.nullable(v.array(TrustedKeySchema));

/** The canonical bytes of a pack's content (src/core/canonical-json.ts). */
export { canonicalJson };

// Documents and rows have the one shape of src/core/policy/row.ts (exact values, real dates).
const PackSchema = v.strictObject({
  format: v.literal(PACK_FORMAT),
  createdAt: IsoTimestamp,
  createdBy: v.pipe(v.string(), v.minLength(1)),
  scope: v.strictObject({ regions: v.union([v.literal('all'), v.array(v.pipe(v.string(), v.regex(/^(CN|\d{6})$/)))]) }),
  documents: v.array(PolicyDocumentSchema),
  values: v.array(PolicyRowSchema),
  contentHash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  signature: v.strictObject({ algorithm: v.literal('ed25519'), keyId: v.string(), value: v.string() }),
});

export type PolicyPack = v.InferOutput<typeof PackSchema>;
/** What is hashed and signed: the pack as written (rows without ids now; an older pack's with them). */
type PackContent = Omit<PolicyPack, 'contentHash' | 'signature' | 'values'> & {
  values: Array<Omit<PolicyPack['values'][number], 'id'> & { id?: string }>;
};
/** A pack as written to its file. */
export type PolicyPackFile = PackContent & Pick<PolicyPack, 'contentHash' | 'signature'>;

const contentOf = (pack: PackContent): string =>
  canonicalJson({
    format: pack.format,
    createdAt: pack.createdAt,
    createdBy: pack.createdBy,
    scope: pack.scope,
    documents: pack.documents,
    values: pack.values,
  });

export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function generateSigningKeys(): { privateKeyPem: string; publicKeyPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem, keyId: keyIdOf(publicKeyPem) };
}

/** A row as a pack carries it (its id is derived from region, key and start date). */
const rowToPack = (r: PolicyRow) => ({
  region: r.region,
  key: r.key,
  value: r.value,
  effectiveFrom: r.effectiveFrom,
  effectiveTo: r.effectiveTo,
  document: r.document.id,
  article: r.article,
  url: r.url,
  grade: r.grade,
  lastReviewed: r.lastReviewed,
  note: r.note,
});

/** Exports the rows of the given regions (or all) as a signed pack. */
export async function exportPack(
  repos: Pick<Repositories, 'policy'>,
  input: { regions: string[] | 'all'; privateKeyPem: string; createdBy: string; createdAt?: string },
): Promise<PolicyPackFile> {
  return exportPackOf((await repos.policy.library()).rows, input);
}

/** A signed pack of the given regions' rows (or all) of a library (as it is, or as it would be after a set of edits). */
export async function exportPackOf(
  library: readonly PolicyRow[],
  input: { regions: string[] | 'all'; privateKeyPem: string; createdBy: string; createdAt?: string },
): Promise<PolicyPackFile> {
  const rows = library.filter((r) => input.regions === 'all' || input.regions.includes(r.region));
  const docs = new Map<string, PolicyDocument>();
  for (const r of rows) docs.set(r.document.id, r.document);
  const content: PackContent = {
    format: PACK_FORMAT,
    createdAt: input.createdAt ?? new Date().toISOString(),
    createdBy: input.createdBy,
    scope: { regions: input.regions === 'all' ? 'all' : [...input.regions].sort() },
    documents: [...docs.values()].sort((a, b) => a.id.localeCompare(b.id)),
    values: rows.map(rowToPack).sort((a, b) => rowId(a).localeCompare(rowId(b))),
  };
  const bytes = Buffer.from(contentOf(content));
  const privateKey = createPrivateKey(input.privateKeyPem);
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return {
    ...content,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    signature: { algorithm: 'ed25519', keyId: keyIdOf(publicKeyPem), value: sign(null, bytes, privateKey).toString('base64') },
  };
}

export async function trustedKeys(repos: Pick<Repositories, 'settings'>): Promise<TrustedKey[]> {
  return keysOf(await repos.settings.get('policy.trustedKeys'));
}

const keysOf = (stored: unknown): TrustedKey[] => v.parse(TrustedKeys, stored) ?? [];

/**
 * Two administrators changing the keys at once (issue 22, finding 8): the list is changed by
 * compare-and-set, so the second change is refused instead of writing back a list read before the
 * first (which lost an added key, or brought a removed one back). Refused, not tried again: the
 * administrator looks at the list as it is now before deciding again.
 */
export const KEYS_CONFLICT = '信任的密钥刚由另一位管理员修改，本次未保存：请刷新政策库页，看过当前的密钥后再试。';

/** Whether a key scoped to `scope` may sign rows of `region` (see TrustedKeySchema). */
export function keyCovers(directory: RegionDirectory, scope: readonly string[], region: string): boolean {
  return scope.some(
    (s) => s === region || (s !== COUNTRY && directory.get(s)?.level === 'province' && directory.chain(region).includes(s)),
  );
}

/** A key's regions as people read them: 南京市（320100）、江苏省（320000）及其下辖市. */
export function scopeText(directory: RegionDirectory, scope: readonly string[]): string {
  return scope
    .map((s) =>
      s === COUNTRY ? '全国（CN）' : `${directory.name(s)}（${s}）${directory.get(s)?.level === 'province' ? '及其下辖市' : ''}`,
    )
    .join('、');
}

/** A key trusted for the regions it was added for; an unknown region or none at all is refused. */
export async function addTrustedKey(
  repos: Pick<Repositories, 'settings' | 'policy'>,
  name: string,
  publicKeyPem: string,
  addedAt: string,
  regions: readonly string[],
): Promise<TrustedKey> {
  const directory = await repos.policy.regions();
  const scope = [...new Set(regions.map((r) => r.trim()).filter(Boolean))];
  if (!scope.length) throw new ServiceError('INVALID_INPUT', '请指定该密钥可签署的地区（市、省或 CN）');
  const unknown = scope.filter((r) => r !== COUNTRY && !directory.has(r));
  if (unknown.length) throw new ServiceError('INVALID_INPUT', `地区 ${unknown.join('、')} 不在区划代码表中`);
  const keyId = keyIdOf(publicKeyPem);
  const key: TrustedKey = {
    keyId,
    name,
    publicKeyPem: createPublicKey(publicKeyPem).export({ type: 'spki', format: 'pem' }).toString(),
    addedAt,
    regions: scope,
  };
  await updateSetting(repos, 'policy.trustedKeys', (stored) => [...keysOf(stored).filter((k) => k.keyId !== keyId), key], KEYS_CONFLICT);
  return key;
}

export async function removeTrustedKey(repos: Pick<Repositories, 'settings'>, keyId: string): Promise<void> {
  await updateSetting(repos, 'policy.trustedKeys', (stored) => keysOf(stored).filter((k) => k.keyId !== keyId), KEYS_CONFLICT);
}

export interface PackDiff {
  added: PolicyRow[];
  /** Rows whose window the pack closes: the row as it is here, and its new end. */
  closed: Array<{ row: PolicyRow; effectiveTo: string }>;
  unchanged: number;
  newDocuments: PolicyDocument[];
}

export type PackCheck =
  | { ok: true; pack: PolicyPack; signer: TrustedKey; diff: PackDiff; proposedRows: PolicyRow[] }
  | { ok: false; errors: string[]; pack?: PolicyPack };

/** Everything short of writing: schema, hash, signature, each value, and the diff against this library. */
export async function checkPack(repos: Pick<Repositories, 'policy' | 'settings'>, text: string): Promise<PackCheck> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`政策包不是有效的 JSON：${(error as Error).message}`] };
  }
  const parsed = v.safeParse(PackSchema, raw);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.issues
        .slice(0, 20)
        .map((i) => `政策包格式不符（${i.path?.map((p) => String(p.key)).join('.') ?? '(包)'}）：${i.message}`),
    };
  const pack = parsed.output;
  // The bytes signed are the pack as written (an older pack's row ids included).
  const bytes = Buffer.from(contentOf(raw as PackContent));
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (hash !== pack.contentHash)
    return {
      ok: false,
      pack,
      errors: [`内容摘要不符：包声明 ${pack.contentHash.slice(0, 16)}…，实际 ${hash.slice(0, 16)}…（包在签名后被改动）`],
    };
  const signer = (await trustedKeys(repos)).find((k) => k.keyId === pack.signature.keyId);
  if (!signer)
    return { ok: false, pack, errors: [`签名密钥 ${pack.signature.keyId} 不在受信任的密钥列表中（请在设置中添加市局公钥后再导入）`] };
  if (!verify(null, bytes, signer.publicKeyPem, Buffer.from(pack.signature.value, 'base64'))) {
    return { ok: false, pack, errors: [`签名无效：不是 ${signer.name} 的密钥签署的这份内容`] };
  }

  const errors: string[] = [];
  const regions = await repos.policy.regions();
  // A key signs only for the regions it was trusted for (a city key cannot change CN or another city).
  const scope = signer.regions;
  if (!scope?.length)
    return {
      ok: false,
      pack,
      errors: [`密钥 ${signer.keyId}（${signer.name}）添加时未限定可签署的地区：请移除后重新添加，并指定它可签署的地区`],
    };
  const outside = [...new Set(pack.values.map((pv) => pv.region))].filter((r) => !keyCovers(regions, scope, r));
  if (outside.length)
    return {
      ok: false,
      pack,
      errors: [
        `政策包涉及 ${outside.map((r) => `${regions.name(r)}（${r}）`).join('、')}，超出签名密钥“${signer.name}”可签署的范围（${scopeText(regions, scope)}）；未导入任何内容`,
      ],
    };
  const docs = new Map<string, PolicyDocument>(pack.documents.map((d) => [d.id, d]));
  const current = (await repos.policy.library()).rows;
  const currentById = new Map(current.map((r) => [r.id, r]));
  const currentDocs = new Map((await repos.policy.documents()).map((d) => [d.id, d]));
  const diff: PackDiff = { added: [], closed: [], unchanged: 0, newDocuments: [] };
  for (const d of pack.documents) {
    const here = currentDocs.get(d.id);
    if (!here) diff.newDocuments.push(d);
    else if (canonicalJson(here) !== canonicalJson(d)) errors.push(`文件 ${d.id}（${d.number}）与本机记录不同；政策包不覆盖已有文件`);
  }
  for (const pv of pack.values) {
    const where = `${pv.id}`;
    if (pv.region !== 'CN' && !regions.has(pv.region)) errors.push(`${where}：地区 ${pv.region} 不在区划代码表中`);
    if (pack.scope.regions !== 'all' && !pack.scope.regions.includes(pv.region))
      errors.push(`${where}：地区 ${pv.region} 不在政策包声明的范围内`);
    const document = docs.get(pv.document) ?? currentDocs.get(pv.document);
    if (!document) {
      errors.push(`${where}：引用的文件 ${pv.document} 不在包中`);
      continue;
    }
    const never = neverApplies(pv, document.effectiveTo);
    if (never) errors.push(`${where}：${never}`);
    const row: PolicyRow = { ...pv, document, effectiveTo: pv.effectiveTo };
    const here = currentById.get(pv.id);
    if (!here) diff.added.push(row);
    else if (canonicalJson(rowToPack(here)) === canonicalJson({ ...pv, id: undefined })) diff.unchanged++;
    else if (
      canonicalJson({ ...rowToPack(here), effectiveTo: pv.effectiveTo }) === canonicalJson({ ...pv, id: undefined }) &&
      here.effectiveTo === null &&
      pv.effectiveTo !== null
    ) {
      diff.closed.push({ row: here, effectiveTo: pv.effectiveTo });
    } else {
      errors.push(
        `${where}：与本机记录不同（本机 ${JSON.stringify(here.value)} ${here.effectiveFrom}–${here.effectiveTo ?? ''}，包中 ${JSON.stringify(pv.value)} ${pv.effectiveFrom}–${pv.effectiveTo ?? ''}）；政策包只新增或截止记录，不覆盖`,
      );
    }
  }
  const proposedRows = applyPlanInMemory(current, { close: diff.closed, insert: diff.added });
  if (!errors.length) {
    try {
      new PolicySet(proposedRows, { invalidRows: 'flag' });
    } catch (error) {
      errors.push(`导入后政策库将出现冲突：${(error as Error).message}`);
    }
  }
  return errors.length ? { ok: false, pack, errors } : { ok: true, pack, signer, diff, proposedRows };
}

/** Applies a checked pack in one transaction (all or nothing), audited with the pack's hash. */
export function applyPack(repos: Pick<Repositories, 'policy'>, check: Extract<PackCheck, { ok: true }>, actor: string): Promise<void> {
  const { pack, diff } = check;
  return repos.policy.write(
    { actor, reason: `导入政策包（${pack.createdBy}，${pack.createdAt}，签名 ${check.signer.name}）`, pack: pack.contentHash },
    { documents: diff.newDocuments, close: diff.closed, insert: diff.added },
  );
}
