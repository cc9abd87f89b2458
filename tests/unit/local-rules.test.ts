// 本地规则设置 through the services (issue 13 item 2): an office records a complete in-city rule
// for a city that has none; the preview shows what the counter answers in the typical situations
// now ("unknown") and with the rule, and the impact on saved cases; saving goes the dated-edit
// path (PIN, one audited change); the same rule as a signed pack for every counter. On SQLite
// and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyValueEdit, YibaoApi } from '../../src/api/contract.ts';
import { localRuleEdits, type CitationInput } from '../../src/core/policy/local-rules.ts';
import { typicalCase } from '../../src/core/policy/typical.ts';
import { createServices } from '../../src/services/services.ts';
import { addTrustedKey, checkPack, generateSigningKeys } from '../../src/services/policy-packs.ts';
import { Store } from '../../src/store/store.ts';
import { BACKENDS, openBackend, type OpenedBackend } from '../support/backends.ts';
import { impactOf } from '../support/impact.ts';

const PIN = '246810';
// A city with no in-city rule in the library (杭州 now has the 浙江省医疗保障条例 rows, issue 20).
const WUHU = '340200';
const citation: CitationInput = {
  number: '芜医保〔2027〕5号（测试）',
  title: '关于职工医保断缴后续缴待遇的通知（测试）',
  article: '第三条',
  url: 'https://ybj.wuhu.gov.cn/test-2027-5',
  grade: 'V',
  effectiveFrom: '2027-01-01',
};
/** A complete in-city rule for employees: ≤3 months back-pay from next month, longer 6 months' wait. */
const rule = localRuleEdits({
  region: WUHU,
  citation,
  reason: '本市断缴续缴规则（测试）',
  values: [
    { key: 'employee.interruption.shortLimitMonths', value: 3, citation: null },
    { key: 'employee.short.backPayAllowed', value: true, citation: null },
    { key: 'employee.short.waitingMonths', value: 0, citation: null },
    { key: 'employee.short.startOffset', value: 1, citation: null },
    { key: 'employee.short.retroactive', value: true, citation: null },
    {
      key: 'employee.interruption.tiers',
      value: [{ upToMonths: null, backPayAllowed: false, waitingMonths: 6, waitingMonthsMax: 6, startOffset: null, retroactive: false }],
      citation: null,
    },
    { key: 'employee.benefit.startOffset', value: 1, citation: null },
    { key: 'employee.firstEnrolment.waitingMonths', value: 6, citation: { ...citation, article: '第五条' } },
    { key: 'employee.firstEnrolment.exemptIfWithinMonths', value: 3, citation: { ...citation, article: '第五条' } },
  ],
});
/** As the API takes them (every grade chosen here). */
const edits = rule as unknown as PolicyValueEdit[];
const typical = { region: WUHU, scheme: 'employee' as const, paymentDate: '2027-03-10' };

