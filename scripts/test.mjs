// `npm test`: the one test command (README, .ci/run). It sets up what it needs
// (dependencies via `npm ci` when node_modules is missing or stale), builds the
// command line, type-checks, runs every Vitest suite, and ends with one plain
// line "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (title, command, args, options = {}) => {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return r.status === 0;
};

// 1. Dependencies: the project's own Node 24 and packages.
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(bin('node')) || !existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  if (!run('installing dependencies (npm ci)', 'npm', ['ci'])) process.exit(1);
}
const node = bin('node');
const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
console.log(`node for tests: ${version} (${node})`);

let ok = true;
ok = run('building the command line (dist/cli/yibao.mjs)', node, [join(root, 'scripts', 'build-cli.mjs')]) && ok;
ok = run('type-checking (tsc --noEmit)', node, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json']) && ok;

mkdirSync(join(root, '.tmp'), { recursive: true });
const report = join(root, '.tmp', 'vitest-report.json');
ok = run('unit, golden, property and command-line tests (vitest)', node, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]) && ok;

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + r.numTodoTests;
} else {
  ok = false;
}
if (!ok && failed === 0) failed = 1; // a failed build or type-check counts as a failure
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 && passed > 0 ? 0 : 1);
