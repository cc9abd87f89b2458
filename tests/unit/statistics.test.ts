// 统计 (issue 24 item 2): a hall's days in figures on both databases — sheets issued, clients,
// cases saved, back-pay principal and late fees from each sheet's kept figures, interruptions
// by length, the questions the library answered "unknown" by policy key — by counter or clerk,
// and the same figures as an .xlsx workbook read back with read-excel-file. The clock is fixed:
// sheets and saves are stamped on the days the test chooses (local noon-ish, so any time zone keeps the day).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StatisticsView, YibaoApi } from '../../src/api/contract.ts';
import { dispatch } from '../../src/api/dispatch.ts';
import { API } from '../../src/api/methods.ts';
import type { Assessment } from '../../src/core/assessment.ts';
import type { CaseFile } from '../../src/core/case.ts';
import { keyLabel } from '../../src/core/policy/keys.ts';
import { counterDigits, counterOfSheetNumber, interruptionBucket, unknownQuestions } from '../../src/core/statistics.ts';
import { OpLog } from '../../src/services/log.ts';
import { createServices } from '../../src/services/services.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import type { Repositories } from '../../src/store/ports.ts';
import { formatSheetNumber, sheetNumberParts } from '../../src/store/sheet-number.ts';
import { Store } from '../../src/store/store.ts';
import { BACKENDS } from '../support/backends.ts';
import { createDatabase } from '../support/pg-cluster.ts';
import { liFlexible, wangResident, zhangTransfer } from '../support/reminder-cases.ts';

/** Paid to 2024-12, then six months of employer arrears: a long interruption with a late fee. */
const qianLong: CaseFile = {
  ...zhangTransfer,
  person: { ...zhangTransfer.person, name: '钱七' },
  history: [
    { from: '2010-07', to: '2024-12', scheme: 'employee', status: 'paid', base: 8000, region: null },
    { from: '2025-01', to: '2025-06', scheme: 'employee', status: 'arrears', base: 8000, region: null },
  ],
  request: { ...zhangTransfer.request, transferFrom: null },
};
/** Flexible employment in Nanning, whose rate the library lacks: principal 暂无法计算. */
const nanning: CaseFile = { ...liFlexible, region: '450100', person: { ...liFlexible.person, name: '孙八' } };

const UNKNOWN = new Set(['MISSING_PARAMETER', 'LOCAL_RULE_MISSING']);

