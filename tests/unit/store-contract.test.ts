// The repository interfaces (src/store/ports.ts) as the services use them, checked on both
// stores in the same run: the embedded SQLite file and a real PostgreSQL database. What one
// backend guarantees the other must too: saved cases and their order, optimistic saves, sheet
// numbers, erasure, drafts, settings, and an audited policy library without overlaps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src/core/case.ts';
import type { PolicyRow } from '../../src/core/policy/policy-set.ts';
import { CaseConflictError } from '../../src/store/errors.ts';
import { BACKENDS, openBackend, type OpenedBackend } from '../support/backends.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8')) as CaseFile;
const named = (name: string, idNumber: string | null = null): CaseFile => ({ ...example, person: { ...example.person, name, idNumber } });
const page = (number: string) => ({ snapshot: { number }, html: `<p>${number}</p>`, contentHash: `hash-${number}` });

describe.each(BACKENDS)('store contract on %s', (kind) => {
  let backend: OpenedBackend;
  beforeAll(async () => {
    backend = await openBackend(kind);
  });
  afterAll(() => backend.close());

  it('saves, reopens exactly, lists latest first, finds by name and by ID digits', async () => {
    const { cases } = backend.repos;
    const a = await cases.save(named('赵一', '320102197608150010'), null, { by: { clerk: '王', counter: '3' } });
    const b = await cases.save(named('钱二'));
    expect(a).toMatchObject({ version: 1 });
    const row = await cases.get(a!.id);
    expect(row).toMatchObject({ personName: '赵一', idNumber: '320102197608150010', version: 1, savedBy: '王', savedCounter: '3' });
    expect(row!.caseFile).toEqual(named('赵一', '320102197608150010'));
    expect((await cases.latest(2)).map((c) => c.id)).toEqual([b!.id, a!.id]);
    expect((await cases.list({ text: '赵' })).map((c) => c.personName)).toEqual(['赵一']);
    for (const text of ['320102197608150010', '0010', '3201021976'])
      expect((await cases.list({ text })).map((c) => c.personName)).toEqual(['赵一']);
    // LIKE wildcards typed by the clerk are text, not patterns.
    expect(await cases.list({ text: '%' })).toEqual([]);
    expect(await cases.save(named('不存在'), 'no-such-id')).toBeNull();
  });

  it('optimistic saves: each save raises the version; a save from an older version is refused with the current one', async () => {
    const { cases } = backend.repos;
    const first = await cases.save(named('孙三'));
    const atCounter1 = await cases.save(named('孙三（一号窗口改）'), first!.id, { expectedVersion: 1, by: { clerk: '甲', counter: '1' } });
    expect(atCounter1).toMatchObject({ id: first!.id, version: 2 });
    // Counter 2 opened version 1 as well and saves after counter 1.
    const refused = cases.save(named('孙三（二号窗口改）'), first!.id, { expectedVersion: 1, by: { clerk: '乙', counter: '2' } });
    await expect(refused).rejects.toBeInstanceOf(CaseConflictError);
    const error = (await refused.catch((e: unknown) => e)) as CaseConflictError;
    expect(error.current).toMatchObject({ version: 2, personName: '孙三（一号窗口改）', savedBy: '甲', savedCounter: '1' });
    // Nothing was overwritten; without a version (a deliberate overwrite) the save goes through.
    expect((await cases.get(first!.id))!.personName).toBe('孙三（一号窗口改）');
    expect(await cases.save(named('孙三（二号窗口改）'), first!.id, { expectedVersion: 2 })).toMatchObject({ version: 3 });
  });

  it('"latest first" is the order of saving, even within one millisecond', async () => {
    const { cases } = backend.repos;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await cases.save(named(`顺序${i}`)))!.id);
    expect((await cases.latest(12)).map((c) => c.id)).toEqual(ids.reverse());
  });

  it('numbers sheets per day and counter; concurrent issues never share a number', async () => {
    const { sheets, cases } = backend.repos;
    const owner = await cases.save(named('周四'));
    const issue = (counter: string, issuedAt = '2026-11-22T09:00:00') =>
      sheets.create({ caseId: owner!.id, issuedAt, clerk: '王', counter, make: page });
    const numbers = (await Promise.all(Array.from({ length: 8 }, (_, i) => issue(i % 2 ? '7' : '8')))).map((s) => s.number);
    expect(new Set(numbers).size).toBe(8);
    expect(numbers.filter((n) => n.startsWith('20261122-07-')).sort()).toEqual(
      ['0001', '0002', '0003', '0004'].map((n) => `20261122-07-${n}`),
    );
    expect((await issue('7', '2026-11-23T08:00:00')).number).toBe('20261123-07-0001');
    const stored = await sheets.get('20261122-07-0001');
    expect(stored).toMatchObject({ caseId: owner!.id, clerk: '王', html: '<p>20261122-07-0001</p>', prints: 0 });
    await sheets.recordPrint('20261122-07-0001', { at: '2026-11-22T09:01:00', kind: 'pdf', clerk: '王', contentHash: 'h' });
    expect(await sheets.printEvents('20261122-07-0001')).toEqual([
      { at: '2026-11-22T09:01:00', kind: 'pdf', clerk: '王', contentHash: 'h' },
    ]);
    expect((await sheets.listForCase(owner!.id)).length).toBe(9);
  });

  it("erases one client's cases, sheets and print records, and a draft about them", async () => {
    const { cases, sheets, drafts } = backend.repos;
    const id = '110101199003070019';
    const saved = await cases.save(named('吴五', id));
    const other = await cases.save(named('郑六', '110101199003070035'));
    await sheets.create({ caseId: saved!.id, issuedAt: '2026-11-24T09:00:00', clerk: '王', counter: '9', make: page });
    await sheets.recordPrint('20261124-09-0001', { at: '2026-11-24T09:00:01', kind: 'html', clerk: '王', contentHash: 'h' });
    await drafts.save(saved!.id, { person: { idNumber: id.toLowerCase() } });
    expect(await cases.deleteClient(id.toLowerCase())).toEqual({ cases: 1, sheets: 1, draft: true });
    expect(await cases.get(saved!.id)).toBeNull();
    expect(await sheets.get('20261124-09-0001')).toBeNull();
    expect(await drafts.get()).toBeNull();
    expect(await cases.get(other!.id)).not.toBeNull();
    expect(await cases.byIdNumber('110101199003070035')).toHaveLength(1);
  });

  it('purges cases untouched since a time, with their sheets', async () => {
    const { cases } = backend.repos;
    const before = (await cases.latest(500)).length;
    const cut = new Date(Date.now() + 60_000).toISOString();
    expect(await cases.purgeOlderThan(cut)).toBe(before);
    expect(await cases.latest(500)).toEqual([]);
  });

  it('keeps the draft exactly as typed, and settings as JSON values', async () => {
    const { drafts, settings } = backend.repos;
    const form = { person: { name: '王', birth: '19xx' }, history: [{ from: '2026-13' }] };
    await drafts.save(null, form);
    expect(await drafts.get()).toMatchObject({ caseId: null, form });
    await drafts.clear();
    expect(await drafts.get()).toBeNull();
    expect(await settings.get('counter')).toBeNull();
    await settings.set('counter', { officeName: '南京市医保中心', counterNumber: '3' });
    await settings.set('counter', { officeName: '南京市医保中心', counterNumber: '4' });
    expect(await settings.get('counter')).toEqual({ officeName: '南京市医保中心', counterNumber: '4' });
  });

  it('the policy library: an audited change, seen by the next read; an overlapping window is refused and changes nothing', async () => {
    const { policy } = backend.repos;
    const library = await policy.library();
    expect(library.rows.length).toBeGreaterThan(100);
    expect((await policy.regions()).chain('440300')).toEqual(['440300', '440000', 'CN']);
    const open = library.rows.find((r) => r.id === '320100/flexible.rate/2023-04-01')!;
    expect(open.effectiveTo).toBeNull();
    const next: PolicyRow = { ...open, id: '320100/flexible.rate/2027-01-01', value: 0.085, effectiveFrom: '2027-01-01', note: '测试' };
    await policy.write(
      { actor: '李科长', reason: '市局通知' },
      { documents: [], close: [{ row: open, effectiveTo: '2026-12-31' }], insert: [next] },
    );
    const after = (await policy.library()).rows.filter((r) => r.region === '320100' && r.key === 'flexible.rate');
    expect(after.map((r) => [r.effectiveFrom, r.effectiveTo, r.value])).toEqual([
      ['2023-04-01', '2026-12-31', 0.08],
      ['2027-01-01', null, 0.085],
    ]);
    const audit = await policy.audit({ limit: 5 });
    expect(audit.map((a) => [a.action, a.entityId, a.actor, a.reason])).toEqual([
      ['insert', '320100/flexible.rate/2027-01-01', '李科长', '市局通知'],
      ['update', '320100/flexible.rate/2023-04-01', '李科长', '市局通知'],
    ]);
    expect(audit[1]).toMatchObject({ before: { effectiveTo: null }, after: { effectiveTo: '2026-12-31', value: 0.08 } });

    const overlapping: PolicyRow = { ...next, id: '320100/flexible.rate/2027-06-01', effectiveFrom: '2027-06-01' };
    await expect(policy.write({ actor: '李科长', reason: '重复' }, { documents: [], close: [], insert: [overlapping] })).rejects.toThrow();
    expect((await policy.library()).rows.some((r) => r.id === overlapping.id)).toBe(false);
    expect(await policy.audit({ limit: 5 })).toHaveLength(2);
    // Without who and why, nothing changes either (the audit is enforced below the program).
    await expect(
      policy.write(
        { actor: '', reason: '' },
        { documents: [], close: [], insert: [{ ...next, id: '320100/flexible.rate/2030-01-01', effectiveFrom: '2030-01-01' }] },
      ),
    ).rejects.toThrow();
  });
});
