// `npm start` (and the browser-mode server it runs) on a port another program already holds:
// the clerk is told in Chinese which port is taken and how to choose another, and sees no
// Node stack trace (issue 21, item 18).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const node = process.execPath;

/** A port on 127.0.0.1 held by another program for the test's length. */
async function takenPort(): Promise<{ port: number; holder: Server }> {
  const holder = createServer();
  await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
  const address = holder.address();
  return { port: typeof address === 'object' && address ? address.port : 0, holder };
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(node, args, { cwd: root, env: { ...process.env, DISPLAY: '', YIBAO_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** What a Node stack trace or an uncaught error looks like. */
const STACK = /^\s+at |node:events|Error: listen|EADDRINUSE|Emitted 'error' event/m;

let holder: Server | undefined;
afterEach(() => {
  holder?.close();
  holder = undefined;
});

describe('a port already taken', () => {
  it('npm start says which port is taken and how to start on another, before building, without a stack trace', async () => {
    const taken = await takenPort();
    holder = taken.holder;
    const result = await run([join(root, 'scripts', 'start.mjs'), '--port', String(taken.port), '--no-open']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`无法启动：端口 ${taken.port} 已被占用`);
    expect(result.stderr).toContain(`npm start -- --port ${taken.port + 1}`);
    expect(result.stderr + result.stdout).not.toMatch(STACK);
  }, 180_000);

  it('the browser-mode server itself (dist/server/main.mjs) says the same in Chinese, without a stack trace', async () => {
    const taken = await takenPort();
    holder = taken.holder;
    const db = join(mkdtempSync(join(tmpdir(), 'yibao-port-')), 'yibao.sqlite');
    const result = await run([join(root, 'dist', 'server', 'main.mjs'), '--port', String(taken.port), '--db', db, '--no-open']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`无法启动：端口 ${taken.port} 已被占用`);
    expect(result.stderr).toContain(`--port ${taken.port + 1}`);
    expect(result.stderr + result.stdout).not.toMatch(STACK);
  }, 180_000);
});
