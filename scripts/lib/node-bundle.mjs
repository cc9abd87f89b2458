// esbuild options shared by every Node bundle of the project (the command line, the
// browser-mode server, scripts run with run-ts.mjs): one ESM file that can import .svelte
// (the printed sheet), with better-sqlite3 left external (a native addon; pg's optional
// native binding pg-native too, which is never installed) and `require`
// available to bundled CommonJS dependencies.
import { svelteServerPlugin } from './svelte-plugin.mjs';

export const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: ['better-sqlite3', 'pg-native'],
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [svelteServerPlugin],
  banner: {
    js: "import { createRequire as __yibaoCreateRequire } from 'node:module'; const require = __yibaoCreateRequire(import.meta.url);",
  },
};
