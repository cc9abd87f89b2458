// Policy upkeep as a city office's administrator does it (issue 13), each test on a database and
// server of its own at 1366×768: a new release whose library conflicts with the office's own
// edit (listed with both sides until the administrator decides), and a pack signed by a city's
// key that reaches beyond its city (rejected with nothing changed).
import { type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setAdminPin } from '../../src/services/admin-pin.ts';
import { planEdit, writePlan, type ValueEdit } from '../../src/services/policy-admin.ts';
import { exportPack, generateSigningKeys } from '../../src/services/policy-packs.ts';
import { Store } from '../../src/store/store.ts';
import { nextRelease } from '../support/release-fixture.ts';
import { expect, openCaseFile, serveOwn, SHOTS, test } from './support.ts';

test.use({ viewport: { width: 1366, height: 768 } });

const PIN = '246810';
const cleanup: Array<() => Promise<void> | void> = [];
test.afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-upkeep-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function serve(db: string, env: Record<string, string> = {}): Promise<string> {
  const server = await serveOwn({ db, env });
  cleanup.push(server.stop);
  return server.url;
}

async function edit(store: Store, over: Partial<ValueEdit> & Pick<ValueEdit, 'region' | 'key' | 'value' | 'effectiveFrom'>) {
  const planned = await planEdit(
    store,
    {
      effectiveTo: null,
      document: { number: '沪医保办〔2027〕1号（本中心）', title: '本中心执行口径', url: 'https://example.invalid/sh-office' },
      article: '第一条',
      url: null,
      grade: 'B',
      note: null,
      reason: '本中心口径',
      ...over,
    },
    '2027-06-01',
  );
  if (!planned.ok) throw new Error(planned.errors.join('; '));
  await writePlan(store, planned.plan, { actor: '王科长', reason: '本中心口径' });
}

async function openPolicyScreen(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
  await page.keyboard.press('F5');
  await expect(page.getByRole('heading', { name: '政策库', exact: true })).toBeVisible();
}

test("a new release's row that the office's own edit covers is listed with both sides; the office's row stands until the administrator takes the release's", async ({
  page,
}) => {
  const dir = tempDir();
  const db = join(dir, 'yibao.sqlite');
  // The counter as the previous release left it, with the office's own 2028 rate for Shanghai.
  const store = await Store.open({ file: db });
  await setAdminPin(store, PIN);
  await edit(store, { region: '310000', key: 'flexible.rate', value: 0.09, effectiveFrom: '2028-01-01' });
  store.close();
  const next = nextRelease();
  cleanup.push(() => rmSync(next, { recursive: true, force: true }));
  // The program is upgraded: the new release's library is applied at start.
  await openPolicyScreen(page, await serve(db, { YIBAO_ASSETS: next }));

  const panel = page.getByTestId('release-conflicts');
  await expect(panel.getByTestId('release-summary')).toContainText('程序内置政策库 0.2.0');
  await expect(panel.getByTestId('release-summary')).toContainText('新增文件 1 条、更正文件 1 条；1 条因本地记录未采用');
  // What the release brings, in its own words (db/seed/changes/): only the entry this counter had not seen.
  const notes = panel.getByTestId('release-notes').getByRole('listitem');
  await expect(notes).toHaveCount(1);
  await expect(notes).toContainText('2027-12-01 上海市：上海灵活就业费率自 2028 年起 9.5%（测试）。');
  await expect(notes).toContainText(
    '涉及：灵活就业人员职工医保费率；依据：沪医保规〔2027〕99号（测试）《关于调整本市灵活就业人员职工医保缴费费率的通知（测试）》',
  );
  const conflict = panel.getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict).toContainText('上海市（310000）灵活就业人员职工医保费率');
  const cells = (row: string) => conflict.getByRole('row').filter({ hasText: row }).getByRole('cell');
  await expect(cells('值')).toHaveText(['9.5%', '9%']);
  await expect(cells('生效期间')).toHaveText(['2028-01-01 至 今后', '2028-01-01 至 今后']);
  await expect(cells('出处')).toHaveText([
    '沪医保规〔2027〕99号（测试） 第二条《关于调整本市灵活就业人员职工医保缴费费率的通知（测试）》',
    '沪医保办〔2027〕1号（本中心） 第一条《本中心执行口径》',
  ]);
  await expect(conflict).toContainText(/冲突 #1，\d{4}-\d{2}-\d{2} \d{2}:\d{2} 发现/);
  await page.screenshot({ path: join(SHOTS, 'policy-release-conflict.png') });

  // The office's row stands meanwhile.
  await page.locator('#policy-region').fill('310000');
  await page.locator('#policy-search').fill('flexible.rate');
  await expect(page.getByTestId('policy-groups')).toContainText('沪医保办〔2027〕1号（本中心）');

  // Without the PIN nothing happens, and the reason is beside the buttons.
  await conflict.getByRole('button', { name: '采用内置值' }).click();
  await expect(conflict.getByRole('alert')).toHaveText('请输入管理员 PIN。');
  await conflict.getByTestId('conflict-pin').fill(PIN);
  await conflict.getByRole('button', { name: '采用内置值' }).click();
  await expect(panel.getByRole('status')).toContainText('已采用内置政策库 0.2.0 的值：上海市 灵活就业人员职工医保费率 9.5%');
  await expect(panel.getByTestId('conflict')).toHaveCount(0);
  await expect(page.getByTestId('policy-groups')).toContainText('沪医保规〔2027〕99号（测试）');
  await expect(page.getByTestId('audit-log')).toContainText('采用内置政策库 0.2.0 的 310000/flexible.rate/2028-01-01');
});

