// 到期提醒 on both stores: saved clients moved to today and assessed again, those whose last
// day to pay (or a resident's enrolment window) ends within N days listed, the CSV for the SMS
// platform read back, every export logged; the optional 联系电话 checked, masked and erased.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { YibaoApi } from '../../src/api/contract.ts';
import { maskPhone, normalizePhone } from '../../src/core/phone.ts';
import { caseAsOfToday, mayBeDue, reminderDue } from '../../src/core/reminders.ts';
import { OpLog } from '../../src/services/log.ts';
import { remindersCsv, type DueClient } from '../../src/services/reminders.ts';
import { createServices } from '../../src/services/services.ts';
import { BACKENDS, openBackend, type OpenedBackend } from '../support/backends.ts';
import { assessOk, seededStore } from '../support/engine.ts';
import { liFlexible, REMINDER_TODAY, wangResident, zhangTransfer, zhaoFlexible, zhaoPaidSince } from '../support/reminder-cases.ts';

describe('联系电话', () => {
  it('takes a mainland mobile or a landline with its area code, in one written form, masked for lists', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('(010)12345678')).toBe('010-12345678');
    expect(normalizePhone('0571 8765432转123')).toBe('0571-8765432转123');
    for (const bad of ['12345', '1381234567', '23812345678', '010-123', 'abc']) expect(normalizePhone(bad), bad).toBeNull();
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('010-12345678')).toBe('010-****5678');
  });
});

describe('the check before assessing', () => {
  it('never passes over a case that has a day to remind of (employee, flexible, transfer; 40 last paid months × 6 days)', () => {
    const longest = Math.max(
      ...seededStore()
        .policies()
        .rows.filter((r) => r.key.endsWith('shortLimitMonths'))
        .map((r) => r.value as number),
    );
    let due = 0;
    let skipped = 0;
    for (const base of [zhangTransfer, liFlexible])
      for (let m = 0; m < 40; m++) {
        const to = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
        const caseFile = { ...base, asOf: '2024-01-01', history: [{ ...base.history[0]!, to }] };
        for (const today of ['2024-03-01', '2024-12-31', '2025-06-15', '2026-01-31', '2026-12-20', '2027-05-01']) {
          if (today.slice(0, 7) <= to) continue;
          const moved = caseAsOfToday(caseFile, today);
          const found = reminderDue(moved, assessOk(moved), today, 366);
          if (found) due++;
          if (!mayBeDue(caseFile, today, longest)) {
            skipped++;
            expect(found, `${to} ${today}`).toBeNull();
          }
        }
      }
    // Both kinds occur, so the check is not vacuous.
    expect(due).toBeGreaterThan(10);
    expect(skipped).toBeGreaterThan(100);
  });
});

describe('the SMS platform CSV', () => {
  it('has CRLF line ends, quotes what must be quoted, and defuses a cell a spreadsheet would run', () => {
    const client = (personName: string, message: string): DueClient => ({
      phone: '13812345678',
      message,
      row: { personName, deadline: '2026-12-31', kindText: '免等待期续缴截止' } as DueClient['row'],
    });
    const { csv, rows } = remindersCsv([client('=HYPERLINK("x")', '您好，"请"续缴'), client('@李', '-1+1')]);
    expect(rows).toBe(2);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFF姓名,手机号码,截止日期,提醒事项,短信内容',
      `"'=HYPERLINK(""x"")",13812345678,2026-12-31,免等待期续缴截止,"您好，""请""续缴"`,
      "'@李,13812345678,2026-12-31,免等待期续缴截止,'-1+1",
      '',
    ]);
  });
});

