// Keeping the policy library current: dated edits (a new value closes the previous one;
// nothing is overwritten), the impact of a change on saved cases, expiring documents, and
// the audit log. Every change is written through the policy repository, so the database
// records who, when, before, after and why.
import { ServiceError } from '../api/result.ts';
import type { AuditEntryView, ExpiringDocumentView, PolicyValueEdit } from '../api/contract.ts';
import { addDays, formatDate, parseDate } from '../core/calendar.ts';
import * as v from 'valibot';
import type { PolicyDocument, PolicyRow } from '../core/policy/policy-set.ts';
import { keyLabel } from '../core/policy/keys.ts';
import { neverApplies, PolicyEditSchema, rowId, schemaFields, schemaProblems } from '../core/policy/row.ts';
import { formatPolicyValue } from '../core/policy/value-text.ts';
import type { RegionDirectory } from '../core/regions.ts';
import type { AuditContext, PolicyChange, Repositories } from '../store/ports.ts';

/** A dated edit of one value, as the API receives it (src/api/inputs.ts). */
export type ValueEdit = PolicyValueEdit;

export interface EditPlan {
  insert: PolicyRow[];
  /** Existing rows whose window is closed by the change: [row, new effectiveTo]. */
  close: Array<{ row: PolicyRow; effectiveTo: string }>;
  newDocument: PolicyDocument | null;
}

const FOREVER = '9999-12-31';
/** An ISO day moved by some days; the dates given here have been checked already. */
function shiftDay(iso: string, days: number): string {
  const day = parseDate(iso);
  if (day === null) throw new ServiceError('INVALID_INPUT', `日期应为 YYYY-MM-DD 格式的真实日期，收到 "${iso}"`);
  return formatDate(addDays(day, days));
}
const dayBefore = (iso: string) => shiftDay(iso, -1);
const dayAfter = (iso: string) => shiftDay(iso, 1);

export function documentIdFor(number: string): string {
  let h = 0;
  for (const ch of number) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `OFFICE-${h.toString(16).padStart(8, '0')}`;
}

/** A refused edit: one Chinese line per problem, and the same problems by field (`value`, `document.number`, …). */
export interface EditRefusal {
  ok: false;
  errors: string[];
  fields: Array<{ path: string; message: string }>;
}

/** What an edit is checked against: the library (as it is, or as earlier edits of a set leave it). */
interface EditContext {
  rows: readonly PolicyRow[];
  documents: readonly PolicyDocument[];
  regions: RegionDirectory;
}

const refusal = (fields: EditRefusal['fields'], errors = fields.map((f) => f.message)): EditRefusal => ({ ok: false, errors, fields });

/** Checks an edit against the library and works out what it changes; never overwrites. */
export async function planEdit(
  repos: Pick<Repositories, 'policy'>,
  input: ValueEdit | unknown,
  today: string,
): Promise<{ ok: true; plan: EditPlan } | EditRefusal> {
  const context = {
    rows: (await repos.policy.library()).rows,
    documents: await repos.policy.documents(),
    regions: await repos.policy.regions(),
  };
  return planEditOn(context, input, today);
}

