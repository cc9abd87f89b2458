// The service hall under attack and faults (issue 22), on a real PostgreSQL database: each
// finding of the attack has its test here, named in docs/security.md. Every one failed on the
// code before its fix.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { crc32, deflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it, vi } from 'vitest';
import { readConfig } from '../../src/cli/hall.ts';
import { startHallServer } from '../../src/server/hall-server.ts';
import { HallAuth } from '../../src/services/hall/auth.ts';
import { createServices } from '../../src/services/services.ts';
import { renderSheetHtml } from '../../src/sheet/render.ts';
import type { SheetData } from '../../src/sheet/sheet-data.ts';
import { findChromium } from '../../src/sheet/pdf.ts';
import { HallRepository } from '../../src/store/pg/hall.ts';
import { importCounterDatabase } from '../../src/store/pg/import.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import type { Repositories } from '../../src/store/ports.ts';
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

/** One call from a chosen loopback address (127.0.0.2, 127.0.0.3 …: another counter PC, as the hall sees it). */
function callFrom(base: string, localAddress: string, method: string, input: unknown, cookie?: string | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}api/${method}`,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'x-yibao': '1', ...(cookie ? { cookie } : {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ input }));
  });
}

const BAD_CREDENTIALS = '用户名或密码不正确。';
const THROTTLED = /尝试次数过多/;

/**
 * How many tries the back-off lets through in `seconds` beyond the free ones: after the first
 * wait-setting failure each further one waits 1 s, 2 s, 4 s …, so k more need 2^k − 1 seconds.
 */
const laterTries = (seconds: number) => Math.floor(Math.log2(seconds + 1));

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

describe('finding 2: every attempt is counted before the password or PIN is checked', () => {
  it('99 wrong passwords sent at once are counted one by one: at most maxFailures + 1 are checked, none signs in', async () => {
    const h = await hall({ maxFailures: 5 });
    try {
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 99 }, (_, i) =>
          client(h.server.url).call('signIn', { username: 'wang', password: `wrong-pass-${i}`, counter: '3' }),
        ),
      );
      const checked = answers.filter((a) => !THROTTLED.test(a.body.error?.message ?? '') && !/锁定/.test(a.body.error?.message ?? ''));
      expect(answers.every((a) => a.body.ok === false)).toBe(true);
      // Five free, one that sets the first wait, and those the waits let through while the batch ran (a busy machine is slow).
      expect(checked.length).toBeLessThanOrEqual(6 + laterTries((performance.now() - started) / 1000));
      expect(checked.every((a) => a.body.error.message === BAD_CREDENTIALS)).toBe(true);
      // The rest were refused before any hash was computed, with the time to wait.
      expect(answers.length - checked.length).toBeGreaterThanOrEqual(80);
      const [pair] = await sql(h.url, `SELECT failures FROM hall_throttle WHERE scope LIKE 'pair:wang@%'`);
      expect(pair.failures).toBe(checked.length);
    } finally {
      await h.close();
    }
  });

  it('while a name must wait, even its right password is refused unchecked, at every instance; an administrator ends the wait', async () => {
    const h = await hall({ maxFailures: 3 });
    const second = await startHallServer({ store: h.store, auth: h.auth, host: '127.0.0.1', port: 0 });
    try {
      for (let i = 0; i < 4; i++)
        expect(
          (await client(h.server.url).call('signIn', { username: 'li', password: 'wrong-pass-1', counter: '4' })).body.error.message,
        ).toBe(BAD_CREDENTIALS);
      // The back-off the fourth failure set, made long (as after many more failures) so the test does not race the clock.
      await sql(h.url, `UPDATE hall_throttle SET blocked_until = now() + interval '10 minutes' WHERE scope LIKE 'pair:li@%'`);
      for (const base of [h.server.url, second.url]) {
        const right = await client(base).call('signIn', { username: 'li', password: 'li-pass-1', counter: '4' });
        expect(right.body.error.message).toMatch(/密码尝试次数过多，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 之后再试/);
      }
      const admin = client(h.server.url);
      await admin.call('signIn', { username: 'admin', password: 'admin-pass-1', counter: '1' });
      const listed = (await admin.call('listAccounts')).body.value.find((a: { username: string }) => a.username === 'li');
      expect(listed.lockedUntil).toBeNull(); // one address's guesses do not lock the account for everyone
      await admin.call('setAccountEnabled', { username: 'li', enabled: true });
      expect((await client(second.url).call('signIn', { username: 'li', password: 'li-pass-1', counter: '4' })).body.ok).toBe(true);
    } finally {
      await second.close();
      await h.close();
    }
  });

  it("an account's lockout is the database's to end: an instance whose clock runs an hour ahead still lists it", async () => {
    const h = await hall();
    try {
      // The account-wide back-off, ending 10 minutes from now by the database's clock.
      await sql(
        h.url,
        `INSERT INTO hall_throttle (scope, failures, blocked_until) VALUES ('account:li', 20, now() + interval '10 minutes')`,
      );
      const repo = new HallRepository(h.store.pool);
      expect((await repo.account('li'))?.lockedUntil).not.toBeNull();
      // Every instance agrees on when it ends, whatever its own clock says (src/store/pg/hall.ts).
      const ahead = Date.now() + 3600_000;
      const clock = vi.spyOn(Date, 'now').mockReturnValue(ahead);
      try {
        expect((await repo.account('li'))?.lockedUntil).not.toBeNull();
        expect((await repo.accounts()).find((a) => a.username === 'li')?.lockedUntil).not.toBeNull();
      } finally {
        clock.mockRestore();
      }
    } finally {
      await h.close();
    }
  });

  it('an unknown name, a disabled account and a wrong password: the same words after as much work', async () => {
    const h = await hall();
    try {
      await h.auth.setEnabled('li', false);
      const timed = async (username: string) => {
        const times: number[] = [];
        const messages = new Set<string>();
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          const r = await client(h.server.url).call('signIn', { username, password: 'wrong-pass-1', counter: '2' });
          times.push(performance.now() - started);
          messages.add(r.body.error.message);
        }
        return { median: times.sort((x, y) => x - y)[1]!, messages: [...messages] };
      };
      const wrong = await timed('wang');
      const disabled = await timed('li');
      const unknown = await timed('nobody');
      for (const r of [wrong, disabled, unknown]) expect(r.messages).toEqual([BAD_CREDENTIALS]);
      // A scrypt check each: the disabled and the unknown name take as long as a wrong password
      // (generous bounds: the machine is shared), not the 1 ms a disabled name took before.
      expect(disabled.median).toBeGreaterThan(wrong.median * 0.3);
      expect(unknown.median).toBeGreaterThan(wrong.median * 0.3);
    } finally {
      await h.close();
    }
  });

  it('changePassword counts each try of the current password like a sign-in: 20 sent at once, at most 6 checked', async () => {
    const h = await hall({ maxFailures: 5 });
    try {
      const wang = client(h.server.url);
      await wang.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: '3' });
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          wang.call('changePassword', { currentPassword: `guess-pass-${i}`, newPassword: 'new-pass-123' }),
        ),
      );
      const checked = answers.filter((a) => a.body.error?.message === '当前密码不正确，密码未修改。');
      expect(checked.length).toBeLessThanOrEqual(6 + laterTries((performance.now() - started) / 1000));
      expect(answers.filter((a) => THROTTLED.test(a.body.error?.message ?? '')).length).toBe(20 - checked.length);
    } finally {
      await h.close();
    }
  });

  it('PIN attempts are counted per account and for the hall: counters "7", "007" and "8" and a second administrator share one count', async () => {
    const h = await hall();
    try {
      await h.auth.createAccount('测试', { username: 'admin2', displayName: '副科长', role: 'admin', password: 'admin-pass-2' });
      const at = async (username: string, password: string, counter: string) => {
        const c = client(h.server.url);
        expect((await c.call('signIn', { username, password, counter })).body.ok).toBe(true);
        return c;
      };
      const seven = await at('admin', 'admin-pass-1', '7');
      expect((await seven.call('setAdminPin', { currentPin: null, newPin: '246810' })).body).toEqual({ ok: true, value: null });
      const sessions = [
        seven,
        await at('admin', 'admin-pass-1', '007'),
        await at('admin', 'admin-pass-1', '8'),
        await at('admin2', 'admin-pass-2', '9'),
      ];
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, i) => sessions[i % 4]!.call('setAdminPin', { currentPin: `99999${i % 10}`, newPin: '135790' })),
      );
      const checked = answers.filter((a) => /PIN 不正确/.test(a.body.error?.message ?? ''));
      expect(answers.every((a) => a.body.ok === false)).toBe(true);
      // Three wrong PINs in a row are free, the fourth waits: across the whole hall, not per counter.
      expect(checked.length).toBeLessThanOrEqual(4 + laterTries((performance.now() - started) / 1000));
      const counted = await sql(h.url, `SELECT scope FROM pin_attempt ORDER BY scope`);
      expect(counted.map((r) => r.scope)).toEqual(['admin@account:admin', 'admin@account:admin2', 'admin@hall']);
    } finally {
      await h.close();
    }
  });

  it('a flood of sign-ins from one address is held back by that address: another counter still signs in, no flood of hashes', async () => {
    const h = await hall({ maxFailures: 5 });
    try {
      const started = performance.now();
      const flood = Array.from({ length: 120 }, (_, i) =>
        callFrom(h.server.url, '127.0.0.2', 'signIn', { username: `nobody${i}`, password: 'wrong-pass-1', counter: '5' }),
      );
      const clerk = await callFrom(h.server.url, '127.0.0.3', 'signIn', { username: 'wang', password: 'wang-pass-1', counter: '3' });
      expect(clerk.body.ok).toBe(true);
      const answers = await Promise.all(flood);
      const checked = answers.filter((a) => a.body.error?.message === BAD_CREDENTIALS);
      // 4 × maxFailures free for one address, then one more that sets the first wait.
      expect(checked.length).toBeLessThanOrEqual(21 + laterTries((performance.now() - started) / 1000));
      expect(answers.length - checked.length).toBe(answers.filter((a) => THROTTLED.test(a.body.error?.message ?? '')).length);
    } finally {
      await h.close();
    }
  });
});

/** Sends only the headers of a request announcing `length` bytes; resolves with the answer, or 'no answer' after `waitMs`. */
function headersOnly(base: string, method: string, length: number | null, waitMs: number, cookie?: string | null) {
  return new Promise<{ status: number; body: any } | 'no answer'>((resolve) => {
    const req = request(`${base}api/${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-yibao': '1',
        ...(length === null ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(length) }),
        ...(cookie ? { cookie } : {}),
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, waitMs);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) });
      });
    });
    req.on('error', () => undefined);
    req.flushHeaders();
    if (length === null) req.write(`{"input": "${'x'.repeat(64 * 1024)}`); // a first chunk, then nothing more
  });
}

