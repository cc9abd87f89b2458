// 到期提醒 in a service hall (PostgreSQL): an administrator sees the clients of every counter,
// a clerk is refused, and every export is recorded in the hall's activity with who and where.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHallServer, type HallServer } from '../../src/server/hall-server.ts';
import { HallAuth } from '../../src/services/hall/auth.ts';
import { HallRepository } from '../../src/store/pg/hall.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import { createDatabase } from '../support/pg-cluster.ts';
import { REMINDER_TODAY, wangResident, zhangTransfer } from '../support/reminder-cases.ts';

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

describe('到期提醒 in a service hall', () => {
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

  it('lists the clients of every counter for an administrator, refuses a clerk, and records each export', async () => {
    const wang = counter(hall.url);
    const li = counter(hall.url);
    await wang('signIn', { username: 'wang', password: 'wang-pass-1', counter: '3' });
    await li('signIn', { username: 'li', password: 'li-pass-1', counter: '5' });
    expect((await wang('saveCase', { caseFile: zhangTransfer })).body.ok).toBe(true);
    expect((await li('saveCase', { caseFile: wangResident })).body.ok).toBe(true);

    const refused = await wang('reminders', { within: 14, asOf: REMINDER_TODAY });
    expect(refused).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN' } } });
    expect((await wang('exportReminders', { within: 14, asOf: REMINDER_TODAY })).status).toBe(403);
    expect((await wang('markReminderPaid', { caseId: 'x', version: 1, paid: true })).status).toBe(403);

    const admin = counter(hall.url);
    await admin('signIn', { username: 'admin', password: 'admin-pass-1', counter: '1' });
    const list = await admin('reminders', { within: 14, asOf: REMINDER_TODAY });
    expect(list.body.value.rows.map((r: { personName: string; savedCounter: string }) => [r.personName, r.savedCounter])).toEqual([
      ['张三', '3'],
      ['王五', '5'],
    ]);
    const exported = await admin('exportReminders', { within: 14, asOf: REMINDER_TODAY });
    expect(exported.body).toMatchObject({ ok: true, value: { rows: 1, withoutPhone: 1 } });
    const activity = await new HallRepository(store.pool).activity(50);
    expect(activity.filter((e) => e.method === 'exportReminders').map((e) => [e.username, e.counter, e.ok])).toEqual([
      ['admin', '1', true],
    ]);
  });
});
