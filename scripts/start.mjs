// `npm start`: the app in browser mode (the Electron binary cannot be had on the build
// machines). Installs what is missing, builds the renderer, serves it with the API on
// 127.0.0.1, and opens it in Chromium when there is a display. `--port N` and `--db FILE`
// are passed through.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './lib/build-app.mjs';
import { ensureDeps } from './lib/ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (!args.some((a) => a === '--port' || a.startsWith('--port='))) args.push('--port', process.env.PORT ?? '5199');

// A port already taken is said at once, in Chinese, before a minute of building (not as a stack trace later).
const portIndex = args.findIndex((a) => a === '--port' || a.startsWith('--port='));
const port = Number(args[portIndex].startsWith('--port=') ? args[portIndex].slice('--port='.length) : args[portIndex + 1]);
if (Number.isInteger(port) && port > 0 && (await portTaken(port))) {
  console.error(
    `无法启动：端口 ${port} 已被占用（核算台可能已在运行，请先看看已打开的窗口；也可能是另一个程序占用了它）。\n` +
      `换一个端口再启动：npm start -- --port ${port + 1}（或设置环境变量 PORT=${port + 1}）。`,
  );
  process.exit(1);
}

const node = ensureDeps(root);
buildApp(root, node);
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

/** Whether something already listens on 127.0.0.1:port (where the server would listen). */
function portTaken(port) {
  return new Promise((answer) => {
    const probe = createServer();
    probe.once('error', (error) => answer(error.code === 'EADDRINUSE'));
    probe.listen(port, '127.0.0.1', () => probe.close(() => answer(false)));
  });
}