describe('finding 3: nothing is read before the session', () => {
  it('a 20 MB body without a session is refused from its headers alone (401), and a large sign-in body with 413, unread', async () => {
    const h = await hall();
    try {
      const refused = await headersOnly(h.server.url, 'saveCase', 20_000_000, 5000);
      expect(refused).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
      const admin = await headersOnly(h.server.url, 'importPolicyPack', 20_000_000, 5000);
      expect(admin).toMatchObject({ status: 401 });
      const bigSignIn = await headersOnly(h.server.url, 'signIn', 1_000_000, 5000);
      expect(bigSignIn).toMatchObject({
        status: 413,
        body: { ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('登录前只接受很小的请求') } },
      });
      // Without a length (chunked), reading stops at the small limit.
      const chunked = await headersOnly(h.server.url, 'signIn', null, 5000);
      expect(chunked).toMatchObject({ status: 413 });
      // A clerk who is signed in is not held up meanwhile and may still send a large body.
      const wang = client(h.server.url);
      await wang.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: '3' });
      const pending = [1, 2].map(() => headersOnly(h.server.url, 'saveCase', 25_000_000, 3000));
      expect((await wang.call('listCases', {})).status).toBe(200);
      await Promise.all(pending);
      const big = await wang.call('parseStatement', { fileName: 'x.csv', base64: Buffer.alloc(300_000, 65).toString('base64') });
      expect(big.status).toBe(200);
      // A clerk's (not an administrator's) call to an administrators' method is refused before its body too.
      expect(await headersOnly(h.server.url, 'importPolicyPack', 20_000_000, 5000, wang.cookie)).toMatchObject({ status: 403 });
    } finally {
      await h.close();
    }
  });
});

