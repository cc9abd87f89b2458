// Issue 22: "The hall as a real slice of the API table" — hall-server.ts answered the hall's own
// methods (sign-in, accounts) in a `switch` with `input as` casts and a silent `default: return
// null`, and checked their input apart from the table, so a clerk's bad call came back with
// valibot's English ("Invalid key: Expected never…"). Now the hall slice is typed by the table
// (src/services/hall/session-slice.ts) and goes through the one dispatch every other call uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_METHODS } from '../../src/api/contract.ts';
import { TOO_DEEP_MESSAGE } from '../../src/api/dispatch.ts';
import { API } from '../../src/api/methods.ts';
import { startHallServer, type HallServer } from '../../src/server/hall-server.ts';
import { HallAuth } from '../../src/services/hall/auth.ts';
import { HallRepository } from '../../src/store/pg/hall.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import { createDatabase } from '../support/pg-cluster.ts';

const access = inject('pg');
let store: PgStore;
let hall: HallServer;

const call = async (method: string, body: string, cookie?: string) => {
  const response = await fetch(`${hall.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-yibao': '1', ...(cookie ? { cookie } : {}) },
    body,
  });
  const setCookie = response.headers.getSetCookie().find((h) => h.startsWith('yibao_session='));
  return { status: response.status, body: (await response.json()) as any, cookie: setCookie?.split(';')[0] };
};

beforeAll(async () => {
  store = await PgStore.open({ url: await createDatabase(access) });
  const auth = new HallAuth(new HallRepository(store.pool));
  await auth.createAccount('测试', { username: 'guan', displayName: '管科长', role: 'admin', password: 'guan-pass-1' });
  hall = await startHallServer({ store, auth, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await hall?.close();
  await store?.close();
});

describe('the hall methods through the API table', () => {
  it("a hall call's bad input is answered like any other call's: in Chinese, field by field, nesting bounded", async () => {
    const extra = await call('signIn', JSON.stringify({ input: { username: 'guan', password: 'guan-pass-1', counter: '3', extra: 1 } }));
    expect(extra.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(extra.body.error.message).toBe('接口 signIn 的参数不正确：字段 extra 是多余的');
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { deep };
    const tooDeep = await call('signIn', JSON.stringify({ input: { username: 'guan', password: 'x', counter: '3', deep } }));
    expect(tooDeep.body.error.message).toBe(TOO_DEEP_MESSAGE);
  });

  it('signing in, the session, accounts and signing out still answer as before (cookie set and cleared)', async () => {
    const wrong = await call('signIn', JSON.stringify({ input: { username: 'guan', password: 'wrong-pass-1', counter: '3' } }));
    expect(wrong.status).toBe(401);
    expect(wrong.cookie).toBeUndefined();
    const signed = await call('signIn', JSON.stringify({ input: { username: 'guan', password: 'guan-pass-1', counter: '3' } }));
    expect(signed.body).toMatchObject({ ok: true, value: { username: 'guan', role: 'admin', counter: '3' } });
    const cookie = signed.cookie;
    expect(cookie).toMatch(/^yibao_session=.+/);
    expect((await call('hallStatus', '{}', cookie)).body).toMatchObject({
      ok: true,
      value: { mode: 'hall', session: { username: 'guan' } },
    });
    const created = await call(
      'createAccount',
      JSON.stringify({ input: { username: 'wang', displayName: '王芳', role: 'clerk', password: 'wang-pass-1' } }),
      cookie,
    );
    expect(created.body).toMatchObject({ ok: true, value: { username: 'wang', displayName: '王芳' } });
    const listed = await call('listAccounts', '{}', cookie);
    expect(listed.body.value.map((a: { username: string }) => a.username).sort()).toEqual(['guan', 'wang']);
    const out = await call('signOut', '{}', cookie);
    expect(out.body).toEqual({ ok: true, value: null });
    expect(out.cookie).toBe('yibao_session=');
    expect((await call('listAccounts', '{}', cookie)).status).toBe(401);
  });

  it('hall-server.ts has no switch of its own over the hall methods, and the slice answers every one of them', async () => {
    const source = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'server', 'hall-server.ts'), 'utf8');
    expect(source).not.toMatch(/switch \(method\)/);
    expect(source).not.toMatch(/input as /);
    const { hallSessionServices } = await import('../../src/services/hall/session-slice.ts');
    const slice = hallSessionServices({ auth: null as never, session: null, token: null, source: '', log: null as never, reply: {} });
    expect(Object.keys(slice).sort()).toEqual(API_METHODS.filter((m) => API[m].slice === 'hall').sort());
  });
});
