// docs/rules.md §0.5 "Exact or refused" (issue 9 item 5), through every way a value enters the
// library — the shipped seed files, a dated edit at the 政策库 screen, a signed policy pack —
// and in the engine itself: an over-precise value, a date that is not a real day, and a row
// that can never apply are refused with the reason, and the library is left as it was. A value
// the engine cannot convert is never read as 0: the figure is null with MISSING_PARAMETER.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/core/engine/assess.ts';
import { PolicyLoadError, PolicySet, type PolicyRow } from '../../src/core/policy/policy-set.ts';
import { validateCase } from '../../src/core/validate.ts';
import { planEdit, type ValueEdit } from '../../src/services/policy-admin.ts';
import { createServices } from '../../src/services/services.ts';
import { addTrustedKey, canonicalJson, checkPack, exportPack, generateSigningKeys } from '../../src/services/policy-packs.ts';
import { locateAssets } from '../../src/store/paths.ts';
import { clearAuditContext, setAuditContext } from '../../src/store/policy-repository.ts';
import { SeedError, Store } from '../../src/store/store.ts';
import { baseCase, seededStore } from '../support/engine.ts';

const TODAY = '2026-11-28';
const libraryOf = (store: Store) => canonicalJson(store.policyRows().map((r) => ({ ...r, document: r.document.id })));

/** A Nanjing row as a seed file or a pack carries it. */
const seedRow = (over: Record<string, unknown>) => ({
  id: '320100/flexible.rate/2027-01-01',
  region: '320100',
  key: 'flexible.rate',
  value: 0.085,
  effectiveFrom: '2027-01-01',
  effectiveTo: null,
  document: 'TEST-DOC',
  article: '第二条',
  url: null,
  grade: 'V' as const,
  lastReviewed: TODAY,
  note: null,
  ...over,
});
const testDocument = (effectiveTo: string | null = null) => ({
  id: 'TEST-DOC',
  number: '宁医保发〔2026〕99号',
  title: '测试文件',
  issuer: null,
  url: 'https://example.gov.cn/test',
  effectiveFrom: '2026-01-01',
  effectiveTo,
  kind: 'law' as const,
});

/** The ways a row can break docs/rules.md §0.5, and a word of the reason each must give. */
const BAD_ROWS: Array<[string, Record<string, unknown>, RegExp, string | null]> = [
  ['a rate with 7 decimals', { value: 0.0700001 }, /费率最多 6 位小数/, null],
  ['an amount with 3 decimals', { key: 'base.max', id: '320100/base.max/2027-01-01', value: 30000.005 }, /金额最多 2 位小数/, null],
  ['a day that does not exist', { effectiveFrom: '2027-02-30', id: '320100/flexible.rate/2027-02-30' }, /真实的日历日期/, null],
  [
    'a month that does not exist',
    {
      key: 'retirement.schedule.male',
      id: 'CN/x',
      region: 'CN',
      value: { baseAgeYears: 60, firstAffectedBirth: '1965-13', bandMonths: 4, maxDelayMonths: 36 },
    },
    /真实的月份/,
    null,
  ],
  ['a row that ends before it starts', { effectiveTo: '2026-12-31' }, /永远不会适用/, null],
  ['a row that starts after its document ended', {}, /永远不会适用/, '2026-06-30'],
];