/**
 * An instance stopped in the middle of a save (SIGSTOP, a frozen VM): its connection goes on
 * holding whatever the save had taken when it stopped. Here the save stops just before writing
 * the case — after every lock it takes — and never goes on until `release()`.
 */
function freezeSaves(store: PgStore) {
  let reached: () => void = () => undefined;
  const frozen = new Promise<void>((resolve) => (reached = resolve));
  let thaw: (error: Error) => void = () => undefined;
  const thawed = new Promise<never>((_, reject) => (thaw = reject));
  thawed.catch(() => undefined);
  const connect = store.pool.connect.bind(store.pool) as () => Promise<pg.PoolClient>;
  (store.pool as { connect: unknown }).connect = async () => {
    const c = await connect();
    const query = c.query.bind(c) as (...args: unknown[]) => Promise<unknown>;
    (c as { query: unknown }).query = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && /^\s*(UPDATE|INSERT INTO) case_record/.test(args[0])) {
        reached();
        return thawed;
      }
      return query(...args);
    };
    return c;
  };
  return { frozen, release: () => thaw(new Error('thawed')) };
}

describe('finding 4: no hall-wide lock, no endless wait', () => {
  it('an instance stopped mid-save delays only that case: other saves go on at once, that case after lock_timeout, then saves again', async () => {
    const url = await createDatabase(access);
    const timeouts = { lockMs: 1000, idleInTransactionMs: 6000 };
    const stopped = await PgStore.open({ url, timeouts });
    const other = await PgStore.open({ url, timeouts });
    const services = createServices(other);
    const frozen = freezeSaves(stopped);
    try {
      const x = await other.cases.save(example, null);
      const y = await other.cases.save(example, null);
      if (!x || !y) throw new Error('saved');
      const stalled = stopped.cases.save(example, x.id, { expectedVersion: 1 });
      stalled.catch(() => undefined);
      await frozen.frozen;
      // The stopped case itself: refused after lock_timeout with a Chinese reason, not an endless wait.
      const sameCase = await services.saveCase({ id: x.id, caseFile: example, version: 1 });
      expect(sameCase).toMatchObject({
        ok: false,
        error: { code: 'DATABASE_BUSY', message: expect.stringContaining('正被另一个窗口保存') },
      });
      // Another case: saved meanwhile (before: it waited on the hall-wide lock for as long as the stopped instance slept).
      const otherCase = await Promise.race([
        other.cases.save(example, y.id, { expectedVersion: 1 }),
        new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 15_000)),
      ]);
      expect(otherCase).toMatchObject({ id: y.id, version: 2 });
      expect((await other.cases.save(example, null))?.version).toBe(1);
      // The server ends the stopped instance's open transaction (idle_in_transaction_session_timeout): the case saves again.
      let again = await services.saveCase({ id: x.id, caseFile: example, version: 1 });
      for (let tries = 0; !again.ok && tries < 30; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        again = await services.saveCase({ id: x.id, caseFile: example, version: 1 });
      }
      expect(again).toMatchObject({ ok: true, value: { version: 2 } });
    } finally {
      frozen.release();
      await other.close();
      await stopped.close();
    }
  });

  it('every connection has lock, statement and idle-in-transaction timeouts and TCP keepalives', async () => {
    const store = await PgStore.open({ url: await createDatabase(access) });
    try {
      const setting = async (name: string) => (await store.pool.query(`SELECT current_setting($1) AS v`, [name])).rows[0].v;
      expect(await setting('lock_timeout')).toBe('5s');
      expect(await setting('statement_timeout')).toBe('30s');
      expect(await setting('idle_in_transaction_session_timeout')).toBe('15s');
      expect(await setting('tcp_keepalives_idle')).toBe('30');
      // No save takes a lock beyond its own row: none of the hall-wide advisory kind is held meanwhile.
      const saved = await store.cases.save(example, null);
      await store.cases.save(example, saved!.id, { expectedVersion: 1 });
      const advisory = await store.pool.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`);
      expect(advisory.rows[0].n).toBe(0);
    } finally {
      await store.close();
    }
  });
});

/** A counter's database with one saved case and one sheet for it; `tamper` then edits its rows as a hostile file would. */
async function counterFile(tamper: (db: Database.Database, ids: { caseId: string; sheet: string }) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-import-bad-'));
  const file = join(dir, 'yibao.sqlite');
  const counter = new Store({ file });
  const api = createServices(counter);
  await api.saveSettings({ officeName: '南京市医保中心', counterNumber: '7', clerkName: '孙', defaultRegion: '320100' });
  const saved = await api.saveCase({ caseFile: example });
  if (!saved.ok) throw new Error(saved.error.message);
  const sheet = await api.issueSheet({ caseId: saved.value.id, caseFile: example });
  if (!sheet.ok) throw new Error(sheet.error.message);
  counter.close();
  const db = new Database(file);
  tamper(db, { caseId: saved.value.id, sheet: sheet.value.number });
  db.close();
  return { file, caseId: saved.value.id, sheet: sheet.value.number, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('imports that cannot poison the hall', () => {
  it('finding 5: an imported case whose ID was stored as typed, and its sheet without a client key, are both found by erasure', async () => {
    const typed = ` ${example.person.idNumber.toLowerCase()}\n`;
    const source = await counterFile((db, { caseId, sheet }) => {
      const json = JSON.parse(db.prepare(`SELECT case_json FROM case_record WHERE id = ?`).pluck().get(caseId) as string);
      json.person.idNumber = typed;
      db.prepare(`UPDATE case_record SET id_number = ?, case_json = ? WHERE id = ?`).run(typed, JSON.stringify(json), caseId);
      db.prepare(`UPDATE sheet SET client_key = NULL WHERE number = ?`).run(sheet); // a sheet from before migration 0007
    });
    const store = await PgStore.open({ url: await createDatabase(access) });
    try {
      await importCounterDatabase(source.file, store, { renderSheet });
      expect((await store.cases.get(source.caseId))?.idNumber).toBe(example.person.idNumber);
      expect((await store.sheets.listForClient(example.person.idNumber)).map((s) => s.number)).toEqual([source.sheet]);
      expect(await store.cases.deleteClient(example.person.idNumber)).toMatchObject({ cases: 1, sheets: 1 });
      expect(await store.cases.get(source.caseId)).toBeNull();
      expect(await store.sheets.get(source.sheet)).toBeNull();
    } finally {
      await store.close();
      source.remove();
    }
  });

  for (const [finding, what, tamper, reason] of [
    [
      '6',
      'a case saved "in year 9999"',
      (db: Database.Database) => db.prepare(`UPDATE case_record SET updated_at = '9999-12-31T00:00:00.000Z'`).run(),
      /保存时间“9999-12-31T00:00:00\.000Z”不是有效的过去时间/,
    ],
    [
      '6',
      'a case with a time that is no time',
      (db: Database.Database) => db.prepare(`UPDATE case_record SET updated_at = 'soon'`).run(),
      /保存时间“soon”/,
    ],
    [
      '7',
      'a sheet numbered near the integer limit',
      (db: Database.Database) =>
        db.prepare(`UPDATE sheet SET number = substr(number, 1, 12) || '2147483647'`).run() &&
        db.prepare(`UPDATE print_event SET sheet_number = (SELECT number FROM sheet)`).run(),
      /编号不是“日期-窗口号-序号”的形式，或序号超过 99999/,
    ],
    [
      '22',
      'a case file that is null',
      (db: Database.Database) => db.prepare(`UPDATE case_record SET case_json = 'null'`).run(),
      /第 1 件案件/,
    ],
    ['22', 'a case file that is {}', (db: Database.Database) => db.prepare(`UPDATE case_record SET case_json = '{}'`).run(), /第 1 件案件/],
    [
      '22',
      'a 2,000-character name with a right-to-left override',
      (db: Database.Database) => {
        const json = JSON.parse(db.prepare(`SELECT case_json FROM case_record`).pluck().get() as string);
        json.person.name = `\u202e${'张'.repeat(2000)}<b>`;
        db.prepare(`UPDATE case_record SET case_json = ?, person_name = ?`).run(JSON.stringify(json), json.person.name);
      },
      /第 1 件案件/,
    ],
  ] as const) {
    it(`finding ${finding}: ${what} is refused with the reason in Chinese; nothing is imported`, async () => {
      const source = await counterFile((db) => void tamper(db));
      const store = await PgStore.open({ url: await createDatabase(access) });
      try {
        const refused = importCounterDatabase(source.file, store, { renderSheet });
        await expect(refused).rejects.toThrow(/处内容不能进入大厅，未导入任何数据/);
        await expect(refused).rejects.toThrow(reason);
        expect(await store.cases.count()).toBe(0);
        expect((await sql(store.pool.options.connectionString!, `SELECT count(*)::int AS n FROM sheet`))[0].n).toBe(0);
      } finally {
        await store.close();
        source.remove();
      }
    });
  }

  it('finding 21: an SQLite file with no tables, and bytes that are no SQLite database, are refused in Chinese, not 内部错误', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-import-kind-'));
    const store = await PgStore.open({ url: await createDatabase(access) });
    try {
      const empty = join(dir, 'empty.sqlite');
      new Database(empty).prepare('SELECT 1').get();
      await expect(importCounterDatabase(empty, store, { renderSheet })).rejects.toThrow(/不是医保续缴核算台的数据库/);
      const garbage = join(dir, 'garbage.sqlite');
      writeFileSync(garbage, Buffer.from('这不是数据库'.repeat(400)));
      const refused = importCounterDatabase(garbage, store, { renderSheet });
      await expect(refused).rejects.toThrow(/不是医保续缴核算台的数据库/);
      expect(await store.cases.count()).toBe(0);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finding 21: a sheet for a case another counter deleted meanwhile is refused with the reason, not 内部错误', async () => {
    const store = await PgStore.open({ url: await createDatabase(access) });
    try {
      const services = createServices(store);
      const saved = await services.saveCase({ caseFile: example });
      if (!saved.ok) throw new Error(saved.error.message);
      // Another counter deletes the case (to the 回收站) while this one still shows it.
      const deleted = await services.deleteCase(saved.value.id);
      expect(deleted.ok).toBe(true);
      const sheet = await services.issueSheet({ caseId: saved.value.id, caseFile: example });
      expect(sheet.ok).toBe(false);
      if (sheet.ok) return;
      expect(sheet.error.message).not.toContain('内部错误');
      expect(sheet.error.message).toContain('找不到该案件（可能已被删除）');
    } finally {
      await store.close();
    }
  });

  it('finding 23: a save without a version never replaces a newer version unseen: it is answered as a conflict', async () => {
    const store = await PgStore.open({ url: await createDatabase(access) });
    try {
      const services = createServices(store);
      const saved = await services.saveCase({ caseFile: example });
      if (!saved.ok) throw new Error(saved.error.message);
      const newer = await services.saveCase({
        id: saved.value.id,
        caseFile: { ...example, person: { ...example.person, name: '张三丰' } },
        version: 1,
      });
      expect(newer).toMatchObject({ ok: true, value: { version: 2 } });
      const versionless = await services.saveCase({ id: saved.value.id, caseFile: example });
      expect(versionless).toMatchObject({ ok: false, error: { code: 'CONFLICT', conflict: { version: 2 } } });
      expect((await store.cases.get(saved.value.id))?.version).toBe(2);
    } finally {
      await store.close();
    }
  });
});

describe('finding 8: trusted keys and hall settings changed with a version check', () => {
  it('two administrators adding and removing keys at once: no key acknowledged is lost, a removed key never comes back', async () => {
    const store = await PgStore.open({ url: await createDatabase(access) });
    try {
      // Both administrators' calls read the key list before either writes (held at a barrier):
      // the interleaving that lost a key, made certain instead of hoped for.
      let waiting: Array<() => void> = [];
      let hold = 0;
      const barrier = () =>
        new Promise<void>((go) => {
          waiting.push(go);
          if (waiting.length === hold) {
            for (const w of waiting) w();
            waiting = [];
            hold = 0;
          }
        });
      const held =
        <T>(read: () => Promise<T>) =>
        async () => {
          const value = await read();
          if (hold > 0) await barrier();
          return value;
        };
      const settings = store.settings;
      const racing = {
        cases: store.cases,
        drafts: store.drafts,
        sheets: store.sheets,
        pinAttempts: store.pinAttempts,
        policy: store.policy,
        backups: store.backups,
        settings: {
          get: (key: string) => (key === 'policy.trustedKeys' ? held(() => settings.get(key as never))() : settings.get(key as never)),
          set: (key: string, value: unknown) => settings.set(key as never, value),
          read: (key: string) => (key === 'policy.trustedKeys' ? held(() => settings.read(key as never))() : settings.read(key as never)),
          setIf: (key: string, token: string | null, value: unknown) => settings.setIf(key as never, token, value),
        },
      } as unknown as Repositories;
      const services = createServices(racing);
      expect((await services.setAdminPin({ currentPin: null, newPin: '246810' })).ok).toBe(true);
      const pem = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const add = (name: string) => services.addTrustedKey({ name, publicKeyPem: pem(), regions: ['320100'], pin: '246810' });
      const first = await add('先有的钥匙');
      if (!first.ok) throw new Error(first.error.message);
      const listed = async () => {
        const library = await services.policyLibrary();
        if (!library.ok) throw new Error(library.error.message);
        return library.value.trustedKeys.map((k) => k.keyId).sort();
      };

      // Two adds at once: both acknowledged keys are kept, or one is refused in Chinese and not kept.
      hold = 2;
      const [a, b] = await Promise.all([add('钥匙甲'), add('钥匙乙')]);
      const refusedAdds = [a, b].filter((r) => !r.ok);
      for (const r of refusedAdds) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: /另一位管理员/ } });
      const kept = [first, a, b].flatMap((r) => (r.ok ? [r.value.keyId] : []));
      expect(await listed()).toEqual(kept.sort());
      expect(refusedAdds.length).toBeLessThan(2);

      // A removal and an add at once: the removed key does not come back.
      hold = 2;
      const [removal, c] = await Promise.all([services.removeTrustedKey({ keyId: first.value.keyId, pin: '246810' }), add('钥匙丙')]);
      for (const r of [removal, c].filter((x) => !x.ok)) expect(r).toMatchObject({ error: { code: 'CONFLICT', message: /另一位管理员/ } });
      const expected = kept.filter((k) => !(removal.ok && k === first.value.keyId));
      if (c.ok) expected.push(c.value.keyId);
      expect(await listed()).toEqual(expected.sort());
    } finally {
      await store.close();
    }
  });

  it("a settings form saved from an older version is refused in Chinese; the other administrator's change stays", async () => {
    const h = await hall();
    try {
      await h.auth.createAccount('测试', { username: 'admin2', displayName: '副科长', role: 'admin', password: 'admin-pass-2' });
      const one = client(h.server.url);
      const two = client(h.server.url);
      expect((await one.call('signIn', { username: 'admin', password: 'admin-pass-1', counter: '1' })).body.ok).toBe(true);
      expect((await two.call('signIn', { username: 'admin2', password: 'admin-pass-2', counter: '2' })).body.ok).toBe(true);
      const seenByOne = (await one.call('getSettings')).body.value;
      const seenByTwo = (await two.call('getSettings')).body.value;
      expect(typeof seenByOne.version).toBe('string');
      const saved = await one.call('saveSettings', { ...seenByOne, officeName: '南京市医保中心一楼' });
      expect(saved.body).toMatchObject({ ok: true, value: { officeName: '南京市医保中心一楼' } });
      expect(saved.body.value.version).not.toBe(seenByOne.version);
      const stale = await two.call('saveSettings', { ...seenByTwo, defaultRegion: '320100', officeName: '旧名称' });
      expect(stale.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: /另一位管理员.*刷新/ } });
      expect((await two.call('getSettings')).body.value).toMatchObject({ officeName: '南京市医保中心一楼' });
      // From the version just read, the second administrator's save goes through.
      const fresh = (await two.call('getSettings')).body.value;
      expect((await two.call('saveSettings', { ...fresh, defaultRegion: '320100' })).body).toMatchObject({
        ok: true,
        value: { officeName: '南京市医保中心一楼', defaultRegion: '320100' },
      });
    } finally {
      await h.close();
    }
  });
});

describe('finding 13: one impact preview per account at a time', () => {
  it('one clerk signed in at 12 counters asks for 12 previews at once: one runs, the others are told it is 正在进行中', async () => {
    const h = await hall();
    try {
      // 3,000 saved cases, so a preview every case may meet takes a while.
      await sql(
        h.url,
        `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at)
         SELECT 'bulk-' || i, '批量' || i, NULL, $1, $2, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'
         FROM generate_series(1, 3000) AS i`,
        [example.region, JSON.stringify(example)],
      );
      const counters: Client[] = [];
      for (let i = 1; i <= 12; i++) {
        const c = client(h.server.url);
        expect((await c.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: String(i) })).body.ok).toBe(true);
        counters.push(c);
      }
      const national = {
        region: 'CN',
        key: 'lateFee.capAtPrincipal',
        value: true,
        effectiveFrom: '2026-09-01',
        effectiveTo: null,
        document: { number: '测试〔2026〕1号', title: '测试通知', url: 'https://example.gov.cn/' },
        article: '第一条',
        url: null,
        grade: 'V',
        note: null,
        reason: '测试',
      };
      const answers = await Promise.all(counters.map((c) => c.call('previewPolicyValue', national)));
      for (const a of answers) expect(a.body.ok).toBe(true);
      const jobs = answers.map((a) => a.body.value.impact);
      const running = jobs.filter((j) => j.state === 'running');
      expect(running).toHaveLength(1);
      for (const j of jobs.filter((x) => x.state !== 'running'))
        expect(j).toMatchObject({ state: 'failed', message: expect.stringMatching(/本账号.*号窗口的影响预览正在进行中/) });
      // Another clerk is not held back by it; the one running can be stopped from its own counter.
      const li = client(h.server.url);
      expect((await li.call('signIn', { username: 'li', password: 'li-pass-1', counter: '30' })).body.ok).toBe(true);
      expect((await li.call('previewPolicyValue', national)).body.value.impact.state).toBe('running');
      const owner = counters[jobs.indexOf(running[0])]!;
      expect((await owner.call('cancelImpact', running[0].jobId)).body.value.state).toBe('cancelled');
      // Once it has stopped, another counter of the same clerk may start one.
      expect((await counters[(jobs.indexOf(running[0]) + 1) % 12]!.call('previewPolicyValue', national)).body.value.impact.state).toBe(
        'running',
      );
    } finally {
      await h.close();
    }
  });
});

describe('finding 14: XLSX import bounded, off the request thread', () => {
  /** A ZIP of deflated entries, built here (local headers, central directory, end record). */
  function zip(entries: Array<{ name: string; data: Buffer }>): Buffer {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const { name, data } of entries) {
      const packed = deflateRawSync(data, { level: 9 });
      const nameBytes = Buffer.from(name);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(8, 8);
      local.writeUInt32LE(crc32(data), 14);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(nameBytes.length, 26);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(8, 10);
      central.writeUInt32LE(crc32(data), 16);
      central.writeUInt32LE(packed.length, 20);
      central.writeUInt32LE(data.length, 24);
      central.writeUInt16LE(nameBytes.length, 28);
      central.writeUInt32LE(offset, 42);
      locals.push(local, nameBytes, packed);
      centrals.push(central, nameBytes);
      offset += 30 + nameBytes.length + packed.length;
    }
    const directory = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, directory, end]);
  }
  const sheet = (rows: string) =>
    Buffer.from(
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
    );

  it('a small zip bomb (100 MB of XML in well under 1 MB) is refused naming the limit, while another clerk is answered at once', async () => {
    // Built first: a pause of seconds between calls would let the server close the idle keep-alive connections.
    const row = '<row r="1"><c r="A1" t="inlineStr"><is><t>2020-01</t></is></c></row>';
    const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', data: sheet(' '.repeat(100 * 1024 * 1024) + row) }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    // 150,000 small cells (a few MB): refused by the cell count, before parsing.
    const many = Array.from(
      { length: 1500 },
      (_, r) => `<row r="${r + 1}">${Array.from({ length: 100 }, (_, c) => `<c r="A${c}"><v>1</v></c>`).join('')}</row>`,
    ).join('');
    const crowded = zip([{ name: 'xl/worksheets/sheet1.xml', data: sheet(many) }]);
    const h = await hall();
    try {
      const wang = client(h.server.url);
      const li = client(h.server.url);
      expect((await wang.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: '7' })).body.ok).toBe(true);
      expect((await li.call('signIn', { username: 'li', password: 'li-pass-1', counter: '8' })).body.ok).toBe(true);
      const started = performance.now();
      const parsing = wang.call('parseStatement', { fileName: '缴费明细.xlsx', base64: bomb.toString('base64') });
      // Meanwhile another clerk's calls are answered without waiting for it.
      const other = await li.call('listCases', {});
      const otherMs = performance.now() - started;
      expect(other.body.ok).toBe(true);
      const answer = (await parsing).body;
      expect(answer).toMatchObject({
        ok: true,
        value: { rows: [], errors: [expect.stringMatching(/解压后超过 20 MB（导入上限），未读取/)] },
      });
      expect(otherMs).toBeLessThan(2500); // a generous bound on a shared machine; the old code parsed the XML on this thread

      expect((await wang.call('parseStatement', { fileName: '缴费明细.xlsx', base64: crowded.toString('base64') })).body).toMatchObject({
        ok: true,
        value: { rows: [], errors: [expect.stringMatching(/单元格超过 100,000 个（导入上限），未读取/)] },
      });
    } finally {
      await h.close();
    }
  });
});

describe('finding 15: hall printing keeps its temporary folders in the data folder', () => {
  it('`yibao serve --hall` removes stale sheet folders at start and gives Chromium a profile under <dataDir>/tmp, never the system temp', async () => {
    const url = await createDatabase(access);
    const store = await PgStore.open({ url });
    const auth = new HallAuth(new HallRepository(store.pool));
    await auth.createAccount('测试', { username: 'wang', displayName: '王芳', role: 'clerk', password: 'wang-pass-1' });
    const dir = mkdtempSync(join(tmpdir(), 'yibao-hall-data-'));
    const stale = join(dir, 'data', 'tmp', 'yibao-sheet-999999-left', 'profile');
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'Cookies'), 'left by an instance killed outright');
    // A stand-in for Chromium: records how it was started, then fails (the PDF is not the point here).
    const standIn = join(dir, 'chromium-stand-in.sh');
    const argsFile = join(dir, 'chromium-args.txt');
    writeFileSync(standIn, `#!/bin/sh\necho "$@" > '${argsFile}'\nexit 1\n`, { mode: 0o755 });
    const config = join(dir, 'hall.json');
    writeFileSync(config, JSON.stringify({ database: url, listen: '127.0.0.1:0', dataDir: 'data' }));
    const child = spawn(process.execPath, [join(root, 'bin', 'yibao.mjs'), 'serve', '--hall', '--config', config], {
      env: { ...process.env, CHROMIUM_PATH: standIn },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const base = await new Promise<string>((ready, failed) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /已启动：(\S+?)(（|$|\s)/.exec(out);
          if (m?.[1]) ready(m[1]);
        });
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => failed(new Error(`serve exited ${String(code)}: ${out}`)));
      });
      expect(readdirSync(join(dir, 'data', 'tmp'))).toEqual([]);
      const wang = client(base);
      expect((await wang.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: '7' })).body.ok).toBe(true);
      const saved = (await wang.call('saveCase', { caseFile: example })).body.value;
      const sheet = (await wang.call('issueSheet', { caseId: saved.id, caseFile: example })).body.value;
      expect((await wang.call('sheetPdf', sheet.number)).body.ok).toBe(false);
      const args = readFileSync(argsFile, 'utf8');
      expect(args).toContain(`--user-data-dir=${join(dir, 'data', 'tmp')}/yibao-sheet-`);
      expect(args).not.toContain(`--user-data-dir=${tmpdir()}/yibao-sheet-`);
      // Removed again once that print is over.
      expect(readdirSync(join(dir, 'data', 'tmp'))).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("finding 18: a clerk's deletion can be undone", () => {
  it('a case a clerk deletes waits in the 回收站; only an administrator (with the PIN) lists and restores it, with its sheets; all recorded', async () => {
    const h = await hall();
    try {
      const wang = client(h.server.url);
      expect((await wang.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: '7' })).body.ok).toBe(true);
      const admin = client(h.server.url);
      expect((await admin.call('signIn', { username: 'admin', password: 'admin-pass-1', counter: '1' })).body.ok).toBe(true);
      expect((await admin.call('setAdminPin', { currentPin: null, newPin: '246810' })).body.ok).toBe(true);

      const saved = (await wang.call('saveCase', { caseFile: example })).body.value;
      const sheet = (await wang.call('issueSheet', { caseId: saved.id, caseFile: example })).body.value;
      expect((await wang.call('deleteCase', saved.id)).body).toEqual({ ok: true, value: null });
      expect((await wang.call('getCase', saved.id)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

      // A clerk neither sees the bin nor restores from it.
      expect((await wang.call('deletedCases')).status).toBe(403);
      expect((await wang.call('restoreCase', { id: saved.id, pin: '246810' })).status).toBe(403);

      const bin = (await admin.call('deletedCases')).body;
      expect(bin).toMatchObject({
        ok: true,
        value: [{ id: saved.id, personName: example.person.name, deletedBy: '王芳', deletedCounter: '7' }],
      });
      expect(bin.value[0].idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      expect((await admin.call('restoreCase', { id: saved.id, pin: '000000' })).body).toMatchObject({
        ok: false,
        error: { message: /PIN/ },
      });
      expect((await admin.call('restoreCase', { id: saved.id, pin: '246810' })).body).toMatchObject({ ok: true, value: { id: saved.id } });
      expect((await wang.call('getCase', saved.id)).body).toMatchObject({ ok: true, value: { id: saved.id, version: 1 } });
      expect((await wang.call('listSheets', saved.id)).body.value.map((s: { number: string }) => s.number)).toEqual([sheet.number]);
      expect((await admin.call('deletedCases')).body).toEqual({ ok: true, value: [] });
      expect((await admin.call('restoreCase', { id: saved.id, pin: '246810' })).body).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', message: /回收站里没有这个案件/ },
      });

      const trail = await sql(h.url, `SELECT deleted_by, deleted_counter, restored_by, restored_counter, case_json FROM case_bin`);
      expect(trail).toEqual([{ deleted_by: '王芳', deleted_counter: '7', restored_by: '管科长', restored_counter: '1', case_json: null }]);
      const activity = await sql(
        h.url,
        `SELECT username, counter, method, ok FROM hall_activity WHERE method IN ('deleteCase', 'restoreCase') ORDER BY id`,
      );
      expect(activity).toEqual([
        { username: 'wang', counter: '7', method: 'deleteCase', ok: true },
        { username: 'admin', counter: '1', method: 'restoreCase', ok: false },
        { username: 'admin', counter: '1', method: 'restoreCase', ok: true },
        { username: 'admin', counter: '1', method: 'restoreCase', ok: false },
      ]);

      // The privacy erasure stays a real erase: the case waiting in the bin is gone with it.
      expect((await wang.call('deleteCase', saved.id)).body.ok).toBe(true);
      const erased = await admin.call('deleteClientData', { idNumber: example.person.idNumber, pin: '246810' });
      expect(erased.body).toMatchObject({ ok: true, value: { cases: 1, sheets: 1 } });
      expect(await sql(h.url, `SELECT count(*)::int AS n FROM case_bin WHERE id_number IS NOT NULL OR case_json IS NOT NULL`)).toEqual([
        { n: 0 },
      ]);
    } finally {
      await h.close();
    }
  });
});

