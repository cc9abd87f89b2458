// Golden case files: a case in, the expected assessment fields out (a subset match),
// the exact set of warning codes, and the explanations that must be present. Every
// worked example of the spec and the reference notes has a file here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, runWith, withExtraPolicy, type ExtraPolicy } from './support/engine.ts';

interface ValidGolden {
  title: string;
  rule: string;
  case: unknown;
  expect: Record<string, unknown>;
  /** Exact set of warning codes (order-free); omit to leave warnings unchecked. */
  warningCodes?: string[];
  /** Explanation ids that must be present. */
  explanationIds?: string[];
  /** Substrings that must appear in some explanation text. */
  explanationIncludes?: string[];
  /** Documents (文号) that must be cited somewhere. */
  cites?: string[];
  /**
   * Rows added to the shipped library for this case only: a rule of docs/rules.md that no shipped city
   * uses yet (its `rule` says so), in the seed files' form.
   */
  extraPolicy?: ExtraPolicy;
}

interface InvalidGolden {
  title: string;
  rule: string;
  case: unknown;
  /** Each expected error: its exact path and a substring of its Chinese message. */
  errors: Array<{ path: string; includes: string }>;
}

const root = join(import.meta.dirname, 'golden');
const load = <T>(dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, golden: JSON.parse(readFileSync(join(root, dir, f), 'utf8')) as T }));

describe('golden cases: valid', () => {
  const cases = load<ValidGolden>('valid');
  it('has golden cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const { file, golden } of cases) {
    it(`${file}: ${golden.title}`, () => {
      const outcome = golden.extraPolicy ? runWith(golden.case, withExtraPolicy(golden.extraPolicy)) : run(golden.case);
      if (!outcome.ok) throw new Error(`rejected: ${outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
      const a = outcome.assessment;
      expect(a).toMatchObject(golden.expect);
      if (golden.warningCodes) {
        expect([...new Set(a.warnings.map((w) => w.code))].sort()).toEqual([...new Set(golden.warningCodes)].sort());
      }
      const ids = a.explanations.map((e) => e.id);
      for (const id of golden.explanationIds ?? []) expect(ids).toContain(id);
      const texts = a.explanations.map((e) => e.text).join('\n');
      for (const part of golden.explanationIncludes ?? []) expect(texts).toContain(part);
      const cited = new Set(a.explanations.flatMap((e) => e.citations.map((c) => c.document)));
      for (const doc of golden.cites ?? []) expect([...cited]).toContain(doc);
    });
  }
});

describe('golden cases: rejected', () => {
  const cases = load<InvalidGolden>('invalid');
  it('has rejection cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const { file, golden } of cases) {
    it(`${file}: ${golden.title}`, () => {
      const outcome = run(golden.case);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      for (const want of golden.errors) {
        const match = outcome.errors.find((e) => e.path === want.path && e.message.includes(want.includes));
        expect(match, `expected error at ${want.path} containing "${want.includes}", got ${JSON.stringify(outcome.errors)}`).toBeDefined();
      }
    });
  }
});
