// Bad input at scale: thousands of random and mutated case files through the API (and a
// sample through the command line), random CSV/XLSX statements, mutated policy packs. Each
// either gives a valid assessment or Chinese errors naming fields — never a crash, a hang
// or a silently accepted wrong value.
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/api/dispatch.ts';
import { createServices } from '../../src/services/services.ts';
import { addTrustedKey, checkPack, exportPack, generateSigningKeys } from '../../src/services/policy-packs.ts';
import { parseStatement } from '../../src/services/statement.ts';
import { Store } from '../../src/store/store.ts';

const root = join(import.meta.dirname, '..', '..');
const store = new Store({ file: ':memory:' });
const api = createServices(store);
const RUNS = Number(process.env.YIBAO_FUZZ_RUNS ?? 3000);
const goldenCases = readdirSync(join(root, 'tests', 'golden', 'valid')).map(
  (f) => JSON.parse(readFileSync(join(root, 'tests', 'golden', 'valid', f), 'utf8')).case,
);
const dir = mkdtempSync(join(tmpdir(), 'yibao-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HAN = /[\u4e00-\u9fff]/;
const weirdString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    '',
    ' ',
    '\u200b',
    '\u202e张三',
    '张\u0000三',
    '🙂'.repeat(30),
    'x'.repeat(5000),
    '2026-13',
    '2026-00',
    '9999-99',
    '1899-12',
    '2026-02-30',
    '١٩٧٦-٠٨',
    '２０２６－０７',
    '320102197608150011',
    'NaN',
    '1e309',
    '-0',
    '__proto__',
    'constructor',
  ),
);
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, -1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2, 1.005, 8000.001),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

type Path = Array<string | number>;
/** All paths into an object (to pick one to mutate). */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const out: Path[] = [prefix];
  for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
  return out;
}
function setAt(obj: any, path: Path, value: unknown, remove = false) {
  if (!path.length) return value;
  let target = obj;
  for (const key of path.slice(0, -1)) {
    target = target?.[key];
    if (target === null || typeof target !== 'object') return obj; // an earlier edit removed it
  }
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(target)) target.splice(Number(last), 1);
    else Reflect.deleteProperty(target, last);
  } else target[last] = value;
  return obj;
}

