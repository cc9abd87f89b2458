// The web server for Playwright: a fresh database under .tmp/e2e, the built renderer,
// the API on loopback.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './lib/build-app.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.argv[2] ?? '5310';
const dir = join(root, '.tmp', 'e2e');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const node = join(root, 'node_modules', '.bin', 'node');
buildApp(root, node);
const server = spawn(
  node,
  [join(root, 'dist', 'server', 'main.mjs'), '--port', port, '--db', join(dir, 'yibao.sqlite'), '--static', join(root, 'dist', 'renderer')],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
