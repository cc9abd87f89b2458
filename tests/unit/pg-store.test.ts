// What the PostgreSQL store guarantees in the database itself, on a real server: the numbered
// migrations (the same numbers as SQLite's), refusing a newer database, several instances
// starting at once, windows that never overlap even when two transactions race, an audit that
// cannot be skipped, changed or shortened (and a chain that shows it if someone does), sheet
// numbers that are never reused, and an edit through one instance seen at once by another.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { PolicyRow } from '../../src/core/policy/policy-set.ts';
import { DatabaseFromFutureError } from '../../src/store/errors.ts';
import { locateAssets } from '../../src/store/paths.ts';
import { createPool, inTransaction } from '../../src/store/pg/pool.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import { asSuperuser, createDatabase } from '../support/pg-cluster.ts';

const access = inject('pg');
const example = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'example-case.json'), 'utf8'));
const opened: PgStore[] = [];
const open = async (url: string) => {
  const store = await PgStore.open({ url });
  opened.push(store);
  return store;
};
afterAll(async () => {
  for (const s of opened) await s.close().catch(() => undefined);
});
const dbName = (url: string) => new URL(url).pathname.slice(1);

/** A client of the application's own role (not a superuser), for raw SQL. */
async function raw<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
const withContext = `SELECT set_config('yibao.audit_actor', '测试', true), set_config('yibao.audit_reason', '测试', true)`;
const errorCode = (e: unknown) => (e instanceof Error && 'code' in e ? e.code : null);

