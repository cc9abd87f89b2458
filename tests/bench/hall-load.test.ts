// The hall's load-and-fault benchmark (bench/hall-load.ts) run small, so it keeps working and
// its checks keep holding: a few counters against two `yibao serve --hall` processes on one
// PostgreSQL, one instance killed mid-run, the database restarted once. Correctness is
// asserted (every acknowledged save present, sheet numbers unique and gap-free per counter and
// day, audit chain intact); times are printed, never asserted. `npm run bench` runs 40 counters
// without pauses and 200 with a clerk's pauses, and the ratio of saves per second to a bare insert.
import { expect, it } from 'vitest';
import { runHallLoad } from '../../bench/hall-load.ts';

it('a small hall under load: clerks who pause, then an instance killed and the database restarted, nothing acknowledged lost', async () => {
  const result = await runHallLoad({
    counters: 6,
    rounds: 5,
    paused: { counters: 4, rounds: 2, pauseMs: [5, 30] },
    bareInserts: 200,
    log: (l) => console.log(l),
  });
  console.log(result.figures.join('\n'));
  // Also: the instances connect as the runtime role, not the owner (a problem otherwise).
  expect(result.problems).toEqual([]);
  expect(result.counts.sheets).toBe(30 + 8);
  expect(result.counts.pausedSaves).toBe(16);
  // The figures are printed with their ratio to the bare insert (times are never asserted).
  expect(result.figures.join('\n')).toMatch(/× the bare insert/);
  expect(result.rates.bareInsert).toBeGreaterThan(0);
  expect(result.counts.policyEdits).toBe(3);
  // The faults happened: the killed instance's counters moved to the other one.
  expect(result.counts.failovers).toBeGreaterThan(0);
}, 240_000);
