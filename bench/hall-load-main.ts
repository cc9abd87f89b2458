// `npm run bench` step: the service hall with 200 paused counters and 40 without (bench/hall-load.ts): figures printed,
// correctness checked (a problem makes the step exit 1). The instances listen on ports the kernel picks.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runHallLoad } from './hall-load.ts';

// The hall instances are `yibao serve --hall` processes: the command line is built first.
const root = join(import.meta.dirname, '..');
if (spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' }).status !== 0) process.exit(1);
// 200 counters whose clerks pause 1–6 s before each call (a real clerk takes minutes to type a
// case: these pauses are shortened so the run ends within a minute, and offer more load than a
// real hall of 200 counters would), beside the 40 without pauses of issue 15.
const result = await runHallLoad({
  counters: 40,
  rounds: 15,
  paused: { counters: 200, rounds: 3, pauseMs: [1000, 6000] },
  bareInserts: 4000,
  log: (l) => console.log(l),
});
console.log(result.figures.join('\n'));
if (result.problems.length) {
  console.log(`PROBLEMS (${result.problems.length}):\n${result.problems.slice(0, 50).join('\n')}`);
  process.exitCode = 1;
} else console.log('  checks: every acknowledged save present, sheet numbers unique and gap-free per counter and day, audit chain intact');
