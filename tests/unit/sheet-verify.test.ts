// 核验告知单 (issue 24 item 3): a sheet a client brings back, checked at any counter from the
// 核验码 printed on it — genuine or not, its record unchanged or not, its figures still
// holding today or not, and why. On both databases, with "today" given (time is an input).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { YibaoApi } from '../../src/api/contract.ts';
import { parseVerificationCode } from '../../src/core/sheet-code.ts';
import { createServices } from '../../src/services/services.ts';
import { verifySheet } from '../../src/services/sheet-verify.ts';
import { findChromium, htmlToPdf } from '../../src/sheet/pdf.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import { Store } from '../../src/store/store.ts';
import { BACKENDS, openBackend, type OpenedBackend } from '../support/backends.ts';

const root = join(import.meta.dirname, '..', '..');
// jsqr is CommonJS compiled from an ES module: its function is `default`, or the import itself
// where the test runner unwraps it.
type Decode = typeof jsQRModule.default;
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
/** The code as the sheet prints it: what the clerk reads off the paper. */
const printedCode = (html: string) => /核验码 ([0-9A-Z-]+)</.exec(html)?.[1] ?? '';

describe.each(BACKENDS)('核验告知单 on %s', (kind) => {
  let backend: OpenedBackend;
  let api: YibaoApi;
  let code = '';
  let caseId = '';
  beforeAll(async () => {
    backend = await openBackend(kind);
    api = createServices(backend.repos);
    await api.saveSettings({ officeName: '南京市医保中心', counterNumber: '3', clerkName: '李明', defaultRegion: '320100' });
    const saved = await api.saveCase({ caseFile: example });
    if (!saved.ok) throw new Error(saved.error.message);
    caseId = saved.value.id;
    const sheet = await api.issueSheet({ caseId, caseFile: example });
    if (!sheet.ok) throw new Error(sheet.error.message);
    code = printedCode(sheet.value.html);
    expect(code).toMatch(new RegExp(`^${sheet.value.number}-[0-9A-F]{8}$`));
  }, 120_000);
  afterAll(() => backend.close());

  it('a genuine sheet whose figures still hold on the day it was issued', async () => {
    const v = await verifySheet(backend.repos, code, '2026-11-22');
    expect(v.status).toBe('genuine');
    expect(v.message).toContain('真实有效');
    expect(v.stillHolds).toBe(true);
    expect(v.differences).toEqual([]);
    expect(v.sheet).toMatchObject({
      clientName: '张三',
      idMasked: '320102********0010',
      total: '2,160.00 元',
      counter: '3',
      clerk: '李明',
    });
  });

  it('reads the code as the clerk meant it: lowercase, spaces, full-width digits, a Chinese dash', async () => {
    const messy = ` ${code
      .toLowerCase()
      .replace(/-/g, '－')
      .replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))} `;
    expect((await verifySheet(backend.repos, messy, '2026-11-22')).status).toBe('genuine');
  });

  it('says which answers a wrong code gets, never "genuine"', async () => {
    const number = code.slice(0, code.lastIndexOf('-'));
    // The check part's first character changed (it was flipped by the code's last character
    // before, which left the code unchanged whenever it began with '0': a 1-in-16 flake).
    const check = code.slice(number.length + 1);
    const flipped = `${number}-${check.startsWith('0') ? '1' : '0'}${check.slice(1)}`;
    expect(flipped).not.toBe(code);
    const mismatch = await verifySheet(backend.repos, flipped, '2026-11-22');
    expect(mismatch.status).toBe('code-mismatch');
    expect(mismatch.message).toContain('不是该编号出具时的原件');
    // What the client's paper should say is shown, so the clerk can compare.
    expect(mismatch.sheet?.total).toBe('2,160.00 元');

    const unknown = await verifySheet(backend.repos, '20200101-03-0001-1A2B3C4D', '2026-11-22');
    expect(unknown).toMatchObject({ status: 'unknown-number', sheet: null });
    expect(unknown.message).toContain('没有编号为 20200101-03-0001 的告知单');

    const unreadable = await verifySheet(backend.repos, '张三', '2026-11-22');
    expect(unreadable.status).toBe('unreadable');
    expect(unreadable.message).toContain('核验码格式不对');
  });

  it('a later day: the figures no longer hold, because the payment day has passed', async () => {
    const v = await verifySheet(backend.repos, code, '2026-12-10');
    expect(v.status).toBe('genuine');
    expect(v.stillHolds).toBe(false);
    expect(v.differences.map((d) => d.label)).toContain('最迟缴费日期');
    expect(v.reasons.join('')).toContain('计划缴费日期（2026年11月25日）已过');
    // Only the date moved: the library did not change, and the answer does not say it did.
    expect(v.reasons.join('')).not.toContain('政策库');
  });

  it('the library changed since: the same case on the same day gives other figures, and the answer says why', async () => {
    expect(await api.setAdminPin({ currentPin: null, newPin: '246810' })).toEqual({ ok: true, value: null });
    const added = await api.addPolicyValue({
      pin: '246810',
      edit: {
        region: '320100',
        key: 'employee.rate.employer',
        value: 0.08,
        effectiveFrom: '2026-08-01',
        effectiveTo: null,
        document: { number: '宁医保发〔2026〕98号', title: '关于调整职工医保单位费率的通知', url: 'https://ybj.nanjing.gov.cn/example' },
        article: '第一条',
        url: null,
        grade: 'V',
        note: null,
        reason: '测试：单位费率调整',
      },
    });
    expect(added.ok).toBe(true);
    const v = await verifySheet(backend.repos, code, '2026-11-22');
    expect(v.stillHolds).toBe(false);
    expect(v.reasons).toEqual(['政策库中适用于此案件的规定已更新（费率、基数或待遇规则有变化）。']);
    expect(v.differences.find((d) => d.label === '合计')).toEqual({ label: '合计', then: '2,160.00 元', now: '2,400.00 元' });
  });

  it('a payment since: the saved case has a later paid row, and the answer says so', async () => {
    const paid = {
      ...example,
      history: [...example.history, { from: '2026-08', to: '2026-11', scheme: 'employee', status: 'paid', base: 8000 }],
      request: { ...example.request, paymentDate: '2026-12-01' },
      asOf: '2026-12-01',
    };
    const saved = await api.saveCase({ id: caseId, caseFile: paid, version: 1 });
    expect(saved.ok).toBe(true);
    const v = await verifySheet(backend.repos, code, '2026-12-01');
    expect(v.stillHolds).toBe(false);
    expect(v.reasons.join('')).toContain('参保记录有变化');
    expect(v.differences.find((d) => d.label === '合计')).toEqual({ label: '合计', then: '2,160.00 元', now: '0.00 元' });
  });

  it('a client marked 已缴 in 到期提醒 whose payment is not typed in yet: the answer says the figures do not count it', async () => {
    // The case as it was issued, saved again, then marked 已缴 from the reminder list.
    const current = await api.getCase(caseId);
    if (!current.ok) throw new Error(current.error.message);
    const saved = await api.saveCase({ id: caseId, caseFile: example, version: current.value.version });
    if (!saved.ok) throw new Error(saved.error.message);
    const version = current.value.version + 1;
    expect(await api.markReminderPaid({ caseId, version, paid: true })).toEqual({ ok: true, value: null });
    const v = await verifySheet(backend.repos, code, '2026-11-22');
    expect(v.status).toBe('genuine');
    expect(v.reasons.join('')).toContain('该客户已在到期提醒中标记为已缴');
    expect(v.reasons.join('')).toContain('未计入这笔缴费');
    // Taken back: no such word.
    await api.markReminderPaid({ caseId, version, paid: false });
    expect((await verifySheet(backend.repos, code, '2026-11-22')).reasons.join('')).not.toContain('已缴');
  });

  it('a record whose stored sheet no longer has the hash it was issued with: not called genuine', async () => {
    const other = await api.issueSheet({ caseId: null, caseFile: { ...example, person: { ...example.person, name: '改动丙' } } });
    if (!other.ok) throw new Error(other.error.message);
    const otherCode = printedCode(other.value.html);
    expect((await verifySheet(backend.repos, otherCode, '2026-11-22')).status).toBe('genuine');
    // Someone with the database changes the stored sheet's text (the code's digits are those of its data, still intact).
    const change = `UPDATE sheet SET html = replace(html, '改动丙', '改动丁') WHERE number = `;
    if (backend.repos instanceof Store) backend.repos.db.prepare(`${change}?`).run(other.value.number);
    else if (backend.repos instanceof PgStore) await backend.repos.pool.query(`${change}$1`, [other.value.number]);
    else throw new Error('unknown store');
    const v = await verifySheet(backend.repos, otherCode, '2026-11-22');
    expect(v.status).toBe('altered');
    expect(v.message).toContain('存档内容与出具时记录的摘要不符');
    expect(v.message).not.toContain('真实有效');
    expect(v.stillHolds).toBeNull();
  });

  it('through the API table (the window and the hall call this)', async () => {
    const v = await api.verifySheet({ code });
    expect(v.ok && v.value.status).toBe('genuine');
  });
});

describe('the QR code on the printed sheet', () => {
  it('decodes, by a kept decoder, to the 核验码 printed beside it', async () => {
    const chromium = findChromium();
    if (!chromium) throw new Error('Chromium is needed for this test (npm test installs it)');
    const backend = await openBackend('sqlite');
    try {
      const api = createServices(backend.repos);
      const sheet = await api.issueSheet({ caseId: null, caseFile: example });
      if (!sheet.ok) throw new Error(sheet.error.message);
      const code = printedCode(sheet.value.html);
      expect(parseVerificationCode(code)).not.toBeNull();
      const dir = mkdtempSync(join(tmpdir(), 'yibao-qr-'));
      try {
        writeFileSync(join(dir, 'sheet.pdf'), await htmlToPdf(sheet.value.html));
        execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', join(dir, 'sheet.pdf'), join(dir, 'page')]);
        const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
        const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
        expect(decoded?.data).toBe(code);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await backend.close();
    }
  });
});
