// `npm start`: the app in browser mode (the Electron binary cannot be had on the build
// machines). Installs what is missing, builds the renderer, serves it with the API on
// 127.0.0.1, and opens it in Chromium when there is a display. `--port N` and `--db FILE`
// are passed through.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './lib/build-app.mjs';
import { ensureDeps } from './lib/ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = ensureDeps(root);
buildApp(root, node);

const args = process.argv.slice(2);
if (!args.includes('--port')) args.push('--port', process.env.PORT ?? '5199');
const server = spawn(node, [join(root, 'dist', 'server', 'main.mjs'), '--static', join(root, 'dist', 'renderer'), ...args], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(String(chunk))?.[0];
  const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((b) => existsSync(b));
  if (url && process.env.DISPLAY && browser && !process.env.CI && !args.includes('--no-open')) {
    spawn(browser, [`--app=${url}`, '--no-first-run', '--disable-background-networking'], { detached: true, stdio: 'ignore' }).unref();
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
