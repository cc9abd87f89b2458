// Keeping the library current from the UI: an administrator records next year's base for a
// region, sees which saved cases change, and every counter then assesses with it; a pack
// signed at the city office is imported; a tampered pack is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowId } from '../../src/core/policy/row.ts';
import { planEdit, writePlan } from '../../src/services/policy-admin.ts';
import { exportPack, generateSigningKeys } from '../../src/services/policy-packs.ts';
import { Store } from '../../src/store/store.ts';
import { callApi, expect, openApp, openCaseFile, shanghaiTime, SHOTS, startOn, test } from './support.ts';

// Steps of one story: the administrator PIN set in the second test guards the pack import of the third.
test.describe.configure({ mode: 'serial' });

const PIN = '246810';
const shanghaiCase = {
  format: 'yibao-case/1',
  asOf: '2027-11-20',
  region: '310000',
  person: { name: '基数测试', sex: 'male', birth: '1980-03', retirementCategory: 'male' },
  history: [
    { from: '2020-01', to: '2027-07', scheme: 'employee', status: 'paid', base: 7000 },
    { from: '2027-08', to: '2027-09', scheme: 'employee', status: 'arrears', base: 7000 },
    { from: '2027-10', to: '2027-10', scheme: 'employee', status: 'paid', base: 7000 },
  ],
  request: { scheme: 'employee', paymentDate: '2027-11-20', payer: 'individual' },
};

test('the start screen lists expired and expiring policy documents', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('start-expiring')).toContainText('粤医保规〔2022〕6号');
  await page.keyboard.press('F5');
  await expect(page.getByTestId('expiring')).toContainText('已到期');
});

test("an administrator records next year's base minimum from the UI; the affected case is shown, audited, and assessed with it", async ({
  page,
}) => {
  // On the case's day, with no unsaved draft of another test in the way.
  await startOn(page, shanghaiCase.asOf);
  // A saved Shanghai case whose arrears months (Aug–Sep 2027) lie in the new base year.
  await openCaseFile(page, shanghaiCase);
  await expect(page.getByTestId('principal')).toHaveText('1,540.00 元'); // 7000 × 11% × 2: no base range recorded yet for 2027-07
  await page.keyboard.press('Control+s');
  await expect(page.getByText(/已保存案件/)).toBeVisible();

  await page.keyboard.press('F5');
  await page.locator('#new-pin').fill(PIN);
  await page.locator('#new-pin-again').fill(PIN); // typed twice (issue 21)
  await page.getByRole('button', { name: '设置 PIN' }).click();
  await expect(page.getByText('管理员 PIN 已设置。')).toBeVisible();
  await page.locator('#policy-region').fill('310000');
  await page.locator('#policy-search').fill('基数下限');
  await expect(page.getByTestId('policy-groups')).toContainText('7,546.00 元/月');

  const fillEdit = async (key: string, value: string) => {
    await page.locator('#edit-region').fill('310000');
    await page.locator('#edit-key').selectOption(key);
    await page.locator('#edit-value').fill(value);
    await page.locator('#edit-from').fill('2027-07-01');
    await page.locator('#edit-to').fill('2028-06-30');
    await page.locator('#edit-doc-number').fill('上海市人社局问答（2027-08）');
    await page.locator('#edit-doc-title').fill('2027年度社会保险缴费基数上下限');
    await page.locator('#edit-url').fill('https://rsj.sh.gov.cn/example-2027');
    await page.locator('#edit-grade').selectOption('V');
    await page.locator('#edit-reason').fill('2027年度缴费基数公布');
    await page.getByRole('button', { name: '预览影响' }).click();
  };
  // The upper limit first: a range needs both ends, so no saved case changes yet.
  await fillEdit('base.max', '38500');
  await expect(page.getByTestId('impact-summary')).toContainText('有 0 件');
  await page.locator('#edit-pin').fill(PIN);
  await page.getByRole('button', { name: '确认保存' }).click();
  await expect(page.getByText(/已保存：新增 1 条/)).toBeVisible();

  await fillEdit('base.min', '7700');
  const preview = page.getByTestId('edit-preview');
  await expect(preview).toContainText(
    '上海市 缴费基数下限（元/月）：7,700.00 元/月（2027-07-01 至 2028-06-30，上海市人社局问答（2027-08））',
  );
  await expect(page.getByTestId('impact-summary')).toContainText('有 1 件');
  await expect(preview).toContainText('基数测试');
  await expect(preview).toContainText('补缴本金：1,540.00 元 → 1,694.00 元');
  await page.screenshot({ path: join(SHOTS, 'policy-edit-preview.png'), fullPage: true });
  // Only what was previewed can be saved: a changed value asks for a new preview.
  await page.locator('#edit-value').fill('7800');
  await expect(page.getByRole('button', { name: '确认保存' })).toBeDisabled();
  await expect(page.getByTestId('save-blocked')).toHaveText('输入已改动，请重新预览影响后再保存');
  await page.locator('#edit-value').fill('7700');
  // The reason 确认保存 cannot be pressed is beside it.
  await expect(page.getByTestId('save-blocked')).toHaveText('请输入管理员 PIN');

  // A wrong PIN changes nothing.
  await page.locator('#edit-pin').fill('0000');
  await page.getByRole('button', { name: '确认保存' }).click();
  await expect(page.locator('label', { has: page.locator('#edit-pin') })).toContainText('管理员 PIN 不正确');
  await page.locator('#edit-pin').fill(PIN);
  await page.getByRole('button', { name: '确认保存' }).click();
  await expect(page.getByText(/已保存：新增 1 条，截止 0 条；影响已保存案件 1 件/)).toBeVisible();
  await expect(page.getByTestId('audit-log')).toContainText('上海市 缴费基数下限（元/月）7,700.00 元/月（2027-07-01 至 2028-06-30）');
  await expect(page.getByTestId('audit-log')).toContainText('2027年度缴费基数公布');
  // Issue 11 item 14: the audit's times in local time with the date (they are stored in UTC).
  const [latest] = await callApi<Array<{ at: string }>>(page, 'policyAudit', { limit: 1 });
  await expect(page.getByTestId('audit-log')).toContainText(shanghaiTime(latest!.at));

  // The workbench now assesses with the new base range (7000 is clamped up to 7700).
  await page.keyboard.press('F2');
  await expect(page.getByTestId('principal')).toHaveText('1,694.00 元');
});

