// Runs a TypeScript script that imports .svelte components (the printed sheet): bundles it
// with esbuild and the Svelte server plugin into .tmp/, then runs the bundle.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from './lib/node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
const outfile = join(root, '.tmp', 'run-ts', `${basename(entry, '.ts')}.mjs`);
await build({
  ...nodeBundle,
  entryPoints: [entry],
  outfile,
  // import.meta.dirname of the source file, not of the bundle.
  define: { 'import.meta.dirname': JSON.stringify(dirname(entry)) },
});
// The worker threads beside the bundle, as in dist/ (src/store/worker-script.ts looks there first).
for (const [source, bundle] of [
  [['src', 'services', 'impact', 'worker.ts'], 'impact-worker.mjs'],
  [['src', 'store', 'search-worker.ts'], 'search-worker.mjs'],
  [['src', 'services', 'xlsx', 'worker.ts'], 'xlsx-worker.mjs'],
])
  await build({ ...nodeBundle, entryPoints: [join(root, ...source)], outfile: join(root, '.tmp', 'run-ts', bundle) });
// `--bundle-only`: the bundle is made and not run (the browser tests' setup, before their workers start it).
if (process.argv[3] === '--bundle-only') process.exit(0);
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
