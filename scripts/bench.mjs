// `npm run bench`: every benchmark of the project, one after the other. Figures and
// ratios only; nothing here passes or fails.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const steps = [
  ['Engine throughput', [join(root, 'bench', 'engine.ts')]],
  ['Command line start-up', [join(root, 'bench', 'cli.mjs')]],
  ['Renderer (Chromium)', [join(root, 'bench', 'renderer.mjs')]],
  ['Printed sheet (PDF)', [join(root, 'scripts', 'run-ts.mjs'), join(root, 'bench', 'sheet.ts')]],
];
console.log(`yibao-desk benchmarks — node ${process.version}, ${process.platform}/${process.arch}, ${new Date().toISOString()}`);
let failed = false;
for (const [title, args] of steps) {
  console.log(`\n## ${title}`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
