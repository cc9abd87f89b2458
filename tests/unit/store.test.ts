import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { POLICY_KEYS, type PolicyKey } from '../../src/core/policy/keys.ts';
import { neverApplies } from '../../src/core/policy/row.ts';
import { GRADES, PolicyLoadError, PolicySet, type PolicyRow } from '../../src/core/policy/policy-set.ts';
import { DatabaseFromFutureError, Store } from '../../src/store/store.ts';
import { locateAssets } from '../../src/store/paths.ts';
import { CASE_QUERIES, CaseRepository } from '../../src/store/cases.ts';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-store-'));
  dirs.push(dir);
  return join(dir, 'yibao.sqlite');
};
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('store: migrations and seeding', () => {
  it('creates and seeds a fresh database on first use, in WAL mode, at the latest schema version', () => {
    const file = tempFile();
    const store = new Store({ file });
    expect(store.schemaVersion).toBe(store.appSchemaVersion);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.seedReport).toMatchObject({ skipped: false, actor: 'seed', conflicts: [] });
    expect(store.seedReport!.added.length).toBeGreaterThan(100);
    expect(store.regions().name('440300')).toBe('深圳市');
    expect(store.regions().chain('440300')).toEqual(['440300', '440000', 'CN']);
    expect(store.regions().chain('310000')).toEqual(['310000', 'CN']);
    store.close();
  });

  it('seeding is idempotent: reopening inserts nothing and changes nothing', () => {
    const file = tempFile();
    const first = new Store({ file });
    const count = first.db.prepare('SELECT count(*) FROM policy_value').pluck().get();
    first.close();
    const second = new Store({ file });
    expect(second.seedReport).toMatchObject({ skipped: true });
    // Forcing a re-seed (as after an app update) still inserts nothing new.
    second.db.prepare(`DELETE FROM meta WHERE key = 'seed.hash'`).run();
    const report = second.seed();
    expect(report).toMatchObject({ skipped: false, added: [], documentsAdded: [], corrected: [], conflicts: [] });
    expect(second.db.prepare('SELECT count(*) FROM policy_value').pluck().get()).toBe(count);
    second.close();
  });

  it("a re-seed of the same release never overwrites the office's own rows, and has nothing to report", () => {
    const file = tempFile();
    const store = new Store({ file });
    // The office replaces Nanjing's employer rate with its own value from 2023-01-01.
    store.changePolicies({ actor: '测试管理员', reason: '测试' }, () => {
      store.db.prepare(`DELETE FROM policy_value WHERE id = '320100/employee.rate.employer/2023-04-01'`).run();
      store.db
        .prepare(
          `INSERT INTO policy_value (id, region, key, value_json, effective_from, effective_to, document_id, article, source_url, grade, last_reviewed)
           VALUES ('320100/employee.rate.employer/2023-01-01', '320100', 'employee.rate.employer', '0.075', '2023-01-01', NULL, 'NJ-2023-04-11', NULL, NULL, 'V', '2026-11-22')`,
        )
        .run();
    });
    store.db.prepare(`DELETE FROM meta WHERE key = 'seed.hash'`).run();
    const report = store.seed();
    expect(report).toMatchObject({ skipped: false, added: [], corrected: [], conflicts: [] });
    expect(
      store.db.prepare(`SELECT value_json FROM policy_value WHERE region = '320100' AND key = 'employee.rate.employer'`).pluck().all(),
    ).toEqual(['0.075']);
    store.close();
  });

  it('a row id is derived from region, key and start date, and that identity never changes (enforced by the database)', () => {
    const store = new Store({ file: ':memory:' });
    store.changePolicies({ actor: '测试管理员', reason: '测试' }, () => {
      expect(() =>
        store.db
          .prepare(
            `INSERT INTO policy_value (id, region, key, value_json, effective_from, document_id, grade, last_reviewed)
             VALUES ('office-1', '320100', 'base.min', '7000', '2030-01-01', 'NJ-2023-04-11', 'V', '2026-11-22')`,
          )
          .run(),
      ).toThrow(/id must be region\/key\/effective_from/);
      expect(() =>
        store.db.prepare(`UPDATE policy_value SET effective_from = '2023-05-01' WHERE id = '320100/flexible.rate/2023-04-01'`).run(),
      ).toThrow(/cannot change/);
    });
    store.close();
  });

  it('refuses a database written by a newer version of the program, and leaves it untouched', () => {
    const file = tempFile();
    new Store({ file }).close();
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => new Store({ file })).toThrow(DatabaseFromFutureError);
    expect(() => new Store({ file })).toThrow(/数据库版本 99 高于本程序支持的版本/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });

  it('the database itself refuses overlapping windows for one key in one region', () => {
    const store = new Store({ file: ':memory:' });
    const insert = () =>
      store.db
        .prepare(
          `INSERT INTO policy_value (id, region, key, value_json, effective_from, effective_to, document_id, grade, last_reviewed)
           VALUES ('320100/flexible.rate/2025-01-01', '320100', 'flexible.rate', '0.09', '2025-01-01', NULL, 'NJ-2023-04-11', 'V', '2026-11-22')`,
        )
        .run();
    expect(insert).toThrow(/overlap/);
    store.close();
  });

  it('no change to the policy library is possible without an audit record (enforced by the database)', () => {
    const store = new Store({ file: ':memory:' });
    const before = store.db.prepare('SELECT count(*) FROM policy_audit').pluck().get() as number;
    expect(before).toBeGreaterThan(100); // the seeding itself is audited, as actor "seed"
    expect(() => store.db.prepare(`UPDATE policy_value SET value_json = '0.5' WHERE id = '320100/flexible.rate/2023-04-01'`).run()).toThrow(
      /without audit context/,
    );
    expect(() => store.db.prepare(`DELETE FROM policy_value WHERE id = '320100/flexible.rate/2023-04-01'`).run()).toThrow(
      /without audit context/,
    );
    expect(() => store.db.prepare(`UPDATE policy_document SET title = 'x' WHERE id = 'NJ-2023-04-11'`).run()).toThrow(
      /without audit context/,
    );
    store.changePolicies({ actor: '张科长', reason: '核对原文后更正' }, () => {
      store.db.prepare(`UPDATE policy_value SET note = '已核对' WHERE id = '320100/flexible.rate/2023-04-01'`).run();
    });
    const audit = store.db
      .prepare(
        `SELECT actor, action, entity_id, reason, json_extract(before_json, '$.note') AS before, json_extract(after_json, '$.note') AS after FROM policy_audit ORDER BY id DESC LIMIT 1`,
      )
      .get();
    expect(audit).toMatchObject({
      actor: '张科长',
      action: 'update',
      entity_id: '320100/flexible.rate/2023-04-01',
      reason: '核对原文后更正',
      after: '已核对',
    });
    expect(store.db.prepare('SELECT count(*) FROM audit_context').pluck().get()).toBe(0);
    store.close();
  });

  it('the latest cases and a lookup by ID number are answered from an index, never a table scan (they stay fast at a million cases; figures in `npm run bench`)', () => {
    const store = new Store({ file: ':memory:' });
    const plan = (sql: string, ...args: unknown[]) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join(' / ');
    expect(plan(CASE_QUERIES.latest, 50)).toMatch(/^SCAN case_record USING INDEX case_record_by_updated$/);
    expect(plan(CASE_QUERIES.byIdNumber, '320102197608150012', 50)).toMatch(
      /^SEARCH case_record USING INDEX case_record_by_id_number \(id_number=\?\)/,
    );
    store.close();
  });

  it('"latest first" is the order of saving, even when the clock stands still or goes back', async () => {
    const store = new Store({ file: ':memory:' });
    let clock = '2026-11-22T09:00:00.000Z';
    const cases = new CaseRepository(store.db, () => clock);
    const example = JSON.parse(readFileSync(new URL('../../examples/example-case.json', import.meta.url), 'utf8'));
    const named = (name: string) => ({ ...example, person: { ...example.person, name } });
    const first = await cases.save(named('甲'));
    await cases.save(named('乙'));
    clock = '2026-11-22T08:00:00.000Z'; // the PC's clock was set back
    await cases.save(named('丙'));
    await cases.save(named('甲'), first?.id);
    expect((await cases.latest(10)).map((c) => c.personName)).toEqual(['甲', '丙', '乙']);
    store.close();
  });

  it('every table is declared STRICT', () => {
    const store = new Store({ file: ':memory:' });
    const tables = store.db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table'`).all() as Array<{
      name: string;
      sql: string;
    }>;
    // FTS5's own tables (migration 0009's name index) are made by SQLite, which cannot make them STRICT.
    const virtual = tables.filter((t) => t.sql.startsWith('CREATE VIRTUAL TABLE')).map((t) => t.name);
    const own = tables.filter((t) => !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)));
    expect(virtual).toEqual(['case_name_fts']);
    for (const t of own) expect(t.sql, t.name).toMatch(/STRICT(, WITHOUT ROWID)?\s*$/);
    store.close();
  });
});

