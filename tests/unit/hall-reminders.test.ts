// 到期提醒 in a service hall (PostgreSQL): an administrator sees the clients of every counter,
// a clerk is refused, and every export is recorded in the hall's activity with who and where.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SheetData } from '../../src/sheet/sheet-data.ts';
import { renderSheetHtml } from '../../src/sheet/render.ts';
import { createServices } from '../../src/services/services.ts';
import { importCounterDatabase } from '../../src/store/pg/import.ts';
import { Store } from '../../src/store/store.ts';
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
    rmSync(dir, { recursive: true, force: true });
  });
  const dir = mkdtempSync(join(tmpdir(), 'yibao-hall-reminders-'));
  const renderSheet = (snapshot: unknown) => renderSheetHtml(snapshot as SheetData).html;
  // Time is an input: the counter saved and marked on 2026-12-18; the import runs on REMINDER_TODAY.
  const counterNow = '2026-12-18T02:00:00.000Z';
  const importNow = () => new Date(`${REMINDER_TODAY}T02:00:00.000Z`);

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

  it("a counter's 已缴 marks come into the hall with `hall import`: the marked client stays off the list there", async () => {
    // A counter, on its own SQLite file: two clients due, one of them marked 已缴 at that counter.
    const file = join(dir, 'counter-marks.sqlite');
    const counterStore = new Store({ file, now: () => counterNow });
    const api = createServices(counterStore, { clock: () => new Date(counterNow) });
    await api.saveSettings({ officeName: '中心', counterNumber: '8', clerkName: '赵敏', defaultRegion: '320100' });
    const zhang = await api.saveCase({ caseFile: { ...zhangTransfer, person: { ...zhangTransfer.person, name: '张导入' } } });
    const wangCase = await api.saveCase({ caseFile: { ...wangResident, person: { ...wangResident.person, name: '王导入' } } });
    if (!zhang.ok || !wangCase.ok) throw new Error('not saved');
    expect((await api.markReminderPaid({ caseId: zhang.value.id, version: zhang.value.version, paid: true })).ok).toBe(true);
    const atCounter = await api.reminders({ within: 14, asOf: REMINDER_TODAY });
    if (!atCounter.ok) throw new Error(atCounter.error.message);
    expect(atCounter.value.rows.map((r) => r.personName)).toEqual(['王导入']);
    expect(atCounter.value.markedPaid).toBe(1);
    counterStore.close();

    const report = await importCounterDatabase(file, store, { renderSheet, now: importNow });
    expect(report.cases.moved).toBe(2);
    const admin = counter(hall.url);
    await admin('signIn', { username: 'admin', password: 'admin-pass-1', counter: '1' });
    const inHall = await admin('reminders', { within: 14, asOf: REMINDER_TODAY });
    const names = inHall.body.value.rows.map((r: { personName: string }) => r.personName);
    expect(names).toContain('王导入');
    expect(names).not.toContain('张导入');
    expect(report.marks).toEqual({ moved: 1, present: 0 });
    const marks = await store.cases.paymentMarks();
    expect(marks.filter((m) => m.caseId === zhang.value.id)).toEqual([
      {
        caseId: zhang.value.id,
        caseVersion: 1,
        sheetNumber: null,
        markedAt: '2026-12-18T02:00:00.000Z',
        markedBy: '赵敏',
        markedCounter: '8',
      },
    ]);
    // Again: nothing more, the mark not doubled.
    expect((await importCounterDatabase(file, store, { renderSheet, now: importNow })).marks).toEqual({ moved: 0, present: 1 });
  });

  it('a tampered 已缴 mark (for a case not in the file, a time that is no past time) stops the import, said in Chinese', async () => {
    const file = join(dir, 'counter-bad-mark.sqlite');
    const counterStore = new Store({ file, now: () => counterNow });
    const api = createServices(counterStore, { clock: () => new Date(counterNow) });
    await api.saveSettings({ officeName: '中心', counterNumber: '9', clerkName: '赵敏', defaultRegion: '320100' });
    const saved = await api.saveCase({ caseFile: { ...zhangTransfer, person: { ...zhangTransfer.person, name: '张篡改' } } });
    if (!saved.ok) throw new Error(saved.error.message);
    await api.markReminderPaid({ caseId: saved.value.id, version: saved.value.version, paid: true });
    counterStore.close();
    const raw = new Database(file);
    raw.pragma('foreign_keys = OFF');
    raw.prepare(`UPDATE payment_mark SET marked_at = '9999-01-01T00:00:00.000Z'`).run();
    raw
      .prepare(
        `INSERT INTO payment_mark (case_id, case_version, sheet_number, marked_at, marked_by, marked_counter)
         VALUES ('no-such-case', 1, NULL, '2026-12-18T02:00:00.000Z', '赵敏', '9')`,
      )
      .run();
    raw.close();
    const before = (await store.cases.paymentMarks()).length;
    await expect(importCounterDatabase(file, store, { renderSheet, now: importNow })).rejects.toThrow(
      /已缴标记.*不是有效的过去时间[\s\S]*已缴标记.*文件中没有/,
    );
    expect((await store.cases.paymentMarks()).length).toBe(before);
    expect(await store.cases.list({ text: '张篡改' })).toEqual([]);
  });
});
