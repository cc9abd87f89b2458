// A new release's policy library reaching a database the previous release created (issue 13):
// the release's rows added, closed, corrected and withdrawn, its documents corrected, in one
// transaction audited as "release <version>"; where the office's own dated edit covers the same
// dates, the office's row stands and the conflict is listed with both sides until an
// administrator keeps theirs or takes the release's. On SQLite and on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { planEdit, writePlan, type ValueEdit } from '../../src/services/policy-admin.ts';
import { releaseConflicts, resolveConflict } from '../../src/services/policy-release.ts';
import { locateAssets } from '../../src/store/paths.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import type { Repositories } from '../../src/store/ports.ts';
import type { SeedReport } from '../../src/store/seed.ts';
import { Store } from '../../src/store/store.ts';
import { BACKENDS, type Backend } from '../support/backends.ts';
import { createDatabase } from '../support/pg-cluster.ts';
import { NEXT, nextRelease } from '../support/release-fixture.ts';

const PREVIOUS = locateAssets();
const NEXT_ASSETS = nextRelease();
const temp: string[] = [];
afterAll(() => {
  for (const dir of [NEXT_ASSETS, ...temp]) rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  repos: Repositories;
  seedReport: SeedReport | null;
  close(): Promise<void>;
}

/** One database, opened by one release after another (as the program is upgraded). */
async function database(kind: Backend): Promise<(assetsDir: string) => Promise<Opened>> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-release-db-'));
    temp.push(dir);
    const file = join(dir, 'yibao.sqlite');
    return async (assetsDir) => {
      const store = await Store.open({ file, assetsDir });
      return { repos: store, seedReport: store.seedReport, close: async () => store.close() };
    };
  }
  const url = await createDatabase(inject('pg'));
  return async (assetsDir) => {
    const store = await PgStore.open({ url, assetsDir });
    return { repos: store, seedReport: store.seedReport, close: () => store.close() };
  };
}

const rowOf = async (repos: Repositories, id: string) => (await repos.policy.library()).rows.find((r) => r.id === id) ?? null;

/** The office's dated edit of Shanghai's flexible rate (the 政策库 screen's path). */
async function officeEdit(repos: Repositories, from: string, value: number) {
  const edit: ValueEdit = {
    region: '310000',
    key: 'flexible.rate',
    value,
    effectiveFrom: from,
    effectiveTo: null,
    document: { number: '沪医保办〔2027〕1号（本中心）', title: '本中心执行口径', url: 'https://example.invalid/sh-office' },
    article: '第一条',
    url: null,
    grade: 'B',
    note: null,
    reason: '本中心口径',
  };
  const planned = await planEdit(repos, edit, '2027-06-01');
  if (!planned.ok) throw new Error(planned.errors.join('; '));
  await writePlan(repos, planned.plan, { actor: '王科长', reason: '本中心口径' });
}