describe.each(BACKENDS)('到期提醒 on %s', (kind) => {
  let backend: OpenedBackend;
  let api: YibaoApi;
  let dir: string;
  let logFile: string;
  beforeAll(async () => {
    backend = await openBackend(kind);
    dir = mkdtempSync(join(tmpdir(), 'yibao-remind-'));
    logFile = join(dir, 'yibao.log');
    // The services' clock stands on 2026-12-20 (Shanghai): the default "today".
    api = createServices(backend.repos, { log: new OpLog(logFile), clock: () => new Date('2026-12-20T02:00:00Z') });
    await api.saveSettings({ officeName: '南京市医保中心', counterNumber: '3', clerkName: '李', defaultRegion: '320100' });
    for (const caseFile of [zhangTransfer, liFlexible, zhaoFlexible, wangResident])
      expect((await api.saveCase({ caseFile })).ok).toBe(true);
  });
  afterAll(async () => {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a phone number that is none, naming 联系电话; keeps a good one in its written form', async () => {
    const bad = await api.saveCase({ caseFile: { ...zhangTransfer, person: { ...zhangTransfer.person, phone: '1381234' } } });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: [{ path: 'person.phone', message: expect.stringContaining('联系电话') }] },
    });
    const list = await api.listCases({ text: '张三' });
    const saved = list.ok ? await api.getCase(list.value[0]!.id) : null;
    expect(saved?.ok && saved.value.caseFile.person.phone).toBe('13812345678');
  });

  it('lists the clients whose last day falls within 14 days of today, soonest first, ID and phone masked', async () => {
    const result = await api.reminders({ within: 14 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ asOf: REMINDER_TODAY, within: 14, checked: 4, unassessable: 0 });
    expect(result.value.rows.map((r) => [r.personName, r.kind, r.deadline, r.daysLeft])).toEqual([
      ['张三', 'keep-short', '2026-12-31', 11],
      ['王五', 'resident-window', '2026-12-31', 11],
      ['赵六', 'keep-short', '2026-12-31', 11],
    ]);
    const zhang = result.value.rows[0]!;
    expect(zhang).toMatchObject({ idNumberMasked: '320102********0010', phoneMasked: '138****5678', regionName: '南京市' });
    expect(JSON.stringify(result.value)).not.toContain('13812345678');
    // Further out: 李四's last day, 2027-01-31, is 42 days away.
    const wider = await api.reminders({ within: 60, asOf: REMINDER_TODAY });
    expect(wider.ok && wider.value.rows.find((r) => r.personName === '李四')).toMatchObject({ deadline: '2027-01-31', daysLeft: 42 });
    // Past the last day there is nothing left to remind of: a waiting period applies now.
    const later = await api.reminders({ within: 14, asOf: '2027-01-05' });
    expect(later.ok && later.value.rows.map((r) => r.personName)).toEqual([]);
  });

  it('exports a CSV for the SMS platform (BOM, one row per client with a phone), logged', async () => {
    const result = await api.exportReminders({ within: 14, asOf: REMINDER_TODAY });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { csv, rows, withoutPhone, fileName } = result.value;
    expect(fileName).toBe('到期提醒-2026-12-20-14天.csv');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const file = join(dir, fileName);
    writeFileSync(file, csv, 'utf8');
    // Read back as Excel would: the bytes start with UTF-8's byte-order mark.
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), { header: true, skipEmptyLines: true }).data;
    expect(rows).toBe(2);
    expect(withoutPhone).toBe(1);
    expect(table.map((r) => [r['姓名'], r['手机号码'], r['截止日期']])).toEqual([
      ['张三', '13812345678', '2026-12-31'],
      ['赵六', '13900001111', '2026-12-31'],
    ]);
    expect(table[0]!['短信内容']).toBe(
      '张三您好：您的医保缴费已中断，请于2026年12月31日前办理续缴，逾期续缴将有待遇等待期（期间发生的医疗费用不能报销）。如有疑问请咨询南京市医保中心。',
    );
    expect(readFileSync(logFile, 'utf8')).toMatch(/reminders-export asOf=2026-12-20 within=14 rows=2 withoutPhone=1/);
  });

  it('no longer lists a client who paid since (a later case with the paid months)', async () => {
    expect((await api.saveCase({ caseFile: zhaoPaidSince })).ok).toBe(true);
    const result = await api.reminders({ within: 14, asOf: REMINDER_TODAY });
    expect(result.ok && result.value.rows.map((r) => r.personName)).toEqual(['张三', '王五']);
  });

  it('leaves out a client marked 已缴 while their case is unchanged; the mark can be taken back, and a new save ends it', async () => {
    const listed = async () => {
      const result = await api.reminders({ within: 14, asOf: REMINDER_TODAY });
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    const wang = (await listed()).rows.find((r) => r.personName === '王五')!;
    // A version other than the one listed (the case was saved meanwhile elsewhere) is refused.
    expect(await api.markReminderPaid({ caseId: wang.caseId, version: wang.version + 1, paid: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('已在别处修改') },
    });
    expect(await api.markReminderPaid({ caseId: wang.caseId, version: wang.version, paid: true })).toEqual({ ok: true, value: null });
    expect(await backend.repos.cases.paymentMarks()).toEqual([
      expect.objectContaining({ caseId: wang.caseId, caseVersion: wang.version, markedBy: '李', markedCounter: '3', sheetNumber: null }),
    ]);
    expect(await listed()).toMatchObject({ markedPaid: 1, rows: [{ personName: '张三' }] });
    expect(readFileSync(logFile, 'utf8')).toContain(`reminder-paid case=${wang.caseId} paid=true`);
    // Taken back: listed again.
    await api.markReminderPaid({ caseId: wang.caseId, version: wang.version, paid: false });
    expect((await listed()).rows.map((r) => r.personName)).toEqual(['张三', '王五']);
    // Marked again, then the case is saved again (a new situation): the mark no longer holds.
    await api.markReminderPaid({ caseId: wang.caseId, version: wang.version, paid: true });
    expect((await listed()).markedPaid).toBe(1);
    await api.saveCase({ id: wang.caseId, caseFile: wangResident, version: wang.version });
    expect((await listed()).rows.map((r) => r.personName)).toEqual(['张三', '王五']);
    await api.markReminderPaid({ caseId: wang.caseId, version: wang.version + 1, paid: true });
    expect(await api.markReminderPaid({ caseId: 'no-such-case', version: 1, paid: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('erases the phone number with the client, and exports it with their data', async () => {
    const id = zhangTransfer.person.idNumber!;
    const exported = await api.exportClientData(id);
    expect(exported.ok && exported.value.cases[0]?.caseFile.person.phone).toBe('13812345678');
    await api.setAdminPin({ currentPin: null, newPin: '246810' });
    const erased = await api.deleteClientData({ idNumber: id, pin: '246810' });
    expect(erased.ok ? null : erased.error.message).toBeNull();
    const result = await api.exportReminders({ within: 14, asOf: REMINDER_TODAY });
    expect(result.ok && result.value.csv).not.toContain('13812345678');
    // 王五's 已缴 mark goes with their case.
    const marks = await backend.repos.cases.paymentMarks();
    expect(marks).toHaveLength(1);
    await api.deleteClientData({ idNumber: wangResident.person.idNumber!, pin: '246810' });
    expect(await backend.repos.cases.paymentMarks()).toEqual([]);
  });
});
