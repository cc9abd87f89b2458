// `npm run bench`: every benchmark of the project, one after the other. Figures and
// ratios only; nothing here passes or fails. The output is also written to
// docs/benchmarks.md (machine, date, every figure) so the numbers in docs/status.md and docs/hall.md have a source.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const steps = [
  ['Engine throughput', [join(root, 'bench', 'engine.ts')]],
  ['Command line start-up', [join(root, 'bench', 'cli.mjs')]],
  ['Renderer (Chromium)', [join(root, 'bench', 'renderer.mjs')]],
  ['Printed sheet (PDF)', [join(root, 'scripts', 'run-ts.mjs'), join(root, 'bench', 'sheet.ts')]],
  ['Store at scale (1,000,000 cases)', [join(root, 'scripts', 'run-ts.mjs'), join(root, 'bench', 'store-scale.ts')]],
  [
    'Responsive while busy (impact preview over 100,000 cases, PDFs)',
    [join(root, 'scripts', 'run-ts.mjs'), join(root, 'bench', 'responsive.ts')],
  ],
  [
    'Service hall under load and faults (40 counters, PostgreSQL)',
    [join(root, 'scripts', 'run-ts.mjs'), join(root, 'bench', 'hall-load-main.ts')],
  ],
];

/** Runs one step, echoing its output live and returning it. */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (stream, sink) =>
      stream.on('data', (d) => {
        out += d;
        sink.write(d);
      });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code, out }));
  });
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${process.platform}/${process.arch}, node ${process.version}`;
const when = new Date().toISOString();
console.log(`yibao-desk benchmarks — ${machine}, ${when}`);
const results = [];
for (const [title, args] of steps) {
  console.log(`\n## ${title}`);
  results.push({ title, ...(await run(args)) });
}

const cell = (text) =>
  text
    .trim()
    .replace(/\s{2,}/g, ' ')
    .replace(/\|/g, '\\|');
// Issue 14's goals, one "◆ goal ‖ figure ‖ ratio" line each (bench/lib/goal.mjs).
const issue14 = results.flatMap((r) =>
  r.out
    .split('\n')
    .filter((l) => l.startsWith('◆ '))
    .map((l) => `| ${l.slice(2).split(' ‖ ').map(cell).join(' | ')} |`),
);
const goalLines = results.flatMap((r) =>
  r.out
    .split('\n')
    .filter((l) => /goal/.test(l) && !l.startsWith('◆ '))
    .map(
      (l) =>
        `| ${r.title} | ${l
          .trim()
          .replace(/\s{2,}/g, ' ')
          .replace(/\|/g, '\\|')} |`,
    ),
);
const doc = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (scripts/bench.mjs); do not edit by hand. Figures are medians unless',
  'stated; goals are the ones set in the issues. A figure that misses its goal is reported, not hidden.',
  '',
  `- Machine: ${machine}`,
  `- Date: ${when}`,
  '',
  '## Responsive at any size (issue 14): goal, figure, ratio',
  '',
  'The ratio is the figure over what the goal allows: at most 1× meets the goal.',
  '',
  '| Goal | Figure | Ratio |',
  '| --- | --- | --- |',
  ...issue14,
  '',
  '## Figures against goals',
  '',
  '| Benchmark | Figure |',
  '| --- | --- |',
  ...goalLines,
  '',
  '## Full output',
  '',
  ...results.flatMap((r) => [`### ${r.title}${r.code === 0 ? '' : ` (exited with ${r.code})`}`, '', '```', r.out.trimEnd(), '```', '']),
].join('\n');
mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(join(root, 'docs', 'benchmarks.md'), doc);
console.log('\nwritten: docs/benchmarks.md');
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