function planEditOn(context: EditContext, input: ValueEdit | unknown, today: string): { ok: true; plan: EditPlan } | EditRefusal {
  // The one row schema (src/core/policy/row.ts): a known key, an exact value, real dates,
  // dates in order, a citation, a grade and a reason.
  const parsed = v.safeParse(PolicyEditSchema, input);
  const fields = parsed.success ? [] : schemaFields(parsed.issues);
  const errors: string[] = parsed.success ? [] : schemaProblems(parsed.issues);
  const region = (input as { region?: unknown } | null)?.region;
  if (typeof region === 'string' && region !== 'CN' && !context.regions.has(region)) {
    const message = `地区 "${region}" 不在区划代码表中`;
    errors.push(message);
    fields.push({ path: 'region', message });
  }
  if (!parsed.success || errors.length) return refusal(fields, errors);
  const edit = parsed.output;
  const where = (r: PolicyRow) => `${context.regions.name(r.region)} ${keyLabel(r.key)}`;
  const shown = (r: PolicyRow) => formatPolicyValue(r.key, r.value);

  const rows = context.rows.filter((r) => r.region === edit.region && r.key === edit.key);
  const newTo = edit.effectiveTo ?? FOREVER;
  const close: EditPlan['close'] = [];
  const insert: PolicyRow[] = [];
  const existingDoc = edit.document.id
    ? context.documents.find((d) => d.id === edit.document.id)
    : context.documents.find((d) => d.number === edit.document.number.trim());
  const document: PolicyDocument = existingDoc ?? {
    id: documentIdFor(edit.document.number.trim()),
    number: edit.document.number.trim(),
    title: edit.document.title.trim(),
    issuer: edit.document.issuer?.trim() || null,
    url: edit.document.url?.trim() || null,
    effectiveFrom: edit.document.effectiveFrom || edit.effectiveFrom,
    effectiveTo: edit.document.effectiveTo || null,
    kind: 'law',
  };
  const never = neverApplies(edit, document.effectiveTo);
  if (never) return refusal([{ path: 'effectiveFrom', message: `${document.number}：${never}` }]);
  const problems: EditRefusal['fields'] = [];
  for (const r of rows) {
    const rTo = r.effectiveTo ?? FOREVER;
    if (r.effectiveFrom === edit.effectiveFrom) {
      problems.push({
        path: 'effectiveFrom',
        message: `${where(r)} 已有 ${r.effectiveFrom} 生效的值（${shown(r)}，${r.document.number}）；政策库不覆盖已有记录，如需更正请录入一个更晚生效的值`,
      });
    } else if (r.effectiveFrom < edit.effectiveFrom && rTo >= edit.effectiveFrom) {
      // The value in force on the new date is closed the day before…
      close.push({ row: r, effectiveTo: dayBefore(edit.effectiveFrom) });
      // …and, if it ran beyond a time-limited new value, it continues afterwards.
      if (rTo > newTo)
        insert.push({
          ...r,
          id: rowId({ ...r, effectiveFrom: dayAfter(newTo) }),
          effectiveFrom: dayAfter(newTo),
          effectiveTo: r.effectiveTo,
        });
    } else if (r.effectiveFrom > edit.effectiveFrom && r.effectiveFrom <= newTo) {
      problems.push({
        path: 'effectiveTo',
        message: `与已有的值重叠：${where(r)} 自 ${r.effectiveFrom} 起为 ${shown(r)}（${r.document.number}）；请把新值的失效日期定在 ${dayBefore(r.effectiveFrom)} 或之前`,
      });
    }
  }
  if (problems.length) return refusal(problems);
  insert.unshift({
    id: rowId(edit),
    region: edit.region,
    key: edit.key,
    value: edit.value,
    effectiveFrom: edit.effectiveFrom,
    effectiveTo: edit.effectiveTo,
    document,
    article: edit.article?.trim() || null,
    url: edit.url?.trim() || null,
    grade: edit.grade,
    lastReviewed: today,
    note: edit.note?.trim() || null,
  });
  return { ok: true, plan: { insert, close, newDocument: existingDoc ? null : document } };
}

/**
 * A set of dated edits saved together (本地规则设置): each checked against the library as the
 * edits before it leave it, so they go in as one change (one transaction, one audit reason).
 * A refusal names the edit's field as `edits[i].field`.
 */
