// Run inside a private mount namespace by clerk-errors.test.ts, where the data folder is a
// read-only or a full volume: starts browser mode's server (dist/server/main.mjs) on it, as
// `npm start` does, makes the calls a clerk's window makes, and prints the answers as JSON.
// If the server crashes, that is printed too (and fails the test).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [mode = '', dir = ''] = process.argv.slice(2);
const root = join(import.meta.dirname, '..', '..');
const caseFile = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
const server = spawn(
  process.execPath,
  [join(root, 'dist', 'server', 'main.mjs'), '--db', join(dir, 'yibao.sqlite'), '--port', '0', '--static', root],
  {
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
let stdout = '';
let stderr = '';
server.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
const url = await new Promise<string | null>((resolve) => {
  server.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout);
    if (found) resolve(found[0]);
  });
  void exited.then(() => resolve(null));
});

const out: Record<string, unknown> = {};
if (!url) {
  out.crashed = { code: await exited, stdout, stderr };
} else {
  const call = async (method: string, input?: unknown) => {
    const response = await fetch(`${url}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yibao': '1' },
      body: JSON.stringify({ input }),
    });
    return response.json() as Promise<{ ok: boolean }>;
  };
  out.bootstrap = await call('bootstrap');
  if (mode === 'full') {
    try {
      writeFileSync(join(dir, 'filler'), Buffer.alloc(64 * 1024 * 1024));
    } catch {
      // ENOSPC: the volume is full now
    }
    for (let i = 0; i < 20; i++) {
      out.save = await call('saveCase', { caseFile: { ...caseFile, person: { ...caseFile.person, name: `满盘${i}` } } });
      if (!(out.save as { ok: boolean }).ok) break;
    }
    out.draft = await call('saveDraft', { caseId: null, form: { padding: 'x'.repeat(500_000) } });
  } else {
    out.save = await call('saveCase', { caseFile });
    out.draft = await call('saveDraft', { caseId: null, form: { person: { name: '只读' } } });
  }
  server.kill('SIGTERM');
  await exited;
  if (stderr) out.stderr = stderr;
}
process.stdout.write(JSON.stringify(out));
