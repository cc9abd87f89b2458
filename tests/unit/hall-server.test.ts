// The service hall server on a real PostgreSQL database: it never listens beyond loopback
// without TLS; every call but the status and the sign-in needs a live session; clerks sign in
// with scrypt-hashed passwords, are locked out after repeated failures, and their sessions
// expire; administrators alone may do what HALL_ACCESS reserves; every write carries the clerk
// and the counter; two instances share sessions, sheet numbers and the library; and a counter's
// SQLite database is moved in once, idempotently.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:https';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_METHODS } from '../../src/api/contract.ts';
import { HALL_ACCESS, listenProblem } from '../../src/server/hall-access.ts';
import { startHallServer, type HallServer } from '../../src/server/hall-server.ts';
import { HallAuth } from '../../src/services/hall/auth.ts';
import { importCounterDatabase } from '../../src/store/pg/import.ts';
import { remoteHallApi } from '../../src/services/hall/remote.ts';
import { createServices } from '../../src/services/services.ts';
import { HallRepository } from '../../src/store/pg/hall.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import { Store } from '../../src/store/store.ts';
import { renderSheetHtml } from '../../src/sheet/render.ts';
import type { SheetData } from '../../src/sheet/sheet-data.ts';
import { createDatabase } from '../support/pg-cluster.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
const access = inject('pg');

interface Client {
  call(method: string, input?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; setCookie: string[] }>;
  cookie: string | null;
}

