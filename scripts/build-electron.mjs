// Builds the Electron shell: main (ESM-free CommonJS, better-sqlite3 external) and the
// sandboxed preload (one CommonJS file that requires only `electron`), plus the renderer.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelteServerPlugin } from './lib/svelte-plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};
await build({
  ...common,
  entryPoints: [join(root, 'electron/main.ts')],
  outfile: join(root, 'dist/electron/main.cjs'),
  external: ['electron', 'better-sqlite3'],
  plugins: [svelteServerPlugin],
  // import.meta.url has no CommonJS meaning: give it this file's URL.
  define: { 'import.meta.url': '__yibaoModuleUrl' },
  banner: { js: "const __yibaoModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The worker threads: the impact preview's and the case search's (ESM, started in the main process; kept
// outside app.asar, see asarUnpack in electron-builder.yml).
for (const [source, bundle] of [
  ['src/services/impact/worker.ts', 'impact-worker.mjs'],
  ['src/store/search-worker.ts', 'search-worker.mjs'],
  ['src/services/xlsx/worker.ts', 'xlsx-worker.mjs'],
])
  await build({
    ...common,
    format: 'esm',
    external: ['better-sqlite3'],
    entryPoints: [join(root, source)],
    outfile: join(root, 'dist/electron', bundle),
  });
await build({
  ...common,
  entryPoints: [join(root, 'electron/preload.ts')],
  outfile: join(root, 'dist/electron/preload.cjs'),
  external: ['electron'],
});
if (!process.argv.includes('--no-renderer')) {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(1);
}
