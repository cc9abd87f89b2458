// Keeping the library current: dated edits that never overwrite, their effect on saved
// cases, the administrator PIN, expiring documents, and signed policy packs.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/services/services.ts';
import { applyPack, addTrustedKey, canonicalJson, checkPack, exportPack, generateSigningKeys } from '../../src/services/policy-packs.ts';
import { checkAdminPin, setAdminPin } from '../../src/services/admin-pin.ts';
import {
  applyPlanInMemory,
  auditLog,
  expiringDocuments,
  impactOnCases,
  planEdit,
  writePlan,
  type ValueEdit,
} from '../../src/services/policy-admin.ts';
import { rowId } from '../../src/core/policy/row.ts';
import { Store } from '../../src/store/store.ts';
import { assessOk, baseCase } from '../support/engine.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
const TODAY = '2026-11-22';

const nanjingFlexible2027 = (over: Partial<ValueEdit> = {}): ValueEdit => ({
  region: '320100',
  key: 'flexible.rate',
  value: 0.085,
  effectiveFrom: '2027-01-01',
  effectiveTo: null,
  document: {
    number: '宁医保发〔2026〕99号',
    title: '关于调整2027年灵活就业人员医保费率的通知',
    url: 'https://ybj.nanjing.gov.cn/example',
  },
  article: '第二条',
  url: null,
  grade: 'V',
  note: null,
  reason: '市局通知：2027年起费率调整',
  ...over,
});
const count = (store: Store, sql: string) => store.db.prepare(sql).pluck().get() as number;

