// Wall time of the command line against bare Node start-up, in the same run.
// `npx yibao` includes npm's own start-up, so three ratios are printed:
// npx yibao / node -e 0 (what the issue asks), npx yibao / npx node -e 0 (npm's
// overhead removed), and node bin/yibao.mjs / node -e 0 (the program itself).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(root, 'examples', 'example-case.json');
const dir = mkdtempSync(join(tmpdir(), 'yibao-bench-'));
const env = { ...process.env, YIBAO_DB: join(dir, 'bench.sqlite') };
const node = process.execPath;

function median(label, command, args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { env, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  const m = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(44)} ${m.toFixed(1).padStart(8)} ms (median of ${runs})`);
  return m;
}

// First run creates and seeds the database; it is reported separately.
median('first run (creates + seeds the database)', node, [join(root, 'bin', 'yibao.mjs'), 'assess', example], 1);
const bare = median('node -e 0', node, ['-e', '0'], 15);
const direct = median('node bin/yibao.mjs assess example', node, [join(root, 'bin', 'yibao.mjs'), 'assess', example], 15);
const npxBare = median('npx node -e 0', 'npx', ['--no-install', 'node', '-e', '0'], 7);
const npx = median('npx yibao assess example', 'npx', ['--no-install', 'yibao', 'assess', example], 7);
console.log(`ratio npx yibao / node -e 0:            ${(npx / bare).toFixed(2)}×  (goal ≤ 3×; npm's own start-up dominates)`);
console.log(`ratio npx yibao / npx node -e 0:        ${(npx / npxBare).toFixed(2)}×`);
console.log(`ratio node bin/yibao.mjs / node -e 0:   ${(direct / bare).toFixed(2)}×`);
rmSync(dir, { recursive: true, force: true });
