// Data safety as the clerk sees it: a restore from a backup that can be undone, and a
// damaged or too-new database that gives a clear message (and, when damaged, a way back)
// instead of a blank window. Each test runs its own browser-mode server on its own
// database, so the shared e2e database is not touched.
import { type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setAdminPin } from '../../src/services/admin-pin.ts';
import { Store } from '../../src/store/store.ts';
import { expect, root, serveOwn, test } from './support.ts';

const exampleCase = () => JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));

const PIN = '135790';
const servers: Array<() => Promise<void>> = [];
test.afterEach(async () => {
  while (servers.length) await servers.pop()!();
});

/** dist/server/main.mjs on a database of our own (a free port). */
async function serve(db: string): Promise<string> {
  const server = await serveOwn({ db });
  servers.push(server.stop);
  return server.url;
}

const header = (page: Page) => page.locator('header');

/** Stops the last server started and waits until it has closed the database. */
async function stopLast(): Promise<void> {
  await servers.pop()!();
}

test('a backup restored from 设置 → 数据与备份 brings the old data back, and the restore itself can be undone', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-data-'));
  const url = await serve(join(dir, 'yibao.sqlite'));
  // Never the browser's confirm(): the questions are asked in the window (issue 21).
  page.on('dialog', (d) => void d.dismiss());
  const confirmRestore = () => page.getByRole('alertdialog', { name: '恢复备份' }).getByRole('button', { name: '恢复' }).click();
  await page.goto(url);
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();

  // An administrator PIN (restores need it).
  await page.keyboard.press('F5');
  await page.locator('#new-pin').fill(PIN);
  await page.locator('#new-pin-again').fill(PIN); // typed twice (issue 21)
  await page.getByRole('button', { name: '设置 PIN' }).click();
  await expect(page.getByText('管理员 PIN 已设置。')).toBeVisible();

  // A backup while the office has no name yet, then a name.
  await page.keyboard.press('F4');
  await page.getByRole('button', { name: '立即备份' }).click();
  // Named by its local time and kind, as the list shows it (the file's name is in UTC).
  await expect(page.getByText(/^已备份（\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}，手动备份）$/)).toBeVisible();
  const backupName = ((await page.getByText(/^已备份（/).textContent()) ?? '').replace(/^已备份（(.*)）$/, '$1').trim();
  const backupTime = backupName.replace(/，.*$/, '');
  await page.locator('#setting-office').fill('玄武区医保中心');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(header(page)).toContainText('玄武区医保中心');

  // Restore: without the PIN nothing happens; with it, the old state comes back.
  const row = page.getByTestId('backup-list').getByRole('row').filter({ hasText: backupTime }).filter({ hasText: '手动' });
  await row.getByRole('button', { name: '恢复' }).click();
  await confirmRestore();
  await expect(page.getByText('请输入管理员 PIN。')).toBeVisible();
  await page.locator('#data-pin').fill(PIN);
  await row.getByRole('button', { name: '恢复' }).click();
  await confirmRestore();
  await expect(page.getByText(`已恢复 ${backupName}；恢复前的数据已另存为一份恢复前备份。页面将重新载入。`)).toBeVisible();
  await expect(header(page)).toContainText('（未设置经办机构）', { timeout: 10_000 }); // after the reload
  await expect(header(page)).not.toContainText('玄武区医保中心');

  // Undo: restore the copy kept before the restore.
  await page.keyboard.press('F4');
  await page.locator('#data-pin').fill(PIN);
  const kept = page.getByTestId('backup-list').getByRole('row').filter({ hasText: '恢复前' });
  await expect(kept).toHaveCount(1);
  await kept.getByRole('button', { name: '恢复' }).click();
  await confirmRestore();
  await expect(page.getByText(/^已恢复 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}，恢复前备份；/)).toBeVisible();
  await expect(header(page)).toContainText('玄武区医保中心', { timeout: 10_000 });
});

