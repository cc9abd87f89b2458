// Issue 23: one path from a case to an answer. Every caller checks and assesses through
// core/check-and-assess.ts; nobody assesses a case the checks did not pass.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAndAssess } from '../../src/core/check-and-assess.ts';
import { assess } from '../../src/core/engine/assess.ts';
import { validateCase } from '../../src/core/validate.ts';
import { seededStore } from '../support/engine.ts';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

describe('checkAndAssess', () => {
  it('is the only caller of the engine outside the engine (the impact check re-assesses a checked case)', () => {
    const callers = sources(join(root, 'src'))
      .filter((file) => /(^|[^.\w])assess\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file))
      .filter((file) => !file.startsWith('src/core/engine/'));
    expect(callers.sort()).toEqual(['src/core/check-and-assess.ts', 'src/services/impact/check.ts']);
  });

  it('answers with the field errors for a bad case, and with the engine’s own assessment for a good one', () => {
    const store = seededStore();
    const engine = { policies: store.policies(), regions: store.regions() };
    const caseFile = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
    const good = checkAndAssess(caseFile, engine);
    const validated = validateCase(caseFile, engine.regions);
    if (!good.valid || !validated.ok) throw new Error('the example case must be valid');
    expect(good.assessment).toEqual(assess(validated.value, engine));
    expect(good.caseFile).toEqual(validated.caseFile);

    const bad = checkAndAssess({ ...caseFile, person: { ...caseFile.person, birth: '1990-13' } }, engine);
    expect(bad.valid).toBe(false);
    if (!bad.valid) expect(bad.errors.map((e) => e.path)).toContain('person.birth');
  });
});