describe('shipped seed files: a bad row stops the seeding and changes nothing', () => {
  for (const [what, over, reason, documentEnd] of BAD_ROWS) {
    it(`refuses ${what}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'yibao-seed-'));
      const assets = join(dir, 'db');
      cpSync(locateAssets(), assets, { recursive: true });
      const file = join(dir, 'yibao.sqlite');
      const good = new Store({ file, assetsDir: assets });
      const before = libraryOf(good);
      good.close();
      writeFileSync(
        join(assets, 'seed', 'policy', '999-bad.json'),
        JSON.stringify({ documents: [testDocument(documentEnd)], values: [seedRow(over)] }),
      );
      let error: unknown = null;
      try {
        new Store({ file, assetsDir: assets }).close();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SeedError);
      expect(String((error as Error).message)).toMatch(reason);
      // The same database, reopened with the good seed files, still holds exactly what it had.
      rmBad(assets);
      const reopened = new Store({ file, assetsDir: assets });
      expect(libraryOf(reopened)).toBe(before);
      reopened.close();
    });
  }
});

function rmBad(assets: string) {
  writeFileSync(join(assets, 'seed', 'policy', '999-bad.json'), JSON.stringify({ documents: [], values: [] }));
}

/** The same bad rows as a dated edit typed at the 政策库 screen. */
const edit = (over: Record<string, unknown>, documentEnd: string | null): ValueEdit =>
  ({
    region: '320100',
    key: 'flexible.rate',
    value: 0.085,
    effectiveFrom: '2027-01-01',
    effectiveTo: null,
    document: { number: '宁医保发〔2026〕98号', title: '测试文件', url: 'https://example.gov.cn/test', effectiveTo: documentEnd },
    article: '第二条',
    url: null,
    grade: 'V',
    note: null,
    reason: '测试',
    ...Object.fromEntries(Object.entries(over).filter(([k]) => k !== 'id')),
  }) as ValueEdit;

describe('dated edits: refused with the reason, nothing planned or written', () => {
  for (const [what, over, reason, documentEnd] of BAD_ROWS) {
    it(`refuses ${what}`, async () => {
      const store = new Store({ file: ':memory:' });
      const before = libraryOf(store);
      const planned = await planEdit(store, edit(over, documentEnd), TODAY);
      expect(planned.ok).toBe(false);
      if (!planned.ok) expect(planned.errors.join('\n')).toMatch(reason);
      expect(libraryOf(store)).toBe(before);
      store.close();
    });
  }

  it('refuses a row dated after the end of a document already in the library (粤医保规〔2022〕6号 ended 2025-06-30)', async () => {
    const store = new Store({ file: ':memory:' });
    const before = libraryOf(store);
    const planned = await planEdit(
      store,
      {
        ...edit({ region: '440000', key: 'transfer.shortLimitMonths', value: 3, effectiveFrom: '2026-01-01' }, null),
        document: { id: 'GD-2022-6', number: '粤医保规〔2022〕6号', title: '广东省基本医疗保险关系省内转移接续暂行办法' },
      },
      TODAY,
    );
    expect(planned.ok).toBe(false);
    if (!planned.ok) expect(planned.errors.join('\n')).toMatch(/晚于所引用文件的失效日期 2025-06-30/);
    expect(libraryOf(store)).toBe(before);
    store.close();
  });
});

describe('policy packs: a signed pack with a bad row is refused, nothing imported', () => {
  const office = generateSigningKeys();
  for (const [what, over, reason, documentEnd] of BAD_ROWS) {
    it(`refuses ${what}`, async () => {
      const cityOffice = new Store({ file: ':memory:' });
      const pack = await exportPack(cityOffice, { regions: ['320100'], privateKeyPem: office.privateKeyPem, createdBy: '南京市医保中心' });
      const bad = resign(
        {
          ...pack,
          documents: [...pack.documents, testDocument(documentEnd)],
          values: [...pack.values, seedRow(over) as (typeof pack.values)[number]],
        },
        office.privateKeyPem,
        office.keyId,
      );
      const counter = new Store({ file: ':memory:' });
      await addTrustedKey(counter, '南京市医保中心', office.publicKeyPem, TODAY, ['320100']);
      const before = libraryOf(counter);
      const check = await checkPack(counter, JSON.stringify(bad));
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.errors.join('\n')).toMatch(reason);
      expect(libraryOf(counter)).toBe(before);
      counter.close();
      cityOffice.close();
    });
  }
});

function resign(content: Awaited<ReturnType<typeof exportPack>>, privateKeyPem: string, keyId: string) {
  const body = canonicalJson({
    format: content.format,
    createdAt: content.createdAt,
    createdBy: content.createdBy,
    scope: content.scope,
    documents: content.documents,
    values: content.values,
  });
  return {
    ...content,
    contentHash: createHash('sha256').update(body).digest('hex'),
    signature: { ...content.signature, keyId, value: sign(null, Buffer.from(body), createPrivateKey(privateKeyPem)).toString('base64') },
  };
}

describe('the engine never reads a value it cannot convert as 0', () => {
  const store = seededStore();
  const regions = store.regions();
  /** The library as an older database might hold it: Nanjing's employer rate with one decimal too many. */
  const rows: PolicyRow[] = store
    .policies()
    .rows.map((r) => (r.id === '320100/employee.rate.employer/2023-04-01' ? { ...r, value: 0.0700001 } : r));
  const nanjing = baseCase(); // the spec example: employee, interruption Aug–Oct 2026, base 8000

  it('a library being checked refuses it outright', () => {
    expect(() => new PolicySet(rows)).toThrow(PolicyLoadError);
  });

  it('a library already stored still loads, and the principal is null with MISSING_PARAMETER, never 2%', () => {
    const policies = new PolicySet(rows, { invalidRows: 'flag' });
    expect(policies.problems.map((p) => p.row.id)).toEqual(['320100/employee.rate.employer/2023-04-01']);
    const v = validateCase({ ...nanjing, request: { scheme: 'employee', paymentDate: '2026-11-25', transferFrom: '310000' } }, regions);
    if (!v.ok) throw new Error('case rejected');
    const a = assess(v.value, { policies, regions });
    expect(a.backPay.principalFen).toBeNull();
    expect(a.backPay.lines.every((l) => l.principalFen === null && l.rate === null)).toBe(true);
    const warning = a.warnings.find((w) => w.code === 'MISSING_PARAMETER' && w.key === 'employee.rate.employer');
    expect(warning?.message).toMatch(/0\.0700001.*费率最多 6 位小数/);
    // With the exact value the same case is priced: 8000 × (7% + 2%) × 3.
    const exact = assess(v.value, { policies: store.policies(), regions });
    expect(exact.backPay.principalFen).toBe(216000);
  });

  /** A database written before these checks, holding that row (changed behind the store's back, audited). */
  const olderDatabase = () => {
    const store = new Store({ file: ':memory:' });
    store.db.transaction(() => {
      setAuditContext(store.db, { actor: '测试', reason: '旧数据库中的记录' });
      store.db.prepare(`UPDATE policy_value SET value_json = '0.0700001' WHERE id = '320100/employee.rate.employer/2023-04-01'`).run();
      clearAuditContext(store.db);
    })();
    return store;
  };

  it('the store itself refuses a change that would add such a row (behind the edit and pack checks), library unchanged', () => {
    const store = new Store({ file: ':memory:' });
    const rate = () =>
      store.db.prepare(`SELECT value_json FROM policy_value WHERE id = '320100/employee.rate.employer/2023-04-01'`).pluck().get();
    expect(() =>
      store.changePolicies({ actor: '测试', reason: '测试' }, () => {
        store.db.prepare(`UPDATE policy_value SET value_json = '0.0700001' WHERE id = '320100/employee.rate.employer/2023-04-01'`).run();
      }),
    ).toThrow(/费率最多 6 位小数/);
    expect(rate()).toBe('0.07');
    // An older database's unusable row does not block other changes (so it can be corrected).
    const older = olderDatabase();
    older.changePolicies({ actor: '测试', reason: '核对' }, () => {
      older.db.prepare(`UPDATE policy_value SET note = '已核对' WHERE id = '320100/employee.rate.employee/2023-04-01'`).run();
    });
    expect(older.policies().problems.map((p) => p.row.id)).toEqual(['320100/employee.rate.employer/2023-04-01']);
    store.close();
    older.close();
  });

  it('a row already in a database is listed as unusable on 政策库, and the window is never given 2%', async () => {
    const store = olderDatabase();
    const library = await createServices(store).policyLibrary();
    if (!library.ok) throw new Error(library.error.message);
    expect(library.value.unusable).toEqual([
      {
        id: '320100/employee.rate.employer/2023-04-01',
        region: '320100',
        key: 'employee.rate.employer',
        reason: expect.stringContaining('费率最多 6 位小数'),
      },
    ]);
    const v = validateCase({ ...nanjing, request: { scheme: 'employee', paymentDate: '2026-11-25', transferFrom: '310000' } }, regions);
    if (!v.ok) throw new Error('case rejected');
    expect(assess(v.value, { policies: store.policies(), regions }).backPay.principalFen).toBeNull();
    store.close();
  });
});