describe('finding 17: counter numbers carried whole into the sheet number', () => {
  it('counters 5, 105 and 005 at the hall: 05 and 105 are two series, and the sheet says 窗口 105 beside -105-', async () => {
    const h = await hall();
    try {
      const at = async (username: string, password: string, counter: string) => {
        const c = client(h.server.url);
        expect((await c.call('signIn', { username, password, counter })).body.ok).toBe(true);
        return c;
      };
      const five = await at('wang', 'wang-pass-1', '5');
      const hundredFive = await at('li', 'li-pass-1', '105');
      const zeroFive = await at('admin', 'admin-pass-1', '005');
      const issue = async (c: Client) => {
        const r = await c.call('issueSheet', { caseId: null, caseFile: example });
        expect(r.body, JSON.stringify(r.body).slice(0, 300)).toMatchObject({ ok: true });
        return r.body.value;
      };
      const first = await issue(five);
      const second = await issue(hundredFive);
      const third = await issue(zeroFive);
      expect(first.number).toMatch(/^\d{8}-05-0001$/);
      expect(second.number).toMatch(/^\d{8}-105-0001$/);
      expect(third.number).toMatch(/^\d{8}-05-0002$/); // "005" is counter 5
      expect(second.html).toContain('窗口 105');
    } finally {
      await h.close();
    }
  });
});

