// Keeping the policy library current: dated edits (a new value closes the previous one;
// nothing is overwritten), the impact of a change on saved cases, expiring documents, and
// the audit log. Every change is written through the policy repository, so the database
// records who, when, before, after and why.
import { ServiceError } from '../api/result.ts';
import type { AuditEntryView, ExpiringDocumentView, PolicyValueEdit } from '../api/contract.ts';
import type { Assessment } from '../core/assessment.ts';
import { addDays, formatDate, parseDate } from '../core/calendar.ts';
import { assess } from '../core/engine/assess.ts';
import { maskIdNumber } from '../core/idcard.ts';
import * as v from 'valibot';
import { PolicySet, type PolicyDocument, type PolicyRow } from '../core/policy/policy-set.ts';
import { neverApplies, PolicyEditSchema, rowId, schemaProblems } from '../core/policy/row.ts';
import { validateCase } from '../core/validate.ts';
import type { AuditContext, PolicyChange, Repositories } from '../store/ports.ts';

/** A dated edit of one value, as the API receives it (src/api/inputs.ts). */
export type ValueEdit = PolicyValueEdit;

export interface EditPlan {
  insert: PolicyRow[];
  /** Existing rows whose window is closed by the change: [row, new effectiveTo]. */
  close: Array<{ row: PolicyRow; effectiveTo: string }>;
  newDocument: PolicyDocument | null;
}

export interface CaseImpact {
  caseId: string;
  personName: string;
  idNumberMasked: string | null;
  changes: Array<{ figure: string; before: string; after: string }>;
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

/** Checks an edit against the library and works out what it changes; never overwrites. */
export async function planEdit(
  repos: Pick<Repositories, 'policy'>,
  input: ValueEdit | unknown,
  today: string,
): Promise<{ ok: true; plan: EditPlan } | { ok: false; errors: string[] }> {
  // The one row schema (src/core/policy/row.ts): a known key, an exact value, real dates,
  // dates in order, a citation, a grade and a reason.
  const parsed = v.safeParse(PolicyEditSchema, input);
  const errors: string[] = parsed.success ? [] : schemaProblems(parsed.issues);
  const region = (input as { region?: unknown } | null)?.region;
  if (typeof region === 'string' && region !== 'CN' && !(await repos.policy.regions()).has(region))
    errors.push(`地区 "${region}" 不在区划代码表中`);
  if (!parsed.success || errors.length) return { ok: false, errors };
  const edit = parsed.output;

  const rows = (await repos.policy.library()).rows.filter((r) => r.region === edit.region && r.key === edit.key);
  const newTo = edit.effectiveTo ?? FOREVER;
  const close: EditPlan['close'] = [];
  const insert: PolicyRow[] = [];
  const documents = await repos.policy.documents();
  const existingDoc = edit.document.id
    ? documents.find((d) => d.id === edit.document.id)
    : documents.find((d) => d.number === edit.document.number.trim());
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
  if (never) return { ok: false, errors: [`${document.number}：${never}`] };
  for (const r of rows) {
    const rTo = r.effectiveTo ?? FOREVER;
    if (r.effectiveFrom === edit.effectiveFrom) {
      errors.push(
        `${r.region} ${r.key} 已有 ${r.effectiveFrom} 生效的值（${JSON.stringify(r.value)}，${r.document.number}）；政策库不覆盖已有记录，如需更正请录入一个更晚生效的值`,
      );
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
      errors.push(
        `与已有的值重叠：${r.region} ${r.key} 自 ${r.effectiveFrom} 起为 ${JSON.stringify(r.value)}（${r.document.number}）；请把新值的失效日期定在 ${dayBefore(r.effectiveFrom)} 或之前`,
      );
    }
  }
  if (errors.length) return { ok: false, errors };
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

/** The library as it would be after a planned edit or a checked pack (impact preview, pack check). */
export function applyPlanInMemory(rows: readonly PolicyRow[], change: Pick<PolicyChange, 'close' | 'insert'>): PolicyRow[] {
  const closed = new Map(change.close.map((c) => [c.row.id, c.effectiveTo]));
  const withClosed = rows.map((r) => {
    const effectiveTo = closed.get(r.id);
    return effectiveTo === undefined ? r : { ...r, effectiveTo };
  });
  return [...withClosed, ...change.insert];
}

export function writePlan(repos: Pick<Repositories, 'policy'>, plan: EditPlan, who: AuditContext): Promise<void> {
  return repos.policy.write(who, { documents: plan.newDocument ? [plan.newDocument] : [], close: plan.close, insert: plan.insert });
}

const FIGURES: Array<[string, (a: Assessment) => unknown]> = [
  ['中断月数', (a) => a.interruption?.months ?? null],
  ['最迟缴费日', (a) => a.interruption?.keepShortDeadline ?? null],
  ['补缴本金（分）', (a) => a.backPay.principalFen],
  ['滞纳金（分）', (a) => a.backPay.lateFeeFen],
  ['合计（分）', (a) => a.backPay.totalFen],
  ['可否补缴', (a) => a.backPay.allowed],
  ['等待期', (a) => a.benefits.waitingMonths],
  ['等待期上限', (a) => a.benefits.waitingMonthsMax],
  ['待遇起始月', (a) => a.benefits.from],
  ['中断期间可否报销', (a) => a.benefits.retroactive],
  ['退休年月', (a) => a.retirement.month],
  ['所需缴费月数', (a) => a.lifetime.requiredMonths],
  ['退休时预计月数', (a) => a.lifetime.projectedAtRetirementMonths],
];

/** Which saved cases would get different figures with the proposed library, and how. */
export async function impactOnCases(
  repos: Pick<Repositories, 'policy' | 'cases'>,
  proposedRows: PolicyRow[],
  limit = 5000,
): Promise<{ cases: CaseImpact[]; checked: number }> {
  const regions = await repos.policy.regions();
  const current = await repos.policy.library();
  const proposed = new PolicySet(proposedRows, { invalidRows: 'flag' });
  const rows = await repos.cases.latest(limit);
  const cases: CaseImpact[] = [];
  for (const row of rows) {
    const v = validateCase(row.caseFile, regions);
    if (!v.ok) continue;
    const before = assess(v.value, { policies: current, regions });
    const after = assess(v.value, { policies: proposed, regions });
    const changes = FIGURES.flatMap(([figure, read]) => {
      const b = read(before);
      const a = read(after);
      return JSON.stringify(b) === JSON.stringify(a)
        ? []
        : [{ figure, before: b === null ? '—' : String(b), after: a === null ? '—' : String(a) }];
    });
    if (changes.length)
      cases.push({ caseId: row.id, personName: row.personName, idNumberMasked: row.idNumber ? maskIdNumber(row.idNumber) : null, changes });
  }
  return { cases, checked: rows.length };
}

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