test('a damaged database: a clear message, not a blank window, and recovery from the newest backup in the window', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-damaged-'));
  const file = join(dir, 'yibao.sqlite');
  // A working database with an office name, backed up, then overwritten.
  let url = await serve(file);
  await page.goto(url);
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible(); // its keys work once it is up
  await page.keyboard.press('F4');
  await page.locator('#setting-office').fill('鼓楼区医保中心');
  await page.getByRole('button', { name: '保存设置' }).click();
  await page.getByRole('button', { name: '立即备份' }).click();
  await expect(page.getByText(/^已备份（/)).toBeVisible();
  await stopLast();
  // The whole database damaged (its write-ahead log too, which could otherwise still hold every page).
  writeFileSync(file, 'the disk overwrote this file '.repeat(400));
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });

  url = await serve(file);
  await page.goto(url);
  const problem = page.getByRole('alert').filter({ hasText: '数据库' });
  await expect(problem).toContainText('数据库文件已损坏');
  await expect(problem).toContainText('请在“设置 → 数据与备份”中选择一份备份恢复');
  await page.screenshot({ path: join(root, '.tmp', 'screens', 'damaged-database.png') });
  await page.keyboard.press('F4');
  const rows = page.getByTestId('backup-list').getByRole('row').filter({ hasText: '手动' });
  await expect(rows).toHaveCount(1);
  await rows.getByRole('button', { name: '恢复' }).click(); // no PIN: it lives in the damaged file
  await page.getByRole('alertdialog', { name: '恢复备份' }).getByRole('button', { name: '恢复' }).click();
  await expect(
    page.getByText(/^已恢复 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}，手动备份；损坏的数据库文件已移到备份文件夹（未删除）/),
  ).toBeVisible();
  await expect(header(page)).toContainText('鼓楼区医保中心', { timeout: 10_000 });
  await expect(problem).toHaveCount(0);
  expect(readdirSync(join(dir, 'backups')).some((f) => f.endsWith('-damaged.sqlite'))).toBe(true);
});

test('a database from a newer version of the program: the window says to upgrade, and the file is left alone', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-newer-'));
  const file = join(dir, 'yibao.sqlite');
  await serve(file); // creates a current database
  await stopLast();
  const raw = new Database(file);
  raw.pragma('user_version = 99');
  raw.close();
  await page.goto(await serve(file));
  await expect(page.getByRole('alert').filter({ hasText: '数据库' })).toContainText('请升级程序');
  const again = new Database(file, { readonly: true });
  expect(again.pragma('user_version', { simple: true })).toBe(99);
  again.close();
});

test('erasing a client: the confirmation says earlier backups still hold them, and offers to purge those too (PIN)', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-erase-'));
  const file = join(dir, 'yibao.sqlite');
  const name = '欧阳擦除';
  const idNumber = '320102197608150010';
  // A client saved at this counter, and a backup made while they were in it.
  const store = new Store({ file });
  await setAdminPin(store, PIN);
  const example = exampleCase();
  await store.cases.save({ ...example, person: { ...example.person, name, idNumber } });
  await store.backups.backup('manual');
  store.close();
  const backupHolds = () =>
    readdirSync(join(dir, 'backups')).filter((f) => readFileSync(join(dir, 'backups', f)).includes(Buffer.from(name))).length;
  expect(backupHolds()).toBe(1);

  await page.goto(await serve(file));
  // The window's keys work once it is up (it first asks whether it is in a service hall).
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
  await page.keyboard.press('F4');
  await page.locator('#client-id').fill(idNumber);
  await page.locator('#data-pin').fill(PIN);
  // First look: the question (in the window) says plainly what stays in the backups; 取消, nothing happens.
  const question = page.getByRole('alertdialog', { name: '删除客户数据' });
  await page.getByRole('button', { name: '删除（需 PIN）' }).click();
  await expect(question).toContainText('删除前做的备份仍含有该客户的数据，直到这些备份按保留规则轮换删除');
  await expect(question).toContainText('同时从所有备份中清除');
  await question.getByRole('button', { name: '取消' }).click();
  await expect(question).toHaveCount(0);
  // With the backups: confirmed, then the client is gone from the database and the backup.
  await page.locator('#purge-backups').check();
  await page.getByRole('button', { name: '删除（需 PIN）' }).click();
  await expect(question).toContainText('该客户的数据也会从所有备份中清除');
  await question.getByRole('button', { name: '删除', exact: true }).click();
  // Every backup that held them (the one made before, and the day's first backup the start made).
  await expect(page.getByText(/^已删除 1 个案件、0 张告知单。已从 [12] 份备份中清除该客户。$/)).toBeVisible();
  await page.screenshot({ path: join(root, '.tmp', 'screens', 'client-erased.png') });
  expect(backupHolds()).toBe(0);
});

test('a broken audit chain: the 政策库 screen names the first bad row and says what to do', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-audit-'));
  const file = join(dir, 'yibao.sqlite');
  new Store({ file }).close();
  // Someone with the file and a SQLite tool drops the guards and edits an audit row.
  const tool = new Database(file);
  for (const name of tool.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'policy_audit'`).pluck().all())
    tool.exec(`DROP TRIGGER "${String(name)}"`);
  tool.exec(`UPDATE policy_audit SET reason = '改过' WHERE id = 7`);
  tool.close();
  await page.goto(await serve(file));
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible(); // its keys work once it is up
  await page.keyboard.press('F5');
  const banner = page.getByTestId('audit-problem');
  await expect(banner).toContainText('政策库审计记录第 7 条的内容与其摘要不符');
  await expect(banner).toContainText('请勿再修改政策库，并联系维护人员用备份核对');
  await page.screenshot({ path: join(root, '.tmp', 'screens', 'audit-broken.png') });
});
