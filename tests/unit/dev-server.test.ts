// `npm run dev` (docs/testing.md): the renderer with hot reload from Vite's dev server, with the same
// API mounted on it — answered by the real services, including the printed sheet (a Svelte
// component rendered on the server side).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));

describe('npm run dev', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-dev-'));
  let vite: ChildProcess;
  let base = '';
  beforeAll(async () => {
    vite = spawn(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), '--port', '0'], {
      cwd: root,
      env: { ...process.env, YIBAO_DB: join(dir, 'yibao.sqlite'), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The dev server prints its address once it listens.
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      vite.stdout?.on('data', (chunk) => {
        out += String(chunk);
        const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
        if (url) resolve(url);
      });
      vite.on('exit', (code) => reject(new Error(`vite exited ${code}: ${out}`)));
    });
  }, 60_000);
  afterAll(() => {
    vite.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, input?: unknown): Promise<{ ok: boolean; value: { html: string } }> =>
    (
      await fetch(`${base}api/${method}`, { method: 'POST', headers: { 'x-yibao': '1' }, body: JSON.stringify({ input }) })
    ).json() as Promise<{
      ok: boolean;
      value: { html: string };
    }>;

  it('serves the window and answers the API with the real services, the sheet included', async () => {
    expect((await fetch(base)).status).toBe(200);
    expect(await call('getSettings')).toMatchObject({ ok: true, value: { officeName: '' } });
    const sheet = await call('issueSheet', { caseId: null, caseFile: example });
    expect(sheet).toMatchObject({ ok: true, value: { number: expect.stringMatching(/^\d{8}-00-0001$/) } });
    expect(sheet.value.html).toContain('补缴及待遇恢复告知单');
  }, 60_000);
});
