// Issue 12, item 9 of its list: every error that reaches a clerk is Chinese and says what to
// do — a full disk, a read-only volume (no start-up crash on logs/), a folder given as the
// database, a request body that is not JSON or is nested too deeply, a URL with a lone "%",
// and anything unexpected inside the services — never a stack trace or an engine's English.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLoopbackServer } from '../../src/server/loopback.ts';
import { openServices } from '../../src/services/open-local.ts';
import { createServices } from '../../src/services/services.ts';
import { Store } from '../../src/store/store.ts';
import { caseFor, isPlainChinese, tempDir, yibao } from './support.ts';

interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP request to the loopback server (fetch would refuse some of these URLs itself). */
function raw(url: string, path: string, body: string, method = 'POST'): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers: { 'x-yibao': '1', 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : body);
  });
}

const messageOf = (answer: Answer): string => {
  const parsed = JSON.parse(answer.body) as { ok: boolean; error?: { message: string } };
  expect(parsed.ok).toBe(false);
  return parsed.error?.message ?? '';
};

/** Can this machine give a test process its own mount namespace (root, unshare)? */
const canMount =
  process.platform === 'linux' &&
  spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs /mnt'], { encoding: 'utf8' }).status === 0;
if (!canMount) console.log('skipped: read-only and full volumes need `unshare -m` and mount (root); not available here');

/** Runs volume-child.ts with the data folder mounted as `setup` says, in a private mount namespace. */
function inNamespace(dir: string, setup: string, mode: string) {
  const child = join(import.meta.dirname, 'volume-child.ts');
  const r = spawnSync('unshare', ['-m', 'sh', '-c', `${setup} && exec "${process.execPath}" "${child}" ${mode} "${dir}"`], {
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as Record<string, { ok: boolean; error?: { code: string; message: string } }>;
  expect(out.crashed, 'the server started').toBeUndefined();
  expect(out.stderr, "nothing on the server's stderr").toBeUndefined();
  return out;
}

describe('Chinese errors that say what to do (issue 12)', () => {
  it('the loopback server: a body that is not JSON, null, nested too deeply; a URL with a lone "%"', async () => {
    const store = new Store({ file: ':memory:' });
    const { server, url } = await startLoopbackServer({ api: createServices(store), staticDir: tempDir() });
    try {
      const notJson = await raw(url, '/api/listCases', '{"input": {');
      expect(notJson.status).toBe(400);
      expect(messageOf(notJson)).toMatch(/不是有效的 JSON/);
      expect(isPlainChinese(messageOf(notJson))).toBe(true);

      for (const body of ['null', '[]', '"text"', '{"input": null, "extra": 1}']) {
        const answer = await raw(url, '/api/listCases', body);
        expect(isPlainChinese(messageOf(answer)), body).toBe(true);
      }

      const deep = `{"input": {"caseId": null, "form": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
      const nested = await raw(url, '/api/saveDraft', deep);
      expect(messageOf(nested)).toMatch(/嵌套过深/);
      expect(isPlainChinese(messageOf(nested))).toBe(true);
      const moderate = `{"input": {"caseId": null, "form": ${'['.repeat(5000)}${']'.repeat(5000)}}}`;
      expect(messageOf(await raw(url, '/api/saveDraft', moderate))).toMatch(/嵌套过深/);

      for (const path of ['/api/%', '/api/list%Cases', '/%']) {
        const answer = await raw(url, path, '{}', path === '/%' ? 'GET' : 'POST');
        expect(answer.status, path).toBe(400);
        expect(messageOf(answer)).toMatch(/请求地址无效/);
      }
    } finally {
      server.close();
      store.close();
    }
  });

  it('a folder given as the database: the services and the command line say so in Chinese', async () => {
    const dir = tempDir();
    const folder = join(dir, 'not-a-file');
    mkdirSync(folder);
    const answer = await (await openServices(folder)).bootstrap();
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.message).toMatch(/是一个文件夹/);
      expect(isPlainChinese(answer.error.message)).toBe(true);
    }
    const cli = yibao(['assess', join(import.meta.dirname, '..', '..', 'examples', 'example-case.json'), '--db', folder]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/是一个文件夹/);
    expect(isPlainChinese(cli.stderr)).toBe(true);
  });

  it('a full database (SQLite reports it full): the save answers in Chinese with what to do', async () => {
    const store = new Store({ file: join(tempDir(), 'yibao.sqlite') });
    const api = createServices(store);
    // The same SQLITE_FULL a full disk gives, at any size: no page may be added.
    store.db.pragma(`max_page_count = ${Number(store.db.pragma('page_count', { simple: true }))}`);
    let answer = await api.saveCase({ caseFile: caseFor('满了') });
    for (let i = 0; answer.ok && i < 200; i++) answer = await api.saveCase({ caseFile: caseFor(`满了${i}`) });
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('DISK_FULL');
      expect(answer.error.message).toMatch(/磁盘空间已满.*清理/);
      expect(isPlainChinese(answer.error.message)).toBe(true);
    }
    store.close();
  });

  it('an unexpected fault inside the services: a Chinese message, not the engine text', async () => {
    const store = new Store({ file: ':memory:' });
    const broken = Object.assign(Object.create(Object.getPrototypeOf(store) as object) as Store, store);
    Object.defineProperty(broken, 'cases', {
      value: {
        ...store.cases,
        list: () => {
          throw new TypeError("Cannot read properties of null (reading 'id')");
        },
      },
    });
    const answer = await createServices(broken).listCases({});
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('INTERNAL');
      expect(isPlainChinese(answer.error.message)).toBe(true);
      expect(answer.error.message).toMatch(/请重试/);
    }
    store.close();
  });

  it.skipIf(!canMount)('a read-only volume: no start-up crash (logs/ cannot be made), a Chinese message on every save', () => {
    // An existing database on a volume that is now read-only (no logs/ folder on it yet).
    const dir = tempDir();
    new Store({ file: join(dir, 'yibao.sqlite') }).close();
    const existing = inNamespace(dir, `mount --bind "${dir}" "${dir}" && mount -o remount,ro,bind "${dir}"`, 'readonly');
    for (const [what, answer] of Object.entries(existing)) {
      expect(answer.ok, what).toBe(false);
      expect(answer.error?.message, what).toMatch(/只读/);
      expect(isPlainChinese(answer.error?.message ?? ''), what).toBe(true);
    }
    // No database yet, on a read-only volume.
    const empty = tempDir();
    const fresh = inNamespace(empty, `mount --bind "${empty}" "${empty}" && mount -o remount,ro,bind "${empty}"`, 'readonly');
    expect(fresh.bootstrap?.error?.message).toMatch(/只读/);
    expect(isPlainChinese(fresh.bootstrap?.error?.message ?? '')).toBe(true);
  });

  it.skipIf(!canMount)('a full disk: the save answers in Chinese with what to do', () => {
    const dir = tempDir();
    const result = inNamespace(dir, `mount -t tmpfs -o size=6m tmpfs "${dir}"`, 'full');
    expect(result.bootstrap?.ok).toBe(true);
    for (const what of ['save', 'draft']) {
      expect(result[what]?.ok, what).toBe(false);
      expect(result[what]?.error?.message, what).toMatch(/磁盘空间已满.*清理/);
      expect(isPlainChinese(result[what]?.error?.message ?? ''), what).toBe(true);
    }
  });
});