/** A browser counter, as far as the server can tell: POSTs with X-Yibao and the session cookie it was given. */
function client(base: string): Client {
  const c: Client = {
    cookie: null,
    async call(method, input, headers = {}) {
      const response = await fetch(`${base}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yibao': '1', ...(c.cookie ? { cookie: c.cookie } : {}), ...headers },
        body: JSON.stringify({ input }),
      });
      const setCookie = response.headers.getSetCookie();
      const session = setCookie.find((h) => h.startsWith('yibao_session='));
      if (session) c.cookie = session.split(';')[0] ?? null;
      return { status: response.status, body: await response.json(), setCookie };
    },
  };
  return c;
}

describe('hall mode never listens beyond loopback without TLS', () => {
  it('the rule', () => {
    expect(listenProblem('127.0.0.1', false)).toBeNull();
    expect(listenProblem('::1', false)).toBeNull();
    expect(listenProblem('localhost', false)).toBeNull();
    expect(listenProblem('0.0.0.0', false)).toMatch(/拒绝在 0\.0\.0\.0 上以明文 HTTP 监听/);
    expect(listenProblem('192.168.1.20', false)).toMatch(/TLS/);
    expect(listenProblem('0.0.0.0', true)).toBeNull();
  });

  it('the server refuses to start there, and `yibao serve --hall` exits 1 with the reason before touching the database', async () => {
    await expect(startHallServer({ store: null as never, auth: null as never, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /拒绝在 0\.0\.0\.0 上以明文 HTTP 监听/,
    );
    const r = spawnSync(
      process.execPath,
      [join(root, 'bin', 'yibao.mjs'), 'serve', '--hall', '--listen', '0.0.0.0:5899', '--database', 'postgres://nobody@127.0.0.1:1/none'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/拒绝在 0\.0\.0\.0 上以明文 HTTP 监听/);
  });
});

describe('the hall server', () => {
  let url: string;
  let store: PgStore;
  let storeB: PgStore;
  let a: HallServer;
  let b: HallServer;
  let auth: HallAuth;
  beforeAll(async () => {
    url = await createDatabase(access);
    store = await PgStore.open({ url });
    storeB = await PgStore.open({ url });
    auth = new HallAuth(new HallRepository(store.pool), { maxFailures: 3 });
    a = await startHallServer({ store, auth, host: '127.0.0.1', port: 0 });
    b = await startHallServer({
      store: storeB,
      auth: new HallAuth(new HallRepository(storeB.pool), { maxFailures: 3 }),
      host: '127.0.0.1',
      port: 0,
    });
    await auth.createAccount('测试', { username: 'admin', displayName: '管科长', role: 'admin', password: 'admin-pass-1' });
    await auth.createAccount('测试', { username: 'wang', displayName: '王芳', role: 'clerk', password: 'wang-pass-1' });
    await auth.createAccount('测试', { username: 'li', displayName: '李强', role: 'clerk', password: 'li-pass-1' });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await store.close();
    await storeB.close();
  });

  it('refuses every call but the status and the sign-in without a valid session (no cookie, a forged one, an expired one)', async () => {
    const anonymous = client(a.url);
    expect((await anonymous.call('hallStatus')).body).toEqual({ ok: true, value: { mode: 'hall', session: null } });
    const guarded = API_METHODS.filter((m) => HALL_ACCESS[m].access !== 'public');
    expect(guarded.length).toBeGreaterThan(30);
    for (const method of guarded) {
      const r = await anonymous.call(method, undefined);
      expect(r.status, method).toBe(401);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('请先登录') } });
    }
    const forged = client(a.url);
    forged.cookie = 'yibao_session=not-a-real-token';
    expect((await forged.call('listCases', {})).status).toBe(401);
    const bearer = await anonymous.call('listCases', {}, { authorization: 'Bearer also-not-real' });
    expect(bearer.status).toBe(401);

    const wang = client(a.url);
    expect((await wang.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: '3' })).status).toBe(200);
    expect((await wang.call('listCases', {})).status).toBe(200);
    await new pg.Client({ connectionString: url }).connect().then(async (c) => {
      await c.query(`UPDATE hall_session SET expires_at = now() - interval '1 second' WHERE username = 'wang'`);
      await c.end();
    });
    expect((await wang.call('listCases', {})).body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('signs a clerk in with an HttpOnly, SameSite=Strict cookie; the token never appears in the answer', async () => {
    const wang = client(a.url);
    const r = await wang.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: '3' });
    expect(r.body).toMatchObject({ ok: true, value: { username: 'wang', displayName: '王芳', role: 'clerk', counter: '3' } });
    const cookie = r.setCookie.find((h) => h.startsWith('yibao_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const token = wang.cookie!.split('=')[1]!;
    expect(JSON.stringify(r.body)).not.toContain(token);
    // Only a hash of the token is stored.
    const stored = await new pg.Client({ connectionString: url }).connect().then(async (c) => {
      const rows = (await c.query(`SELECT token_hash FROM hall_session`)).rows.map((x) => x.token_hash as string);
      await c.end();
      return rows;
    });
    expect(stored.join(' ')).not.toContain(token);
    // The same page cannot drive the API without the X-Yibao header (another site's form could not send it).
    const bare = await fetch(`${a.url}api/listCases`, { method: 'POST', headers: { cookie: wang.cookie! }, body: '{"input":{}}' });
    expect(bare.status).toBe(403);
    expect((await wang.call('hallStatus')).body.value.session).toMatchObject({ username: 'wang', counter: '3' });
    expect((await wang.call('signOut')).body).toEqual({ ok: true, value: null });
    expect((await wang.call('listCases', {})).status).toBe(401);
  });

  it('backs off after repeated wrong passwords (counted in the database, across instances) until an administrator unlocks it', async () => {
    const atA = client(a.url);
    const atB = client(b.url);
    const wrong = (c: Client) => c.call('signIn', { username: 'li', password: 'wrong-pass-9', counter: '4' });
    // maxFailures 3: three are simply wrong; the fourth is checked too, and sets the first wait (1 s).
    for (const c of [atA, atB, atA, atB]) expect((await wrong(c)).body.error.message).toBe('用户名或密码不正确。');
    // After more failures the wait is long (set here directly, so the test does not race the clock).
    await new pg.Client({ connectionString: url }).connect().then(async (c) => {
      await c.query(`UPDATE hall_throttle SET blocked_until = now() + interval '10 minutes' WHERE scope LIKE 'pair:li@%'`);
      await c.end();
    });
    expect((await wrong(atA)).body.error.message).toMatch(/密码尝试次数过多，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 之后再试/);
    // Now even the right password is refused (without being checked), at either instance.
    expect((await atB.call('signIn', { username: 'li', password: 'li-pass-1', counter: '4' })).body.error.message).toMatch(/尝试次数过多/);
    // An unknown user gets the same answer as a wrong password (no hint which names exist).
    expect((await atA.call('signIn', { username: 'nobody', password: 'x-pass-123', counter: '4' })).body.error.message).toBe(
      '用户名或密码不正确。',
    );
    const admin = client(a.url);
    await admin.call('signIn', { username: 'admin', password: 'admin-pass-1', counter: '1' });
    expect((await admin.call('setAccountEnabled', { username: 'li', enabled: true })).body).toEqual({ ok: true, value: null });
    expect((await atB.call('signIn', { username: 'li', password: 'li-pass-1', counter: '4' })).body).toMatchObject({ ok: true });
  });

  it("keeps administrators' calls to administrators, and drafts on the counter", async () => {
    const wang = client(a.url);
    await wang.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: '3' });
    for (const [method, input] of [
      ['setAdminPin', { currentPin: null, newPin: '246810' }],
      ['createAccount', { username: 'x1', displayName: 'X', role: 'admin', password: 'xxxx-1234' }],
      ['deleteClientData', { idNumber: '320102197608150010', pin: '2468' }],
      ['saveSettings', { officeName: 'x', counterNumber: '1', clerkName: 'y', defaultRegion: '' }],
      ['listAccounts', undefined],
    ] as const) {
      const r = await wang.call(method, input);
      expect(r.status, method).toBe(403);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '只有管理员可以进行此操作。' } });
    }
    expect((await wang.call('saveDraft', { caseId: null, form: {} })).body).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    const admin = client(a.url);
    await admin.call('signIn', { username: 'admin', password: 'admin-pass-1', counter: '1' });
    const created = await admin.call('createAccount', { username: 'zhao', displayName: '赵敏', role: 'clerk', password: 'zhao-pass-1' });
    expect(created.body).toMatchObject({
      ok: true,
      value: { username: 'zhao', displayName: '赵敏', role: 'clerk', enabled: true, createdBy: 'admin' },
    });
    expect(JSON.stringify((await admin.call('listAccounts')).body)).not.toMatch(/scrypt/);
    // Disabling an account ends its sessions at once.
    const zhao = client(b.url);
    await zhao.call('signIn', { username: 'zhao', password: 'zhao-pass-1', counter: '6' });
    expect((await zhao.call('listCases', {})).status).toBe(200);
    await admin.call('setAccountEnabled', { username: 'zhao', enabled: false });
    expect((await zhao.call('listCases', {})).status).toBe(401);
  });

  it('a clerk changes their own password knowing the current one; every session of the account ends', async () => {
    await auth.createAccount('测试', { username: 'qian', displayName: '钱进', role: 'clerk', password: 'qian-pass-1' });
    const atA = client(a.url);
    const atB = client(b.url);
    await atA.call('signIn', { username: 'qian', password: 'qian-pass-1', counter: '2' });
    await atB.call('signIn', { username: 'qian', password: 'qian-pass-1', counter: '2' });
    expect((await atA.call('changePassword', { currentPassword: 'wrong-pass-1', newPassword: 'qian-pass-2' })).body).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '当前密码不正确，密码未修改。' },
    });
    expect((await atA.call('changePassword', { currentPassword: 'qian-pass-1', newPassword: 'short' })).body.error.message).toBe(
      '密码至少 8 位。',
    );
    expect((await atA.call('changePassword', { currentPassword: 'qian-pass-1', newPassword: 'qian-pass-2' })).body).toEqual({
      ok: true,
      value: null,
    });
    expect((await atB.call('listCases', {})).status).toBe(401);
    expect((await atB.call('signIn', { username: 'qian', password: 'qian-pass-1', counter: '2' })).status).toBe(401);
    expect((await atB.call('signIn', { username: 'qian', password: 'qian-pass-2', counter: '2' })).body).toMatchObject({ ok: true });
  });

  it('every write carries the signed-in clerk and the counter; a session made at one instance works at the other', async () => {
    const wang = client(a.url);
    await wang.call('signIn', { username: 'wang', password: 'wang-pass-1', counter: '3' });
    const atB = client(b.url);
    atB.cookie = wang.cookie; // the same browser, moved to the other instance
    const saved = await atB.call('saveCase', { caseFile: example });
    expect(saved.body).toMatchObject({ ok: true, value: { version: 1 } });
    const opened = await wang.call('getCase', saved.body.value.id);
    expect(opened.body.value).toMatchObject({ savedBy: '王芳', savedCounter: '3', version: 1 });
    const sheet = await wang.call('issueSheet', { caseId: saved.body.value.id, caseFile: example });
    expect(sheet.body).toMatchObject({ ok: true, value: { clerk: '王芳', number: expect.stringMatching(/^\d{8}-03-0001$/) } });
    const second = await atB.call('issueSheet', { caseId: saved.body.value.id, caseFile: example });
    expect(second.body.value.number).toMatch(/^\d{8}-03-0002$/);
    const activity = await new HallRepository(store.pool).activity(20);
    expect(
      activity.filter((e) => e.method === 'saveCase' || e.method === 'issueSheet').map((e) => [e.method, e.username, e.counter, e.ok]),
    ).toEqual([
      ['issueSheet', 'wang', '3', true],
      ['issueSheet', 'wang', '3', true],
      ['saveCase', 'wang', '3', true],
    ]);
    // The settings each counter reads name its own clerk and counter.
    expect((await wang.call('getSettings')).body.value).toMatchObject({ clerkName: '王芳', counterNumber: '3' });
    // An administrator's settings are the hall's; the clerk and counter stay those of the sign-in.
    const admin = client(b.url);
    await admin.call('signIn', { username: 'admin', password: 'admin-pass-1', counter: '1' });
    const office = { officeName: '南京市医保服务大厅', counterNumber: '1', clerkName: '管科长', defaultRegion: '320100' };
    expect((await admin.call('saveSettings', { ...office, counterNumber: '9' })).body).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('窗口号和经办人取自登录') },
    });
    expect((await admin.call('saveSettings', office)).body).toMatchObject({ ok: true });
    expect((await wang.call('getSettings')).body.value).toMatchObject({
      officeName: '南京市医保服务大厅',
      clerkName: '王芳',
      counterNumber: '3',
    });
  });

  it('serves over TLS when given a certificate and key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '2',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const cert = readFileSync(join(dir, 'cert.pem'));
      const tlsHall = await startHallServer({
        store,
        auth,
        host: '127.0.0.1',
        port: 0,
        tls: { cert, key: readFileSync(join(dir, 'key.pem')) },
      });
      try {
        expect(tlsHall.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
        const answer = await new Promise<{ status: number; body: string; cookie: string[] }>((resolve, reject) => {
          const req = request(
            `${tlsHall.url}api/signIn`,
            { method: 'POST', agent: new Agent({ ca: cert }), headers: { 'x-yibao': '1', 'content-type': 'application/json' } },
            (res) => {
              let body = '';
              res.on('data', (d) => (body += d));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cookie: res.headers['set-cookie'] ?? [] }));
            },
          );
          req.on('error', reject);
          req.end(JSON.stringify({ input: { username: 'wang', password: 'wang-pass-1', counter: '3' } }));
        });
        expect(answer.status).toBe(200);
        expect(answer.cookie.join()).toMatch(/HttpOnly; SameSite=Strict; Secure/);
      } finally {
        await tlsHall.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('yibao hall import: a counter moves in', () => {
  it("moves saved cases, sheets (numbers and hashes) and print records once; again, nothing more; the hall's numbers continue after them", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-import-'));
    const counter = new Store({ file: join(dir, 'yibao.sqlite') });
    const api = createServices(counter);
    await api.saveSettings({ officeName: '南京市医保中心', counterNumber: '7', clerkName: '孙', defaultRegion: '320100' });
    const saved = await api.saveCase({ caseFile: example });
    if (!saved.ok) throw new Error(saved.error.message);
    const first = await api.issueSheet({ caseId: saved.value.id, caseFile: example });
    const second = await api.issueSheet({ caseId: null, caseFile: example });
    if (!first.ok || !second.ok) throw new Error('sheet');
    await api.recordPrint({ number: first.value.number, kind: 'html' });
    await api.recordPrint({ number: first.value.number, kind: 'html' });
    counter.close();

    const hall = await PgStore.open({ url: await createDatabase(access) });
    try {
      const report = await importCounterDatabase(join(dir, 'yibao.sqlite'), hall, {
        renderSheet: (s) => renderSheetHtml(s as SheetData).html,
      });
      expect(report).toMatchObject({ cases: { moved: 1, present: 0 }, sheets: { moved: 2, present: 0 }, prints: { moved: 2, present: 0 } });
      const again = await importCounterDatabase(join(dir, 'yibao.sqlite'), hall, {
        renderSheet: (s) => renderSheetHtml(s as SheetData).html,
      });
      expect(again).toMatchObject({ cases: { moved: 0, present: 1 }, sheets: { moved: 0, present: 2 }, prints: { moved: 0, present: 2 } });
      const moved = await hall.sheets.get(first.value.number);
      expect(moved).toMatchObject({ contentHash: first.value.contentHash, html: first.value.html, caseId: saved.value.id, prints: 2 });
      expect((await hall.cases.get(saved.value.id))?.caseFile).toEqual(example);
      // The next sheet at counter 7 on that day follows the imported ones: no number is handed out twice.
      const next = await hall.sheets.create({
        caseId: null,
        issuedAt: first.value.issuedAt,
        clerk: '孙',
        counter: '7',
        make: (n) => ({ snapshot: { n }, html: n, contentHash: n }),
      });
      expect(next.number).toBe(`${first.value.number.slice(0, 12)}0003`);
    } finally {
      await hall.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a counter's main process pointed at the hall (Electron's --server; the forwarding itself runs here under Node)", () => {
  it('forwards the typed API with the session cookie kept in the process; prints at the counter and records it at the hall', async () => {
    const url = await createDatabase(access);
    const store = await PgStore.open({ url });
    const auth = new HallAuth(new HallRepository(store.pool));
    await auth.createAccount('测试', { username: 'sun', displayName: '孙丽', role: 'clerk', password: 'sun-pass-1' });
    const hall = await startHallServer({ store, auth, host: '127.0.0.1', port: 0 });
    try {
      const printed: string[] = [];
      const api = remoteHallApi({
        server: hall.url,
        printer: {
          pdf: async (sheet) => (printed.push(`pdf ${sheet.number}`), new TextEncoder().encode('%PDF-stand-in')),
          print: async (sheet) => (printed.push(`print ${sheet.number}`), { printed: true }),
        },
      });
      expect(await api.hallStatus()).toEqual({ ok: true, value: { mode: 'hall', session: null } });
      expect(await api.listCases({})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      const signedIn = await api.signIn({ username: 'sun', password: 'sun-pass-1', counter: '8' });
      expect(signedIn).toMatchObject({ ok: true, value: { displayName: '孙丽', counter: '8' } });
      const saved = await api.saveCase({ caseFile: example });
      if (!saved.ok) throw new Error(saved.error.message);
      const sheet = await api.issueSheet({ caseId: saved.value.id, caseFile: example });
      if (!sheet.ok) throw new Error(sheet.error.message);
      expect(await api.sheetPdf(sheet.value.number)).toMatchObject({ ok: true, value: { contentHash: sheet.value.contentHash } });
      expect(await api.printSheet(sheet.value.number)).toEqual({ ok: true, value: null });
      expect(printed).toEqual([`pdf ${sheet.value.number}`, `print ${sheet.value.number}`]);
      expect((await store.sheets.printEvents(sheet.value.number)).map((e) => [e.kind, e.clerk])).toEqual([
        ['pdf', '孙丽'],
        ['print-request', '孙丽'],
      ]);
      expect(await api.signOut()).toEqual({ ok: true, value: null });
      expect(await api.listCases({})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(() => remoteHallApi({ server: 'http://hall.example.cn:8080/' })).toThrow(/必须是 https/);
    } finally {
      await hall.close();
      await store.close();
    }
  });
});