test('a pack signed at the city office is imported after its key is trusted; a tampered pack is refused', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-pack-'));
  try {
    // The city office: a 2027 flexible rate for Nanjing, exported as a signed pack.
    const keys = generateSigningKeys();
    const office = new Store({ file: join(dir, 'office.sqlite') });
    const planned = await planEdit(
      office,
      {
        region: '320100',
        key: 'flexible.rate',
        value: 0.085,
        effectiveFrom: '2027-01-01',
        effectiveTo: null,
        document: { number: '宁医保发〔2026〕99号', title: '2027年灵活就业人员医保费率', url: 'https://ybj.nanjing.gov.cn/x' },
        article: '第二条',
        url: null,
        grade: 'V',
        note: null,
        reason: '2027 费率',
      },
      '2026-11-22',
    );
    if (!planned.ok) throw new Error(planned.errors.join('; '));
    await writePlan(office, planned.plan, { actor: '市局', reason: '2027 费率' });
    const pack = await exportPack(office, { regions: ['320100'], privateKeyPem: keys.privateKeyPem, createdBy: '南京市医保中心' });
    office.close();

    await openApp(page);
    await page.keyboard.press('F5');
    // File fields are worded in Chinese whatever the browser's language (Debian's Chromium says "Choose File").
    // Three on 政策记录, the fourth (the signing key) on 本地规则设置.
    await expect(page.getByRole('button', { name: '选择文件…' })).toHaveCount(3);
    await page.getByRole('tab', { name: '本地规则设置' }).click();
    await expect(page.getByRole('button', { name: '选择文件…' })).toHaveCount(1);
    await page.getByRole('tab', { name: '政策记录' }).click();
    await expect(page.getByTestId('pack-file-name')).toHaveText('未选择文件');
    await page.locator('#trust-name').fill('南京市医保中心');
    await page.locator('#trust-regions').fill('320100');
    await page
      .getByTestId('trust-file')
      .setInputFiles({ name: 'office.pub.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(keys.publicKeyPem) });
    await page.locator('#trust-pin').fill(PIN);
    await page.getByRole('button', { name: '添加受信任密钥' }).click();
    await expect(page.getByText(`已添加受信任密钥 ${keys.keyId}`)).toBeVisible();

    const tampered = structuredClone(pack);
    tampered.values.find((v) => rowId(v) === '320100/flexible.rate/2027-01-01')!.value = 0.05;
    await page
      .getByTestId('pack-file')
      .setInputFiles({ name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) });
    await expect(page.getByRole('alert')).toContainText('内容摘要不符');
    await expect(page.getByTestId('pack-preview')).toHaveCount(0);

    await page
      .getByTestId('pack-file')
      .setInputFiles({ name: 'pack.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pack)) });
    await expect(page.getByTestId('pack-file-name')).toHaveText('pack.json');
    await page.getByTestId('pack-file-name').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'policy-file-chooser.png') });
    const preview = page.getByTestId('pack-preview');
    await expect(preview).toContainText('签名有效（南京市医保中心）');
    await expect(preview).toContainText('+ 南京市 灵活就业人员职工医保费率：8.5%（2027-01-01 起，宁医保发〔2026〕99号）');
    await expect(preview).toContainText('⊣ 南京市 灵活就业人员职工医保费率：8% 截止于 2026-12-31');
    await page.locator('#pack-pin').fill(PIN);
    await page.getByRole('button', { name: '导入（一次完成）' }).click();
    await expect(page.getByText(/已导入政策包 pack\.json：新增 1 条，截止 1 条/)).toBeVisible();
    await page.locator('#policy-region').fill('320100');
    await page.locator('#policy-search').fill('flexible.rate');
    await expect(page.getByTestId('policy-groups')).toContainText('宁医保发〔2026〕99号');
    await page.screenshot({ path: join(SHOTS, 'policy-screen.png') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
