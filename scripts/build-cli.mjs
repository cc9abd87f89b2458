// Bundles the Node entry points into single ESM files (dist/cli/yibao.mjs, dist/server/main.mjs)
// so they start without a TypeScript loader and can import .svelte (the printed sheet).
// better-sqlite3 stays external (native addon).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { nodeBundle } from './lib/node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { ...nodeBundle, sourcemap: 'linked' };
// The command line, and the browser-mode server (both render the printed sheet).
await build({ ...common, entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(root, 'dist/cli/yibao.mjs') });
await build({ ...common, entryPoints: [join(root, 'src/server/main.ts')], outfile: join(root, 'dist/server/main.mjs') });
// The worker threads (the impact preview's, the case search's), beside each bundle that may
// start them (src/store/worker-script.ts finds them there).
for (const folder of ['dist/cli', 'dist/server']) {
  await build({ ...common, entryPoints: [join(root, 'src/services/impact/worker.ts')], outfile: join(root, folder, 'impact-worker.mjs') });
  await build({ ...common, entryPoints: [join(root, 'src/store/search-worker.ts')], outfile: join(root, folder, 'search-worker.mjs') });
  await build({ ...common, entryPoints: [join(root, 'src/services/xlsx/worker.ts')], outfile: join(root, folder, 'xlsx-worker.mjs') });
}
