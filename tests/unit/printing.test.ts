// Printing goes through the printer the services are given, and the services record it:
// a print only once the printer reports it printed (Electron's print callback), nothing for
// a cancelled or failed one; in browser mode the window only opens the browser's print
// dialog, so what is recorded is a print request. Migration 0005 keeps every earlier record.
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setAdminPin } from '../../src/services/admin-pin.ts';
import type { PrintOutcome, SheetPrinter } from '../../src/services/printer.ts';
import { createServices } from '../../src/services/services.ts';
import { locateAssets } from '../../src/store/paths.ts';
import { Store } from '../../src/store/store.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop() ?? '', { recursive: true, force: true });
});

/** A printer whose print job finishes when the test says so. */
function heldPrinter() {
  const jobs: Array<{ number: string; finish: (outcome: PrintOutcome) => void }> = [];
  const printer: SheetPrinter = {
    pdf: async () => new Uint8Array([37, 80, 68, 70]),
    print: (sheet) => new Promise((finish) => jobs.push({ number: sheet.number, finish })),
  };
  return { printer, jobs };
}

const kinds = (store: Store) => store.db.prepare('SELECT kind FROM print_event ORDER BY id').pluck().all();

async function issued(store: Store, printer: SheetPrinter) {
  const api = createServices(store, { printer });
  const sheet = await api.issueSheet({ caseId: null, caseFile: example });
  if (!sheet.ok) throw new Error(sheet.error.message);
  return { api, number: sheet.value.number };
}

describe('a print is recorded when the printer reports it printed, and only then', () => {
  it('nothing is recorded while the job runs; one "print" once it succeeds', async () => {
    const store = new Store({ file: ':memory:' });
    const { printer, jobs } = heldPrinter();
    const { api, number } = await issued(store, printer);
    const answer = api.printSheet(number);
    await new Promise((resolve) => setImmediate(resolve));
    expect(jobs.map((j) => j.number)).toEqual([number]);
    expect(kinds(store)).toEqual([]);
    jobs[0]?.finish({ printed: true });
    expect(await answer).toEqual({ ok: true, value: null });
    expect(kinds(store)).toEqual(['print']);
    store.close();
  });

  it('a cancelled or failed print is not recorded, and says why', async () => {
    const store = new Store({ file: ':memory:' });
    const { printer, jobs } = heldPrinter();
    const { api, number } = await issued(store, printer);
    const cancelled = api.printSheet(number);
    await new Promise((resolve) => setImmediate(resolve));
    jobs[0]?.finish({ printed: false, cancelled: true, reason: 'cancelled' });
    expect(await cancelled).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', message: '已取消打印' } });
    const failed = api.printSheet(number);
    await new Promise((resolve) => setImmediate(resolve));
    jobs[1]?.finish({ printed: false, cancelled: false, reason: 'Printer is offline' });
    expect(await failed).toMatchObject({ ok: false, error: { message: '打印失败：Printer is offline' } });
    expect(kinds(store)).toEqual([]);
    store.close();
  });

  it('a PDF made by the printer is recorded as "pdf"', async () => {
    const store = new Store({ file: ':memory:' });
    const { api, number } = await issued(store, heldPrinter().printer);
    expect(await api.sheetPdf(number)).toMatchObject({ ok: true, value: { base64: 'JVBERg==' } });
    expect(kinds(store)).toEqual(['pdf']);
    store.close();
  });

  it("browser mode: the window's own print is recorded as a print request, also in a client's export", async () => {
    const store = new Store({ file: ':memory:' });
    await setAdminPin(store, '246810');
    const api = createServices(store);
    const saved = await api.saveCase({ caseFile: example });
    if (!saved.ok) throw new Error(saved.error.message);
    const sheet = await api.issueSheet({ caseId: saved.value.id, caseFile: example });
    if (!sheet.ok) throw new Error(sheet.error.message);
    expect(await api.recordPrint({ number: sheet.value.number, kind: 'print' })).toEqual({ ok: true, value: null });
    expect(kinds(store)).toEqual(['print-request']);
    const exported = await api.exportClientData(example.person.idNumber);
    expect(exported.ok && exported.value.sheets[0]?.prints.map((p) => p.kind)).toEqual(['print-request']);
    store.close();
  });
});

describe('migration 0005 (print requests)', () => {
  it('keeps every print record of an older database, with its id, and accepts print requests afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-print-'));
    dirs.push(dir);
    const oldAssets = join(dir, 'old-db');
    cpSync(locateAssets(), oldAssets, { recursive: true });
    for (const migration of readdirSync(join(oldAssets, 'migrations')).filter((f) => Number(f.slice(0, 4)) > 4))
      rmSync(join(oldAssets, 'migrations', migration));
    const file = join(dir, 'yibao.sqlite');
    const old = new Store({ file, assetsDir: oldAssets });
    // A sheet and its records as the older program stored them (in its own SQL: today's repositories
    // write today's schema, e.g. the sheet-number counter of migration 0007).
    const number = '20260101-01-0001';
    old.db
      .prepare(
        `INSERT INTO sheet (number, case_id, issued_at, clerk, snapshot_json, html, content_hash) VALUES (?, NULL, '2026-01-01T09:00:00', '李', '{}', '<p></p>', 'h')`,
      )
      .run(number);
    for (const kind of ['pdf', 'print'])
      old.db
        .prepare(`INSERT INTO print_event (sheet_number, at, kind, clerk, content_hash) VALUES (?, 'x', ?, '李', 'h')`)
        .run(number, kind);
    expect(() =>
      old.db
        .prepare(`INSERT INTO print_event (sheet_number, at, kind, clerk, content_hash) VALUES (?, 'x', 'print-request', '李', 'h')`)
        .run(number),
    ).toThrow(/CHECK/);
    const before = old.db.prepare('SELECT * FROM print_event ORDER BY id').all();
    old.close();

    const store = await Store.open({ file });
    expect(store.schemaVersion).toBeGreaterThanOrEqual(5);
    expect(store.db.prepare('SELECT * FROM print_event ORDER BY id').all()).toEqual(before);
    await createServices(store).recordPrint({ number, kind: 'print' });
    expect(kinds(store)).toEqual(['pdf', 'print', 'print-request']);
    const plan = (
      store.db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM print_event WHERE sheet_number = ? ORDER BY at`).all('x') as Array<{
        detail: string;
      }>
    ).map((r) => r.detail);
    expect(plan.join(' ')).toContain('print_event_by_sheet');
    expect(new Database(file, { readonly: true }).pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });
});
