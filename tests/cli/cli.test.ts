// The command line as a user runs it: `npx yibao assess CASE.json [--text]`, its
// output and exit codes (0 ok, 2 bad case file, 1 anything else).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const example = join(root, 'examples', 'example-case.json');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yibao-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function yibao(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'yibao.mjs'), ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, YIBAO_DB: join(dir, 'cli.sqlite') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('yibao assess', () => {
  it('prints the assessment JSON of the spec example with every figure shown there (exit 0)', () => {
    const r = yibao(['assess', example]);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a).toMatchObject({
      format: 'yibao-assessment/1',
      regionChain: ['320100', '320000', 'CN'],
      retirement: { category: 'male', ageMonths: 755, month: '2039-07' },
      interruption: { months: 3, from: '2026-08', to: '2026-10', shortLimitMonths: 3, keepShortDeadline: '2026-11-30' },
      gaps: [{ from: '2026-08', to: '2026-10', months: 3, kind: 'uncovered', current: true }],
      backPay: { allowed: true, months: ['2026-08', '2026-09', '2026-10'], principalFen: 216000, lateFeeFen: 0, totalFen: 216000 },
      benefits: { waitingMonths: 0, waitingMonthsMax: 0, from: '2026-11', retroactive: true },
      lifetime: {
        countedMonths: 193,
        requiredMonths: 360,
        projectedAtRetirementMonths: 348,
        shortfallAtRetirementMonths: 12,
        localActualMonths: 0,
        localActualRequiredMonths: null,
        // No top-up rule for Nanjing in the library (issue 9 item 6): null, with MISSING_PARAMETER.
        topUp: null,
      },
    });
    // Nanjing's requirement rests on a 2012 report whose start cannot be verified (issue 9 item 4).
    expect(a.warnings.map((w: { code: string; key?: string }) => `${w.code} ${w.key}`).sort()).toEqual([
      'MISSING_PARAMETER lifetime.topUp.methods',
      'UNVERIFIED_SOURCE lifetime.requiredMonths.male',
    ]);
    expect(a.explanations.find((e: { id: string }) => e.id === 'transfer.short-gap').citations[0]).toMatchObject({
      document: '医保办发〔2021〕43号',
      article: '第十一条第一款',
      grade: 'C',
    });
    expect(a.policyVersion).toMatch(/^[0-9a-f]{64}$/);
  });

  it('--text prints a readable Chinese summary with the same figures', () => {
    const r = yibao(['assess', example, '--text']);
    expect(r.code).toBe(0);
    for (const part of [
      '中断：3 个月，2026-08 至 2026-10',
      '最迟缴费日 2026-11-30',
      '应缴合计 2,160.00 元（贰仟壹佰陆拾元整）',
      '2026-11 起享受待遇',
      '法定退休年月 2039-07',
      '差 12 个月',
      '医保办发〔2021〕43号 第十一条第一款',
    ]) {
      expect(r.stdout).toContain(part);
    }
  });

  it('reads the case from standard input with "-"', () => {
    const r = yibao(['assess', '-'], readFileSync(example, 'utf8'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).backPay.totalFen).toBe(216000);
  });

  it('exits 2 with one Chinese line per problem naming the field for a bad case file', () => {
    const bad = JSON.parse(readFileSync(example, 'utf8'));
    bad.history.push({ from: '2016-01', to: '2026-13', scheme: 'employee', status: 'paid', base: -5 });
    bad.person.idNumber = '320102197608150011';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = yibao(['assess', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('history[1].to: 月份应为 YYYY-MM 格式，收到 "2026-13"');
    expect(lines).toContain('history[1].base: 缴费基数不能为负数，收到 -5');
    expect(r.stderr).not.toMatch(/at .*\.(ts|js|mjs):\d+/); // no stack trace
  });

  it('exits 2 for semantic problems too (overlap, wrong ID checksum)', () => {
    const bad = JSON.parse(readFileSync(example, 'utf8'));
    bad.person.idNumber = '320102197608150011';
    bad.history.push({ from: '2015-01', to: '2015-06', scheme: 'employee', status: 'paid', base: 5000 });
    const file = join(dir, 'bad2.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = yibao(['assess', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('person.idNumber: 身份证号校验位不符（GB 11643）：末位应为 "0"，收到 "1"');
    expect(r.stderr).toContain('history[1]: 与 history[0]（2010-07 至 2026-07）重叠：2015-01 至 2015-06');
  });

  it('exits 2 for text that is not JSON', () => {
    const file = join(dir, 'notjson.json');
    writeFileSync(file, '{ "format": ');
    const r = yibao(['assess', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\(文件\): 不是有效的 JSON/);
  });

  it('exits 1 with a message (not a stack trace) for a missing file or an unknown command', () => {
    const missing = yibao(['assess', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('无法读取案件文件');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect(yibao(['frobnicate']).code).toBe(1);
    expect(yibao(['sheet', example]).stderr).toContain('需要 --out');
  });
});

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].some((c) => existsSync(c));

describe('yibao sheet', () => {
  it.skipIf(!chromium)('writes a one-page A4 PDF and the HTML of the example case, numbered and recorded', () => {
    const pdf = join(dir, 'sheet.pdf');
    const html = join(dir, 'sheet.html');
    const r = yibao(['sheet', example, '--out', pdf, '--html', html]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^告知单 \d{8}-\d{2}-\d{4}（内容摘要 [0-9a-f]{16}）已写入/);
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toContain('(A4)');
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    for (const part of [
      '补缴及待遇恢复告知单',
      '张三',
      '320102********0010',
      '中断3个月',
      '2026年11月30日',
      '2,160.00元',
      '贰仟壹佰陆拾元整',
      '自2026年11月起享受医保待遇',
      '2039年7月',
      '医保办发〔2021〕43号',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).not.toContain('320102197608150010');
    expect(readFileSync(html, 'utf8')).toContain('DroidSansFallbackFull.ttf');
  });

  it('says what to install when no Chromium can be found (exit 1)', () => {
    const result = spawnSync(process.execPath, [join(root, 'bin', 'yibao.mjs'), 'sheet', example, '--out', join(dir, 'x.pdf')], {
      encoding: 'utf8',
      env: { ...process.env, YIBAO_DB: join(dir, 'cli.sqlite'), CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('找不到 Chromium');
  });
});
