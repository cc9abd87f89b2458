// The hall's load-and-fault benchmark (bench/hall-load.ts) run small, so it keeps working and
// its checks keep holding: a few counters against two `yibao serve --hall` processes on one
// PostgreSQL, one instance killed mid-run, the database restarted once. Correctness is
// asserted (every acknowledged save present, sheet numbers unique and gap-free per counter and
// day, audit chain intact); times are printed, never asserted. `npm run bench` runs 40 counters.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runHallLoad } from '../../bench/hall-load.ts';
import { E2E_PORT } from '../e2e/ports.ts';

it('a small hall under load: an instance killed, the database restarted, nothing acknowledged lost', async () => {
  const root = join(import.meta.dirname, '..', '..');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  const result = await runHallLoad({ counters: 6, rounds: 5, ports: [E2E_PORT + 60, E2E_PORT + 61], log: (l) => console.log(l) });
  console.log(result.figures.join('\n'));
  expect(result.problems).toEqual([]);
  expect(result.counts.sheets).toBe(30);
  expect(result.counts.policyEdits).toBe(3);
  // The faults happened: the killed instance's counters moved to the other one.
  expect(result.counts.failovers).toBeGreaterThan(0);
}, 240_000);
