// Searching saved cases without scanning the table (issue 14): names by any piece of 1, 2 or more
// characters, ID numbers by their first or last digits, from indexes kept in step by the
// database's own triggers (migration 0009) — on SQLite and on PostgreSQL alike.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src/core/case.ts';
import { idCheckChar } from '../../src/core/idcard.ts';
import { CASE_QUERIES, nameMatch, nextPrefix } from '../../src/store/cases.ts';
import { PG_CASE_QUERIES } from '../../src/store/pg/cases.ts';
import { Store } from '../../src/store/store.ts';
import { BACKENDS, openBackend, type OpenedBackend } from '../support/backends.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8')) as CaseFile;
const named = (name: string, idNumber: string | null = null): CaseFile => ({ ...example, person: { ...example.person, name, idNumber } });
const idNumber = (birth: string, seq: string) => {
  const first17 = `320102${birth}${seq}`;
  return first17 + idCheckChar(first17);
};

describe.each(BACKENDS)('case search on %s', (kind) => {
  let backend: OpenedBackend;
  const names = ['欧阳修远', '王芳', '王芳华', '李王芳', '芳', 'Zhang Wei', 'O"Brien', '张三'];
  beforeAll(async () => {
    backend = await openBackend(kind);
    for (const [i, name] of names.entries()) await backend.repos.cases.save(named(name, idNumber(`1980010${(i % 9) + 1}`, `12${i}`)));
  });
  afterAll(() => backend.close());
  const search = async (text: string) => (await backend.repos.cases.list({ text })).map((c) => c.personName);

  it('finds names by any piece of one, two, three or more characters, latest first, ignoring case', async () => {
    expect(await search('芳')).toEqual(['芳', '李王芳', '王芳华', '王芳']);
    expect(await search('王芳')).toEqual(['李王芳', '王芳华', '王芳']);
    expect(await search('芳华')).toEqual(['王芳华']);
    expect(await search('王芳华')).toEqual(['王芳华']);
    expect(await search('阳修')).toEqual(['欧阳修远']);
    expect(await search('阳修远')).toEqual(['欧阳修远']);
    expect(await search('zhang w')).toEqual(['Zhang Wei']);
    expect(await search('WEI')).toEqual(['Zhang Wei']);
    // What the clerk types is text, never a pattern or a query operator.
    expect(await search('O"B')).toEqual(['O"Brien']);
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    expect(await search('芳 OR 张')).toEqual([]);
  });

  it('finds ID numbers by their first or last digits', async () => {
    const id = idNumber('19800102', '121');
    expect(await search(id.slice(-4))).toEqual(['王芳']);
    expect(await search(id.slice(-6).toLowerCase())).toEqual(['王芳']);
    expect(await search('32010219800101')).toEqual(['欧阳修远']);
    expect(await search(id)).toEqual(['王芳']);
  });

  it('keeps the index in step with renames, deletions and erasure', async () => {
    const { cases } = backend.repos;
    const saved = await cases.save(named('诸葛亮', idNumber('19810303', '555')));
    expect(await search('葛亮')).toEqual(['诸葛亮']);
    await cases.save(named('司马懿', idNumber('19810303', '555')), saved!.id, { expectedVersion: saved!.version });
    expect(await search('葛亮')).toEqual([]);
    expect(await search('马懿')).toEqual(['司马懿']);
    await cases.delete(saved!.id);
    expect(await search('马懿')).toEqual([]);
    const erased = idNumber('19820404', '666');
    await cases.save(named('钟离昧', erased));
    expect(await search('离昧')).toEqual(['钟离昧']);
    await cases.deleteClient(erased);
    expect(await search('离昧')).toEqual([]);
    expect(await search(erased.slice(-4))).toEqual([]);
  });
});

