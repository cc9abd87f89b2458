// 到期提醒 at 1366×768 on a server and database of its own, the window's clock on 2026-12-20:
// F6 opens the list of saved clients whose last day to pay ends within 14 days (ID and phone
// masked), a client who paid since drops off it, and the SMS platform's CSV downloads with a
// BOM, one row per client with a phone, and is written to the operational log; a client marked
// 已缴 is left out until the mark is taken back. 联系电话 on the
// form is checked as typed, with a message naming the field.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { liFlexible, REMINDER_TODAY, wangResident, zhangTransfer, zhaoFlexible, zhaoPaidSince } from '../support/reminder-cases.ts';
import { callApi, expect, SHOTS, test } from './support.ts';

// The file's own server, its clock (the services' today) on the same day as the window's.
test.use({ viewport: { width: 1366, height: 768 }, servicesNow: `${REMINDER_TODAY}T10:00:00+08:00` });

test('F6 lists the clients due within 14 days; one who paid since drops off; the SMS CSV downloads and is logged', async ({
  page,
  specServer,
}) => {
  const call = (method: string, input: unknown) => callApi(page, method, input);
  await call('saveSettings', { officeName: '南京市医保中心', counterNumber: '3', clerkName: '李', defaultRegion: '320100' });
  for (const caseFile of [zhangTransfer, liFlexible, zhaoFlexible, wangResident]) await call('saveCase', { caseFile });
  await page.clock.setFixedTime(new Date(`${REMINDER_TODAY}T10:00:00+08:00`));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();

  // 联系电话 on the form: a number that is none is named as the clerk knows the field.
  await page.locator('#person-phone').fill('12345');
  await page.locator('#person-name').focus();
  await expect(page.locator('[data-field="phone"] .field-error')).toHaveText('联系电话应为11位手机号或带区号的固定电话，如 010-12345678');

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'reminders-phone-field.png') });

  await expect(page.getByRole('button', { name: '到期提醒 F6' })).toBeVisible();
  await page.keyboard.press('F6');
  await expect(page.getByRole('heading', { name: '到期提醒' })).toBeVisible();
  await expect(page.locator('#reminder-as-of')).toHaveValue(REMINDER_TODAY);
  await expect(page.getByTestId('reminder-summary')).toHaveText('截至 2026-12-20，14 天内到期：3 位客户（共核对 4 位）');
  const rows = page.getByTestId('reminder-list').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const zhang = rows.filter({ hasText: '张三' }).locator('td');
  await expect(zhang.nth(0)).toHaveText('2026-12-31');
  await expect(zhang.nth(1)).toHaveText('11 天');
  await expect(zhang.nth(3)).toHaveText('320102********0010');
  await expect(zhang.nth(4)).toHaveText('138****5678');
  await expect(zhang.nth(6)).toHaveText('免等待期续缴截止');
  await expect(rows.filter({ hasText: '王五' }).locator('td').nth(6)).toHaveText('居民医保集中参保期结束');
  await expect(rows.filter({ hasText: '王五' }).locator('td').nth(4)).toHaveText('未留');
  await expect(rows.filter({ hasText: '赵六' })).toHaveCount(1);
  // 李四's last day (2027-01-31) is further off than 14 days.
  await expect(rows.filter({ hasText: '李四' })).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('13812345678');
  await page.screenshot({ path: join(SHOTS, 'reminders.png') });

  // 赵六 paid since: the case saved with the paid months takes them off the list.
  await call('saveCase', { caseFile: zhaoPaidSince });
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('reminder-summary')).toHaveText('截至 2026-12-20，14 天内到期：2 位客户（共核对 4 位）');
  await expect(rows.filter({ hasText: '赵六' })).toHaveCount(0);

  // The SMS platform's file: downloaded, read back as Excel would (UTF-8 with its BOM).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出短信平台文件（CSV）' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('到期提醒-2026-12-20-14天.csv');
  const file = join(specServer.dir, 'sms.csv');
  await download.saveAs(file);
  const bytes = readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const table = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), { header: true, skipEmptyLines: true }).data;
  expect(table).toEqual([
    {
      姓名: '张三',
      手机号码: '13812345678',
      截止日期: '2026-12-31',
      提醒事项: '免等待期续缴截止',
      短信内容:
        '张三您好：您的医保缴费已中断，请于2026年12月31日前办理续缴，逾期续缴将有待遇等待期（期间发生的医疗费用不能报销）。如有疑问请咨询南京市医保中心。',
    },
  ]);
  await expect(page.getByTestId('reminder-message')).toHaveText(
    '已导出短信平台文件 到期提醒-2026-12-20-14天.csv：1 位客户；1 位未留联系电话，未导出（请电话或当面告知）。此次导出已记入日志。',
  );
  // 王五 paid at the tax office and came back with the sheet: marked 已缴 here, then taken back.
  await page.getByRole('button', { name: '标记 王五 已缴' }).click();
  await expect(page.getByTestId('reminder-summary')).toHaveText(
    '截至 2026-12-20，14 天内到期：1 位客户（共核对 4 位）；1 位已标记已缴，未列出',
  );
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('reminder-message')).toContainText('已将 王五 标记为已缴，不再列出');
  await page.screenshot({ path: join(SHOTS, 'reminders-marked.png') });
  await page.getByTestId('reminder-message').getByRole('button', { name: '撤销' }).click();
  await expect(page.getByTestId('reminder-message')).toContainText('已取消 王五 的已缴标记');
  await expect(rows).toHaveCount(2);

  const log = join(specServer.dir, 'logs', 'yibao.log');
  expect(existsSync(log) && readFileSync(log, 'utf8')).toMatch(/reminders-export asOf=2026-12-20 within=14 rows=1 withoutPhone=1/);
});