const mutated = fc
  .record({
    base: fc.constantFrom(...goldenCases),
    edits: fc.array(
      fc.record({
        pick: fc.nat(),
        kind: fc.constantFrom('set', 'set', 'remove', 'add-key', 'reverse-range', 'duplicate-entry', 'huge-history'),
        value: weirdValue,
        key: weirdString,
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ base, edits }) => {
    let c: any = structuredClone(base);
    for (const e of edits) {
      const all = paths(c);
      const p = all[e.pick % all.length]!;
      if (e.kind === 'set') c = setAt(c, p, e.value);
      else if (e.kind === 'remove') c = p.length ? setAt(c, p, undefined, true) : c;
      else if (e.kind === 'add-key' && c && typeof c === 'object' && !Array.isArray(c)) c[e.key || 'extra'] = e.value;
      else if (e.kind === 'reverse-range' && Array.isArray(c?.history) && c.history.length) {
        const h = c.history[e.pick % c.history.length];
        if (h && typeof h === 'object') [h.from, h.to] = [h.to, h.from];
      } else if (e.kind === 'duplicate-entry' && Array.isArray(c?.history) && c.history.length)
        c.history.push(structuredClone(c.history[0]));
      else if (e.kind === 'huge-history' && c && typeof c === 'object')
        c.history = Array.from({ length: 1200 + (e.pick % 500) }, (_, i) => ({
          from: `19${String(50 + (i % 49)).padStart(2, '0')}-01`,
          to: `19${String(50 + (i % 49)).padStart(2, '0')}-02`,
          scheme: 'employee',
          status: 'paid',
          base: 5000,
        }));
    }
    return c as unknown;
  });

function expectWellFormed(result: Awaited<ReturnType<typeof api.assess>>) {
  expect(result.ok, JSON.stringify(result).slice(0, 300)).toBe(true);
  if (!result.ok) return;
  if (result.value.valid) {
    const a = result.value.assessment;
    for (const fen of [a.backPay.principalFen, a.backPay.lateFeeFen, a.backPay.totalFen])
      if (fen !== null) expect(Number.isSafeInteger(fen) && fen >= 0).toBe(true);
    expect(a.format).toBe('yibao-assessment/1');
  } else {
    expect(result.value.errors.length).toBeGreaterThan(0);
    for (const e of result.value.errors) {
      expect(typeof e.path).toBe('string');
      expect(e.path.length).toBeGreaterThan(0);
      expect(e.message, e.message).toMatch(HAN);
    }
  }
}

describe('case files', () => {
  it(`${RUNS} mutated case files through the API: a valid assessment or field-named Chinese errors, quickly`, async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async (input) => {
        const started = performance.now();
        expectWellFormed((await dispatch(api, 'assess', input)) as Awaited<ReturnType<typeof api.assess>>);
        expect(performance.now() - started).toBeLessThan(2000); // no hang
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
  }, 600_000);

  it('arbitrary JSON values are answered, never thrown', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (input) => {
        const result = await api.assess(input);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value.valid).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('definitely wrong values are rejected at the field that is wrong (never silently accepted)', async () => {
    const base = goldenCases[0];
    const wrong: Array<[string, (c: any) => void]> = [
      ['history[0].to', (c) => (c.history[0].to = '2026-13')],
      ['history[0].base', (c) => (c.history[0].base = -1)],
      ['history[0].base', (c) => (c.history[0].base = 8000.001)],
      ['history[0].scheme', (c) => (c.history[0].scheme = 'Employee')],
      ['history[0].status', (c) => (c.history[0].status = '已缴')],
      ['person.birth', (c) => (c.person.birth = '1976-8')],
      ['person.sex', (c) => (c.person.sex = 'M')],
      ['asOf', (c) => (c.asOf = '2026/11/22')],
      ['asOf', (c) => (c.asOf = '3000-01-01')],
      ['region', (c) => (c.region = '3201')],
      ['request.paymentDate', (c) => (c.request.paymentDate = '2099-01-01')],
      ['deemedMonths', (c) => (c.deemedMonths = 1.5)],
      ['person.name', (c) => (c.person.name = '\u0007')],
      ['format', (c) => (c.format = 'yibao-case/2')],
    ];
    for (const [path, mutate] of wrong) {
      const c = structuredClone(base);
      mutate(c);
      const result = await api.assess(c);
      expect(
        result.ok && !result.value.valid && result.value.errors.some((e) => e.path === path),
        `${path}: ${JSON.stringify(result).slice(0, 200)}`,
      ).toBe(true);
    }
  });

  it('a sample of mutated files through the command line: exit 0 with JSON, or exit 2 with field-named lines, never a crash', () => {
    const samples = fc.sample(mutated, { numRuns: 60, seed: 7 });
    for (const [i, input] of samples.entries()) {
      const file = join(dir, `m${i}.json`);
      writeFileSync(file, JSON.stringify(input));
      const r = spawnSync(process.execPath, [join(root, 'bin', 'yibao.mjs'), 'assess', file], {
        encoding: 'utf8',
        env: { ...process.env, YIBAO_DB: join(dir, 'cli.sqlite') },
        timeout: 30_000,
      });
      expect([0, 2], r.stderr).toContain(r.status);
      if (r.status === 0) expect(JSON.parse(r.stdout).format).toBe('yibao-assessment/1');
      else for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^\S.*?: .*[\u4e00-\u9fff]/);
    }
  }, 300_000);
});

describe('statements and packs', () => {
  it('random CSV text and random bytes as CSV or XLSX give a preview with errors, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.array(fc.array(weirdString, { maxLength: 6 }), { maxLength: 8 }).map((rows) => rows.map((r) => r.join(',')).join('\n')),
        ),
        fc.uint8Array({ maxLength: 400 }),
        async (text, bytes) => {
          const csv = await parseStatement('x.csv', new TextEncoder().encode(`开始月份,结束月份,险种,状态,基数\n${text}`), store.regions());
          for (const row of csv.rows) for (const e of row.errors) expect(e).toMatch(HAN);
          const xlsx = await parseStatement('x.xlsx', bytes, store.regions());
          expect(xlsx.rows).toEqual([]);
          expect(xlsx.errors[0]).toMatch(HAN);
          const raw = await parseStatement('y.csv', bytes, store.regions());
          expect(Array.isArray(raw.rows)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('mutated policy packs are refused with reasons (or accepted unchanged), never an exception, never a change', async () => {
    const keys = generateSigningKeys();
    const office = new Store({ file: ':memory:' });
    const text = JSON.stringify(await exportPack(office, { regions: ['320100'], privateKeyPem: keys.privateKeyPem, createdBy: '市局' }));
    await addTrustedKey(store, '市局', keys.publicKeyPem, '2026-11-22', ['320100']);
    const before = store.db.prepare('SELECT count(*) FROM policy_audit').pluck().get();
    await fc.assert(
      fc.asyncProperty(fc.nat(text.length - 1), fc.string({ minLength: 1, maxLength: 3 }), fc.boolean(), async (at, insert, remove) => {
        const mutatedText = remove ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + insert + text.slice(at);
        const check = await checkPack(store, mutatedText);
        if (!check.ok) for (const e of check.errors) expect(e).toMatch(HAN);
      }),
      { numRuns: 800 },
    );
    expect(store.db.prepare('SELECT count(*) FROM policy_audit').pluck().get()).toBe(before);
  });
});
