// The impact preview checks every saved case (issue 14): the total is reported, a changed case
// far older than the latest 5,000 is found, the database's pre-filter never rules out a case the
// change alters, the probe never skips a case whose figures change, and a preview can be stopped
// or superseded — on SQLite and on PostgreSQL.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyValueEdit, YibaoApi } from '../../src/api/contract.ts';
import { assess } from '../../src/core/engine/assess.ts';
import type { CaseFile } from '../../src/core/case.ts';
import { PolicySet, type PolicyRow, type Segment, type Timeline } from '../../src/core/policy/policy-set.ts';
import type { PolicyKey } from '../../src/core/policy/keys.ts';
import { validateCase } from '../../src/core/validate.ts';
import { changedFigures } from '../../src/services/impact/check.ts';
import { impactFilter, impactOnCases } from '../../src/services/impact/run.ts';
import { applyPlanInMemory, planEdit } from '../../src/services/policy-admin.ts';
import { createServices } from '../../src/services/services.ts';
import { Store } from '../../src/store/store.ts';
import { BACKENDS, openBackend, type OpenedBackend } from '../support/backends.ts';
import { caseArb } from '../support/case-arb.ts';
import { finished } from '../support/impact.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8')) as CaseFile;

/** Shenzhen's employer rate raised from 2026-08-01: changes a case with employer arrears in Aug–Sep 2026. */
const shenzhenEdit: PolicyValueEdit = {
  region: '440300',
  key: 'employee.rate.employer',
  value: 0.065,
  effectiveFrom: '2026-08-01',
  effectiveTo: null,
  document: { number: '深医保发〔2026〕88号', title: '关于调整用人单位缴费费率的通知', url: 'https://hsa.sz.gov.cn/example' },
  article: '第一条',
  url: null,
  grade: 'V',
  note: null,
  reason: '测试',
};
const shenzhenArrears: CaseFile = {
  ...example,
  region: '440300',
  person: { ...example.person, name: '最早的客户', idNumber: null },
  history: [
    { from: '2015-01', to: '2026-07', scheme: 'employee', status: 'paid', base: 9000 },
    { from: '2026-08', to: '2026-09', scheme: 'employee', status: 'arrears', base: 9000 },
    { from: '2026-10', to: '2026-10', scheme: 'employee', status: 'paid', base: 9000 },
  ],
  request: { scheme: 'employee', paymentDate: '2026-11-25' },
};
/** Beijing clients (the change cannot reach them). */
const beijing = (i: number): CaseFile => ({
  ...example,
  region: '110000',
  person: { ...example.person, name: `北京客户${i}`, idNumber: null },
  history: [{ from: '2012-01', to: '2026-07', scheme: 'employee', status: 'paid', base: 9000 }],
  request: { scheme: 'employee', paymentDate: '2026-11-25' },
});

