// Policy upkeep as a city office's administrator does it (issue 13), each test on a database and
// server of its own at 1366×768: a new release whose library conflicts with the office's own
// edit (listed with both sides until the administrator decides), and a pack signed by a city's
// key that reaches beyond its city (rejected with nothing changed).
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setAdminPin } from '../../src/services/admin-pin.ts';
import { planEdit, writePlan, type ValueEdit } from '../../src/services/policy-admin.ts';
import { exportPack, generateSigningKeys } from '../../src/services/policy-packs.ts';
import { Store } from '../../src/store/store.ts';
import { nextRelease } from '../support/release-fixture.ts';
import { E2E_UPKEEP_PORTS_FROM } from './ports.ts';
import { SHOTS, serveOwn } from './support.ts';

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1366, height: 768 } });

const PIN = '246810';
let port = E2E_UPKEEP_PORTS_FROM;
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
  const server = await serveOwn({ db, port: port++, env });
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
