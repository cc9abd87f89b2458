// Issue 12, item 10 of its list: every date is checked against the real calendar where it
// enters — policy packs (documents, rows, the pack's own time), dated edits, and case files —
// with the one row schema of src/core/policy/row.ts and the one calendar of src/core/calendar.ts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setAdminPin } from '../../src/services/admin-pin.ts';
import { addTrustedKey, canonicalJson, exportPack, generateSigningKeys } from '../../src/services/policy-packs.ts';
import { createServices } from '../../src/services/services.ts';
import { Store } from '../../src/store/store.ts';
import { createPrivateKey, sign } from 'node:crypto';
import { caseFor } from './support.ts';

/** Re-signs a changed pack, so only the dates are wrong (hash and signature are right). */
function resign(pack: Record<string, unknown>, privateKeyPem: string): string {
  const { contentHash: _h, signature, ...content } = pack as { contentHash: string; signature: Record<string, string> };
  const bytes = Buffer.from(canonicalJson(content));
  return JSON.stringify({
    ...content,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    signature: { ...signature, value: sign(null, bytes, createPrivateKey(privateKeyPem)).toString('base64') },
  });
}

describe('real calendar dates (issue 12)', () => {
  it('refuses impossible dates in packs, edits and case files; accepts 29 February of a leap year', async () => {
    const store = new Store({ file: ':memory:' });
    await setAdminPin(store, '246810');
    const api = createServices(store);
    const keys = generateSigningKeys();
    await addTrustedKey(store, '测试市局', keys.publicKeyPem, '2026-01-01T00:00:00', ['320100']);
    const pack = (await exportPack(store, {
      regions: ['320100'],
      privateKeyPem: keys.privateKeyPem,
      createdBy: '测试市局',
    })) as unknown as {
      createdAt: string;
      values: Array<Record<string, unknown>>;
      documents: Array<Record<string, unknown>>;
    };
    const variants: Array<[string, (p: typeof pack) => void]> = [
      ['核对日期', (p) => void (p.values[0]!.lastReviewed = '9999-99-99')],
      ['生效日期', (p) => void (p.values[0]!.effectiveFrom = '2026-02-30')],
      ['文件', (p) => void (p.documents[0]!.effectiveFrom = '2028-99-99')],
      ['出具时间', (p) => void (p.createdAt = '2026-13-45T99:00:00.000Z')],
    ];
    for (const [what, change] of variants) {
      const copy = structuredClone(pack);
      change(copy);
      const preview = await api.previewPolicyPack({ text: resign(copy, keys.privateKeyPem) });
      expect(preview.ok, what).toBe(false);
      if (!preview.ok) expect(preview.error.message, what).toMatch(/日期|时间/);
    }

    const edit = {
      region: '320100',
      key: 'flexible.rate',
      value: 0.09,
      effectiveFrom: '2028-02-29',
      effectiveTo: null,
      document: { number: '宁医保发〔2028〕1号', title: '测试文件', effectiveFrom: '2028-99-99' },
      article: '第一条',
      url: null,
      grade: 'B' as const,
      note: null,
      reason: '日期测试',
    };
    const refused = await api.previewPolicyValue(edit);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/文件生效日期.*2028-99-99/);
    expect(await api.previewPolicyValue({ ...edit, document: { ...edit.document, effectiveFrom: '2028-02-29' } })).toMatchObject({
      ok: true,
    });
    expect(await api.previewPolicyValue({ ...edit, effectiveFrom: '2027-02-29' })).toMatchObject({ ok: false });

    for (const asOf of ['2026-02-30', '2026-04-31', '2026-00-10', '9999-99-99']) {
      const result = await api.assess({ ...caseFor('张三'), asOf });
      expect(result.ok && !result.value.valid && result.value.errors.some((e) => e.path === 'asOf'), asOf).toBe(true);
    }
    const paymentDay = await api.assess({ ...caseFor('张三'), request: { scheme: 'employee', paymentDate: '2026-11-31' } });
    expect(paymentDay.ok && !paymentDay.value.valid && paymentDay.value.errors.some((e) => e.path === 'request.paymentDate')).toBe(true);
    store.close();
  });
});