describe('case search on SQLite: indexes only', () => {
  it('each search is answered from an index, never a scan of case_record', () => {
    const store = new Store({ file: ':memory:' });
    const plan = (sql: string, ...args: unknown[]) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join(' / ');
    const byName = plan(CASE_QUERIES.byName, nameMatch('欧阳修远'));
    expect(byName).toMatch(/VIRTUAL TABLE INDEX/);
    expect(byName).not.toMatch(/SCAN case_record|SCAN s\b/);
    const digits = plan(CASE_QUERIES.byIdDigits, '3201', nextPrefix('3201'), '5100', nextPrefix('5100'));
    expect(digits).toMatch(/case_record_by_id_number/);
    expect(digits).toMatch(/case_record_by_id_tail/);
    expect(digits).not.toMatch(/SCAN case_record(?! USING)/);
    store.close();
  });

  it("an erased client's name leaves no piece in the name index", async () => {
    const store = new Store({ file: ':memory:' });
    const id = idNumber('19850505', '777');
    await store.cases.save(named('鬱龘', id));
    await store.cases.save(named('王五', idNumber('19850506', '778')));
    store.db.exec(`CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, case_name_fts, 'row')`);
    const terms = () => store.db.prepare(`SELECT term FROM temp.terms`).pluck().all() as string[];
    expect(terms().some((t) => t.includes('龘'))).toBe(true);
    await store.cases.deleteClient(id);
    expect(terms().filter((t) => t.includes('鬱') || t.includes('龘'))).toEqual([]);
    expect(terms().some((t) => t.includes('王'))).toBe(true);
    store.close();
  });
});

describe('case search on SQLite: many matches', () => {
  it('a piece or digits shared by thousands of cases gives the latest 50 of them, as a scan of every case would', async () => {
    const store = new Store({ file: ':memory:' });
    const insert = store.db.prepare(
      `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at) VALUES (?, ?, ?, '320100', '{}', ?, ?)`,
    );
    const GIVEN = ['Ab', 'aB', 'AB', '芳', '华芳', '王'];
    const rows = Array.from({ length: 6000 }, (_, i) => ({
      id: `c${i}`,
      name: `${GIVEN[i % GIVEN.length]!}${i % 7 === 0 ? '王芳华' : '李'}`,
      idNumber: i % 5 === 0 ? null : idNumber(`1980${String((i % 12) + 1).padStart(2, '0')}15`, String(i % 1000).padStart(3, '0')),
      at: new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 6000) * 1000).toISOString(),
    }));
    store.db.transaction(() => rows.forEach((r) => insert.run(r.id, r.name, r.idNumber, r.at, r.at)))();
    const latest = [...rows].sort((a, b) => (a.at < b.at ? 1 : -1));
    const scan = (test: (r: (typeof rows)[number]) => boolean) =>
      latest
        .filter(test)
        .slice(0, 50)
        .map((r) => r.id);
    const search = async (text: string) => (await store.cases.list({ text, limit: 50 })).map((c) => c.id);
    const lower = (t: string) => t.replace(/[A-Z]/g, (c) => c.toLowerCase());
    for (const text of ['ab', 'AB', 'b', '芳', '李', '王', '王芳', '芳华', '王芳华'])
      expect(await search(text), text).toEqual(scan((r) => lower(r.name).includes(lower(text))));
    for (const digits of ['3', '32', '5', '15', '0']) {
      const found = await search(digits);
      expect(found, digits).toEqual(scan((r) => r.idNumber !== null && (r.idNumber.startsWith(digits) || r.idNumber.endsWith(digits))));
      expect(found.length, digits).toBe(50);
    }
    store.close();
  });
});

describe('case search on PostgreSQL: indexes only', () => {
  let backend: OpenedBackend;
  beforeAll(async () => {
    backend = await openBackend('postgres');
  });
  afterAll(() => backend.close());

  it('names use pg_trgm (3 or more characters) or the index of pieces, ID digits their two indexes', async () => {
    const client = new pg.Client({ connectionString: backend.url ?? '' });
    await client.connect();
    try {
      // The tables are tiny, so the planner would rather scan: forbid that to see which index it can use.
      await client.query('SET enable_seqscan = off');
      const plan = async (sql: string, params: unknown[]) =>
        (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(await plan(PG_CASE_QUERIES.byNameTrigrams, ['%欧阳修%', 50])).toMatch(/case_record_name_trgm/);
      expect(await plan(PG_CASE_QUERIES.byNamePiece, ['王芳', 50])).toMatch(/case_record_name_pieces/);
      const digits = await plan(PG_CASE_QUERIES.byIdDigits, ['3201%', '0051%', 50]);
      expect(digits).toMatch(/case_record_by_id_prefix/);
      expect(digits).toMatch(/case_record_by_id_tail/);
    } finally {
      await client.end();
    }
  });
});
