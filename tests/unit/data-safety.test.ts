// Backups (before migrations, daily, on demand), restore that can be undone, the retention
// purge, one client's export and erasure, logs free of names and ID numbers, and a clear
// message instead of a crash for a corrupt database or one from a newer version.
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setAdminPin } from '../../src/services/admin-pin.ts';
import { openServices } from '../../src/services/open-local.ts';
import { createServices } from '../../src/services/services.ts';
import { OpLog } from '../../src/services/log.ts';
import { latestSchemaVersion } from '../../src/store/migrate.ts';
import { locateAssets } from '../../src/store/paths.ts';
import { Store } from '../../src/store/store.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'yibao-safety-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
const withName = (name: string, idNumber: string | null = null) => ({ ...example, person: { ...example.person, name, idNumber } });

describe('backups and restore', () => {
  it("copies an existing database with SQLite's online backup API before migrating it", async () => {
    const dir = temp();
    const file = join(dir, 'yibao.sqlite');
    // A database made by an older program: only the first three migrations, one saved case.
    const oldAssets = join(dir, 'old-db');
    cpSync(locateAssets(), oldAssets, { recursive: true });
    for (const migration of readdirSync(join(oldAssets, 'migrations')).filter((f) => Number(f.slice(0, 4)) > 3))
      rmSync(join(oldAssets, 'migrations', migration));
    const latest = latestSchemaVersion(locateAssets());
    const old = new Store({ file, assetsDir: oldAssets });
    // Written as that program wrote it (today's repository writes columns it did not have yet).
    old.db
      .prepare(
        `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        'old-1',
        '升级前',
        null,
        example.region,
        JSON.stringify(withName('升级前')),
        '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
      );
    old.close();

    // The synchronous open refuses it (it could not make the copy first) and changes nothing.
    expect(() => new Store({ file })).toThrow(`需要从第 3 版升级到第 ${latest} 版`);
    const untouched = new Database(file, { readonly: true });
    expect(untouched.pragma('user_version', { simple: true })).toBe(3);
    untouched.close();

    const backupApi = vi.spyOn(Database.prototype, 'backup');
    try {
      const store = await Store.open({ file });
      expect(backupApi).toHaveBeenCalledTimes(1);
      const backups = await store.backups.list();
      expect(backups.map((b) => b.kind)).toEqual(['pre-migration']);
      const copy = new Database(backups[0]!.file, { readonly: true });
      expect(copy.pragma('user_version', { simple: true })).toBe(3);
      expect(copy.prepare('SELECT person_name FROM case_record').pluck().all()).toEqual(['升级前']);
      copy.close();
      expect(store.schemaVersion).toBe(latest);
      expect((await store.cases.get('old-1'))?.version).toBe(1);
      // Opened again at the current version: no further copy.
      store.close();
      (await Store.open({ file })).close();
      expect(backupApi).toHaveBeenCalledTimes(1);
    } finally {
      backupApi.mockRestore();
    }
  });

  it('restores a backup and keeps the current file, so the restore can be undone', async () => {
    const dir = temp();
    const store = new Store({ file: join(dir, 'yibao.sqlite') });
    await setAdminPin(store, '246810');
    const api = createServices(store);
    await api.saveCase({ caseFile: withName('备份前') });
    const backup = await api.backupNow();
    if (!backup.ok) throw new Error(backup.error.message);
    await api.saveCase({ caseFile: withName('备份后') });
    expect(await api.restoreBackup({ name: backup.value.name, pin: '0000' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('PIN 不正确') },
    });
    const restored = await api.restoreBackup({ name: backup.value.name, pin: '246810' });
    if (!restored.ok) throw new Error(restored.error.message);
    const names = async () => {
      const r = await api.listCases({});
      return r.ok ? r.value.map((c) => c.personName).sort() : [];
    };
    expect(await names()).toEqual(['备份前']);
    // Undo: restore the copy that was kept.
    const undo = await api.restoreBackup({ name: restored.value.keptAs, pin: '246810' });
    expect(undo.ok).toBe(true);
    expect(await names()).toEqual(['备份前', '备份后']);
    store.close();
  });

  it('makes one daily backup a day and keeps only the retained number of each kind', async () => {
    const dir = temp();
    const store = new Store({ file: join(dir, 'yibao.sqlite') });
    expect((await store.backups.daily())?.file).toMatch(/daily\.sqlite$/);
    expect(await store.backups.daily()).toBeNull();
    for (let i = 0; i < 12; i++) {
      writeFileSync(join(store.backupDir, `yibao-2026010${Math.floor(i / 10)}-${String(100000 + i)}-manual.sqlite`), '');
    }
    await store.backups.prune();
    expect((await store.backups.list()).filter((b) => b.kind === 'manual')).toHaveLength(10);
    store.close();
  });
});

describe('personal data', () => {
  it('purges cases untouched for longer than the retention period, with their sheets', async () => {
    const store = new Store({ file: ':memory:' });
    await setAdminPin(store, '246810');
    const api = createServices(store);
    const old = await api.saveCase({ caseFile: withName('很久以前') });
    await api.saveCase({ caseFile: withName('最近') });
    if (!old.ok) throw new Error('save');
    await api.issueSheet({ caseId: old.value.id, caseFile: withName('很久以前') });
    store.db.prepare(`UPDATE case_record SET updated_at = '2020-01-01T00:00:00Z' WHERE id = ?`).run(old.value.id);
    const result = await api.setRetention({ days: 365, pin: '246810' });
    expect(result).toEqual({ ok: true, value: { days: 365, purged: 1 } });
    const left = await api.listCases({});
    expect(left.ok && left.value.map((c) => c.personName)).toEqual(['最近']);
    expect(store.db.prepare('SELECT count(*) FROM sheet').pluck().get()).toBe(0);
    store.close();
  });

  it('the retention period changes only with the PIN: saving the other settings keeps it', async () => {
    const store = new Store({ file: ':memory:' });
    await setAdminPin(store, '246810');
    const api = createServices(store);
    expect(await api.setRetention({ days: 30, pin: '246810' })).toMatchObject({ ok: true });
    const saved = await api.saveSettings({
      officeName: '玄武区医保中心',
      counterNumber: '3',
      clerkName: '王',
      defaultRegion: '320100',
      retentionDays: 0,
    });
    expect(saved).toMatchObject({ ok: true, value: { officeName: '玄武区医保中心', retentionDays: 30 } });
    expect(await api.getSettings()).toMatchObject({ ok: true, value: { retentionDays: 30 } });
    store.close();
  });

  it("exports one client's data (cases, sheets, prints) and erases it", async () => {
    const store = new Store({ file: ':memory:' });
    await setAdminPin(store, '246810');
    const api = createServices(store);
    const mine = await api.saveCase({ caseFile: withName('张三', '320102197608150010') });
    await api.saveCase({ caseFile: withName('李四', null) });
    if (!mine.ok) throw new Error('save');
    const sheet = await api.issueSheet({ caseId: mine.value.id, caseFile: withName('张三', '320102197608150010') });
    if (!sheet.ok) throw new Error('sheet');
    await api.recordPrint({ number: sheet.value.number, kind: 'print' });
    await api.saveDraft({ caseId: mine.value.id, form: { person: { idNumber: '320102197608150010' } } });
    const exported = await api.exportClientData('320102197608150010');
    expect(exported.ok && exported.value.cases.map((c) => c.caseFile.person.name)).toEqual(['张三']);
    expect(exported.ok && exported.value.sheets[0]!.prints).toHaveLength(1);
    expect(await api.deleteClientData({ idNumber: '320102197608150010', pin: '246810' })).toEqual({
      ok: true,
      value: { cases: 1, sheets: 1, backups: null },
    });
    const left = await api.listCases({});
    expect(left.ok && left.value.map((c) => c.personName)).toEqual(['李四']);
    expect(await api.getDraft()).toEqual({ ok: true, value: null });
    store.close();
  });

  it('the operational log records what happened but never names or ID numbers', async () => {
    const dir = temp();
    const store = new Store({ file: join(dir, 'yibao.sqlite') });
    const log = new OpLog(join(dir, 'logs', 'yibao.log'));
    const api = createServices(store, { log });
    const saved = await api.saveCase({ caseFile: withName('欧阳明月', '320102197608150010') });
    if (!saved.ok) throw new Error('save');
    await api.issueSheet({ caseId: saved.value.id, caseFile: withName('欧阳明月', '320102197608150010') });
    await api.backupNow();
    log.write('test', { note: 'contains 320102197608150010 by mistake' });
    const text = readFileSync(join(dir, 'logs', 'yibao.log'), 'utf8');
    expect(text).toContain('case-saved');
    expect(text).toContain('sheet-issued');
    expect(text).not.toContain('欧阳明月');
    expect(text).not.toContain('320102197608150010');
    expect(text).toContain('320102********0010');
    store.close();
  });
});

describe('a database that cannot be used gives a clear message, not a crash', () => {
  it('a corrupt file', async () => {
    const dir = temp();
    const file = join(dir, 'yibao.sqlite');
    writeFileSync(file, 'this is not a database, it was overwritten by something else'.repeat(200));
    const api = await openServices(file);
    const result = await api.bootstrap();
    expect(result).toMatchObject({ ok: false, error: { code: 'DATABASE_CORRUPT', message: expect.stringContaining('数据库文件已损坏') } });
    expect(readdirSync(dir)).toContain('yibao.sqlite'); // left for recovery, not overwritten
  });

  it('a corrupt file can be recovered from a backup without a PIN; the damaged file is moved aside, not deleted', async () => {
    const dir = temp();
    const file = join(dir, 'yibao.sqlite');
    const store = new Store({ file });
    await setAdminPin(store, '246810');
    const before = createServices(store);
    await before.saveCase({ caseFile: withName('备份里的客户') });
    const backup = await before.backupNow();
    if (!backup.ok) throw new Error(backup.error.message);
    store.close();
    const damaged = 'overwritten by a faulty disk '.repeat(300);
    writeFileSync(file, damaged);

    const api = await openServices(file);
    const boot = await api.bootstrap();
    expect(boot).toMatchObject({ ok: false, error: { code: 'DATABASE_CORRUPT', message: expect.stringContaining('数据与备份') } });
    expect(await api.listCases({})).toMatchObject({ ok: false, error: { code: 'DATABASE_CORRUPT' } });
    const list = await api.listBackups();
    expect(list.ok && list.value.map((b) => b.name)).toEqual([backup.value.name]);
    expect(await api.restoreBackup({ name: 'yibao-20000101-000000-manual.sqlite', pin: '' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('找不到备份') },
    });

    const restored = await api.restoreBackup({ name: backup.value.name, pin: '' });
    if (!restored.ok) throw new Error(restored.error.message);
    expect(restored.value.keptAs).toMatch(/^yibao-\d{8}-\d{9}-damaged\.sqlite$/);
    expect(readFileSync(join(dir, 'backups', restored.value.keptAs), 'utf8')).toBe(damaged);
    expect((await api.bootstrap()).ok).toBe(true);
    const cases = await api.listCases({});
    expect(cases.ok && cases.value.map((c) => c.personName)).toEqual(['备份里的客户']);
    // Back to normal: the PIN of the restored database is asked again.
    expect(await api.restoreBackup({ name: backup.value.name, pin: '' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('PIN') },
    });
  });

  it('a read-only database: saving gives a clear Chinese message, not a crash', async () => {
    const store = new Store({ file: join(temp(), 'yibao.sqlite') });
    const api = createServices(store);
    // As root, file permissions do not stop writes; SQLite's query_only mode gives the same
    // SQLITE_READONLY a write-protected file or folder gives.
    store.db.pragma('query_only = ON');
    expect(await api.saveCase({ caseFile: withName('只读') })).toMatchObject({
      ok: false,
      error: { code: 'DATABASE_READONLY', message: expect.stringContaining('数据库是只读的') },
    });
    store.close();
  });

  it('a database from a newer version of the program', async () => {
    const dir = temp();
    const file = join(dir, 'yibao.sqlite');
    new Store({ file }).close();
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    const result = await (await openServices(file)).listCases({});
    expect(result).toMatchObject({ ok: false, error: { code: 'DATABASE_FROM_FUTURE', message: expect.stringContaining('请升级程序') } });
    expect(existsSync(file)).toBe(true);
  });
});
