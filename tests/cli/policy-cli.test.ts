// `yibao policy …` as the city office and a counter use it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yibao-policy-cli-'));
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(build.stderr);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const yibao = (db: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'yibao.mjs'), ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, YIBAO_DB: join(dir, db) },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

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

    expect(yibao('counter.sqlite', 'policy', 'trust', 'office.pub.pem', '--name', '南京市医保中心', '--pin', '135790').stderr).toContain(
      '尚未设置管理员 PIN',
    );
    expect(yibao('counter.sqlite', 'policy', 'pin', '--new', '135790').code).toBe(0);
    expect(yibao('counter.sqlite', 'policy', 'trust', 'office.pub.pem', '--name', '南京市医保中心', '--pin', '135790').code).toBe(0);
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
});
