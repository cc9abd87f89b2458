// How often a benchmark repeats a measurement. `npm run bench` measures, with the full counts; the
// suite's small runs (YIBAO_BENCH_SMOKE=1, tests/bench/) only show that every step works and is
// reported, so they repeat each step a few times: sized by what the run proves, not by the clock
// (the full counts made the small store benchmark spend most of its CPU on repeats, and it ran out
// of time on a machine loaded by two suites at once).
export const smoke = Boolean(process.env.YIBAO_BENCH_SMOKE);
export const rounds = (full: number, smokeRounds: number): number => (smoke ? smokeRounds : full);