export async function planEdits(
  repos: Pick<Repositories, 'policy'>,
  inputs: readonly unknown[],
  today: string,
): Promise<{ ok: true; plan: EditPlan & { newDocuments: PolicyDocument[] } } | EditRefusal> {
  let rows: PolicyRow[] = [...(await repos.policy.library()).rows];
  const documents = [...(await repos.policy.documents())];
  const regions = await repos.policy.regions();
  const all: EditPlan & { newDocuments: PolicyDocument[] } = { insert: [], close: [], newDocument: null, newDocuments: [] };
  const fields: EditRefusal['fields'] = [];
  const errors: string[] = [];
  if (!inputs.length) return refusal([{ path: 'edits', message: '没有要保存的值' }]);
  inputs.forEach((input, index) => {
    const planned = planEditOn({ rows, documents, regions }, input, today);
    const label = keyLabel(String((input as { key?: unknown } | null)?.key ?? ''));
    if (!planned.ok) {
      fields.push(...planned.fields.map((f) => ({ path: `edits[${index}]${f.path ? `.${f.path}` : ''}`, message: f.message })));
      errors.push(...planned.errors.map((e) => `${label}：${e}`));
      return;
    }
    const { plan } = planned;
    // A row this set added earlier and now closes is added with its end instead.
    const added = new Map(all.insert.map((r) => [r.id, r]));
    for (const c of plan.close) {
      const mine = added.get(c.row.id);
      if (mine) all.insert[all.insert.indexOf(mine)] = { ...mine, effectiveTo: c.effectiveTo };
      else all.close.push(c);
    }
    all.insert.push(...plan.insert);
    if (plan.newDocument) {
      all.newDocuments.push(plan.newDocument);
      documents.push(plan.newDocument);
    }
    rows = applyPlanInMemory(rows, plan);
  });
  if (errors.length) return refusal(fields, errors);
  all.newDocument = all.newDocuments[0] ?? null;
  return { ok: true, plan: all };
}

/** The library as it would be after a planned edit or a checked pack (impact preview, pack check). */
export function applyPlanInMemory(rows: readonly PolicyRow[], change: Pick<PolicyChange, 'close' | 'insert'>): PolicyRow[] {
  const closed = new Map(change.close.map((c) => [c.row.id, c.effectiveTo]));
  const withClosed = rows.map((r) => {
    const effectiveTo = closed.get(r.id);
    return effectiveTo === undefined ? r : { ...r, effectiveTo };
  });
  return [...withClosed, ...change.insert];
}

export function writePlan(
  repos: Pick<Repositories, 'policy'>,
  plan: EditPlan & { newDocuments?: PolicyDocument[] },
  who: AuditContext,
): Promise<void> {
  const documents = plan.newDocuments ?? (plan.newDocument ? [plan.newDocument] : []);
  return repos.policy.write(who, { documents, close: plan.close, insert: plan.insert });
}

/** The impact of a change on saved cases: every case is checked (src/services/impact/run.ts). */
export { impactOnCases, type ImpactResult } from './impact/run.ts';

/** One document of the expiry watch (src/api/shapes.ts). */
export type ExpiringDocument = ExpiringDocumentView;

/** Documents whose validity has ended, or ends within `withinDays` of today. */
export async function expiringDocuments(repos: Pick<Repositories, 'policy'>, today: string, withinDays = 90): Promise<ExpiringDocument[]> {
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(todayMs)) throw new ServiceError('INVALID_INPUT', `日期应为 YYYY-MM-DD 格式的真实日期，收到 "${today}"`);
  const byDoc = new Map<string, ExpiringDocument>();
  for (const r of (await repos.policy.library()).rows) {
    const end = r.document.effectiveTo;
    if (!end) continue;
    const days = Math.round((Date.parse(`${end}T00:00:00Z`) - todayMs) / 86_400_000);
    if (days > withinDays) continue;
    const entry = byDoc.get(r.document.id) ?? {
      document: r.document,
      regions: [],
      status: days < 0 ? 'expired' : 'expiring',
      daysLeft: days,
    };
    if (!entry.regions.includes(r.region)) entry.regions.push(r.region);
    byDoc.set(r.document.id, entry);
  }
  return [...byDoc.values()].sort((a, b) => a.daysLeft - b.daysLeft);
}

/** One audited change, as the API returns it (src/api/shapes.ts). */
export type AuditEntry = AuditEntryView;

export function auditLog(
  repos: Pick<Repositories, 'policy'>,
  options: { limit?: number; includeSeed?: boolean } = {},
): Promise<AuditEntry[]> {
  return repos.policy.audit({ limit: Math.min(options.limit ?? 200, 5000), includeSeed: options.includeSeed });
}