describe('dated edits', () => {
  it('a new value closes the previous one the day before, keeps both, and is audited', async () => {
    const store = new Store({ file: ':memory:' });
    const planned = await planEdit(store, nanjingFlexible2027(), TODAY);
    if (!planned.ok) throw new Error(planned.errors.join('; '));
    expect(planned.plan.close.map((c) => [c.row.id, c.effectiveTo])).toEqual([['320100/flexible.rate/2023-04-01', '2026-12-31']]);
    await writePlan(store, planned.plan, { actor: '李科长', reason: '市局通知：2027年起费率调整' });
    const rows = store.policies().rows.filter((r) => r.region === '320100' && r.key === 'flexible.rate');
    expect(rows.map((r) => [r.effectiveFrom, r.effectiveTo, r.value])).toEqual([
      ['2023-04-01', '2026-12-31', 0.08],
      ['2027-01-01', null, 0.085],
    ]);
    const audit = await auditLog(store);
    expect(audit.map((a) => [a.action, a.entity, a.entityId, a.actor])).toEqual([
      ['insert', 'value', '320100/flexible.rate/2027-01-01', '李科长'],
      ['update', 'value', '320100/flexible.rate/2023-04-01', '李科长'],
      ['insert', 'document', expect.stringMatching(/^OFFICE-/), '李科长'],
    ]);
    expect(audit[1]).toMatchObject({
      before: { effectiveTo: null },
      after: { effectiveTo: '2026-12-31' },
      reason: '市局通知：2027年起费率调整',
    });
    store.close();
  });

  it('a temporary value inside an open one: the old value continues after it', async () => {
    const store = new Store({ file: ':memory:' });
    const planned = await planEdit(
      store,
      nanjingFlexible2027({ value: 0.07, effectiveFrom: '2027-01-01', effectiveTo: '2027-12-31', reason: '阶段性降费' }),
      TODAY,
    );
    if (!planned.ok) throw new Error(planned.errors.join('; '));
    await writePlan(store, planned.plan, { actor: 'a', reason: '阶段性降费' });
    const rows = store.policies().rows.filter((r) => r.region === '320100' && r.key === 'flexible.rate');
    expect(rows.map((r) => [r.effectiveFrom, r.effectiveTo, r.value, r.document.number])).toEqual([
      ['2023-04-01', '2026-12-31', 0.08, '南京市新闻发布会（2023-04-11）'],
      ['2027-01-01', '2027-12-31', 0.07, '宁医保发〔2026〕99号'],
      ['2028-01-01', null, 0.08, '南京市新闻发布会（2023-04-11）'],
    ]);
    store.close();
  });

  it('refuses overlaps, same-date replacements, unknown keys, bad values and missing citations — and changes nothing', async () => {
    const store = new Store({ file: ':memory:' });
    const before = count(store, 'SELECT count(*) FROM policy_value');
    const cases: Array<[Partial<ValueEdit>, RegExp]> = [
      [{ effectiveFrom: '2023-04-01' }, /政策库不覆盖已有记录/],
      [{ region: '440300', key: 'employee.rate.employer', effectiveFrom: '2025-06-01', effectiveTo: null }, /与已有的值重叠.*2026-01-01/],
      [{ key: 'flexible.ratee' }, /未知的政策参数键/],
      [{ value: '8.5%' }, /费率应为 0 到 1 之间的小数/],
      [{ document: { number: '', title: '' }, article: null }, /缺少出处/],
      [{ reason: ' ' }, /请填写修改原因/],
      [{ region: '999999' }, /不在区划代码表中/],
    ];
    for (const [over, message] of cases) {
      const planned = await planEdit(store, nanjingFlexible2027(over), TODAY);
      expect(planned.ok, JSON.stringify(over)).toBe(false);
      if (!planned.ok) expect(planned.errors.join('\n')).toMatch(message);
    }
    expect(count(store, 'SELECT count(*) FROM policy_value')).toBe(before);
    store.close();
  });

  it('an edited rate changes the assessment of a case whose months fall in the new window, and of no other', async () => {
    const store = new Store({ file: ':memory:' });
    const api = createServices(store);
    // Shenzhen employer rate 6% from 2026: an office edit sets 6.5% from 2026-08-01.
    const history = (arrearsFrom: string, arrearsTo: string, after: string) => [
      { from: '2015-01', to: arrearsFrom === '2026-08' ? '2026-07' : '2026-04', scheme: 'employee', status: 'paid', base: 9000 },
      { from: arrearsFrom, to: arrearsTo, scheme: 'employee', status: 'arrears', base: 9000 },
      { from: after, to: '2026-10', scheme: 'employee', status: 'paid', base: 9000 },
    ];
    // Employer arrears in Aug–Sep 2026 (inside the new window) and in May–Jun 2026 (before it).
    const inWindow = baseCase({
      region: '440300',
      history: history('2026-08', '2026-09', '2026-10'),
      request: { scheme: 'employee', paymentDate: '2026-11-25' },
    });
    const beforeWindow = baseCase({
      region: '440300',
      history: history('2026-05', '2026-06', '2026-07'),
      request: { scheme: 'employee', paymentDate: '2026-11-25' },
    });
    const other = example; // Nanjing
    for (const c of [inWindow, beforeWindow, other]) expect((await api.saveCase({ caseFile: c })).ok).toBe(true);
    const edit: ValueEdit = {
      ...nanjingFlexible2027(),
      region: '440300',
      key: 'employee.rate.employer',
      value: 0.065,
      effectiveFrom: '2026-08-01',
      reason: '测试',
    };
    const planned = await planEdit(store, edit, TODAY);
    if (!planned.ok) throw new Error(planned.errors.join('; '));
    const impact = await impactOnCases(store, applyPlanInMemory(store.policies().rows, planned.plan));
    expect(impact.checked).toBe(3);
    expect(impact.cases).toHaveLength(1);
    expect(impact.cases[0]!.changes).toContainEqual({ figure: '补缴本金', before: '1,440.00 元', after: '1,530.00 元' });
    const beforePrincipal = assessOk(beforeWindow, store).backPay.principalFen;
    await writePlan(store, planned.plan, { actor: 't', reason: 'r' });
    expect(assessOk(inWindow, store).backPay.principalFen).toBe(2 * 76500); // 9000 × (6.5% + 2%)
    expect(assessOk(beforeWindow, store).backPay.principalFen).toBe(beforePrincipal);
    store.close();
  });
});

describe('administrator PIN', () => {
  it('is required, stored as a salted hash, and compared exactly', async () => {
    const store = new Store({ file: ':memory:' });
    expect(await checkAdminPin(store, '1234')).toContain('尚未设置管理员 PIN');
    await expect(setAdminPin(store, '12')).rejects.toThrow(/6 到 12 位数字/);
    await setAdminPin(store, '246810');
    expect(await checkAdminPin(store, '246810')).toBeNull();
    expect(await checkAdminPin(store, '246811')).toContain('不正确');
    expect(await checkAdminPin(store, '')).toContain('请输入');
    expect(JSON.stringify(store.db.prepare(`SELECT value_json FROM setting WHERE key = 'admin.pin'`).pluck().get())).not.toContain(
      '246810',
    );
    store.close();
  });
});

