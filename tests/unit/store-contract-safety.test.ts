// The data-safety guarantees of the repository interfaces (issue 12; src/store/ports.ts), checked
// on both stores in the same run — the embedded SQLite file and a real PostgreSQL database:
// sheet numbers never reused after an erasure, ID numbers stored normalised, an erasure that
// finds a client's sheets without a case, PIN attempts counted atomically, an intact audit chain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src/core/case.ts';
import { pinBlockedUntil } from '../../src/services/admin-pin.ts';
import { BACKENDS, openBackend, type OpenedBackend } from '../support/backends.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8')) as CaseFile;
const named = (name: string, idNumber: string | null = null): CaseFile => ({ ...example, person: { ...example.person, name, idNumber } });
const page = (number: string) => ({ snapshot: { number, client: { name: '—' } }, html: `<p>${number}</p>`, contentHash: `h-${number}` });

describe.each(BACKENDS)('data-safety contract on %s', (kind) => {
  let backend: OpenedBackend;
  beforeAll(async () => {
    backend = await openBackend(kind);
  });
  afterAll(() => backend.close());

  it('a number is never handed out twice, also after the client holding the latest one is erased', async () => {
    const { sheets, cases } = backend.repos;
    const id = '110101199003070019';
    const saved = await cases.save(named('编号测试', id));
    const issue = () =>
      sheets.create({ caseId: saved?.id ?? null, idNumber: id, issuedAt: '2026-12-01T09:00:00', clerk: '王', counter: '5', make: page });
    const first = await issue();
    const second = await issue();
    expect(await cases.deleteClient(id)).toMatchObject({ cases: 1, sheets: 2 });
    const third = await sheets.create({ caseId: null, issuedAt: '2026-12-01T09:05:00', clerk: '王', counter: '5', make: page });
    expect([first.number, second.number, third.number]).toEqual(['20261201-05-0001', '20261201-05-0002', '20261201-05-0003']);
  });

  it('stores ID numbers trimmed with an upper-case X, and an erasure finds sheets issued without a case', async () => {
    const { sheets, cases } = backend.repos;
    const id = '11010519491231002X';
    const saved = await cases.save(named('欧阳擦除', ` ${id.toLowerCase()}\n`));
    expect((await cases.get(saved?.id ?? ''))?.caseFile.person.idNumber).toBe(id);
    expect(await cases.byIdNumber(id.toLowerCase())).toHaveLength(1);
    // Before the case was saved, and from a case deleted since.
    const early = await sheets.create({
      caseId: null,
      idNumber: ` ${id.toLowerCase()}`,
      issuedAt: '2026-12-02T09:00:00',
      clerk: '王',
      counter: '6',
      make: page,
    });
    const other = await cases.save(named('欧阳擦除', id));
    const orphan = await sheets.create({
      caseId: other?.id ?? null,
      idNumber: id,
      issuedAt: '2026-12-02T09:01:00',
      clerk: '王',
      counter: '6',
      make: page,
    });
    await sheets.recordPrint(orphan.number, { at: '2026-12-02T09:02:00', kind: 'pdf', clerk: '王', contentHash: 'h' });
    await cases.delete(other?.id ?? '');
    const stranger = await sheets.create({
      caseId: null,
      idNumber: '110101199003070035',
      issuedAt: '2026-12-02T09:03:00',
      clerk: '王',
      counter: '6',
      make: page,
    });
    expect((await sheets.listForClient(id)).map((s) => s.number).sort()).toEqual([early.number, orphan.number].sort());

    // The deleted case waits in the recycle bin (finding 18 of issue 22): the erasure takes it too.
    expect(await cases.deleteClient(id)).toEqual({ cases: 2, sheets: 2, draft: false });
    expect(await sheets.get(early.number)).toBeNull();
    expect(await sheets.get(orphan.number)).toBeNull();
    expect(await sheets.printEvents(orphan.number)).toEqual([]);
    expect(await sheets.get(stranger.number)).not.toBeNull();
  });

  it('finding 18 (issue 22): a deleted case goes to the recycle bin with who deleted it and comes back with its sheets', async () => {
    const { sheets, cases } = backend.repos;
    const id = '110101198003076514';
    const saved = await cases.save(named('回收测试', id), null, { by: { clerk: '王芳', counter: '07' } });
    if (!saved) throw new Error('not saved');
    const sheet = await sheets.create({
      caseId: saved.id,
      idNumber: id,
      issuedAt: '2026-12-04T09:00:00',
      clerk: '王芳',
      counter: '07',
      make: page,
    });
    expect(await cases.delete(saved.id, { clerk: '王芳', counter: '07' })).toBe(true);
    expect(await cases.get(saved.id)).toBeNull();
    expect(await cases.list({ text: '回收测试' })).toEqual([]);
    const bin = await cases.deleted(50);
    expect(bin).toHaveLength(1);
    expect(bin[0]).toMatchObject({
      id: saved.id,
      personName: '回收测试',
      idNumber: id,
      version: 1,
      deletedBy: '王芳',
      deletedCounter: '07',
    });
    // Deleted twice (another counter at the same moment): the second finds nothing.
    expect(await cases.delete(saved.id, { clerk: '李强', counter: '08' })).toBe(false);

    const restored = await cases.restore(saved.id, { clerk: '管科长', counter: '01' });
    expect(restored).toMatchObject({ id: saved.id, personName: '回收测试', version: 1 });
    expect(await cases.get(saved.id)).toMatchObject({ id: saved.id, version: 1 });
    expect((await sheets.listForCase(saved.id)).map((s) => s.number)).toEqual([sheet.number]);
    expect(await cases.list({ text: '回收测试' })).toHaveLength(1);
    expect(await cases.deleted(50)).toEqual([]);
    expect(await cases.restore(saved.id, { clerk: '管科长', counter: '01' })).toBeNull();
    // The record of both stays, without the case's contents.
    expect(await cases.binHistory(saved.id)).toEqual([
      expect.objectContaining({ deletedBy: '王芳', deletedCounter: '07', restoredBy: '管科长', restoredCounter: '01' }),
    ]);

    // Retention reaches cases in the bin (with the sheets they had); erasure empties the bin of the client.
    await cases.delete(saved.id, { clerk: '王芳', counter: '07' });
    expect(await cases.deleteClient(id)).toMatchObject({ cases: 1, sheets: 1 });
    expect(await cases.deleted(50)).toEqual([]);
    expect(await sheets.get(sheet.number)).toBeNull();
    const old = await cases.save(named('过期回收', '110101198003076530'), null, { by: { clerk: '王芳', counter: '07' } });
    await cases.delete(old?.id ?? '', { clerk: '王芳', counter: '07' });
    expect(await cases.purgeOlderThan('9999-01-01T00:00:00.000Z')).toBeGreaterThanOrEqual(1);
    expect(await cases.deleted(50)).toEqual([]);
  });

  it('a case restored from the 回收站 counts as touched when restored: retention does not purge it at its next run', async () => {
    // Time is an input: the stores run on this clock.
    let clock = '2026-01-05T02:00:00.000Z';
    const opened = await openBackend(kind, { now: () => clock });
    try {
      const { cases } = opened.repos;
      const saved = await cases.save(named('恢复保留', '110101198003076522'), null, { by: { clerk: '王芳', counter: '07' } });
      if (!saved) throw new Error('not saved');
      clock = '2026-01-06T02:00:00.000Z';
      await cases.delete(saved.id, { clerk: '王芳', counter: '07' });
      // Restored eleven months later, then a 30-day retention runs (at the next start, or a setting changed).
      clock = '2026-12-06T02:00:00.000Z';
      const restored = await cases.restore(saved.id, { clerk: '管科长', counter: '01' });
      expect(restored).toMatchObject({ id: saved.id, version: 1, updatedAt: clock });
      expect(await cases.purgeOlderThan('2026-11-06T02:00:00.000Z')).toBe(0);
      expect(await cases.get(saved.id)).toMatchObject({ id: saved.id, version: 1, updatedAt: clock, personName: '恢复保留' });
      // Untouched for the period after its restore, it goes like any other case.
      expect(await cases.purgeOlderThan('2027-01-06T02:00:00.000Z')).toBe(1);
    } finally {
      await opened.close();
    }
  });

  it('PIN attempts: counted before the check, atomically (parallel tries all count), waits honoured, cleared by a right PIN', async () => {
    const { pinAttempts } = backend.repos;
    const now = '2026-12-03T01:00:00.000Z';
    const starts = await Promise.all(Array.from({ length: 12 }, () => pinAttempts.begin('counter-7', now, () => null)));
    expect(starts.map((s) => s.state.failures).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // Twelve failures: locked for 15 minutes from the last one.
    const locked = await pinAttempts.begin('counter-7', '2026-12-03T01:10:00.000Z', pinBlockedUntil);
    expect(locked).toEqual({ allowed: false, until: '2026-12-03T01:15:00.000Z', state: { failures: 12, lastFailureAt: now } });
    expect(await pinAttempts.begin('counter-8', now, pinBlockedUntil)).toMatchObject({ allowed: true, state: { failures: 1 } });
    await pinAttempts.succeeded('counter-7');
    expect(await pinAttempts.begin('counter-7', now, pinBlockedUntil)).toMatchObject({ allowed: true, state: { failures: 1 } });
  });

  it('the audit chain is intact after audited changes', async () => {
    const { policy } = backend.repos;
    const open = (await policy.library()).rows.find((r) => r.id === '320100/flexible.rate/2023-04-01');
    if (!open) throw new Error('seed row missing');
    await policy.write(
      { actor: '李科长', reason: '链式摘要' },
      {
        documents: [],
        close: [{ row: open, effectiveTo: '2027-12-31' }],
        insert: [{ ...open, id: '320100/flexible.rate/2028-01-01', effectiveFrom: '2028-01-01', value: 0.09 }],
      },
    );
    const check = await policy.verifyAuditChain();
    expect(check).toMatchObject({ ok: true });
    expect(check.rows).toBeGreaterThan(100);
  });
});
