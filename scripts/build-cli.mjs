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
