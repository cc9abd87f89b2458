// The service hall under attack and faults (issue 22), on a real PostgreSQL database: each
// finding of the attack has its test here, named in docs/security.md. Every one failed on the
// code before its fix.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { startHallServer } from '../../src/server/hall-server.ts';
import { HallAuth } from '../../src/services/hall/auth.ts';
import { createServices } from '../../src/services/services.ts';
import { renderSheetHtml } from '../../src/sheet/render.ts';
import type { SheetData } from '../../src/sheet/sheet-data.ts';
import { findChromium } from '../../src/sheet/pdf.ts';
import { HallRepository } from '../../src/store/pg/hall.ts';
import { importCounterDatabase } from '../../src/store/pg/import.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import { Store } from '../../src/store/store.ts';
import { createDatabase } from '../support/pg-cluster.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
const access = inject('pg');
const renderSheet = (snapshot: unknown) => renderSheetHtml(snapshot as SheetData).html;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Answer {
  status: number;
  body: any;
}
interface Client {
  call(method: string, input?: unknown, headers?: Record<string, string>): Promise<Answer>;
  cookie: string | null;
}

/** A browser counter: POSTs with X-Yibao and the session cookie it was given. */
function client(base: string): Client {
  const c: Client = {
    cookie: null,
    async call(method, input, headers = {}) {
      const response = await fetch(`${base}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yibao': '1', ...(c.cookie ? { cookie: c.cookie } : {}), ...headers },
        body: JSON.stringify({ input }),
      });
      const session = response.headers.getSetCookie().find((h) => h.startsWith('yibao_session='));
      if (session) c.cookie = session.split(';')[0] ?? null;
      return { status: response.status, body: await response.json() };
    },
  };
  return c;
}

async function sql<T = any>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** A hall on a fresh database with one administrator and two clerks. */
async function hall(options: { maxFailures?: number; lockMinutes?: number } = {}) {
  const url = await createDatabase(access);
  const store = await PgStore.open({ url });
  const auth = new HallAuth(new HallRepository(store.pool), options);
  const server = await startHallServer({ store, auth, host: '127.0.0.1', port: 0 });
  await auth.createAccount('测试', { username: 'admin', displayName: '管科长', role: 'admin', password: 'admin-pass-1' });
  await auth.createAccount('测试', { username: 'wang', displayName: '王芳', role: 'clerk', password: 'wang-pass-1' });
  await auth.createAccount('测试', { username: 'li', displayName: '李强', role: 'clerk', password: 'li-pass-1' });
  return {
    url,
    store,
    auth,
    server,
    async close() {
      await server.close();
      await store.close();
    },
  };
}

const chromium = findChromium();
const pdftotext = spawnSync('pdftotext', ['-v']).error ? null : 'pdftotext';

/** Sheet HTML that tries every way a page has to read the server's files into its PDF. */
function hostileSheet(secretFile: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>x</title>
<link rel="stylesheet" href="file://${secretFile}"></head><body>
<h1>补缴及待遇恢复告知单（被改动）</h1>
<iframe src="file:///etc/passwd" width="700" height="300"></iframe>
<iframe src="file://${secretFile}" width="700" height="200"></iframe>
<object data="file:///etc/passwd" type="text/plain" width="700" height="200"></object>
<embed src="file://${secretFile}" type="text/plain" width="700" height="200">
<img src="file:///etc/passwd">
<script>
document.write('<p>SCRIPT-RAN</p>');
fetch('file:///etc/passwd').then((r) => r.text()).then((t) => document.body.insertAdjacentText('beforeend', 'FETCHED ' + t));
const x = new XMLHttpRequest(); x.open('GET', 'file://${secretFile}', false); try { x.send(); document.write('<pre>' + x.responseText + '</pre>'); } catch (e) {}
</script>
<iframe srcdoc="<script>document.write('SRCDOC-SCRIPT')</script>"></iframe>
</body></html>`;
}

describe('finding 1: a stored sheet cannot act when printed', () => {
  it.skipIf(!chromium || !pdftotext)(
    'a tampered sheet (hash recomputed) that tries to read /etc/passwd and the hall config via file://, fetch, XHR, iframe prints without them',
    async () => {
      const h = await hall();
      const dir = mkdtempSync(join(tmpdir(), 'yibao-evil-'));
      try {
        const secretFile = join(dir, 'hall.json');
        writeFileSync(secretFile, JSON.stringify({ database: 'postgres://yibao:DB-PASSWORD-SECRET@db/hall' }));
        const wang = client(h.server.url);
        await wang.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: '3' });
        const saved = await wang.call('saveCase', { caseFile: example });
        const issued = await wang.call('issueSheet', { caseId: saved.body.value.id, caseFile: example });
        const number: string = issued.body.value.number;
        // Someone with write access to the database (or an import before this fix) replaces the HTML and its hash.
        const evil = hostileSheet(secretFile);
        await sql(h.url, `UPDATE sheet SET html = $2, content_hash = $3 WHERE number = $1`, [number, evil, sha256(evil)]);
        const pdf = await wang.call('sheetPdf', number);
        expect(pdf.body, JSON.stringify(pdf.body).slice(0, 300)).toMatchObject({ ok: true });
        const file = join(dir, 'sheet.pdf');
        writeFileSync(file, Buffer.from(pdf.body.value.base64, 'base64'));
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        expect(text).toContain('补缴及待遇恢复告知单（被改动）'); // the page itself did print
        expect(text).not.toMatch(/root:x?:0:0/);
        expect(text).not.toContain('DB-PASSWORD-SECRET');
        expect(text).not.toContain('SCRIPT-RAN');
        expect(text).not.toContain('FETCHED');
        expect(text).not.toContain('SRCDOC-SCRIPT');
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await h.close();
      }
    },
  );

  it('`hall import` refuses a counter database whose sheet HTML is not what its snapshot renders to, even with the hash recomputed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-import-evil-'));
    const file = join(dir, 'yibao.sqlite');
    const counter = new Store({ file });
    const api = createServices(counter);
    await api.saveSettings({ officeName: '南京市医保中心', counterNumber: '7', clerkName: '孙', defaultRegion: '320100' });
    const sheet = await api.issueSheet({ caseId: null, caseFile: example });
    if (!sheet.ok) throw new Error(sheet.error.message);
    counter.close();
    const evil = hostileSheet('/etc/hostname');
    const db = new Database(file);
    db.prepare(`UPDATE sheet SET html = ?, content_hash = ? WHERE number = ?`).run(evil, sha256(evil), sheet.value.number);
    db.close();
    const store = await PgStore.open({ url: await createDatabase(access) });
    try {
      await expect(importCounterDatabase(file, store, { renderSheet })).rejects.toThrow(
        `告知单 ${sheet.value.number} 的存档页面与其数据不一致（可能被改动，或由另一版本的程序出具），未导入任何数据。`,
      );
      expect(await store.sheets.get(sheet.value.number)).toBeNull();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
