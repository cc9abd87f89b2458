// Issue 12, item 3: erasing one client removes every row that names them — saved cases,
// the draft, sheets (also those issued before the case was saved or left by a deleted case)
// and their print records — finds an ID however it was typed (trimmed, upper-case X), and
// leaves no trace in the database file or its WAL. Backups made before still hold the data:
// the erasure can purge the client from them too (administrator PIN).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setAdminPin } from '../../src/services/admin-pin.ts';
import { createServices } from '../../src/services/services.ts';
import { Store } from '../../src/store/store.ts';
import { caseFor, filesContaining, idNumberEndingInX, idNumberFor, tempDir } from './support.ts';

const PIN = '246810';

describe('erasing one client (issue 12, item 3)', () => {
  it('removes every row that names the person and leaves nothing in the file; others stay', async () => {
    const dir = tempDir();
    const file = join(dir, 'yibao.sqlite');
    const store = new Store({ file });
    await setAdminPin(store, PIN);
    const api = createServices(store);
    const name = '欧阳擦除';
    const id = idNumberEndingInX();
    const typed = ` ${id.toLowerCase()}\n`; // as pasted: spaces, a newline, a lower-case x
    const masked = `${id.slice(0, 6)}********${id.slice(-4)}`;
    const mine = caseFor(name, typed);

    // A sheet issued before the case was saved (no case id).
    const early = await api.issueSheet({ caseId: null, caseFile: mine });
    expect(early.ok).toBe(true);
    // The saved case (ID stored trimmed and upper-case), its sheet and a print.
    const saved = await api.saveCase({ caseFile: mine });
    if (!saved.ok) throw new Error(saved.error.message);
    const stored = await api.getCase(saved.value.id);
    expect(stored.ok && stored.value.caseFile.person.idNumber).toBe(id);
    expect(await api.listCases({ text: id })).toMatchObject({ ok: true, value: [{ id: saved.value.id }] });
    const sheet = await api.issueSheet({ caseId: saved.value.id, caseFile: mine });
    if (!sheet.ok) throw new Error(sheet.error.message);
    await api.recordPrint({ number: sheet.value.number, kind: 'print' });
    // A second case whose sheet outlives it (the case was deleted, the sheet kept).
    const second = await api.saveCase({ caseFile: mine });
    if (!second.ok) throw new Error(second.error.message);
    const orphan = await api.issueSheet({ caseId: second.value.id, caseFile: mine });
    expect(orphan.ok).toBe(true);
    expect((await api.deleteCase(second.value.id)).ok).toBe(true);
    // The draft being typed about them.
    await api.saveDraft({ caseId: null, form: { person: { name, idNumber: typed } } });
    // Someone else, who must stay.
    const other = await api.saveCase({ caseFile: caseFor('李四留存', idNumberFor(31)) });
    if (!other.ok) throw new Error(other.error.message);
    const otherSheet = await api.issueSheet({ caseId: other.value.id, caseFile: caseFor('李四留存', idNumberFor(31)) });
    if (!otherSheet.ok) throw new Error(otherSheet.error.message);
    const backup = await api.backupNow();
    if (!backup.ok) throw new Error(backup.error.message);

    const erased = await api.deleteClientData({ idNumber: id.toLowerCase(), pin: PIN });
    // The deleted second case waits in the recycle bin (issue 22, finding 18): erased with the first.
    expect(erased).toMatchObject({ ok: true, value: { cases: 2, sheets: 3 } });

    const rows = (sql: string) => store.db.prepare(sql).all() as Array<Record<string, unknown>>;
    const everything = JSON.stringify([
      rows('SELECT * FROM case_record'),
      rows('SELECT * FROM case_draft'),
      rows('SELECT * FROM sheet'),
      rows('SELECT * FROM print_event'),
    ]);
    expect(everything).not.toContain(name);
    expect(everything).not.toContain(id);
    expect(everything).not.toContain(masked);
    expect(everything).toContain('李四留存');
    expect(await api.getSheet(otherSheet.value.number)).toMatchObject({ ok: true });
    expect(await api.getDraft()).toEqual({ ok: true, value: null });

    // No residue in the file or its WAL (secure_delete, checkpoint with truncate).
    expect(filesContaining(dir, name).filter((f) => !f.includes('backups'))).toEqual([]);
    expect(filesContaining(dir, id).filter((f) => !f.includes('backups'))).toEqual([]);
    if (existsSync(`${file}-wal`)) expect(readFileSync(`${file}-wal`).length).toBe(0);

    // The backup made before the erasure still holds them (as docs/workstation.md and the confirmation say) …
    expect(filesContaining(join(dir, 'backups'), name)).toHaveLength(1);
    // … until the clerk purges them from the backups too, which needs the PIN.
    expect(await api.deleteClientData({ idNumber: id, pin: '000000', purgeBackups: true })).toMatchObject({ ok: false });
    const purged = await api.deleteClientData({ idNumber: id, pin: PIN, purgeBackups: true });
    expect(purged).toMatchObject({ ok: true, value: { cases: 0, sheets: 0, backups: { cleaned: 1, removed: 0 } } });
    expect(filesContaining(dir, name)).toEqual([]);
    expect(filesContaining(dir, id)).toEqual([]);
    expect(filesContaining(join(dir, 'backups'), '李四留存')).toHaveLength(1);
    store.close();
  });
});
