// Regenerates the coverage table of docs/policy-library.md (between <!-- coverage:begin --> and <!-- coverage:end -->)
// from the shipped library: `yibao policy coverage --markdown` on a fresh database at the date
// given (`npm run readme:coverage -- 2026-12-07`), so the table is the command's output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const asOf = process.argv[2];
if (!asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
  console.error('用法：npm run readme:coverage -- YYYY-MM-DD（核算日期）');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'yibao-readme-coverage-'));
try {
  const run = spawnSync(
    process.execPath,
    [join(root, 'bin', 'yibao.mjs'), 'policy', 'coverage', '--markdown', '--as-of', asOf, '--db', join(dir, 'yibao.sqlite')],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(run.stderr || `yibao exited ${String(run.status)}`);
  const readmePath = join(root, 'docs', 'policy-library.md');
  const readme = readFileSync(readmePath, 'utf8');
  const begin = '<!-- coverage:begin -->';
  const end = '<!-- coverage:end -->';
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error('docs/policy-library.md 中找不到 coverage:begin / coverage:end 标记');
  writeFileSync(readmePath, `${readme.slice(0, from + begin.length)}\n${run.stdout.trimEnd()}\n${readme.slice(to)}`);
  console.log(`docs/policy-library.md 的覆盖情况表已按 ${asOf} 重新生成。`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
