// `yibao reminders` as a user runs it: the list as of a given day, the CSV for the SMS
// platform read back (UTF-8 with BOM), the export in the operational log, bad options refused.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services/services.ts';
import { Store } from '../../src/store/store.ts';
import { liFlexible, REMINDER_TODAY, wangResident, zhangTransfer, zhaoFlexible, zhaoPaidSince } from '../support/reminder-cases.ts';

const root = join(import.meta.dirname, '..', '..');
let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yibao-remind-cli-'));
  db = join(dir, 'cli.sqlite');
  const store = await Store.open({ file: db });
  const api = createServices(store);
  await api.saveSettings({ officeName: '南京市医保中心', counterNumber: '3', clerkName: '李', defaultRegion: '320100' });
  // 赵六 paid since: the later case with the paid months is the one that counts.
  for (const caseFile of [zhangTransfer, liFlexible, zhaoFlexible, wangResident, zhaoPaidSince]) {
    const saved = await api.saveCase({ caseFile });
    if (!saved.ok) throw new Error(saved.error.message);
  }
  store.close();
  // Building the bundle takes a while on a shared machine.
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function yibao(args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'yibao.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, YIBAO_DB: db },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('yibao reminders', () => {
  it('lists the clients due within 14 days as of the day given, ID and phone masked', () => {
    const r = yibao(['reminders', '--within', '14', '--as-of', REMINDER_TODAY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('截至 2026-12-20，14 天内（到 14 天后为止）缴费期限届满的客户：2 位（共核对 4 位客户）');
    expect(lines.slice(1)).toEqual([
      '2026-12-31（还有 11 天）  张三  320102********0010  138****5678  南京市  免等待期续缴截止',
      expect.stringMatching(
        /^2026-12-31（还有 11 天） {2}王五 {2}320102\*{8}\d{3}[\dX] {2}（未留电话） {2}南京市 {2}居民医保集中参保期结束$/,
      ),
    ]);
    expect(r.stdout).not.toContain('赵六');
    const wide = yibao(['reminders', '--within', '60', '--as-of', REMINDER_TODAY, '--json']);
    expect(JSON.parse(wide.stdout).rows.map((row: { personName: string }) => row.personName)).toEqual(['张三', '王五', '李四']);
  });

  it('writes the SMS platform CSV (BOM, one row per client with a phone) and logs the export', () => {
    const file = join(dir, 'sms.csv');
    const r = yibao(['reminders', '--within', '14', '--as-of', REMINDER_TODAY, '--csv', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`已写入短信平台文件 ${file}：1 位客户；1 位未留联系电话，未写入`);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), { header: true, skipEmptyLines: true }).data;
    expect(rows).toEqual([
      {
        姓名: '张三',
        手机号码: '13812345678',
        截止日期: '2026-12-31',
        提醒事项: '免等待期续缴截止',
        短信内容:
          '张三您好：您的医保缴费已中断，请于2026年12月31日前办理续缴，逾期续缴将有待遇等待期（期间发生的医疗费用不能报销）。如有疑问请咨询南京市医保中心。',
      },
    ]);
    const log = join(dir, 'logs', 'yibao.log');
    expect(existsSync(log) && readFileSync(log, 'utf8')).toMatch(/reminders-export asOf=2026-12-20 within=14 rows=1 withoutPhone=1/);
  });

  it('refuses a day count or a date that is none (exit 1, in Chinese)', () => {
    expect(yibao(['reminders', '--within', '0'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--within 应为 1 到 366 的天数，收到 "0"'),
    });
    expect(yibao(['reminders', '--as-of', '2026-02-30'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--as-of 应为真实的日期 YYYY-MM-DD，收到 "2026-02-30"'),
    });
  });
});
