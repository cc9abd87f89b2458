// esbuild plugin: compiles .svelte files for the server (static HTML), so Node entry
// points (CLI, browser-mode server, Electron main) can render the printed sheet.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { compile } from 'svelte/compiler';

export const svelteServerPlugin = {
  name: 'svelte-server',
  setup(build) {
    build.onLoad({ filter: /\.svelte$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const { js } = compile(source, { filename: args.path, generate: 'server', css: 'injected' });
      return { contents: js.code, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};
