// The hall's load-and-fault benchmark (bench/hall-load.ts) run small, so it keeps working and
// its checks keep holding: a few counters against two `yibao serve --hall` processes on one
// PostgreSQL, one instance killed mid-run, the database restarted once. Correctness is
// asserted (every acknowledged save present, sheet numbers unique and gap-free per counter and
// day, audit chain intact); times are printed, never asserted. `npm run bench` runs 40 counters.
import { expect, it } from 'vitest';
import { runHallLoad } from '../../bench/hall-load.ts';

it('a small hall under load: an instance killed, the database restarted, nothing acknowledged lost', async () => {
  const result = await runHallLoad({ counters: 6, rounds: 5, log: (l) => console.log(l) });
  console.log(result.figures.join('\n'));
  expect(result.problems).toEqual([]);
  expect(result.counts.sheets).toBe(30);
  expect(result.counts.policyEdits).toBe(3);
  // The faults happened: the killed instance's counters moved to the other one.
  expect(result.counts.failovers).toBeGreaterThan(0);
}, 240_000);
