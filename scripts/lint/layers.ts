// The layers and what each may import (docs/layout.md; docs/architecture.md): declared once,
// enforced by ESLint (`yibao/layers` below) on every import, re-export and dynamic import,
// and read by tests/unit/layers.test.ts for the checks a linter cannot make.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from 'eslint';

/** The repository's root (this file is scripts/lint/layers.ts). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Which layers each layer may import from (its own always). */
export const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  store: ['core'],
  api: ['core'],
  services: ['core', 'store', 'api', 'sheet'],
  sheet: ['core'],
  // The window draws the sheet's timeline beside the history grid (src/sheet/Timeline.svelte):
  // an inward import, as the services' is. The sheet never reaches into the window.
  ui: ['core', 'api', 'sheet'],
  server: ['core', 'api', 'services', 'store'],
  // `yibao serve --hall` starts the hall server: the command line is an entry point, like electron/.
  cli: ['core', 'api', 'services', 'store', 'sheet', 'server'],
  electron: ['core', 'api', 'services', 'sheet'],
};

/** Packages the engine may use (pure JavaScript, no IO). */
export const CORE_PACKAGES = ['valibot', '@noble/hashes'];

/** The layer a file belongs to, or null outside src/ and electron/. */
export function layerOf(root: string, path: string): string | null {
  const parts = relative(root, path).split(sep);
  if (parts[0] === 'electron') return 'electron';
  if (parts[0] !== 'src') return null;
  const layer = parts[1];
  return layer && Object.hasOwn(MAY_IMPORT, layer) ? layer : null;
}

/** Why an import from `file` of `specifier` crosses a layer it may not, or null when it may. */
export function layerViolation(root: string, file: string, specifier: string): string | null {
  const from = layerOf(root, file);
  if (!from) return null;
  if (!specifier.startsWith('.')) {
    if (from !== 'core' || CORE_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`))) return null;
    return `src/core 是纯领域层，不得引入 ${specifier}（只可用 ${CORE_PACKAGES.join('、')}）`;
  }
  const to = layerOf(root, resolve(dirname(file), specifier));
  const allowed = MAY_IMPORT[from] ?? [];
  if (!to || to === from || allowed.includes(to)) return null;
  return `${from} 层不得引入 ${to} 层（${specifier}）；${from} 只可引入：${allowed.join('、') || '无'}`;
}

/** The ESLint rule: every static import, re-export and literal dynamic import. */
export const layersRule: Rule.RuleModule = {
  meta: { type: 'problem', docs: { description: 'dependencies point inward (src/core ← store/api ← services ← …)' }, schema: [] },
  create(context) {
    const check = (source: { type: string; value?: unknown } | null | undefined) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const why = layerViolation(ROOT, context.filename, source.value);
      if (why) context.report({ node: source as Rule.Node, message: why });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