/** Saves many cases at once, straight into the table (the triggers fill the search tables), in this order. */
async function saveMany(backend: OpenedBackend, files: CaseFile[]): Promise<void> {
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  if (backend.kind === 'sqlite') {
    const store = backend.repos as Store;
    const insert = store.db.prepare(
      `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?, ?)`,
    );
    store.db.transaction(() =>
      files.forEach((f, i) => insert.run(`bulk-${i}`, f.person.name, f.region, JSON.stringify(f), at(i), at(i))),
    )();
    return;
  }
  const client = new pg.Client({ connectionString: backend.url ?? '' });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at)
       SELECT 'bulk-' || (i - 1), f ->> 'name', NULL, f ->> 'region', f ->> 'json', f ->> 'at', f ->> 'at'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t (f, i) ORDER BY i`,
      [JSON.stringify(files.map((f, i) => ({ name: f.person.name, region: f.region, json: JSON.stringify(f), at: at(i) })))],
    );
  } finally {
    await client.end();
  }
}

describe.each(BACKENDS)('impact preview on %s', (kind) => {
  let backend: OpenedBackend;
  let api: YibaoApi;
  beforeAll(async () => {
    backend = await openBackend(kind);
    api = createServices(backend.repos);
    // The changed client was saved first; 5,000 others after.
    await saveMany(backend, [shenzhenArrears, ...Array.from({ length: 5000 }, (_, i) => beijing(i))]);
  }, 120_000);
  afterAll(() => backend.close());

  it('checks every saved case, reports the total, and finds a changed case older than the latest 5,000', async () => {
    const preview = await api.previewPolicyValue(shenzhenEdit);
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value.impact).toMatchObject({ state: 'running', total: 5001 });
    const done = await finished(api, preview.value.impact!);
    expect(done).toMatchObject({ state: 'done', total: 5001, checked: 5001, changed: 1, unassessable: 0 });
    // The Beijing cases cannot meet a Shenzhen row: the database ruled them out without assessing.
    expect(done.ruledOut).toBe(5000);
    const page = await api.impactCases({ jobId: done.jobId, offset: 0, limit: 50 });
    expect(page).toMatchObject({ ok: true, value: { changed: 1, offset: 0 } });
    expect(page.ok && page.value.cases.map((c) => [c.caseId, c.personName])).toEqual([['bulk-0', '最早的客户']]);
    expect(page.ok && page.value.cases[0]!.changes).toContainEqual({
      figure: '补缴本金',
      before: '1,440.00 元',
      after: '1,530.00 元',
    });
  });

  it('assesses in a worker thread, not in the thread that answers the calls', async () => {
    const planned = await planEdit(backend.repos, shenzhenEdit, '2026-11-22');
    if (!planned.ok) throw new Error(planned.errors.join('; '));
    const result = await impactOnCases(backend.repos, applyPlanInMemory((await backend.repos.policy.library()).rows, planned.plan));
    expect(result).toMatchObject({ ranIn: 'worker', total: 5001, checked: 5001, changed: 1 });
  });

  it('a preview can be stopped, and a new preview by the same caller stops the one it supersedes', async () => {
    // A change every case may meet (a national row), so nothing is ruled out and the check takes a while.
    const national: PolicyValueEdit = {
      ...shenzhenEdit,
      region: 'CN',
      key: 'lateFee.capAtPrincipal',
      value: true,
      effectiveFrom: '2026-09-01',
    };
    const first = await api.previewPolicyValue(national);
    if (!first.ok) throw new Error(first.error.message);
    const second = await api.previewPolicyValue({ ...national, effectiveFrom: '2026-10-01' });
    if (!second.ok) throw new Error(second.error.message);
    expect(await api.impactProgress(first.value.impact!.jobId)).toMatchObject({ ok: true, value: { state: 'cancelled' } });
    const stopped = await api.cancelImpact(second.value.impact!.jobId);
    expect(stopped).toMatchObject({ ok: true, value: { state: 'cancelled' } });
    const after = await api.impactProgress(second.value.impact!.jobId);
    expect(after.ok && after.value.state).toBe('cancelled');
    expect(after.ok && after.value.checked).toBeLessThan(5001);
    // Another caller (a clerk at another counter of a hall) cannot see or stop it.
    const other = createServices(backend.repos, { caller: 'li@5' });
    expect(await other.impactProgress(first.value.impact!.jobId)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('impact preview: the shortcuts never miss a change', () => {
  const store = new Store({ file: ':memory:' });
  const regions = store.regions();
  const current = store.policies();
  const cases = fc.sample(caseArb, { numRuns: 160, seed: 14 }) as unknown as CaseFile[];
  const valid = cases.flatMap((c) => {
    const v = validateCase(c, regions);
    return v.ok ? [{ file: v.caseFile, normalized: v.value }] : [];
  });
  beforeAll(async () => {
    for (const c of valid) await store.cases.save(c.file);
  });
  afterAll(() => store.close());

  it("every policy read of an assessment is in or after the month the database records as the case's earliest (reads_from)", () => {
    const readsFrom = new Map(
      (
        store.db.prepare(`SELECT c.case_json, s.reads_from FROM case_search s JOIN case_record c ON c.id = s.case_id`).all() as Array<{
          case_json: string;
          reads_from: string | null;
        }>
      ).map((r) => [r.case_json, r.reads_from]),
    );
    let checked = 0;
    for (const c of valid) {
      const from = readsFrom.get(JSON.stringify(c.file));
      expect(from).toMatch(/^\d{4}-\d{2}$/);
      const firstDay = Number(from!.replace('-', '')) * 100 + 1;
      // The library, with every timeline split at that day and the part before it noting any read.
      let early: string | null = null;
      const probe = new (class extends PolicySet {
        override timeline(chain: readonly string[], key: PolicyKey): Timeline {
          const t = current.timeline(chain, key);
          const cut = t.flatMap((s): Segment[] => {
            if (s.start >= firstDay || s.end <= firstDay)
              return [
                s.start >= firstDay
                  ? s
                  : {
                      start: s.start,
                      end: s.end,
                      get result() {
                        early = `${key} @ ${chain[0]}`;
                        return s.result;
                      },
                    },
              ];
            return [
              {
                start: s.start,
                end: firstDay,
                get result() {
                  early = `${key} @ ${chain[0]}`;
                  return s.result;
                },
              },
              { start: firstDay, end: s.end, result: s.result },
            ];
          });
          return [cut[0]!, ...cut.slice(1)];
        }
      })(current.rows, { invalidRows: 'flag' });
      assess(c.normalized, { policies: probe, regions });
      expect(early, `${JSON.stringify(c.file)} read before ${from}`).toBeNull();
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  /**
   * Random changes of the library: a value of another row of the same key from a random day (closing the one in force, maybe
   * time-limited), a row removed, a document ended early, a value that has ended corrected where it stands.
   */
  const changeArb = fc.record({
    kind: fc.constantFrom('edit', 'edit', 'province-edit', 'province-edit', 'remove', 'document-ends', 'correct-ended', 'correct-ended'),
    pick: fc.nat(),
    other: fc.nat(),
    region: fc.constantFrom('same', 'CN', 'province'),
    year: fc.integer({ min: 2008, max: 2030 }),
    month: fc.integer({ min: 1, max: 12 }),
    limited: fc.boolean(),
  });

  type Change = typeof changeArb extends fc.Arbitrary<infer T> ? T : never;
  async function proposed(change: Change): Promise<PolicyRow[] | null> {
    const rows = current.rows;
    // A province's own rows (not a municipality's) reach the cases of its cities only through their chains.
    const provinceRows = rows.filter(
      (r) => regions.get(r.region)?.level === 'province' && regions.all().some((c) => c.parent === r.region),
    );
    const pool = change.kind === 'province-edit' ? provinceRows : rows;
    const row = pool[change.pick % pool.length]!;
    const day = `${change.year}-${String(change.month).padStart(2, '0')}-01`;
    if (change.kind === 'remove') return rows.filter((r) => r !== row);
    if (change.kind === 'correct-ended') {
      // A value that has ended corrected where it stands (a release's correction): only cases reading it before its end can change.
      const ended = rows.filter(
        (r) => r.effectiveTo !== null && rows.some((o) => o.key === r.key && JSON.stringify(o.value) !== JSON.stringify(r.value)),
      );
      const target = ended[change.pick % ended.length]!;
      const others = rows.filter((o) => o.key === target.key && JSON.stringify(o.value) !== JSON.stringify(target.value));
      const value = others[change.other % others.length]!.value;
      return rows.map((r) => (r === target ? { ...r, value } : r));
    }
    if (change.kind === 'document-ends')
      return rows.map((r) => (r.document.id === row.document.id ? { ...r, document: { ...r.document, effectiveTo: day } } : r));
    const sameKey = rows.filter((r) => r.key === row.key && JSON.stringify(r.value) !== JSON.stringify(row.value));
    const value = sameKey.length ? sameKey[change.other % sameKey.length]!.value : row.value;
    const region =
      change.kind === 'province-edit'
        ? row.region
        : change.region === 'CN'
          ? 'CN'
          : change.region === 'province'
            ? (regions.province(row.region) ?? row.region)
            : row.region;
    const planned = await planEdit(
      store,
      { ...shenzhenEdit, region, key: row.key, value, effectiveFrom: day, effectiveTo: change.limited ? `${change.year + 1}-06-30` : null },
      '2026-11-22',
    );
    return planned.ok ? applyPlanInMemory(rows, planned.plan) : null;
  }

  it('matches assessing every case on both libraries, for random changes of the library', async () => {
    let compared = 0;
    let changedSomewhere = 0;
    let bounded = 0;
    // Each case assessed on today's library once, not once per change (the test is CPU-bound).
    const before = valid.map((c) => assess(c.normalized, { policies: current, regions }));
    for (const change of fc.sample(changeArb, { numRuns: 60, seed: 1414 })) {
      const rows = await proposed(change);
      if (!rows) continue;
      const after = new PolicySet(rows, { invalidRows: 'flag' });
      const expected = new Map<string, string>();
      const ids = new Map((await store.cases.latest(1000)).map((c) => [JSON.stringify(c.caseFile), c.id]));
      for (const [i, c] of valid.entries()) {
        const changes = changedFigures(before[i]!, assess(c.normalized, { policies: after, regions }));
        if (changes.length) expected.set(ids.get(JSON.stringify(c.file))!, JSON.stringify(changes));
      }
      if (impactFilter(current.rows, rows, regions).readsBy !== null) bounded++;
      const result = await impactOnCases(store, rows, { runIn: 'inline' });
      expect(result.checked).toBe(valid.length);
      expect(new Map(result.cases.map((c) => [c.caseId, JSON.stringify(c.changes)])), JSON.stringify(change)).toEqual(expected);
      compared++;
      if (expected.size) changedSomewhere++;
    }
    expect(compared).toBeGreaterThan(25);
    expect(changedSomewhere).toBeGreaterThan(5);
    expect(bounded).toBeGreaterThan(3);
  });

  it("a change of a province's own row reaches the cases of its cities (through their chains), and no others", async () => {
    // Jiangsu setting its own cap on the waiting period after a long transfer interruption from 2024
    // (below the national 6 months of 医保办发〔2021〕43号).
    const transfer: CaseFile = {
      ...example,
      person: { ...example.person, name: '南京转入', idNumber: null },
      history: [{ from: '2010-07', to: '2025-06', scheme: 'employee', status: 'paid', base: 8000, region: '310000' }],
    };
    const local = await store.cases.save(transfer);
    const elsewhere = await store.cases.save({ ...transfer, region: '330100', person: { ...transfer.person, name: '杭州转入' } });
    const planned = await planEdit(
      store,
      { ...shenzhenEdit, region: '320000', key: 'transfer.long.waitingMonthsMax', value: 2, effectiveFrom: '2024-01-01' },
      '2026-11-22',
    );
    if (!planned.ok) throw new Error(planned.errors.join('; '));
    const result = await impactOnCases(store, applyPlanInMemory(current.rows, planned.plan), { runIn: 'inline' });
    expect(result.cases.map((c) => c.caseId)).toContain(local!.id);
    expect(result.cases.map((c) => c.caseId)).not.toContain(elsewhere!.id);
    expect(result.cases.find((c) => c.caseId === local!.id)!.changes).toContainEqual({
      figure: '等待期上限',
      before: '6 个月',
      after: '2 个月',
    });
  });
});