describe.each(BACKENDS)('本地规则设置 on %s', (kind) => {
  let backend: OpenedBackend;
  let api: YibaoApi;
  beforeAll(async () => {
    backend = await openBackend(kind);
    api = createServices(backend.repos);
    await api.setAdminPin({ currentPin: null, newPin: PIN });
  });
  afterAll(() => backend.close());

  it('previews a complete in-city rule for a city with none: the typical situations go from "unknown" to definite answers', async () => {
    // A saved Hangzhou case with a 4-month gap paying in 2027: its answer changes too.
    const saved = await api.saveCase({
      caseFile: {
        ...(typicalCase('gap-4', WUHU, 'employee', '2027-03-10') as object),
        person: { name: '芜湖续缴', sex: 'male', birth: '1985-01', retirementCategory: 'male' },
      },
    });
    expect(saved.ok).toBe(true);
    const preview = await api.previewPolicyEdits({ edits, typical });
    if (!preview.ok) throw new Error(preview.error.message);
    const rows = preview.value.typical?.rows ?? [];
    expect(rows.map((r) => r.label)).toEqual([
      '中断 1 个月后续缴',
      '中断 3 个月后续缴',
      '中断 4 个月后续缴',
      '中断 6 个月后续缴',
      '中断 12 个月后续缴',
      '首次参保',
      '欠缴 2 个月，其后连续缴费',
    ]);
    const row = (id: string) => rows.find((r) => r.id === id);
    // Today the counter cannot say: no local rule.
    expect(row('gap-1')?.current).toMatchObject({ unknown: true, waitingMonths: null, from: null, backPayAllowed: null });
    expect(row('gap-4')?.current).toMatchObject({ unknown: true, waitingMonths: null });
    // With the rule: definite answers, resting on the new document.
    expect(row('gap-1')?.proposed).toMatchObject({
      unknown: false,
      backPayAllowed: true,
      waitingMonths: 0,
      from: '2027-04',
      retroactive: true,
    });
    expect(row('gap-3')?.proposed).toMatchObject({ backPayAllowed: true, waitingMonths: 0 });
    expect(row('gap-4')?.proposed).toMatchObject({ backPayAllowed: false, waitingMonths: 6, from: '2027-09', retroactive: false });
    expect(row('gap-12')?.proposed).toMatchObject({ waitingMonths: 6 });
    expect(row('gap-4')?.proposed?.documents).toContain('芜医保〔2027〕5号（测试）');
    expect(row('first')?.proposed).toMatchObject({ waitingMonths: 6, from: '2027-09' });
    expect(row('arrears')?.proposed).toMatchObject({ waitingMonths: 0, from: '2027-04' });
    // What it adds, and the saved case whose answer changes.
    expect(preview.value.added.map((r) => r.key)).toContain('employee.interruption.tiers');
    const impact = await impactOf(api, preview.value.impact);
    expect(impact.cases.map((c) => c.personName)).toEqual(['芜湖续缴']);
    expect(impact.cases[0]?.changes).toContainEqual({ figure: '等待期', before: '—', after: '6 个月' });
  });

  it('refuses a rule with a missing grade or a bad value field by field, and saves nothing', async () => {
    const bad = edits.map((e, i) => (i === 0 ? { ...e, grade: '' } : i === 2 ? { ...e, value: 'x' } : e));
    const before = await backend.repos.policy.version();
    const refused = await api.addPolicyValues({ edits: bad, pin: PIN } as never);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.fields?.map((f) => f.path)).toEqual(expect.arrayContaining(['edits[0].grade', 'edits[2].value']));
    }
    expect(await backend.repos.policy.version()).toBe(before);
  });

  it('saves the rule in one audited change with the PIN, and the typical situations then answer with it', async () => {
    const wrong = await api.addPolicyValues({ edits, pin: '000000' });
    expect(wrong).toMatchObject({ ok: false, error: { fields: [{ path: 'pin' }] } });
    const saved = await api.addPolicyValues({ edits, pin: PIN });
    if (!saved.ok) throw new Error(saved.error.message);
    const audit = (await backend.repos.policy.audit({ limit: 20 })).filter((a) => a.reason === '本市断缴续缴规则（测试）');
    expect(audit.filter((a) => a.entity === 'value')).toHaveLength(rule.length);
    expect(audit.filter((a) => a.entity === 'document').map((a) => (a.after as { number: string }).number)).toEqual([
      '芜医保〔2027〕5号（测试）',
    ]);
    const again = await api.previewPolicyEdits({ edits: [], typical });
    expect(again.ok).toBe(false); // nothing to save
    const now = await api.previewPolicyEdits({
      edits: [{ ...edits[0]!, key: 'employee.short.retroactive', value: false, effectiveFrom: '2028-01-01' }],
      typical,
    });
    if (!now.ok) throw new Error(now.error.message);
    expect(now.value.typical?.rows.find((r) => r.id === 'gap-1')?.current).toMatchObject({
      unknown: false,
      waitingMonths: 0,
      from: '2027-04',
    });
  });

  it('prepares the same rule as a signed pack that a counter trusting the city key imports', async () => {
    const keys = generateSigningKeys();
    const other = await openBackend(kind);
    try {
      const otherApi = createServices(other.repos);
      const made = await otherApi.exportPolicyEditsPack({ edits, privateKeyPem: keys.privateKeyPem, createdBy: '芜湖市医保局' });
      if (!made.ok) throw new Error(made.error.message);
      const counter = new Store({ file: ':memory:' });
      await addTrustedKey(counter, '芜湖市医保局', keys.publicKeyPem, '2027-01-01T09:00:00', [WUHU]);
      const check = await checkPack(counter, made.value.text);
      if (!check.ok) throw new Error(check.errors.join('; '));
      expect(check.diff.added.map((r) => r.key).sort()).toEqual(rule.map((e) => e.key).sort());
      counter.close();
    } finally {
      await other.close();
    }
  });
});
