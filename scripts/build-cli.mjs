// Bundles the command line into one ESM file (dist/cli/yibao.mjs) so `npx yibao`
// starts without a TypeScript loader. better-sqlite3 stays external (native addon).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(root, 'dist/cli/yibao.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: ['better-sqlite3'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __yibaoCreateRequire } from 'node:module'; const require = __yibaoCreateRequire(import.meta.url);" },
});