describe.each(BACKENDS)('统计 on %s', (kind) => {
  let repos: Repositories & { close(): unknown };
  let api: YibaoApi;
  let at = new Date(2026, 11, 1, 10, 0, 0);
  const on = (day: number, hour = 10) => (at = new Date(2026, 11, day, hour, 0, 0));
  /** What each issued sheet's assessment said (the engine's own figures, summed independently). */
  const issuedInRange: Assessment[] = [];

  const assessed = async (caseFile: CaseFile): Promise<Assessment> => {
    const r = await api.assess(caseFile);
    if (!r.ok || !r.value.valid) throw new Error('case does not assess');
    return r.value.assessment;
  };
  const save = async (caseFile: CaseFile) => {
    const r = await api.saveCase({ caseFile });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.id;
  };
  const issue = async (caseFile: CaseFile, caseId: string | null, counted = true) => {
    const r = await api.issueSheet({ caseId, caseFile });
    if (!r.ok) throw new Error(r.error.message);
    if (counted) issuedInRange.push(await assessed(caseFile));
    return r.value;
  };
  const settings = (counterNumber: string, clerkName: string) =>
    api.saveSettings({ officeName: '南京市医保中心', counterNumber, clerkName, defaultRegion: '320100' });
  const stats = async (query: Parameters<YibaoApi['statistics']>[0]): Promise<StatisticsView> => {
    const r = await api.statistics(query);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  beforeAll(async () => {
    const now = () => at.toISOString();
    repos = kind === 'sqlite' ? new Store({ file: ':memory:', now }) : await PgStore.open({ url: await createDatabase(inject('pg')), now });
    api = createServices(repos, { clock: () => at });
    on(1);
    await settings('3', '李明');
    const zhangId = await save(zhangTransfer);
    await issue(zhangTransfer, zhangId);
    on(1, 11);
    await issue(liFlexible, null);
    await issue(nanning, null);
    // A sheet issued before sheets kept their figures: a snapshot without them.
    const html = '<p>旧告知单</p>';
    await repos.sheets.create({
      caseId: null,
      issuedAt: '2026-12-01T09:30:00',
      clerk: '李明',
      counter: '3',
      make: (number) => ({
        snapshot: { format: 'yibao-sheet/1', number },
        html,
        contentHash: createHash('sha256').update(html).digest('hex'),
      }),
    });
    on(2);
    await settings('5', '王芳');
    const qianId = await save(qianLong);
    await issue(qianLong, qianId);
    await issue(qianLong, qianId); // a reprint-like second sheet for the same client
    await save(wangResident);
    on(4);
    await issue(wangResident, null, false); // outside the range asked about
  }, 180_000);
  afterAll(async () => {
    await repos.close();
  });

  it('counts sheets, clients and saves of the days asked about, and adds up the money each sheet kept', async () => {
    const s = await stats({ from: '2026-12-01', to: '2026-12-02' });
    expect(s.sheets).toBe(6);
    expect(s.clients).toBe(5); // 张三's case, 李四, 孙八, the old sheet, 钱七's case (two sheets)
    expect(s.casesSaved).toBe(3);
    expect(s.sheetsWithoutFigures).toBe(1);
    const principals = issuedInRange.map((a) => a.backPay.principalFen);
    const lateFees = issuedInRange.map((a) => a.backPay.lateFeeFen);
    expect(s.principalFen).toBe(principals.reduce<number>((sum, x) => sum + (x ?? 0), 0));
    expect(s.lateFeeFen).toBe(lateFees.reduce<number>((sum, x) => sum + (x ?? 0), 0));
    expect(s.principalFen).toBeGreaterThan(0);
    expect(s.lateFeeFen).toBeGreaterThan(0); // 钱七's arrears carry a late fee
    expect(s.sheetsPrincipalUnknown).toBe(principals.filter((x) => x === null).length);
    expect(s.sheetsPrincipalUnknown).toBe(1); // 孙八 in Nanning
    expect(s.byDay).toEqual([
      expect.objectContaining({ day: '2026-12-01', sheets: 4, casesSaved: 1 }),
      expect.objectContaining({ day: '2026-12-02', sheets: 2, casesSaved: 2 }),
    ]);
    expect(s.byDay.reduce((sum, d) => sum + d.principalFen, 0)).toBe(s.principalFen);
  });

  it('groups the sheets by interruption length and lists the unknown questions by policy key', async () => {
    const s = await stats({ from: '2026-12-01', to: '2026-12-02' });
    const expected = new Map<string, number>();
    for (const a of issuedInRange) {
      const id = interruptionBucket(a.interruption?.months ?? null);
      expected.set(id, (expected.get(id) ?? 0) + 1);
    }
    expected.set('notKept', 1);
    for (const b of s.interruptions) expect(b.sheets, b.label).toBe(expected.get(b.id) ?? 0);
    expect(s.interruptions.find((b) => b.id === 'over12')).toMatchObject({ label: '12 个月以上', sheets: 2 });
    expect(s.interruptions.find((b) => b.id === 'upTo3')?.sheets).toBe(3);

    const unknown = new Map<string, number>();
    for (const a of issuedInRange) {
      const once = new Set(a.warnings.filter((w) => UNKNOWN.has(w.code) && w.key).map((w) => `${w.key}|${w.region ?? ''}`));
      for (const k of once) unknown.set(k, (unknown.get(k) ?? 0) + 1);
    }
    expect(new Map(s.unknowns.map((u) => [`${u.key}|${u.region ?? ''}`, u.sheets]))).toEqual(unknown);
    const tiers = s.unknowns.find((u) => u.key === 'flexible.interruption.tiers');
    expect(tiers).toMatchObject({ code: 'LOCAL_RULE_MISSING', codeText: '缺少本地规则', region: '450100', sheets: 1 });
    expect(tiers?.keyLabel).toBe(keyLabel('flexible.interruption.tiers'));
    expect(tiers?.regionName).toContain('南宁');
    // Most frequent first.
    expect(s.unknowns.map((u) => u.sheets)).toEqual([...s.unknowns.map((u) => u.sheets)].sort((a, b) => b - a));
  });

  it('narrows to one counter or one clerk', async () => {
    const three = await stats({ from: '2026-12-01', to: '2026-12-02', counter: '3' });
    expect(three).toMatchObject({ counter: '03', sheets: 4, casesSaved: 1, clients: 4 });
    const wang = await stats({ from: '2026-12-01', to: '2026-12-02', clerk: '王芳' });
    expect(wang).toMatchObject({ clerk: '王芳', sheets: 2, casesSaved: 2, clients: 1 });
    const both = await stats({ from: '2026-12-01', to: '2026-12-04', counter: '05', clerk: '王芳' });
    expect(both.sheets).toBe(3); // 钱七 twice and 王五 on the 4th
    expect(both.byDay.map((d) => d.day)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    const none = await stats({ from: '2026-12-03', to: '2026-12-03' });
    expect(none).toMatchObject({ sheets: 0, casesSaved: 0, principalFen: 0, unknowns: [] });
  });

  it('exports the same figures as an .xlsx workbook that reads back', async () => {
    const r = await api.exportStatistics({ from: '2026-12-01', to: '2026-12-02' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.fileName).toBe('统计-2026-12-01至2026-12-02.xlsx');
    const s = r.value.view;
    const book = await readXlsxFile(Buffer.from(r.value.xlsxBase64, 'base64'));
    expect(book.map((b) => b.sheet)).toEqual(['汇总', '按日', '中断时长', '未知问题']);
    const sheet = (name: string) => book.find((b) => b.sheet === name)?.data ?? [];
    const summary = new Map(sheet('汇总').map((row) => [row[0], row[1]]));
    expect(summary.get('统计范围')).toBe('2026-12-01 至 2026-12-02（全部窗口）');
    expect(summary.get('出具告知单')).toBe(6);
    expect(summary.get('保存案件')).toBe(3);
    expect(summary.get('补缴本金（元）')).toBe(s.principalFen / 100);
    expect(summary.get('滞纳金（元）')).toBe(s.lateFeeFen / 100);
    expect(summary.get('未记录统计数据的告知单')).toBe(1);
    expect(summary.get('核算案件')).toBe(0); // the window assessed nothing on these days (see below)
    expect(sheet('按日')).toEqual([
      ['日期', '核算案件', '保存案件', '出具告知单', '补缴本金（元）', '滞纳金（元）'],
      ...s.byDay.map((d) => [d.day, 0, d.casesSaved, d.sheets, d.principalFen / 100, d.lateFeeFen / 100]),
    ]);
    expect(sheet('中断时长').slice(1)).toEqual(s.interruptions.map((b) => [b.label, 0, b.sheets]));
    const unknowns = sheet('未知问题');
    expect(unknowns[0]).toEqual(['政策项目', '项目代码', '地区', '类型', '核算案件', '告知单']);
    expect(unknowns.slice(1).map((row) => row[1])).toEqual(s.unknowns.map((u) => u.key));
    expect(unknowns.find((row) => row[1] === 'flexible.interruption.tiers')?.[3]).toBe('缺少本地规则');
  });

  it('writes each export to the operational log, naming no client', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-stats-log-'));
    try {
      const logged = createServices(repos, { clock: () => at, log: new OpLog(join(dir, 'yibao.log')) });
      const r = await logged.exportStatistics({ from: '2026-12-01', to: '2026-12-02', counter: '3' });
      expect(r.ok).toBe(true);
      const log = readFileSync(join(dir, 'yibao.log'), 'utf8');
      expect(log).toMatch(/statistics-export from=2026-12-01 to=2026-12-02 counter=03 .*sheets=4/);
      for (const name of ['张三', '李四', '孙八', '钱七']) expect(log).not.toContain(name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts the cases the window assessed: one per case on the form, on its first day, by counter and clerk, naming no client', async () => {
    const note = async (consultation: string, caseFile: CaseFile) => {
      const a = await assessed(caseFile);
      const r = await api.noteAssessment({
        consultation,
        region: caseFile.region,
        scheme: caseFile.request.scheme,
        interruptionMonths: a.interruption?.months ?? null,
        unknowns: unknownQuestions(a),
      });
      expect(r).toEqual({ ok: true, value: null });
    };
    // 5 December at counter 3: 张三's case noted twice as the clerk typed on (one case), 孙八's once.
    on(5);
    await settings('3', '李明');
    await note('a1a1a1a1a1a1a1a1', { ...zhangTransfer, history: zhangTransfer.history.slice(0, 1) });
    await note('a1a1a1a1a1a1a1a1', zhangTransfer);
    await note('b2b2b2b2b2b2b2b2', nanning);
    // 6 December at counter 5: 张三's case still on counter 3's form is noted again (it stays on the 5th,
    // at counter 3), and 钱七's case is assessed at counter 5.
    on(6);
    await settings('5', '王芳');
    await note('a1a1a1a1a1a1a1a1', zhangTransfer);
    await note('c3c3c3c3c3c3c3c3', qianLong);

    const s = await stats({ from: '2026-12-05', to: '2026-12-06' });
    expect(s.casesAssessed).toBe(3);
    expect(s.sheets).toBe(0);
    expect(s.byDay.map((d) => [d.day, d.casesAssessed])).toEqual([
      ['2026-12-05', 2],
      ['2026-12-06', 1],
    ]);
    // The interruption and the unknowns are those of each case's latest note.
    const buckets = new Map<string, number>();
    for (const c of [zhangTransfer, nanning, qianLong]) {
      const id = interruptionBucket((await assessed(c)).interruption?.months ?? null);
      buckets.set(id, (buckets.get(id) ?? 0) + 1);
    }
    for (const b of s.interruptions) expect(b.assessed, b.label).toBe(buckets.get(b.id) ?? 0);
    expect(s.unknowns.find((u) => u.key === 'flexible.interruption.tiers')).toMatchObject({ region: '450100', assessed: 1, sheets: 0 });
    expect(s.unknowns.map((u) => u.assessed)).toEqual([...s.unknowns.map((u) => u.assessed)].sort((a, b) => b - a));

    expect((await stats({ from: '2026-12-05', to: '2026-12-06', counter: '3' })).casesAssessed).toBe(2);
    expect((await stats({ from: '2026-12-05', to: '2026-12-06', clerk: '王芳' })).casesAssessed).toBe(1);
    expect((await stats({ from: '2026-12-06', to: '2026-12-06' })).casesAssessed).toBe(1);

    const r = await api.exportStatistics({ from: '2026-12-05', to: '2026-12-06' });
    if (!r.ok) throw new Error(r.error.message);
    const book = await readXlsxFile(Buffer.from(r.value.xlsxBase64, 'base64'));
    expect(new Map((book[0]?.data ?? []).map((row) => [row[0], row[1]])).get('核算案件')).toBe(3);

    // Statistics, not personal data: nothing stored names the client.
    const stored = JSON.stringify(await repos.assessments.notedBetween('2026-12-01', '2026-12-31'));
    for (const c of [zhangTransfer, nanning, qianLong]) {
      expect(stored).not.toContain(c.person.name);
      expect(stored).not.toContain(c.person.idNumber ?? '-');
    }
    expect(stored).not.toContain('13812345678');
  });

  it('refuses a note that is not one (a hall treats every call as hostile)', async () => {
    const good = { consultation: 'd4d4d4d4d4d4d4d4', region: '320100', scheme: 'employee' as const, interruptionMonths: 2, unknowns: [] };
    for (const bad of [
      { ...good, consultation: 'x' },
      { ...good, consultation: "'; DROP TABLE assessment_note; --" },
      { ...good, region: '张三' },
      { ...good, interruptionMonths: -1 },
      { ...good, unknowns: [{ code: 'MISSING_PARAMETER', key: '<script>', region: null }] },
      { ...good, name: '张三' },
    ]) {
      // As every transport calls the services: through the API table's check.
      const r = await dispatch(api, 'noteAssessment', bad);
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await dispatch(api, 'noteAssessment', good)).toEqual({ ok: true, value: null });
    expect((await stats({ from: '2026-12-05', to: '2026-12-06' })).casesAssessed).toBe(4);
  });
});

describe('统计 query', () => {
  const check = (input: unknown) => v.safeParse(API.statistics.input, input);
  it('refuses a range that runs backwards or past 366 days, and a counter that is not a number', () => {
    expect(check({ from: '2026-12-01', to: '2026-12-31', counter: '3' }).success).toBe(true);
    expect(check({ from: '2026-12-02', to: '2026-12-01' }).issues?.[0]?.message).toBe('起始日期不能晚于截止日期');
    expect(check({ from: '2025-01-01', to: '2026-12-01' }).issues?.[0]?.message).toBe('统计范围不能超过 366 天');
    expect(check({ from: '2026-12-01', to: '2026-12-01', counter: '三' }).issues?.[0]?.message).toBe('窗口号应为数字');
  });
});

describe('统计 counters', () => {
  it('reads a counter as the sheet numbers carry it: 5, 05 and 005 are one counter, 105 another', () => {
    for (const typed of ['3', '03', '5', '005', '105', '905', '12', '3号窗口']) {
      const { day, counter } = sheetNumberParts('2026-12-01T10:00:00', typed);
      expect(counterDigits(typed), typed).toBe(counter);
      expect(counterOfSheetNumber(formatSheetNumber(day, counter, 7)), typed).toBe(counter);
    }
    expect(counterDigits('105')).not.toBe(counterDigits('5'));
    expect(counterOfSheetNumber('not a number')).toBe('');
  });
});
