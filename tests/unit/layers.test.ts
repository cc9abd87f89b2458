// Dependencies point inward (README "Layout"): every import of every source file, read from
// the file itself, checked against what its folder may reach. The engine (src/core) uses no
// Node API; the store knows nothing of the services, the sheet or the window; the window
// reaches the services only through the API contract; the sheet does not reach into the window.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

type Layer = 'core' | 'store' | 'api' | 'services' | 'components' | 'sheet' | 'ui' | 'server' | 'cli' | 'electron';

/** Which layers each layer may import from (its own always). */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  core: [],
  store: ['core'],
  api: ['core'],
  services: ['core', 'store', 'api', 'sheet'],
  // What the window and the printed sheet both draw (the timeline): neither reaches into the other.
  components: ['core'],
  sheet: ['core', 'components'],
  ui: ['core', 'api', 'components'],
  server: ['core', 'api', 'services', 'store'],
  // `yibao serve --hall` starts the hall server: the command line is an entry point, like electron/.
  cli: ['core', 'api', 'services', 'store', 'sheet', 'server'],
  electron: ['core', 'api', 'services', 'sheet'],
};

/** Packages the engine may use (pure JavaScript, no IO). */
const CORE_PACKAGES = ['valibot', '@noble/hashes'];

/** Known exceptions, each with its issue; remove the line when it is fixed. None at present. */
const EXCEPTIONS = new Set<string>([]);

function layerOf(path: string): Layer | null {
  const parts = relative(root, path).split(sep);
  if (parts[0] === 'electron') return 'electron';
  if (parts[0] !== 'src') return null;
  const layer = parts[1];
  return layer && layer in MAY_IMPORT ? (layer as Layer) : null;
}

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
        if (to && to !== from && !MAY_IMPORT[from].includes(to) && !EXCEPTIONS.has(edge)) wrong.push(edge);
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

  it('the services reach the database only through the repository interfaces (src/store/ports.ts)', () => {
    const concrete = files
      .filter((f) => layerOf(f) === 'services' && !f.endsWith(`${sep}open-local.ts`) && !f.endsWith(`${sep}errors.ts`))
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => /\/store\//.test(spec) && !spec.endsWith('/store/ports.ts'))
          .map((spec) => `${relative(root, file)} → ${spec}`),
      );
    expect(concrete).toEqual([]);
  });
});
