// `npm test`: the one test command (README, .ci/run). It sets up what it needs
// (dependencies via `npm ci` when node_modules is missing or stale), builds the
// command line, type-checks, runs every Vitest suite, and ends with one plain
// line "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './lib/ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Each step's wall-clock time, printed before the last line (the machine may be shared: compare runs with care).
const timings = [];
const run = (title, command, args, options = {}) => {
  console.log(`\n▶ ${title}`);
  const started = performance.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  timings.push(`${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s  ${title}${r.status === 0 ? '' : ' (failed)'}`);
  return r.status === 0;
};
const began = performance.now();

// 1. Dependencies: the project's own Node 24 and packages.
const node = ensureDeps(root);
const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
console.log(`node for tests: ${version} (${node})`);

let ok = true;
ok = run('building the command line (dist/cli/yibao.mjs)', node, [join(root, 'scripts', 'build-cli.mjs')]) && ok;
ok =
  run('type-checking (tsc --noEmit)', node, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json']) &&
  ok;
ok =
  run('type-checking the browser tests (tsc)', node, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--noEmit',
    '-p',
    'tsconfig.e2e.json',
  ]) && ok;
ok =
  run('type-checking the renderer (svelte-check)', node, [
    join(root, 'node_modules', 'svelte-check', 'bin', 'svelte-check'),
    '--tsconfig',
    'src/ui/tsconfig.json',
    '--fail-on-warnings',
  ]) && ok;
// The renderer too: the packaging test (npm run dist -- --dir) checks what electron-builder would pack.
ok =
  run('building the Electron shell and the renderer (dist/electron, dist/renderer)', node, [join(root, 'scripts', 'build-electron.mjs')]) &&
  ok;
ok =
  run('Electron security scan (electronegativity; fails on unaccepted HIGH/MEDIUM)', node, [
    join(root, 'scripts', 'electronegativity.mjs'),
  ]) && ok;

// Browser tests need Debian's Chromium (Playwright cannot download its own browser here).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const APT = ['chromium', 'fonts-noto-cjk', 'poppler-utils', 'postgresql'];
// PostgreSQL's programs (initdb, pg_ctl): the store and service suites also run on a throwaway cluster.
const postgresMissing = () =>
  !process.env.YIBAO_PG_BIN &&
  !(
    existsSync('/usr/lib/postgresql') &&
    readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')))
  );
// Installed before any test runs: the sheet's PDF tests need pdftotext as much as Playwright needs Chromium.
const systemToolsMissing = () => !existsSync(chromium) || !existsSync('/usr/bin/pdftotext') || postgresMissing();
if (systemToolsMissing()) {
  if (process.getuid?.() === 0) {
    run('installing Chromium, CJK fonts, poppler and PostgreSQL (apt-get)', 'sh', [
      '-c',
      `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${APT.join(' ')}`,
    ]);
  }
  if (systemToolsMissing()) {
    console.error(
      `\n✗ Chromium (${chromium}), pdftotext or PostgreSQL (initdb) not found. Install them with:\n    sudo apt-get install -y ${APT.join(' ')}\n  (or set CHROMIUM_PATH), then run npm test again.`,
    );
    ok = false;
  }
}
ok =
  run('format check (prettier --check)', node, [
    join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'),
    '--check',
    '--log-level',
    'warn',
    '.',
  ]) && ok;
ok = run('lint (eslint)', node, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', '.']) && ok;

mkdirSync(join(root, '.tmp'), { recursive: true });
const report = join(root, '.tmp', 'vitest-report.json');
ok =
  run(
    'unit, golden, property and command-line tests (vitest)',
    node,
    [
      join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      // The command line was built above: Vitest's setup (tests/support/cli-global-setup.ts) does not build it again.
    ],
    { env: { ...process.env, YIBAO_CLI_PREBUILT: '1' } },
  ) && ok;

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
} else {
  ok = false;
}

if (existsSync(chromium)) {
  const pwReport = join(root, '.tmp', 'playwright-report.json');
  ok =
    run(
      'browser and Electron tests (Playwright, Debian Chromium)',
      node,
      [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test'],
      // The renderer and the Node bundles were built above: Playwright's setup does not build them again.
      { env: { ...process.env, YIBAO_E2E_PREBUILT: '1' } },
    ) && ok;
  if (existsSync(pwReport)) {
    const s = JSON.parse(readFileSync(pwReport, 'utf8')).stats;
    passed += s.expected;
    failed += s.unexpected;
    skipped += s.skipped;
    // retries are 0, so a flaky count can only come from a changed config: count it as failed.
    failed += s.flaky ?? 0;
  } else {
    ok = false;
  }
}

if (!ok && failed === 0) failed = 1; // a failed build or type-check counts as a failure
console.log(
  `\ntimes (wall clock):\n${timings.join('\n')}\n${((performance.now() - began) / 1000).toFixed(0).padStart(5)} s  npm test in all`,
);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 && passed > 0 ? 0 : 1);
