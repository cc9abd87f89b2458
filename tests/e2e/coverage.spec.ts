// The 覆盖情况 tab of 政策库 at 1366×768, on a server and database of its own whose library is
// known by construction (tests/support/coverage-fixture.ts): the office picks a date, sees each
// city's eight questions as official / weak / cap only / unknown with the weakest grade, and for a
// city what is missing, its documents with their end dates and what stops within 90 days. What
// the tab shows is what the services (and `yibao policy coverage`) say for the same date.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COVERAGE_AS_OF, coverageAssets } from '../support/coverage-fixture.ts';
import { expect, serveOwn, SHOTS, test } from './support.ts';

test.use({ viewport: { width: 1366, height: 768 } });

test('the 覆盖情况 tab shows each city’s eight questions at the date chosen, and one city’s gaps, documents and expiries', async ({
  page,
}) => {
  const fixture = coverageAssets();
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-coverage-'));
  const server = await serveOwn({ db: join(dir, 'yibao.sqlite'), env: { YIBAO_ASSETS: fixture.dir } });
  try {
    await page.clock.setFixedTime(new Date(`${COVERAGE_AS_OF}T10:00:00+08:00`));
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
    await page.keyboard.press('F5');
    await page.getByRole('tab', { name: '覆盖情况' }).click();
    await page.locator('#coverage-as-of').fill(COVERAGE_AS_OF);

    const table = page.getByTestId('coverage-table');
    const hangzhou = table.getByRole('row', { name: /杭州市/ });
    const cells = hangzhou.locator('td');
    await expect(cells.nth(0)).toHaveText('仅上限B');
    await expect(cells.nth(1)).toHaveText('官方B');
    await expect(cells.nth(2)).toHaveText('未知');
    await expect(cells.nth(3)).toHaveText('待核实D');
    await expect(cells.nth(4)).toHaveText('待核实CONV');
    await expect(cells.nth(8)).toHaveText('2/8');
    await expect(table.locator('tbody tr')).toHaveCount(36);
    // A city with no rows of its own: unknown wherever a local figure is needed.
    await expect(
      table
        .getByRole('row', { name: /郑州市/ })
        .locator('td')
        .nth(0),
    ).toHaveText('未知');

    // The totals are the services' for the same date.
    const report = (await (
      await page.request.post(`${server.url}api/policyCoverage`, { headers: { 'x-yibao': '1' }, data: { input: { asOf: COVERAGE_AS_OF } } })
    ).json()) as { value: { totals: { official: number; answered: number; capOnly: number; unknown: number } } };
    const t = report.value.totals;
    await expect(page.getByTestId('coverage-totals')).toHaveText(
      `共 288 项：官方原文作答 ${t.official}，已作答 ${t.answered}，仅知上限 ${t.capOnly}，未知 ${t.unknown}`,
    );

    await hangzhou.getByRole('button', { name: '杭州市' }).click();
    const detail = page.getByTestId('coverage-detail');
    await expect(detail).toContainText(`杭州市（330100）核算日期 ${COVERAGE_AS_OF}`);
    await expect(detail).toContainText('Q1 单位职工本市中断 5 个月后续缴：仅知等待期上限，最弱依据 B 级（政府网站）；缺：待遇起始月');
    await expect(detail).toContainText('Q3 灵活就业人员本市中断 5 个月后续缴：未知；缺：可否补缴、待遇起始月、中断期间待遇');
    await expect(detail).toContainText(
      '杭医保〔2020〕2号（测试）《灵活就业人员缴费费率（测试）》——有效至 2027-01-31，D 级（第三方解读，未核实）',
    );
    await expect(page.getByTestId('coverage-expiring')).toHaveText(
      '2027-01-31（61 天后）：杭医保〔2020〕2号（测试）《灵活就业人员缴费费率（测试）》，杭州市——灵活就业人员职工医保费率',
    );
    await page.screenshot({ path: join(SHOTS, 'policy-coverage.png') });
    await detail.scrollIntoViewIfNeeded();
    await detail.screenshot({ path: join(SHOTS, 'policy-coverage-detail.png') });

    // Another date is another answer: after the rate's document ends, the last months are not priced.
    await page.locator('#coverage-as-of').fill('2027-03-01');
    await expect(cells.nth(3)).toHaveText('未知');
    await expect(detail).toContainText('核算日期 2027-03-01');

    // The records tab is still there, as it was.
    await page.getByRole('tab', { name: '政策记录' }).click();
    await expect(page.getByTestId('policy-groups')).toBeVisible();
    await expect(page.getByTestId('coverage')).toBeHidden();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    fixture.remove();
  }
});
