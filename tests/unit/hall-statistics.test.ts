// 统计 in a service hall (PostgreSQL): an administrator sees every counter's sheets and saves
// (or one counter's), a clerk is refused, and each export is recorded in the hall's activity.
// The server stamps sheets with its own clock, so the test reads the days off the sheet numbers.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHallServer, type HallServer } from '../../src/server/hall-server.ts';
import { HallAuth } from '../../src/services/hall/auth.ts';
import { HallRepository } from '../../src/store/pg/hall.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import { createDatabase } from '../support/pg-cluster.ts';
import { wangResident, zhangTransfer } from '../support/reminder-cases.ts';

/** A browser counter as the server sees it: POSTs with X-Yibao and its session cookie. */
function counter(base: string) {
  let cookie: string | null = null;
  return async (method: string, input?: unknown) => {
    const response = await fetch(`${base}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yibao': '1', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ input }),
    });
    const session = response.headers.getSetCookie().find((h) => h.startsWith('yibao_session='));
    if (session) cookie = session.split(';')[0] ?? null;
    return { status: response.status, body: (await response.json()) as { ok: boolean; value?: any; error?: any } };
  };
}

const dayOf = (number: string) => `${number.slice(0, 4)}-${number.slice(4, 6)}-${number.slice(6, 8)}`;

describe('统计 in a service hall', () => {
  let store: PgStore;
  let hall: HallServer;
  beforeAll(async () => {
    store = await PgStore.open({ url: await createDatabase(inject('pg')) });
    const auth = new HallAuth(new HallRepository(store.pool));
    hall = await startHallServer({ store, auth, host: '127.0.0.1', port: 0 });
    await auth.createAccount('测试', { username: 'admin', displayName: '管科长', role: 'admin', password: 'admin-pass-1' });
    await auth.createAccount('测试', { username: 'wang', displayName: '王芳', role: 'clerk', password: 'wang-pass-1' });
    await auth.createAccount('测试', { username: 'li', displayName: '李强', role: 'clerk', password: 'li-pass-1' });
  });
  afterAll(async () => {
    await hall.close();
    await store.close();
  });

  it('adds up every counter for an administrator, or one counter; refuses a clerk; records each export', async () => {
    const wang = counter(hall.url);
    const li = counter(hall.url);
    await wang('signIn', { username: 'wang', password: 'wang-pass-1', counter: '3' });
    await li('signIn', { username: 'li', password: 'li-pass-1', counter: '105' });
    const saved = await wang('saveCase', { caseFile: zhangTransfer });
    expect(saved.body.ok).toBe(true);
    const first = await wang('issueSheet', { caseId: saved.body.value.id, caseFile: zhangTransfer });
    expect((await li('saveCase', { caseFile: wangResident })).body.ok).toBe(true);
    const second = await li('issueSheet', { caseId: null, caseFile: wangResident });
    expect([first.body.ok, second.body.ok]).toEqual([true, true]);
    const range = { from: dayOf(first.body.value.number), to: dayOf(second.body.value.number) };

    expect(await wang('statistics', range)).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN' } } });
    expect((await li('exportStatistics', range)).status).toBe(403);

    const admin = counter(hall.url);
    await admin('signIn', { username: 'admin', password: 'admin-pass-1', counter: '1' });
    const all = await admin('statistics', range);
    expect(all.body.value).toMatchObject({ sheets: 2, casesSaved: 2, clients: 2 });
    // Counter 105 is not counter 5 (nor 05): its own sheet only.
    expect((await admin('statistics', { ...range, counter: '105' })).body.value).toMatchObject({
      counter: '105',
      sheets: 1,
      casesSaved: 1,
    });
    expect((await admin('statistics', { ...range, counter: '5' })).body.value).toMatchObject({ sheets: 0, casesSaved: 0 });
    expect((await admin('statistics', { ...range, counter: '3' })).body.value).toMatchObject({ sheets: 1, casesSaved: 1 });

    const exported = await admin('exportStatistics', range);
    expect(exported.body).toMatchObject({ ok: true, value: { view: { sheets: 2 } } });
    const activity = await new HallRepository(store.pool).activity(50);
    expect(activity.filter((e) => e.method === 'exportStatistics').map((e) => [e.username, e.counter, e.ok])).toEqual([
      ['admin', '1', true],
    ]);
  });
});
