// Dependencies point inward (docs/layout.md): the table is scripts/lint/layers.ts, which ESLint
// enforces while the code is written (rule yibao/layers); this test checks the same table over
// every import read from the files themselves, and that the lint rule does refuse a wrong one. The engine (src/core) uses no
// Node API; the store knows nothing of the services, the sheet or the window; the window
// reaches the services only through the API contract; the sheet does not reach into the window.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { CORE_PACKAGES, MAY_IMPORT, layerOf as layerOfIn } from '../../scripts/lint/layers.ts';

const root = join(import.meta.dirname, '..', '..');
const layerOf = (path: string) => layerOfIn(root, path);

/** Known exceptions, each with its issue; remove the line when it is fixed. None at present. */
const EXCEPTIONS = new Set<string>([]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'assets' ? [] : sources(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

/** Module specifiers of import/export-from statements (TypeScript and Svelte scripts alike). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm), ...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map(
    (m) => m[1] ?? '',
  );
}

const files = [...sources(join(root, 'src')), ...sources(join(root, 'electron'))];

describe('layers', () => {
  it('every import stays within what its layer may reach', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (!from) continue;
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        const to = layerOf(target);
        const edge = `${relative(root, file)} → ${relative(root, target)}`;
        if (to && to !== from && !(MAY_IMPORT[from] ?? []).includes(to) && !EXCEPTIONS.has(edge)) wrong.push(edge);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the engine uses no Node API and only pure packages', () => {
    const wrong = files
      .filter((f) => layerOf(f) === 'core')
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => !spec.startsWith('.') && !CORE_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`)))
          .map((spec) => `${relative(root, file)} → ${spec}`),
      );
    expect(wrong).toEqual([]);
  });

  it('the services reach the database only through the repository interfaces (src/store/ports.ts) and their errors (src/store/errors.ts)', () => {
    const concrete = files
      .filter((f) => layerOf(f) === 'services' && !f.endsWith(`${sep}open-local.ts`) && !f.endsWith(`${sep}errors.ts`))
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => /\/store\//.test(spec) && !/\/store\/(ports|errors)\.ts$/.test(spec))
          .map((spec) => `${relative(root, file)} → ${spec}`),
      );
    expect(concrete).toEqual([]);
  });

  it('no import circle: every module can be read before the ones that import it', () => {
    // Tarjan's strongly connected components over the relative imports (type-only ones too:
    // a circle of types is still two files that cannot be understood one without the other).
    const graph = new Map(
      files.map((file) => [
        file,
        importsOf(file)
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => resolve(dirname(file), spec))
          .filter((target) => files.includes(target)),
      ]),
    );
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const circles: string[] = [];
    const visit = (file: string) => {
      index.set(file, index.size);
      low.set(file, index.get(file) ?? 0);
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (!index.has(next)) {
          visit(next);
          low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0));
        } else if (stack.includes(next)) low.set(file, Math.min(low.get(file) ?? 0, index.get(next) ?? 0));
      }
      if (low.get(file) !== index.get(file)) return;
      const component: string[] = [];
      for (let top = stack.pop(); top !== undefined; top = top === file ? undefined : stack.pop()) component.push(top);
      if (component.length > 1) circles.push(component.map((f) => relative(root, f)).join(' ↔ '));
    };
    for (const file of files) if (!index.has(file)) visit(file);
    expect(circles).toEqual([]);
  });

  it('ESLint refuses an import that crosses a layer, and names both layers', async () => {
    const eslint = new ESLint({ cwd: root });
    const [core] = await eslint.lintText("import { openStore } from '../store/connection.ts';\nexport const x = openStore;\n", {
      filePath: join(root, 'src', 'core', 'layer-probe.ts'),
    });
    const [ui] = await eslint.lintText("export const load = () => import('../services/services.ts');\n", {
      filePath: join(root, 'src', 'ui', 'layer-probe.ts'),
    });
    const [node] = await eslint.lintText("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", {
      filePath: join(root, 'src', 'core', 'layer-probe.ts'),
    });
    const layerMessages = (r: ESLint.LintResult | undefined) =>
      (r?.messages ?? []).filter((m) => m.ruleId === 'yibao/layers').map((m) => m.message);
    expect(layerMessages(core)).toEqual([expect.stringContaining('core 层不得引入 store 层')]);
    expect(layerMessages(ui)).toEqual([expect.stringContaining('ui 层不得引入 services 层')]);
    expect(layerMessages(node)).toEqual([expect.stringContaining('不得引入 node:fs')]);
  });
});
