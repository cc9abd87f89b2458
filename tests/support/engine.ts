// Test helpers: one seeded in-memory store per test file, and a single call that
// validates and assesses a case exactly as the CLI and the app do.
import { checkAndAssess } from '../../src/core/check-and-assess.ts';
import type { Assessment } from '../../src/core/assessment.ts';
import type { FieldError } from '../../src/core/validate.ts';
import * as v from 'valibot';
import { PolicySet, type PolicyRow } from '../../src/core/policy/policy-set.ts';
import { PolicyDocumentSchema, PolicyRowSchema } from '../../src/core/policy/row.ts';
import { Store } from '../../src/store/store.ts';

let shared: Store | null = null;

export function seededStore(): Store {
  shared ??= new Store({ file: ':memory:' });
  return shared;
}

export type Outcome = { ok: true; assessment: Assessment } | { ok: false; errors: FieldError[] };

export function run(caseInput: unknown, store: Store = seededStore()): Outcome {
  return runWith(caseInput, store.policies(), store);
}

/**
 * Rows added to the shipped library for one case (a golden case of an engine rule that no shipped
 * city uses yet): documents and values in the seed files' form, checked by the same schemas.
 */
export interface ExtraPolicy {
  documents: unknown[];
  values: unknown[];
}

export function withExtraPolicy(extra: ExtraPolicy, store: Store = seededStore()): PolicySet {
  const documents = new Map(
    extra.documents.map((d) => {
      const doc = v.parse(PolicyDocumentSchema, d);
      return [doc.id, { ...doc, issuer: doc.issuer ?? null, url: doc.url ?? null }] as const;
    }),
  );
  const rows: PolicyRow[] = extra.values.map((input) => {
    const { document: id, ...row } = v.parse(PolicyRowSchema, input);
    const document = documents.get(id);
    if (!document) throw new Error(`extra policy row cites unknown document ${id}`);
    return { ...row, document };
  });
  return new PolicySet([...store.policies().rows, ...rows]);
}

export function runWith(caseInput: unknown, policies: PolicySet, store: Store = seededStore()): Outcome {
  const checked = checkAndAssess(caseInput, { policies, regions: store.regions() });
  return checked.valid ? { ok: true, assessment: checked.assessment } : { ok: false, errors: checked.errors };
}

export function assessOk(caseInput: unknown, store?: Store): Assessment {
  const outcome = run(caseInput, store);
  if (!outcome.ok) throw new Error(`case rejected: ${outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return outcome.assessment;
}

/** A minimal valid case to vary in tests. */
export function baseCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'yibao-case/1',
    asOf: '2026-11-22',
    region: '320100',
    person: { name: '张三', sex: 'male', birth: '1976-08', retirementCategory: 'male' },
    history: [{ from: '2010-07', to: '2026-07', scheme: 'employee', status: 'paid', base: 8000 }],
    deemedMonths: 0,
    request: { scheme: 'employee', paymentDate: '2026-11-25' },
    ...overrides,
  };
}