describe('policy set: dated lookups along the region chain', () => {
  const doc = (to: string | null = null) => ({
    id: 'D',
    number: '测试〔2020〕1号',
    title: '测试',
    issuer: null,
    url: null,
    effectiveFrom: '2020-01-01',
    effectiveTo: to,
    kind: 'law' as const,
  });
  const row = (over: Partial<PolicyRow>): PolicyRow => ({
    id: `${over.region}/${over.key}/${over.effectiveFrom}`,
    region: 'CN',
    key: 'flexible.rate',
    value: 0.1,
    effectiveFrom: '2020-01-01',
    effectiveTo: null,
    document: doc(),
    article: null,
    url: null,
    grade: 'V',
    lastReviewed: '2026-11-22',
    note: null,
    ...over,
  });

  it('reads the value in force on the day, most specific region first', () => {
    const set = new PolicySet([
      row({ region: 'CN', value: 0.1 }),
      row({ region: '440000', value: 0.09, effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31' }),
      row({ region: '440000', value: 0.08, effectiveFrom: '2025-01-01' }),
    ]);
    const chain = ['440300', '440000', 'CN'];
    expect(set.lookup(chain, 'flexible.rate', 20231231).hit?.value).toBe(0.1);
    expect(set.lookup(chain, 'flexible.rate', 20240101).hit?.value).toBe(0.09);
    expect(set.lookup(chain, 'flexible.rate', 20241231).hit?.value).toBe(0.09);
    expect(set.lookup(chain, 'flexible.rate', 20250101).hit?.value).toBe(0.08);
    expect(set.lookup(chain, 'flexible.rate', 20250101).expired).toEqual([]);
  });

  it('skips a level whose document has ended and reports it; a row merely superseded is not "expired"', () => {
    const set = new PolicySet([
      row({ region: 'CN', value: 0.1 }),
      row({ region: '440000', value: 0.09, effectiveFrom: '2022-07-01', document: doc('2025-06-30') }),
      row({ region: '440300', value: 0.07, effectiveFrom: '2024-01-01', effectiveTo: '2025-12-31' }),
    ]);
    const result = set.lookup(['440300', '440000', 'CN'], 'flexible.rate', 20260301);
    expect(result.hit?.region).toBe('CN');
    expect(result.expired.map((e) => [e.region, e.endedBy, e.endedOn])).toEqual([
      ['440300', 'row', '2025-12-31'],
      ['440000', 'document', '2025-06-30'],
    ]);
  });

  it('returns no value (never a nearest one) before the first date', () => {
    const set = new PolicySet([row({ region: 'CN', effectiveFrom: '2025-01-01' })]);
    expect(set.lookup(['CN'], 'flexible.rate', 20241231)).toEqual({ hit: null, expired: [] });
  });

  it('refuses overlapping windows, unknown keys and ill-typed values when loading', () => {
    expect(() => new PolicySet([row({ effectiveFrom: '2020-01-01' }), row({ effectiveFrom: '2021-01-01', id: 'b' })])).toThrow(
      PolicyLoadError,
    );
    expect(() => new PolicySet([row({ key: 'no.such.key' })])).toThrow(/未知的政策参数键/);
    expect(() => new PolicySet([row({ value: '9%' })])).toThrow(/费率/);
  });
});

describe('the seeded policy library (db/seed) is well-formed and cited', () => {
  const dir = join(locateAssets(), 'seed', 'policy');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const seeds = files.map((f) => ({ f, seed: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
  const docs = new Map<string, { effectiveTo: string | null; kind?: string }>();
  for (const { seed } of seeds) for (const d of seed.documents) docs.set(d.id, d);
  const values = seeds.flatMap(({ f, seed }) => seed.values.map((v: Record<string, unknown>) => ({ f, v })));

  it('covers what docs/rules.md §8 requires, region by region', () => {
    const has = (region: string, key: string) => values.some(({ v }) => v.region === region && v.key === key);
    const required: Array<[string, string]> = [
      ['CN', 'transfer.shortLimitMonths'],
      ['CN', 'switch.minContinuousMonths'],
      ['CN', 'lateFee.dailyRate'],
      ['CN', 'resident.waiting.fixedMonths'],
      ['CN', 'retirement.schedule.male'],
      ['310000', 'employee.benefit.startOffset'],
      ['310000', 'flexible.firstEnrolment.waitingMonths'],
      ['310000', 'base.min'],
      ['310000', 'employee.rate.employer'],
      ['310000', 'flexible.rate'],
      ['310000', 'lifetime.requiredMonths.male'],
      ['440000', 'transfer.shortLimitMonths'],
      // Guangdong's 2030 requirement (粤医保规〔2022〕6号 第六条) is not shipped: its document ended
      // 2025-06-30, so the row could never apply (issue 9, docs/rules.md §0.5; see the test below).
      ['440000', 'lifetime.localActualRequiredMonths'],
      ['440000', 'transfer.continuous.startOffset'],
      ['440000', 'lifetime.topUp.methods'],
      ['350000', 'resident.extendedWindow'],
      ['110000', 'lifetime.topUp.methods'],
      ['440300', 'employee.rate.employer'],
      ['440300', 'flexible.rate'],
      ['440300', 'base.max'],
      ['440300', 'transfer.short.baseRule'],
      ['440100', 'flexible.rate'],
      ['440100', 'employee.rate.employer'],
      ['420100', 'flexible.rate'],
      ['420100', 'flexible.firstEnrolment.waitingMonths'],
      ['420100', 'flexible.interruption.cumulativeInYearMonths'],
      // (Jiangsu's 3-month cap on a long transfer interruption was withdrawn: its only source was a content farm.)
      ['320100', 'employee.rate.employer'],
      ['320100', 'flexible.rate'],
      ['320100', 'lifetime.requiredMonths.male'],
      ['110000', 'base.min'],
      ['110000', 'flexible.flatMonthlyAmount'],
      ['120000', 'flexible.rate'],
      ['500000', 'base.min'],
      ['330100', 'flexible.rate'],
      ['510100', 'flexible.rate'],
    ];
    for (const [region, key] of required) expect(has(region, key), `${region} ${key}`).toBe(true);
  });

  it('no shipped row can never apply: it starts before it ends, and before its document ends', () => {
    const dormant = values.flatMap(({ f, v }) => {
      const reason = neverApplies(
        { effectiveFrom: v.effectiveFrom as string, effectiveTo: (v.effectiveTo as string | null) ?? null },
        (docs.get(v.document as string) as { effectiveTo?: string | null } | undefined)?.effectiveTo ?? null,
      );
      return reason ? [`${f} ${String(v.region)}/${String(v.key)}/${String(v.effectiveFrom)}: ${reason}`] : [];
    });
    expect(dormant).toEqual([]);
  });

  it('every value has a known key, a valid grade, a document, a source and a review date', () => {
    for (const { f, v } of values) {
      const where = `${f} ${String(v.region)}/${String(v.key)}/${String(v.effectiveFrom)}`;
      expect(POLICY_KEYS[v.key as PolicyKey], where).toBeDefined();
      expect(GRADES as readonly unknown[], where).toContain(v.grade);
      expect(docs.has(v.document as string), where).toBe(true);
      expect(v.lastReviewed, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const d = docs.get(v.document as string)!;
      // A product convention is marked as such; everything else points at a text: an address, or —
      // where no address of the official text is known (a content-farm reprint is never cited) —
      // the document's number and title with the article, or with the text quoted in the note.
      if (v.grade === 'CONV') expect(d.kind, where).toBe('convention');
      else {
        const doc = d as { url?: string; number?: string; title?: string };
        const cited =
          Boolean(v.url) ||
          Boolean(doc.url) ||
          (Boolean(doc.number) && Boolean(doc.title) && (Boolean(v.article) || /“[^”]+”/.test(String(v.note ?? ''))));
        expect(cited, `${where} needs a URL, or the document with its article or a quotation`).toBe(true);
      }
      // No row carries an id: it is derived from region, key and start date (core/policy/row.ts rowId).
      expect(v.id, where).toBeUndefined();
    }
  });

  it("ships with the program's version (db/seed/release.json = package.json), which a release's changes are audited under", () => {
    const pkg = JSON.parse(readFileSync(join(locateAssets(), '..', 'package.json'), 'utf8'));
    expect(JSON.parse(readFileSync(join(locateAssets(), 'seed', 'release.json'), 'utf8'))).toEqual({ version: pkg.version });
  });

  it('the library loads into the engine without overlaps or type errors', () => {
    const store = new Store({ file: ':memory:' });
    expect(() => store.policies()).not.toThrow();
    expect(store.policies().rows.length).toBe(values.length);
    store.close();
  });
});
