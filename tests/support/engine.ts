// Test helpers: one seeded in-memory store per test file, and a single call that
// validates and assesses a case exactly as the CLI and the app do.
import { assess } from '../../src/core/engine/assess.ts';
import type { Assessment } from '../../src/core/assessment.ts';
import { validateCase, type FieldError } from '../../src/core/validate.ts';
import { Store } from '../../src/store/store.ts';

let shared: Store | null = null;

export function seededStore(): Store {
  shared ??= new Store({ file: ':memory:' });
  return shared;
}

export type Outcome = { ok: true; assessment: Assessment } | { ok: false; errors: FieldError[] };

export function run(caseInput: unknown, store: Store = seededStore()): Outcome {
  const regions = store.regions();
  const validated = validateCase(caseInput, regions);
  if (!validated.ok) return { ok: false, errors: validated.errors };
  return { ok: true, assessment: assess(validated.value, { policies: store.policies(), regions }) };
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