describe.each(BACKENDS)('a new release reaching an existing library on %s', (kind) => {
  it('adds, closes, corrects and withdraws rows and corrects a document, in one transaction audited as "release 0.2.0"', async () => {
    const open = await database(kind);
    const before = await open(PREVIOUS);
    expect(before.seedReport).toMatchObject({ skipped: false, actor: 'seed', conflicts: [] });
    expect((await rowOf(before.repos, NEXT.closed))?.effectiveTo).toBeNull();
    await before.close();

    const after = await open(NEXT_ASSETS);
    try {
      expect(after.seedReport).toMatchObject({
        skipped: false,
        version: '0.2.0',
        actor: 'release 0.2.0',
        added: [NEXT.added],
        closed: [NEXT.closed],
        withdrawn: [NEXT.withdrawn],
        conflicts: [],
        documentsAdded: [NEXT.newDocument],
        documentsCorrected: [NEXT.document],
      });
      expect([...(after.seedReport?.corrected ?? [])].sort()).toEqual([NEXT.corrected, NEXT.recited].sort());
      const { repos } = after;
      expect(await rowOf(repos, NEXT.closed)).toMatchObject({ value: 0.1, effectiveTo: '2027-12-31' });
      expect(await rowOf(repos, NEXT.added)).toMatchObject({ value: 0.095, effectiveTo: null, document: { id: NEXT.newDocument } });
      expect(await rowOf(repos, NEXT.corrected)).toMatchObject({ value: 0.075 });
      expect(await rowOf(repos, NEXT.recited)).toMatchObject({ value: 360, grade: 'D' });
      expect(await rowOf(repos, NEXT.withdrawn)).toBeNull();
      expect((await repos.policy.documents()).find((d) => d.id === NEXT.document)?.title).toMatch(/（标题更正）$/);

      // Each change audited as the release, with before and after.
      const audit = (await repos.policy.audit({ limit: 100, includeSeed: true })).filter((a) => a.actor === 'release 0.2.0');
      const changes = audit.map((a) => `${a.action} ${a.entity} ${a.entityId}`).sort();
      expect(changes).toEqual(
        [
          `insert value ${NEXT.added}`,
          `update value ${NEXT.closed}`,
          `update value ${NEXT.corrected}`,
          `update value ${NEXT.recited}`,
          `delete value ${NEXT.withdrawn}`,
          `insert document ${NEXT.newDocument}`,
          `update document ${NEXT.document}`,
        ].sort(),
      );
      expect(audit.find((a) => a.entityId === NEXT.corrected)).toMatchObject({ before: { value: 0.08 }, after: { value: 0.075 } });
      expect(audit.every((a) => a.reason.includes('内置政策库 0.2.0'))).toBe(true);
      expect(await repos.policy.lastRelease()).toMatchObject({ version: '0.2.0', added: [NEXT.added] });
      // The release's notes: the changelog entry it brings, not the ones the library had already seen.
      expect((await repos.policy.lastRelease())?.notes).toEqual([
        {
          id: NEXT.note,
          date: '2027-12-01',
          regions: ['310000'],
          keys: ['flexible.rate'],
          documents: [
            {
              id: NEXT.newDocument,
              number: '沪医保规〔2027〕99号（测试）',
              title: '关于调整本市灵活就业人员职工医保缴费费率的通知（测试）',
            },
          ],
          why: '上海灵活就业费率自 2028 年起 9.5%（测试）。',
        },
      ]);
    } finally {
      await after.close();
    }
    // Opening again with the same release changes nothing.
    const again = await open(NEXT_ASSETS);
    expect(again.seedReport).toMatchObject({ skipped: true });
    await again.close();
  });

  it("where the office's own dated edit covers the same dates, the office's row stands and the conflict is listed until resolved", async () => {
    const open = await database(kind);
    const before = await open(PREVIOUS);
    // The office recorded its own 2028 rate (9%), which closed the shipped 10% at the end of 2027.
    await officeEdit(before.repos, '2028-01-01', 0.09);
    await before.close();

    const after = await open(NEXT_ASSETS);
    try {
      const { repos } = after;
      expect(after.seedReport).toMatchObject({ conflicts: [NEXT.added], closed: [], withdrawn: [NEXT.withdrawn] });
      // The office's row stands; the release's other changes are applied.
      expect(await rowOf(repos, NEXT.added)).toMatchObject({ value: 0.09, document: { number: '沪医保办〔2027〕1号（本中心）' } });
      expect(await rowOf(repos, NEXT.corrected)).toMatchObject({ value: 0.075 });
      const [conflict, ...more] = await releaseConflicts(repos);
      expect(more).toEqual([]);
      expect(conflict).toMatchObject({
        rowId: NEXT.added,
        kind: 'changed',
        release: '0.2.0',
        resolution: null,
        row: { value: 0.095, effectiveFrom: '2028-01-01', document: { number: '沪医保规〔2027〕99号（测试）' }, article: '第二条' },
        office: [{ value: 0.09, effectiveFrom: '2028-01-01', document: { number: '沪医保办〔2027〕1号（本中心）' }, article: '第一条' }],
      });
      await after.close();

      // Still listed after a restart, once; still the office's row.
      const reopened = await open(NEXT_ASSETS);
      expect(await releaseConflicts(reopened.repos)).toHaveLength(1);
      expect(await rowOf(reopened.repos, NEXT.added)).toMatchObject({ value: 0.09 });

      // "Keep mine": recorded, nothing else changes, no longer listed.
      const id = conflict?.id ?? 0;
      const version = await reopened.repos.policy.version();
      await resolveConflict(reopened.repos, id, 'mine', '王科长');
      expect(await releaseConflicts(reopened.repos)).toEqual([]);
      expect(await reopened.repos.policy.version()).toBe(version);
      expect((await reopened.repos.policy.releaseConflicts({ all: true }))[0]).toMatchObject({
        id,
        resolution: 'mine',
        resolvedBy: '王科长',
      });
      expect(await rowOf(reopened.repos, NEXT.added)).toMatchObject({ value: 0.09 });
      await expect(resolveConflict(reopened.repos, id, 'release', '王科长')).rejects.toThrow(/已处理/);
      await reopened.close();
      const third = await open(NEXT_ASSETS);
      expect(await releaseConflicts(third.repos)).toEqual([]);
      await third.close();
    } finally {
      await after.close().catch(() => undefined);
    }
  });

  it('"take the release\'s" puts the shipped row in for its dates, the office\'s row kept before them, audited with who chose', async () => {
    const open = await database(kind);
    const before = await open(PREVIOUS);
    // The office's own rate from mid-2027 covers the dates of the release's 2028 row.
    await officeEdit(before.repos, '2027-07-01', 0.09);
    await before.close();

    const after = await open(NEXT_ASSETS);
    try {
      const { repos } = after;
      const conflicts = await releaseConflicts(repos);
      expect(conflicts.map((c) => [c.rowId, c.kind]).sort()).toEqual([
        [NEXT.closed, 'changed'],
        [NEXT.added, 'overlap'],
      ]);
      const added = conflicts.find((c) => c.rowId === NEXT.added);
      expect(added?.office.map((r) => [r.id, r.value])).toEqual([['310000/flexible.rate/2027-07-01', 0.09]]);
      await resolveConflict(repos, added?.id ?? 0, 'release', '王科长');
      const rows = (await repos.policy.library()).rows.filter((r) => r.region === '310000' && r.key === 'flexible.rate');
      expect(rows.map((r) => [r.effectiveFrom, r.effectiveTo, r.value])).toEqual([
        ['2023-01-01', '2024-02-29', 0.11],
        ['2024-03-01', '2027-06-30', 0.1],
        ['2027-07-01', '2027-12-31', 0.09],
        ['2028-01-01', null, 0.095],
      ]);
      const audit = (await repos.policy.audit({ limit: 5 })).filter(
        (a) => a.actor === '王科长' && a.reason.includes('采用内置政策库 0.2.0'),
      );
      expect(audit.map((a) => `${a.action} ${a.entityId}`).sort()).toEqual(
        [`insert ${NEXT.added}`, 'update 310000/flexible.rate/2027-07-01'].sort(),
      );
      expect((await releaseConflicts(repos)).map((c) => c.rowId)).toEqual([NEXT.closed]);
    } finally {
      await after.close();
    }
  });
});