describe('PostgreSQL migrations', () => {
  it('has the same numbered migrations as SQLite (same numbers, same names)', () => {
    const names = (folder: string) =>
      readdirSync(join(locateAssets(), folder))
        .filter((f) => f.endsWith('.sql'))
        .sort();
    expect(names('migrations-pg')).toEqual(names('migrations'));
  });

  it('two server instances starting on a new database at once migrate and seed it once', async () => {
    const url = await createDatabase(access);
    const [a, b] = await Promise.all([open(url), open(url)]);
    expect([a.seedReport?.skipped, b.seedReport?.skipped].sort()).toEqual([false, true]);
    expect(await a.upToDate()).toBe(true);
    const seeded = (await a.policy.library()).rows.length;
    expect(seeded).toBe((await b.policy.library()).rows.length);
    const again = await open(url);
    expect(again.seedReport).toMatchObject({ skipped: true });
    expect(await raw(url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM policy_value`)).rows[0].n)).toBe(seeded);
  });

  it('refuses a database written by a newer version of the program, and leaves it untouched', async () => {
    const url = await createDatabase(access);
    await (await open(url)).close();
    await raw(url, (c) => c.query(`UPDATE schema_version SET version = 99 WHERE track = 'store'`));
    await expect(PgStore.open({ url })).rejects.toBeInstanceOf(DatabaseFromFutureError);
    await expect(PgStore.open({ url })).rejects.toThrow(/数据库版本 99 高于本程序支持的版本/);
    expect(await raw(url, async (c) => (await c.query(`SELECT version FROM schema_version WHERE track = 'store'`)).rows[0].version)).toBe(
      99,
    );
  });

  it("a re-seed of the same release never overwrites the office's own rows, and has nothing to report", async () => {
    const url = await createDatabase(access);
    await (await open(url)).close();
    await raw(url, async (c) => {
      await c.query('BEGIN');
      await c.query(withContext);
      await c.query(`DELETE FROM policy_value WHERE id = '320100/employee.rate.employer/2023-04-01'`);
      await c.query(
        `INSERT INTO policy_value (id, region, key, value_json, effective_from, effective_to, document_id, grade, last_reviewed)
         VALUES ('320100/employee.rate.employer/2023-01-01', '320100', 'employee.rate.employer', '0.075', '2023-01-01', NULL, 'NJ-2023-04-11', 'V', '2026-11-22')`,
      );
      await c.query(`DELETE FROM meta WHERE key = 'seed.hash'`);
      await c.query('COMMIT');
    });
    const store = await open(url);
    expect(store.seedReport).toMatchObject({ skipped: false, added: [], corrected: [], conflicts: [] });
    const rates = await raw(
      url,
      async (c) => (await c.query(`SELECT value_json FROM policy_value WHERE region = '320100' AND key = 'employee.rate.employer'`)).rows,
    );
    expect(rates).toEqual([{ value_json: '0.075' }]);
  });

  it('a row id is derived from region, key and start date, and that identity never changes', async () => {
    const url = await createDatabase(access);
    await (await open(url)).close();
    await expect(
      raw(url, async (c) => {
        await c.query('BEGIN');
        await c.query(withContext);
        await c.query(
          `INSERT INTO policy_value (id, region, key, value_json, effective_from, document_id, grade, last_reviewed)
           VALUES ('office-1', '320100', 'base.min', '7000', '2030-01-01', 'NJ-2023-04-11', 'V', '2026-11-22')`,
        );
      }),
    ).rejects.toThrow(/id must be region\/key\/effective_from/);
    await expect(
      raw(url, async (c) => {
        await c.query('BEGIN');
        await c.query(withContext);
        await c.query(`UPDATE policy_value SET effective_from = '2023-05-01' WHERE id = '320100/flexible.rate/2023-04-01'`);
      }),
    ).rejects.toThrow(/cannot change/);
  });
});

describe('PostgreSQL: guarantees kept by the database', () => {
  let url: string;
  let store: PgStore;
  it('opens', async () => {
    url = await createDatabase(access);
    store = await open(url);
  });

  // (A row's id is derived from region, key and start date: migration 0008.)
  const value = (from: string, to: string | null) =>
    `INSERT INTO policy_value (id, region, key, value_json, effective_from, effective_to, document_id, grade, last_reviewed)
     VALUES ('320100/flexible.rate/${from}', '320100', 'flexible.rate', '0.09', '${from}', ${to ? `'${to}'` : 'NULL'}, 'NJ-2023-04-11', 'V', '2026-11-22')`;

  it('refuses a change that would add a row that can never be used (docs/rules.md §0.5), library unchanged', async () => {
    const library = await store.policy.library();
    const nanjing = library.rows.find((r) => r.id === '320100/employee.rate.employer/2023-04-01');
    if (!nanjing) throw new Error('seed row missing');
    const before = library.rows.length;
    const overPrecise: PolicyRow = {
      ...nanjing,
      id: '110000/employee.rate.employer/2030-01-01',
      region: '110000',
      value: 0.0700001,
      effectiveFrom: '2030-01-01',
    };
    await expect(
      store.policy.write({ actor: '测试', reason: '测试' }, { documents: [], close: [], insert: [overPrecise] }),
    ).rejects.toThrow(/费率最多 6 位小数/);
    expect((await store.policy.library()).rows.length).toBe(before);
  });

  it('refuses an overlapping window, also when two transactions insert at the same moment', async () => {
    await expect(
      raw(url, async (c) => {
        await c.query('BEGIN');
        await c.query(withContext);
        await c.query(value('2025-01-01', null));
      }),
    ).rejects.toMatchObject({ code: '23P01' });
    // Two free windows for the same key that overlap each other, inserted by two connections at once.
    await raw(url, async (c) => {
      await c.query('BEGIN');
      await c.query(withContext);
      await c.query(`UPDATE policy_value SET effective_to = '2029-12-31' WHERE id = '320100/flexible.rate/2023-04-01'`);
      await c.query('COMMIT');
    });
    const race = (from: string) =>
      raw(url, async (c) => {
        await c.query('BEGIN');
        await c.query(withContext);
        await c.query(value(from, null));
        await new Promise((r) => setTimeout(r, 50));
        await c.query('COMMIT');
      });
    const outcomes = await Promise.allSettled([race('2030-01-01'), race('2031-01-01')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    // Which error the loser gets depends on timing: the exclusion constraint refuses it (23P01),
    // or, when both inserts checked the constraint at once and waited on each other, PostgreSQL
    // breaks the deadlock by aborting one (40P01). Either way only one window is stored; the
    // store runs a deadlocked unit of work again, so a clerk always sees the overlap (next test).
    const loser = outcomes.filter((o) => o.status === 'rejected').map((o) => errorCode((o as PromiseRejectedResult).reason));
    expect(loser).toHaveLength(1);
    expect(['23P01', '40P01']).toContain(loser[0]);
    const stored = await raw(
      url,
      async (c) =>
        (await c.query(`SELECT id FROM policy_value WHERE id IN ('320100/flexible.rate/2030-01-01', '320100/flexible.rate/2031-01-01')`))
          .rows,
    );
    expect(stored).toHaveLength(1);
  });

  it('two overlapping edits written through the store at the same moment: one is stored, the other refused as an overlap', async () => {
    const library = await store.policy.library();
    const openRate = library.rows.find((r) => r.region === '320100' && r.key === 'flexible.rate' && r.effectiveTo === null);
    if (!openRate) throw new Error('an open Nanjing flexible rate is expected after the race above');
    const row = (from: string): PolicyRow => ({ ...openRate, id: `320100/flexible.rate/${from}`, effectiveFrom: from, effectiveTo: null });
    // Each closes the open window at the end of 2039 and adds its own open window after it:
    // the two new windows overlap each other.
    const close = [{ row: openRate, effectiveTo: '2039-12-31' }];
    const writes = ['2040-01-01', '2041-01-01'].map((from, i) =>
      store.policy.write({ actor: '测试', reason: `并发 ${i}` }, { documents: [], close, insert: [row(from)] }),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => errorCode((o as PromiseRejectedResult).reason));
    expect(refused).toEqual(['23P01']);
  });

  it('a unit of work that PostgreSQL aborts to break a deadlock runs again, so both callers get their answer', async () => {
    await raw(url, (c) =>
      c.query(`CREATE TABLE deadlock_probe (id int PRIMARY KEY, n int NOT NULL); INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)`),
    );
    const pool = createPool({ url, max: 4 });
    try {
      // Two units of work lock the same two rows in opposite orders, each waiting until the other
      // holds its first row: PostgreSQL must abort one of them (40P01) on the first attempt.
      let holding = 0;
      const bothHold = async () => {
        holding++;
        while (holding < 2) await new Promise((r) => setTimeout(r, 5));
      };
      let attempts = 0;
      const unit = (first: number, second: number) =>
        inTransaction(pool, async (db) => {
          attempts++;
          await db.query(`UPDATE deadlock_probe SET n = n + 1 WHERE id = $1`, [first]);
          if (attempts <= 2) await bothHold();
          await db.query(`UPDATE deadlock_probe SET n = n + 1 WHERE id = $1`, [second]);
        });
      await Promise.all([unit(1, 2), unit(2, 1)]);
      expect(attempts).toBe(3); // two first attempts, one of them aborted and run again
      const counts = await raw(url, async (c) => (await c.query(`SELECT n FROM deadlock_probe ORDER BY id`)).rows.map((r) => r.n));
      expect(counts).toEqual([2, 2]); // each unit's two updates, once each: nothing lost, nothing doubled
    } finally {
      await pool.end();
    }
  });

  it('no change of the library without its audit context; audit rows cannot be changed, deleted or truncated', async () => {
    await expect(
      raw(url, (c) => c.query(`UPDATE policy_value SET note = 'x' WHERE id = '320100/flexible.rate/2023-04-01'`)),
    ).rejects.toThrow(/without audit context/);
    await expect(raw(url, (c) => c.query(`UPDATE policy_document SET title = 'x' WHERE id = 'NJ-2023-04-11'`))).rejects.toThrow(
      /without audit context/,
    );
    await expect(raw(url, (c) => c.query(`TRUNCATE policy_value CASCADE`))).rejects.toThrow(/without audit context/);
    await expect(
      raw(url, (c) => c.query(`UPDATE policy_audit SET actor = '别人' WHERE id = (SELECT max(id) FROM policy_audit)`)),
    ).rejects.toThrow(/append-only/);
    await expect(raw(url, (c) => c.query(`DELETE FROM policy_audit`))).rejects.toThrow(/append-only/);
    await expect(raw(url, (c) => c.query(`TRUNCATE policy_audit`))).rejects.toThrow(/append-only/);
    expect(await store.policy.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('the audit chain shows a row changed or removed behind the triggers (by a superuser)', async () => {
    const check = await store.policy.verifyAuditChain();
    expect(check.ok && check.rows).toBeGreaterThan(100);
    const target = await raw(url, async (c) =>
      Number((await c.query(`SELECT id FROM policy_audit ORDER BY id OFFSET 20 LIMIT 1`)).rows[0].id),
    );
    await asSuperuser(access, dbName(url), async (c) => {
      await c.query(`ALTER TABLE policy_audit DISABLE TRIGGER policy_audit_no_update`);
      await c.query(`UPDATE policy_audit SET reason = '改过的理由' WHERE id = $1`, [target]);
      await c.query(`ALTER TABLE policy_audit ENABLE TRIGGER policy_audit_no_update`);
    });
    expect(await store.policy.verifyAuditChain()).toMatchObject({
      ok: false,
      firstBadId: target,
      message: expect.stringContaining(`第 ${target} 条`),
    });
  });

  it('sheet numbers are never reused: erasing the last sheet of the day does not free its number', async () => {
    const saved = await store.cases.save(example, null);
    expect(example.person.idNumber).toBe('320102197608150010');
    const make = (n: string) => ({ snapshot: { n }, html: n, contentHash: n });
    const first = await store.sheets.create({ caseId: saved!.id, issuedAt: '2026-11-22T10:00:00', clerk: '王', counter: '5', make });
    expect(first.number).toBe('20261122-05-0001');
    await store.cases.deleteClient('320102197608150010');
    expect(await store.sheets.get(first.number)).toBeNull();
    const next = await store.sheets.create({ caseId: null, issuedAt: '2026-11-22T10:05:00', clerk: '王', counter: '5', make });
    expect(next.number).toBe('20261122-05-0002');
    await expect(raw(url, (c) => c.query(`UPDATE sheet_counter SET last_number = 1`))).rejects.toThrow(/only increases/);
    await expect(raw(url, (c) => c.query(`DELETE FROM sheet_counter`))).rejects.toThrow(/never deleted/);
    await expect(raw(url, (c) => c.query(`TRUNCATE sheet_counter`))).rejects.toThrow(/never deleted/);
  });

  it('an edit made through one server instance is seen at once by another (no stale copy in the process)', async () => {
    const other = await open(url);
    const before = await other.policy.library();
    const open2023 = before.rows.find((r) => r.id === '320100/employee.rate.employer/2023-04-01') as PolicyRow;
    await store.policy.write(
      { actor: '管理员', reason: '实例间一致' },
      {
        documents: [],
        close: [{ row: open2023, effectiveTo: '2039-12-31' }],
        insert: [{ ...open2023, id: '320100/employee.rate.employer/2040-01-01', effectiveFrom: '2040-01-01' }],
      },
    );
    expect((await other.policy.library()).rows.some((r) => r.id === '320100/employee.rate.employer/2040-01-01')).toBe(true);
  });
});
