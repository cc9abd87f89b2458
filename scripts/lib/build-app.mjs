// Shared by `npm start` and the Playwright web server: builds the renderer (Vite) and the
// Node bundles (the server renders the printed sheet, a .svelte component); exits on failure.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export function buildApp(root, node) {
  const vite = spawnSync(node, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (vite.status !== 0 || spawnSync(node, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' }).status !== 0)
    process.exit(1);
}
