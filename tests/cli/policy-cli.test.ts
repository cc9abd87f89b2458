// `yibao policy …` as the city office and a counter use it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planEdit, writePlan } from '../../src/services/policy-admin.ts';
import { Store } from '../../src/store/store.ts';
import { COVERAGE_AS_OF, COVERAGE_CITY, coverageAssets } from '../support/coverage-fixture.ts';
import { nextRelease } from '../support/release-fixture.ts';

const root = join(import.meta.dirname, '..', '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yibao-policy-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (env: Record<string, string>, db: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'yibao.mjs'), ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, YIBAO_DB: join(dir, db), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const yibao = (db: string, ...args: string[]) => run({}, db, ...args);

describe('yibao policy', () => {
  it('lists the library and the expiring documents', () => {
    const list = yibao('office.sqlite', 'policy', 'list', '--region', '320100');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('320100\tflexible.rate\t0.08\t2023-04-01–');
    const expiring = yibao('office.sqlite', 'policy', 'list', '--expiring');
    expect(expiring.stdout).toMatch(/已到期\s+2025-06-30.*粤医保规〔2022〕6号/);
    expect(expiring.stdout).toMatch(/将到期\s+2026-12-31|已到期\s+2026-12-31/);
  });

  it('exports a signed pack at the office; a counter verifies it only with the trusted key and imports it with the PIN', () => {
    expect(yibao('office.sqlite', 'policy', 'keygen', '--out', 'office').code).toBe(0);
    expect(readFileSync(join(dir, 'office.key'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    const exported = yibao(
      'office.sqlite',
      'policy',
      'export',
      '--region',
      '320100',
      '--key',
      'office.key',
      '--by',
      '南京市医保中心',
      '--out',
      'pack.json',
    );
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/已导出 \d+ 条政策记录到 pack\.json/);

    const untrusted = yibao('counter.sqlite', 'policy', 'verify', 'pack.json');
    expect(untrusted.code).toBe(2);
    expect(untrusted.stderr).toContain('不在受信任的密钥列表中');

    const trust = ['policy', 'trust', 'office.pub.pem', '--name', '南京市医保中心', '--region', '320100', '--pin', '135790'];
    expect(yibao('counter.sqlite', ...trust).stderr).toContain('尚未设置管理员 PIN');
    expect(yibao('counter.sqlite', 'policy', 'pin', '--new', '135790').code).toBe(0);
    const trusted = yibao('counter.sqlite', ...trust);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toContain('可签署：南京市（320100）');
    const verified = yibao('counter.sqlite', 'policy', 'verify', 'pack.json');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('签名有效（南京市医保中心）');

    expect(yibao('counter.sqlite', 'policy', 'import', 'pack.json', '--pin', '000000').stderr).toContain('管理员 PIN 不正确');
    const imported = yibao('counter.sqlite', 'policy', 'import', 'pack.json', '--pin', '135790', '--actor', '窗口3');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('已导入');

    const pack = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8'));
    pack.values[0].value = 0.5;
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(pack));
    const tampered = yibao('counter.sqlite', 'policy', 'import', 'tampered.json', '--pin', '135790');
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toContain('内容摘要不符');
  });

  it('a pack signed by a city key that touches CN or another city is rejected with nothing changed', () => {
    // The counter trusts the Nanjing office's key for Nanjing only (the test above).
    const library = () => yibao('counter.sqlite', 'policy', 'list', '--json').stdout;
    const before = library();
    for (const [regions, named] of [
      ['320100,CN', '全国（CN）'],
      ['320100,330100', '杭州市（330100）'],
    ] as const) {
      const out = `wide-${regions.replace(',', '-')}.json`;
      expect(
        yibao('office.sqlite', 'policy', 'export', '--region', regions, '--key', 'office.key', '--by', '南京市医保中心', '--out', out).code,
      ).toBe(0);
      for (const sub of ['verify', 'import']) {
        const refused = yibao('counter.sqlite', 'policy', sub, out, '--pin', '135790');
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain(named);
        expect(refused.stderr).toContain('超出签名密钥“南京市医保中心”可签署的范围（南京市（320100））；未导入任何内容');
      }
    }
    expect(library()).toBe(before);
  });

  it("a new release reaching an existing database: its conflicts with the office's own edit are listed with both sides until resolved", async () => {
    const next = nextRelease();
    try {
      expect(yibao('upgrade.sqlite', 'policy', 'list', '--region', '310000').code).toBe(0);
      // The office's own 2028 rate for Shanghai (the 政策库 screen's dated edit).
      const store = await Store.open({ file: join(dir, 'upgrade.sqlite') });
      const planned = await planEdit(
        store,
        {
          region: '310000',
          key: 'flexible.rate',
          value: 0.09,
          effectiveFrom: '2028-01-01',
          effectiveTo: null,
          document: { number: '沪医保办〔2027〕1号（本中心）', title: '本中心执行口径', url: 'https://example.invalid/sh' },
          article: '第一条',
          url: null,
          grade: 'B',
          note: null,
          reason: '本中心口径',
        },
        '2027-06-01',
      );
      if (!planned.ok) throw new Error(planned.errors.join('; '));
      await writePlan(store, planned.plan, { actor: '王科长', reason: '本中心口径' });
      store.close();

      const upgraded = (...args: string[]) => run({ YIBAO_ASSETS: next }, 'upgrade.sqlite', ...args);
      const conflicts = upgraded('policy', 'list', '--conflicts');
      expect(conflicts.code, conflicts.stderr).toBe(0);
      expect(conflicts.stdout).toMatch(
        /冲突 #1：上海市（310000）灵活就业人员职工医保费率——内置政策库 0\.2\.0（\d{4}-\d{2}-\d{2} \d{2}:\d{2} 发现）/,
      );
      expect(conflicts.stdout).toContain(
        '内置政策库：9.5%，2028-01-01 至 今后，沪医保规〔2027〕99号（测试） 第二条《关于调整本市灵活就业人员职工医保缴费费率的通知（测试）》',
      );
      expect(conflicts.stdout).toContain('本地（现行）：9%，2028-01-01 至 今后，沪医保办〔2027〕1号（本中心） 第一条《本中心执行口径》');
      const release = upgraded('policy', 'release');
      expect(release.stdout).toContain('内置政策库 0.2.0');
      expect(release.stdout).toContain('因本地记录未采用 1 条：310000/flexible.rate/2028-01-01');
      expect(release.stdout).toContain('待处理的冲突 1 个');
      // The release's own notes (db/seed/changes/): date, region, why, keys and documents.
      expect(release.stdout).toContain('更新说明 1 条：\n  2027-12-01 上海市（310000）：上海灵活就业费率自 2028 年起 9.5%（测试）。');
      expect(release.stdout).toContain('    涉及：灵活就业人员职工医保费率');
      expect(release.stdout).toContain('    依据：沪医保规〔2027〕99号（测试）《关于调整本市灵活就业人员职工医保缴费费率的通知（测试）》');
      // The office's row stands until an administrator decides.
      expect(upgraded('policy', 'list', '--region', '310000').stdout).toContain('310000\tflexible.rate\t0.09\t2028-01-01–');

      expect(upgraded('policy', 'resolve', '1', '--take-release').stderr).toContain('尚未设置管理员 PIN');
      expect(upgraded('policy', 'resolve', '1', '--keep-mine', '--take-release', '--pin', '135790').stderr).toContain('之一');
      expect(upgraded('policy', 'pin', '--new', '135790').code).toBe(0);
      const resolved = upgraded('policy', 'resolve', '1', '--take-release', '--pin', '135790', '--actor', '王科长');
      expect(resolved.code, resolved.stderr).toBe(0);
      expect(resolved.stdout).toContain('已采用内置政策库 0.2.0 的 310000/flexible.rate/2028-01-01');
      expect(upgraded('policy', 'list', '--conflicts').stdout).toContain('没有待处理的冲突');
      expect(upgraded('policy', 'list', '--region', '310000').stdout).toContain('310000\tflexible.rate\t0.095\t2028-01-01–');
    } finally {
      rmSync(next, { recursive: true, force: true });
    }
  });

  it('coverage: the eight questions per city at a date given, as text, JSON and the README table', () => {
    const fixture = coverageAssets();
    try {
      const coverage = (...args: string[]) => run({ YIBAO_ASSETS: fixture.dir }, 'coverage.sqlite', 'policy', 'coverage', ...args);
      const text = coverage('--region', COVERAGE_CITY, '--as-of', COVERAGE_AS_OF);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain('杭州市（330100）：官方原文作答 2/8，已作答 5/8');
      expect(text.stdout).toContain('Q1 单位职工本市中断 5 个月后续缴：仅知等待期上限，最弱等级 B，缺：待遇起始月');
      expect(text.stdout).toContain('Q2 单位职工本市中断 2 个月后续缴：已作答（官方原文），最弱等级 B；依据 杭医保〔2020〕1号（测试）');
      expect(text.stdout).toContain('文件 杭医保〔2020〕2号（测试）《灵活就业人员缴费费率（测试）》有效至 2027-01-31，D 级');
      expect(text.stdout).toContain(
        '61 天后到期（2027-01-31）：杭医保〔2020〕2号（测试）《灵活就业人员缴费费率（测试）》——灵活就业人员职工医保费率',
      );

      const json = coverage('--json', '--as-of', COVERAGE_AS_OF);
      expect(json.code, json.stderr).toBe(0);
      const report = JSON.parse(json.stdout) as { asOf: string; regions: unknown[]; totals: { questions: number; official: number } };
      expect(report.asOf).toBe(COVERAGE_AS_OF);
      expect(report.regions).toHaveLength(36);
      expect(report.totals.questions).toBe(288);

      const markdown = coverage('--markdown', '--as-of', COVERAGE_AS_OF);
      expect(markdown.stdout).toContain('| 杭州市（330100） | ◔ B | ● B | ○ | ◐ D | ◐ CONV |');
      expect(markdown.stdout).toContain(`合计：官方原文作答 ${report.totals.official} / 288`);

      const badDate = coverage('--as-of', '2026-02-30');
      expect(badDate.code).toBe(1);
      expect(badDate.stderr).toContain('--as-of 应为真实的日期 YYYY-MM-DD，收到 "2026-02-30"');
      const badRegion = coverage('--region', '999999', '--as-of', COVERAGE_AS_OF);
      expect(badRegion.code).toBe(1);
      expect(badRegion.stderr).toContain('地区 "999999" 不在区划代码表中');
    } finally {
      fixture.remove();
    }
  });
});
