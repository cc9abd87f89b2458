// 统计 at 1366×768 on a server and database of its own. Sheets are issued through the API at
// two counters; the server stamps them with its own clock, so the test reads the day off the
// sheet numbers (YYYYMMDD-CC-NNNN) and asks about those days — nothing here reads the machine's
// date. F8 opens the screen: the table (sheets, clients, saves, principal and late fees in 元 from
// the engine's own figures), the SVG bar charts, the unknown questions by policy key, one counter
// only, and the XLSX download read back with read-excel-file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import type { CaseFile } from '../../src/core/case.ts';
import { liFlexible, zhangTransfer } from '../support/reminder-cases.ts';
import { expect, fen, serveOwn, SHOTS, test } from './support.ts';

test.use({ viewport: { width: 1366, height: 768 } });

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
/** Flexible employment in Nanning, whose rate the library lacks: principal 暂无法计算, local rule missing. */
const nanning: CaseFile = { ...liFlexible, region: '450100', person: { ...liFlexible.person, name: '孙八' } };

test('F8 统计: figures, charts and unknown questions for the days asked; one counter; XLSX reads back', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-statistics-'));
  const server = await serveOwn({ db: join(dir, 'yibao.sqlite') });
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const response = await page.request.post(`${server.url}api/${method}`, { headers: { 'x-yibao': '1' }, data: { input } });
    const result = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
    expect(result.ok, result.error?.message).toBe(true);
    return result.value;
  };
  const settings = (counterNumber: string, clerkName: string) =>
    call('saveSettings', { officeName: '南京市医保中心', counterNumber, clerkName, defaultRegion: '320100' });
  const days: string[] = [];
  const issue = async (caseFile: CaseFile, caseId: string | null) => {
    const sheet = await call<{ number: string }>('issueSheet', { caseId, caseFile });
    const d = sheet.number.slice(0, 8);
    days.push(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`);
  };
  const principal = async (caseFile: CaseFile) => {
    const outcome = await call<{ assessment: { backPay: { principalFen: number | null; lateFeeFen: number | null } } }>('assess', caseFile);
    return outcome.assessment.backPay;
  };
  try {
    await settings('3', '李明');
    const zhang = await call<{ id: string }>('saveCase', { caseFile: zhangTransfer });
    await issue(zhangTransfer, zhang.id);
    await issue(nanning, null);
    await settings('5', '王芳');
    const qian = await call<{ id: string }>('saveCase', { caseFile: qianLong });
    await issue(qianLong, qian.id);
    const [zhangPay, qianPay, nanningPay] = [await principal(zhangTransfer), await principal(qianLong), await principal(nanning)];
    expect(nanningPay.principalFen).toBeNull();
    const totalPrincipal = (zhangPay.principalFen ?? 0) + (qianPay.principalFen ?? 0);
    const totalLateFee = (zhangPay.lateFeeFen ?? 0) + (qianPay.lateFeeFen ?? 0);
    expect(totalLateFee).toBeGreaterThan(0);
    const [from, to] = [days[0] ?? '', days.at(-1) ?? ''];

    await page.clock.setFixedTime(new Date(`${to}T10:00:00+08:00`));
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();

    // 核算案件: 孙八's case assessed in the window (no sheet, no save) is noted once the typing
    // pauses — by the window's key for that case on the form, naming no one (the services stamp the
    // day: their clock stands on SERVICES_NOW, the same day as the sheets').
    const noted = page.waitForRequest((r) => r.url().endsWith('/api/noteAssessment'));
    await page.keyboard.press('F3');
    await page.getByTestId('open-case-file').setInputFiles({
      name: 'c.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(nanning)),
    });
    await expect(page.locator('#person-name')).toHaveValue('孙八');
    const request = await noted;
    const note = request.postDataJSON() as { input: Record<string, unknown> };
    expect(note.input).toMatchObject({ region: '450100', scheme: 'flexible' });
    expect(JSON.stringify(note)).not.toContain('孙八');
    expect(JSON.stringify(note)).not.toContain(nanning.person.idNumber ?? '-');
    expect(await (await request.response())?.json()).toEqual({ ok: true, value: null });
    await expect(page.getByRole('button', { name: '统计 F8' })).toBeVisible();
    await page.keyboard.press('F8');
    await expect(page.getByRole('heading', { name: '统计', exact: true })).toBeVisible();
    await page.locator('#stats-from').fill(from);
    await page.locator('#stats-to').fill(to);
    await page.getByRole('button', { name: '查询' }).click();

    await expect(page.getByTestId('stats-scope')).toHaveText(`${from} 至 ${to}（全部窗口）`);
    const summary = page.getByTestId('stats-summary');
    const figure = (label: string) => summary.locator('tr').filter({ hasText: label }).locator('td');
    await expect(figure('核算案件')).toHaveText('1 件');
    await expect(figure('出具告知单')).toHaveText('3 张');
    await expect(figure('涉及客户')).toHaveText('3 位');
    await expect(figure('保存案件')).toHaveText('2 件');
    await expect(figure('补缴本金')).toHaveText(fen(totalPrincipal));
    await expect(figure('滞纳金')).toHaveText(fen(totalLateFee));
    await expect(page.getByTestId('stats-caveats')).toContainText('1 张告知单本金暂无法计算');

    // The unknown questions: Nanning's missing local rule on interruptions, by its label, region and kind.
    const tiers = page.getByTestId('stats-unknowns').locator('tr').filter({ hasText: '南宁' }).filter({ hasText: '缺少本地规则' });
    await expect(tiers).toHaveCount(1);
    await expect(tiers.locator('td').nth(3)).toHaveText('1'); // 核算案件: assessed in the window
    await expect(tiers.locator('td').nth(4)).toHaveText('1'); // 告知单

    // The charts are plain SVG: one bar per day, one per interruption length, with the counts in their titles.
    const dayChart = page.getByTestId('stats-chart-days');
    await expect(dayChart.locator('rect')).toHaveCount((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1);
    await expect(dayChart.locator('rect title').first()).toContainText('张');
    const buckets = page.getByTestId('stats-chart-interruptions');
    await expect(buckets.locator('rect title').filter({ hasText: '12 个月以上' })).toHaveText('12 个月以上：1 张');
    await expect(buckets.locator('rect title').filter({ hasText: '1–3 个月' })).toHaveText('1–3 个月：2 张');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'statistics.png') });

    // One counter: 5号窗口 issued 钱七's sheet only.
    await page.locator('#stats-counter').fill('5');
    await page.locator('#stats-counter').press('Enter');
    await expect(page.getByTestId('stats-scope')).toHaveText(`${from} 至 ${to}（5号窗口）`);
    await expect(figure('出具告知单')).toHaveText('1 张');
    await expect(figure('补缴本金')).toHaveText(fen(qianPay.principalFen ?? 0));

    // A range that runs backwards is named in the clerk's words; nothing typed is lost.
    await page.locator('#stats-from').fill('2099-01-02');
    await page.locator('#stats-to').fill('2099-01-01');
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page.getByTestId('stats-message')).toHaveText('起始日期不能晚于截止日期');
    await expect(page.locator('#stats-from')).toHaveValue('2099-01-02');

    // The workbook: downloaded and read back.
    await page.locator('#stats-from').fill(from);
    await page.locator('#stats-to').fill(to);
    await page.locator('#stats-counter').fill('');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel（XLSX）' }).click()]);
    expect(download.suggestedFilename()).toBe(`统计-${from}至${to}.xlsx`);
    const file = join(dir, 'stats.xlsx');
    await download.saveAs(file);
    const book = await readXlsxFile(readFileSync(file));
    expect(book.map((b) => b.sheet)).toEqual(['汇总', '按日', '中断时长', '未知问题']);
    const summaryRows = new Map((book[0]?.data ?? []).map((row) => [row[0], row[1]]));
    expect(summaryRows.get('核算案件')).toBe(1);
    expect(summaryRows.get('出具告知单')).toBe(3);
    expect(summaryRows.get('补缴本金（元）')).toBe(totalPrincipal / 100);
    expect(summaryRows.get('滞纳金（元）')).toBe(totalLateFee / 100);
    expect((book[3]?.data ?? []).some((row) => row[1] === 'flexible.interruption.tiers' && row[3] === '缺少本地规则')).toBe(true);
    await expect(page.getByTestId('stats-message')).toHaveText(
      `已导出 统计-${from}至${to}.xlsx（汇总、按日、中断时长、未知问题四张工作表）。`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