test('a pack signed by a city key that touches CN is rejected with nothing changed, and the reason says why', async ({ page }) => {
  const dir = tempDir();
  // The city office's own library: a changed national late-fee rate (beyond its authority).
  const keys = generateSigningKeys();
  const office = await Store.open({ file: join(dir, 'office.sqlite') });
  await edit(office, {
    region: 'CN',
    key: 'lateFee.dailyRate',
    value: 0.0001,
    effectiveFrom: '2027-01-01',
    document: { number: '宁医保发〔2026〕88号', title: '滞纳金（越权）', url: 'https://example.invalid/nj' },
  });
  const pack = await exportPack(office, { regions: ['320100', 'CN'], privateKeyPem: keys.privateKeyPem, createdBy: '南京市医保中心' });
  office.close();

  const counter = await Store.open({ file: join(dir, 'counter.sqlite') });
  await setAdminPin(counter, PIN);
  counter.close();
  await openPolicyScreen(page, await serve(join(dir, 'counter.sqlite')));
  // The Nanjing office's key, trusted for Nanjing only.
  await page.locator('#trust-name').fill('南京市医保中心');
  await page.locator('#trust-regions').fill('320100');
  await page
    .getByTestId('trust-file')
    .setInputFiles({ name: 'office.pub.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(keys.publicKeyPem) });
  await page.locator('#trust-pin').fill(PIN);
  await page.getByRole('button', { name: '添加受信任密钥' }).click();
  await expect(page.getByText(`已添加受信任密钥 ${keys.keyId}`)).toBeVisible();

  await page
    .getByTestId('pack-file')
    .setInputFiles({ name: 'wide.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pack)) });
  await expect(page.getByRole('alert')).toContainText(
    '政策包涉及 全国（CN），超出签名密钥“南京市医保中心”可签署的范围（南京市（320100））；未导入任何内容',
  );
  await expect(page.getByTestId('pack-preview')).toHaveCount(0);
  await page.screenshot({ path: join(SHOTS, 'policy-pack-out-of-scope.png') });
  // Nothing changed: the national late-fee rate is still the law's.
  await page.locator('#policy-region').fill('CN');
  await page.locator('#policy-search').fill('lateFee.dailyRate');
  await expect(page.getByTestId('policy-groups')).not.toContainText('宁医保发〔2026〕88号');
  await expect(page.getByTestId('audit-log')).toContainText('尚无修改记录');
});

/**
 * A counter's own database with the administrator PIN set, open in the window on `day` (10:00 in
 * Shanghai: a case of that day is assessed as of that day, whatever the machine's date); its file.
 */
async function openCounterWithPin(page: Page, day: string): Promise<string> {
  const db = join(tempDir(), 'yibao.sqlite');
  const store = await Store.open({ file: db });
  await setAdminPin(store, PIN);
  store.close();
  await page.clock.setFixedTime(new Date(`${day}T10:00:00+08:00`));
  await page.goto(await serve(db));
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
  return db;
}

test('本地规则设置: an administrator sets up a complete in-city rule for a city with none, sees the typical answers change, saves, and the workbench and the sheet answer with it', async ({
  page,
}) => {
  await openCounterWithPin(page, '2027-03-10');

  // A Wuhu employee back after four months without contributions: no local rule yet (杭州, used here
  // before, now has the 浙江省医疗保障条例 rows of issue 20).
  await openCaseFile(page, {
    format: 'yibao-case/1',
    asOf: '2027-03-10',
    region: '340200',
    person: { name: '芜湖续缴', sex: 'male', birth: '1985-01', retirementCategory: 'male' },
    history: [{ from: '2021-11', to: '2026-10', scheme: 'employee', status: 'paid', base: 8000 }],
    request: { scheme: 'employee', paymentDate: '2027-03-10', payer: 'individual' },
  });
  await expect(page.getByTestId('waiting')).toHaveText('无法确定');
  await page.keyboard.press('Control+s');
  await expect(page.getByText(/已保存案件/)).toBeVisible();

  await page.keyboard.press('F5');
  await page.getByRole('tab', { name: '本地规则设置' }).click();
  const rules = page.getByTestId('local-rules');
  await rules.locator('#rule-region').fill('芜湖');
  await rules.locator('#rule-region').blur();
  await expect(rules.locator('#rule-region')).toHaveValue('340200');
  await rules.locator('#rule-scheme').selectOption('employee');
  await rules.locator('#rule-from').fill('2027-01-01');
  await rules.locator('#rule-doc-number').fill('芜医保〔2027〕5号（测试）');
  await rules.locator('#rule-doc-title').fill('关于职工医保断缴后续缴待遇的通知（测试）');
  await rules.locator('#rule-article').fill('第三条');
  await rules.locator('#rule-url').fill('https://ybj.wuhu.gov.cn/test-2027-5');
  await rules.locator('#rule-grade').selectOption('V');
  const set = async (key: string, text: string) => {
    const control = rules.locator(`[id="rule-${key}"]`);
    if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(text);
    else await control.fill(text);
  };
  await set('employee.interruption.shortLimitMonths', '3');
  await set('employee.short.backPayAllowed', '是');
  await set('employee.short.waitingMonths', '0');
  await set('employee.short.startOffset', '1');
  await set('employee.short.retroactive', '是');
  await rules.locator('#rule-tier-0-backpay').selectOption('否');
  // The tier's 待遇起始 says which offset it sets (docs/rules.md §2): from the payment month, or from the end of the waiting period.
  await expect(rules.getByTestId('rule-tier-0-offset-meaning')).toHaveText('自缴费月起算');
  await rules.locator('#rule-tier-0-waiting').fill('6');
  await expect(rules.getByTestId('rule-tier-0-offset-meaning')).toHaveText('自等待期满起算');
  await rules.locator('#rule-tier-0-retro').selectOption('否');
  await set('employee.benefit.startOffset', '1');
  await set('employee.firstEnrolment.waitingMonths', '6');
  await set('employee.firstEnrolment.exemptIfWithinMonths', '3');
  await rules.locator('#rule-reason').fill('录入本市断缴续缴规则');
  await rules.locator('#rule-payment-date').fill('2027-03-10');
  await expect(rules.getByTestId('rule-save-blocked')).toHaveText('请先点击“预览”，看过典型情形和影响后才能保存');

  await rules.getByRole('button', { name: '预览典型情形与影响' }).click();
  const table = rules.getByTestId('typical-table');
  const cells = (id: string) => table.getByTestId(`typical-${id}`).getByRole('cell');
  await expect(cells('gap-4')).toHaveText([
    /^不能确定：本地规则未录入/,
    /^不可补缴；等待期 6 个月；2027-09 起享受待遇；中断期间费用不报销/,
  ]);
  await expect(cells('gap-1')).toHaveText([/^不能确定：本地规则未录入/, /^可补缴；无等待期；2027-04 起享受待遇；中断期间费用可报销/]);
  await expect(cells('gap-3')).toHaveText([/^不能确定/, /^可补缴；无等待期；2027-04 起享受待遇/]);
  await expect(cells('first')).toHaveText([/^等待期不明；待遇起始月不明/, /^等待期 6 个月；2027-09 起享受待遇/]);
  await expect(table.getByTestId('typical-gap-4')).toHaveClass(/changed/);
  await expect(table.getByTestId('typical-gap-4')).toContainText('依据：芜医保〔2027〕5号（测试）');
  await expect(rules.getByTestId('rule-preview-changes').getByTestId('impact-summary')).toContainText('有 1 件');
  await expect(rules.getByTestId('rule-preview-changes')).toContainText('等待期：— → 6 个月');
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'local-rule-typical.png') });

  await expect(rules.getByTestId('rule-save-blocked')).toHaveText('请输入管理员 PIN');
  await rules.locator('#rule-pin').fill(PIN);
  await rules.getByRole('button', { name: '保存本地规则' }).click();
  await expect(rules.getByTestId('rule-saved')).toContainText('已保存本地规则：新增 9 条');

  // The workbench answers with a definite waiting period, and the sheet prints it with the new citation.
  await page.keyboard.press('F2');
  await expect(page.getByTestId('waiting')).toHaveText('6 个月');
  await expect(page.getByTestId('benefits-from')).toContainText('2027');
  await page.keyboard.press('Control+p');
  const sheet = page.frameLocator('iframe[title^="告知单"]');
  await expect(sheet.locator('body')).toContainText('芜医保〔2027〕5号（测试）');
  await expect(sheet.locator('body')).toContainText('2027年9月');
  await page.screenshot({ path: join(SHOTS, 'local-rule-sheet.png') });
});

test.describe('the administrator screen in plain Chinese', () => {
  test.use({ timezoneId: 'Asia/Shanghai' });
  test('"6.5%" is accepted and stored as 0.065; the preview is in 元 with labels; errors sit beside their controls; the audit is a readable table in local time', async ({
    page,
  }) => {
    const db = await openCounterWithPin(page, '2027-06-10');
    // A Nanjing flexible worker with two months' arrears in 2027 (priced at the 2027 rate).
    await openCaseFile(page, {
      format: 'yibao-case/1',
      asOf: '2027-06-10',
      region: '320100',
      person: { name: '费率测试', sex: 'female', birth: '1980-05', retirementCategory: 'female-55' },
      history: [
        { from: '2025-01', to: '2026-12', scheme: 'flexible', status: 'paid', base: 8000 },
        { from: '2027-01', to: '2027-02', scheme: 'flexible', status: 'arrears', base: 8000 },
        { from: '2027-03', to: '2027-05', scheme: 'flexible', status: 'paid', base: 8000 },
      ],
      request: { scheme: 'flexible', paymentDate: '2027-06-10', payer: 'individual' },
    });
    await expect(page.getByTestId('principal')).toHaveText('1,280.00 元');
    await page.keyboard.press('Control+s');
    await expect(page.getByText(/已保存案件/)).toBeVisible();

    await page.keyboard.press('F5');
    // Regions by name: the edit's and the filter's.
    await page.locator('#edit-region').fill('南京');
    await page.locator('#edit-region').blur();
    await expect(page.locator('#edit-region')).toHaveValue('320100');
    await page.locator('#edit-key').selectOption('flexible.rate');
    await page.locator('#edit-value').fill('6.5%');
    await expect(page.getByTestId('edit-value-reading')).toHaveText('= 6.5%');
    await page.locator('#edit-from').fill('2027-01-01');
    await page.locator('#edit-doc-number').fill('宁医保发〔2027〕3号（测试）');
    await page.locator('#edit-doc-title').fill('关于调整灵活就业人员医保费率的通知（测试）');
    await page.locator('#edit-article').fill('第一条');
    await page.locator('#edit-reason').fill('2027 年费率下调');
    // No grade is chosen for the administrator: the problem is shown beside the grade.
    await expect(page.locator('#edit-grade')).toHaveValue('');
    await page.getByRole('button', { name: '预览影响' }).click();
    const gradeField = page.locator('label', { has: page.locator('#edit-grade') });
    await expect(gradeField.locator('.field-error')).toHaveText('请选择来源等级');
    await gradeField.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'policy-edit-error-beside.png') });
    await page.locator('#edit-grade').selectOption('V');
    await expect(page.getByTestId('save-blocked')).toHaveText('请先点击“预览影响”，看过影响后才能保存');
    await page.getByRole('button', { name: '预览影响' }).click();
    const preview = page.getByTestId('edit-preview');
    await expect(preview).toContainText('南京市 灵活就业人员职工医保费率：6.5%（2027-01-01 至 今后，宁医保发〔2027〕3号（测试） 第一条）');
    await expect(preview).toContainText('南京市 灵活就业人员职工医保费率：8%，截止于 2026-12-31');
    await expect(preview).toContainText('补缴本金：1,280.00 元 → 1,040.00 元');
    await expect(preview).not.toContainText('flexible.rate');
    await expect(preview).not.toContainText('128000');
    await expect(page.getByTestId('save-blocked')).toHaveText('请输入管理员 PIN');
    await page.screenshot({ path: join(SHOTS, 'policy-edit-plain-preview.png') });
    await page.locator('#edit-pin').fill(PIN);
    await page.getByRole('button', { name: '确认保存' }).click();
    await expect(page.getByTestId('edit-saved')).toContainText('已保存：新增 1 条，截止 1 条；影响已保存案件 1 件');

    // Stored as 0.065.
    const raw = new Database(db, { readonly: true });
    const stored = raw.prepare(`SELECT value_json FROM policy_value WHERE id = '320100/flexible.rate/2027-01-01'`).pluck().get();
    const at = raw.prepare(`SELECT at FROM policy_audit WHERE entity_id = '320100/flexible.rate/2027-01-01'`).pluck().get() as string;
    raw.close();
    expect(stored).toBe('0.065');

    // The audit as a readable table: who, when (local time with the date), what from → to, why, 文号.
    const audit = page.getByTestId('audit-log');
    const inserted = audit.getByRole('row').filter({ hasText: '新增' }).filter({ hasText: '灵活就业人员职工医保费率' });
    const shanghai = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(at));
    await expect(inserted.getByRole('cell')).toHaveText([
      shanghai,
      /.+/,
      '新增',
      '南京市 灵活就业人员职工医保费率6.5%（2027-01-01 至 今后）',
      '2027 年费率下调',
      '宁医保发〔2027〕3号（测试）',
    ]);
    const closed = audit.getByRole('row').filter({ hasText: '修改' }).filter({ hasText: '灵活就业人员职工医保费率' });
    await expect(closed).toContainText('生效期间：2023-04-01 至 今后 → 2023-04-01 至 2026-12-31');
    await expect(audit).not.toContainText('{"');
    await audit.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'policy-audit-table.png') });

    await page.locator('#policy-region').fill('南京市');
    await page.locator('#policy-region').blur();
    await expect(page.locator('#policy-region')).toHaveValue('320100');
    await page.locator('#policy-search').fill('灵活就业人员职工医保费率');
    await expect(page.getByTestId('policy-groups')).toContainText('南京市（320100）');
    await expect(page.getByTestId('policy-groups')).toContainText('6.5%');
    await expect(page.getByTestId('policy-groups')).not.toContainText('上海市（310000）');

    // The workbench assesses with it.
    await page.keyboard.press('F2');
    await expect(page.getByTestId('principal')).toHaveText('1,040.00 元');
  });
});