describe('finding 19: names that print blank are refused', () => {
  it('a case or an account named with Hangul fillers or a blank Braille pattern is refused in Chinese', async () => {
    const h = await hall();
    try {
      const admin = client(h.server.url);
      await admin.call('signIn', { username: 'admin', password: 'admin-pass-1', counter: '1' });
      for (const blank of ['\u3164', '\u2800\u2800', '\u115f\u1160', '\uffa0', '张\u3164']) {
        const saved = await admin.call('saveCase', { caseFile: { ...example, person: { ...example.person, name: blank } } });
        expect(saved.body, JSON.stringify(blank)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
        expect(JSON.stringify(saved.body)).toContain('打印出来是空白的填充字符');
        const account = await admin.call('createAccount', {
          username: 'blank',
          displayName: blank,
          role: 'clerk',
          password: 'blank-pass-1',
        });
        expect(account.body).toMatchObject({
          ok: false,
          error: { code: 'INVALID_INPUT', message: expect.stringContaining('空白的填充字符') },
        });
      }
      expect(await h.store.cases.count()).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe('finding 20: hall config values checked at start', () => {
  it('idleMinutes 0.5, maxFailures 0 and the like are refused with the field and the reason in Chinese', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-config-'));
    try {
      const read = (config: unknown) => {
        const file = join(dir, 'hall.json');
        writeFileSync(file, JSON.stringify(config));
        return () => readConfig(file);
      };
      expect(read({ session: { idleMinutes: 0.5 } })).toThrow(/session\.idleMinutes 空闲多少分钟后退出登录应为整数/);
      expect(read({ session: { idleMinutes: 1 } })).toThrow(/空闲多少分钟后退出登录至少为 5/);
      expect(read({ lockout: { maxFailures: 0 } })).toThrow(/lockout\.maxFailures 连续输错几次后开始等待至少为 1/);
      expect(read({ lockout: { lockMinutes: -3 } })).toThrow(/最长等待分钟数至少为 1/);
      expect(read({ session: { maxHours: 1e9 } })).toThrow(/登录最长小时数至多为 72/);
      expect(read({ session: { idleMinutes: 30, maxHours: 12 }, lockout: { maxFailures: 5, lockMinutes: 15 } })()).toMatchObject({
        session: { idleMinutes: 30 },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