describe('expiry watch', () => {
  it('lists documents that have ended or end within 90 days', async () => {
    const store = new Store({ file: ':memory:' });
    const list = await expiringDocuments(store, TODAY);
    const gd = list.find((e) => e.document.number === '粤医保规〔2022〕6号');
    expect(gd).toMatchObject({ status: 'expired', regions: ['440000'] });
    expect(gd!.daysLeft).toBeLessThan(0);
    expect(list.find((e) => e.document.number === '穗医保规字〔2022〕1号')).toMatchObject({ status: 'expiring', daysLeft: 39 });
    expect(list.find((e) => e.document.number === '沪医保规〔2025〕7号')).toBeUndefined(); // ends 2030
    store.close();
  });
});

describe('policy packs', () => {
  const office = generateSigningKeys();

  async function officeWithEdit(): Promise<Store> {
    const store = new Store({ file: ':memory:' });
    const planned = await planEdit(store, nanjingFlexible2027(), TODAY);
    if (!planned.ok) throw new Error(planned.errors.join('; '));
    await writePlan(store, planned.plan, { actor: '市局', reason: '2027 费率' });
    return store;
  }

  it('a pack signed at the city office is verified and applied at a counter, with its diff, in one audited transaction', async () => {
    const cityOffice = await officeWithEdit();
    const pack = await exportPack(cityOffice, { regions: ['320100'], privateKeyPem: office.privateKeyPem, createdBy: '南京市医保中心' });
    const counter = new Store({ file: ':memory:' });
    await addTrustedKey(counter, '南京市医保中心', office.publicKeyPem, TODAY, ['320100']);
    const check = await checkPack(counter, JSON.stringify(pack));
    if (!check.ok) throw new Error(check.errors.join('; '));
    expect(check.diff.added.map((r) => r.id)).toEqual(['320100/flexible.rate/2027-01-01']);
    expect(check.diff.closed.map((c) => [c.row.id, c.effectiveTo])).toEqual([['320100/flexible.rate/2023-04-01', '2026-12-31']]);
    expect(check.diff.newDocuments.map((d) => d.number)).toEqual(['宁医保发〔2026〕99号']);
    await applyPack(counter, check, '窗口3');
    const rate = counter.policies().lookup(['320100', '320000', 'CN'], 'flexible.rate', 20270201).hit;
    expect(rate?.value).toBe(0.085);
    expect((await auditLog(counter)).every((a) => a.pack === pack.contentHash)).toBe(true);
    // Importing the same pack again changes nothing.
    const again = await checkPack(counter, JSON.stringify(pack));
    expect(again.ok && again.diff.added.length + again.diff.closed.length).toBe(0);
  });

  const rejectedWithNothingChanged = async (text: string, trust: boolean, message: RegExp) => {
    const counter = new Store({ file: ':memory:' });
    if (trust) await addTrustedKey(counter, '南京市医保中心', office.publicKeyPem, TODAY, ['320100']);
    const before = canonicalJson(counter.policyRows());
    const check = await checkPack(counter, text);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.join('\n')).toMatch(message);
    expect(canonicalJson(counter.policyRows())).toBe(before);
  };

  it('a tampered pack is rejected with nothing changed', async () => {
    const pack = await exportPack(await officeWithEdit(), {
      regions: ['320100'],
      privateKeyPem: office.privateKeyPem,
      createdBy: '南京市医保中心',
    });
    const tampered = structuredClone(pack);
    tampered.values.find((x) => rowId(x) === '320100/flexible.rate/2027-01-01')!.value = 0.05;
    await rejectedWithNothingChanged(JSON.stringify(tampered), true, /内容摘要不符/);
    // Even with a recomputed hash, the signature gives it away.
    const rehashed = { ...tampered, contentHash: '0'.repeat(64) };
    await rejectedWithNothingChanged(JSON.stringify(rehashed), true, /内容摘要不符/);
  });

  it('a pack signed by an unknown key is rejected with nothing changed', async () => {
    const stranger = generateSigningKeys();
    const pack = await exportPack(await officeWithEdit(), {
      regions: ['320100'],
      privateKeyPem: stranger.privateKeyPem,
      createdBy: '冒名者',
    });
    await rejectedWithNothingChanged(JSON.stringify(pack), true, /不在受信任的密钥列表中/);
    // A trusted key id with someone else's signature is also refused.
    const forged = { ...pack, signature: { ...pack.signature, keyId: office.keyId } };
    await rejectedWithNothingChanged(JSON.stringify(forged), true, /签名无效|不在受信任/);
  });

  it('a pack with overlapping windows, or an unknown key, is rejected with nothing changed', async () => {
    const cityOffice = new Store({ file: ':memory:' });
    // Sign content that overlaps the counter's own open row (no closing of it).
    const pack = await exportPack(cityOffice, { regions: ['320100'], privateKeyPem: office.privateKeyPem, createdBy: '南京市医保中心' });
    const extra = {
      ...pack.values.find((x) => rowId(x) === '320100/flexible.rate/2023-04-01')!,
      effectiveFrom: '2025-01-01',
      value: 0.09,
    };
    const overlapping = resign({ ...pack, values: [...pack.values, extra] });
    await rejectedWithNothingChanged(JSON.stringify(overlapping), true, /重叠|冲突/);
    const unknownKey = resign({ ...pack, values: [...pack.values, { ...extra, key: 'flexible.rate.typo' }] });
    await rejectedWithNothingChanged(JSON.stringify(unknownKey), true, /未知的政策参数键/);
  });

  it('a key signs only for the regions it was trusted for: a city key touching CN or another city is rejected with nothing changed', async () => {
    const cityOffice = await officeWithEdit();
    const packOf = async (regions: string[]) =>
      JSON.stringify(await exportPack(cityOffice, { regions, privateKeyPem: office.privateKeyPem, createdBy: '南京市医保中心' }));
    const counterTrusting = async (regions: string[]) => {
      const counter = new Store({ file: ':memory:' });
      await addTrustedKey(counter, '南京市医保中心', office.publicKeyPem, TODAY, regions);
      return counter;
    };
    for (const [regions, outside] of [
      [['320100', 'CN'], /全国（CN）/],
      [['320100', '330100'], /杭州市（330100）/],
    ] as const) {
      const counter = await counterTrusting(['320100']);
      const before = canonicalJson(counter.policyRows());
      const check = await checkPack(counter, await packOf([...regions]));
      expect(check.ok).toBe(false);
      if (!check.ok) {
        expect(check.errors.join('\n')).toMatch(outside);
        expect(check.errors.join('\n')).toMatch(/超出签名密钥“南京市医保中心”可签署的范围（南京市（320100））；未导入任何内容/);
      }
      expect(canonicalJson(counter.policyRows())).toBe(before);
    }
    // A province key signs for the province and its cities; a national key for CN only.
    expect((await checkPack(await counterTrusting(['320000']), await packOf(['320100']))).ok).toBe(true);
    expect((await checkPack(await counterTrusting(['CN']), await packOf(['320100']))).ok).toBe(false);
    expect((await checkPack(await counterTrusting(['CN']), await packOf(['CN']))).ok).toBe(true);
    // A key trusted before scopes existed signs for nothing until it is added again with its regions.
    const legacy = new Store({ file: ':memory:' });
    await legacy.settings.set('policy.trustedKeys', [
      { keyId: office.keyId, name: '南京市医保中心', publicKeyPem: office.publicKeyPem, addedAt: '2026-11-01T09:00:00' },
    ]);
    const old = await checkPack(legacy, await packOf(['320100']));
    expect(!old.ok && old.errors.join('')).toMatch(/添加时未限定可签署的地区/);
    // Adding a key needs known regions.
    await expect(addTrustedKey(legacy, '某单位', office.publicKeyPem, TODAY, [])).rejects.toThrow(/请指定该密钥可签署的地区/);
    await expect(addTrustedKey(legacy, '某单位', office.publicKeyPem, TODAY, ['999999'])).rejects.toThrow(/不在区划代码表中/);
  });

  /** Re-signs edited content with the trusted key, as a city office making a bad pack would. */
  function resign(content: Awaited<ReturnType<typeof exportPack>>) {
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
      signature: {
        ...content.signature,
        keyId: office.keyId,
        value: sign(null, Buffer.from(body), createPrivateKey(office.privateKeyPem)).toString('base64'),
      },
    };
  }
});
