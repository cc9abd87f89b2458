// Engine throughput: assessments per second for 45-year histories of 30 entries,
// on one core, with the policy library loaded once (as the app and the CLI do).
// Prints figures; asserts nothing (goals are in the issue, not in tests).
import { assess } from '../src/core/engine/assess.ts';
import { formatMonth, parseMonth } from '../src/core/calendar.ts';
import { validateCase } from '../src/core/validate.ts';
import { Store } from '../src/store/store.ts';
import { goalLine } from './lib/goal.mjs';

const store = new Store({ file: ':memory:' });
const regions = store.regions();
const policies = store.policies();

/** 45 years (540 months) before the payment month, cut into 30 entries with gaps and arrears. */
function longCase(region: string, scheme: 'employee' | 'flexible' | 'resident', seed: number) {
  const P = parseMonth('2026-11')!;
  const start = P - 540;
  const history = [];
  let m = start;
  for (let i = 0; i < 30; i++) {
    const length = 14 + ((seed * 7 + i * 13) % 6);
    const to = Math.min(m + length - 1, P - 4);
    history.push({
      from: formatMonth(m),
      to: formatMonth(to),
      scheme: i % 5 === 4 ? 'flexible' : 'employee',
      status: i % 9 === 8 ? 'arrears' : 'paid',
      base: 6000 + ((i * 337 + seed) % 9000),
    });
    m = to + 1 + (i % 4 === 3 ? 2 : 0);
  }
  return {
    format: 'yibao-case/1',
    asOf: '2026-11-22',
    region,
    person: { name: '基准', sex: 'male', birth: '1963-05', retirementCategory: 'male' },
    history,
    deemedMonths: 24,
    request: { scheme, paymentDate: '2026-11-25' },
  };
}

const cases = [
  longCase('320100', 'employee', 1),
  longCase('310000', 'employee', 2),
  longCase('440300', 'flexible', 3),
  longCase('420100', 'flexible', 4),
  longCase('110000', 'flexible', 5),
  longCase('370200', 'employee', 6),
  longCase('330100', 'resident', 7),
];
const normalized = cases.map((c) => {
  const v = validateCase(c, regions);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.value;
});

function rate(label: string, fn: (i: number) => void, seconds = 2): number {
  for (let i = 0; i < 2000; i++) fn(i); // warm up the JIT
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(seconds * 1e9);
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 500; i++) fn(count++);
    now = process.hrtime.bigint();
  }
  const perSecond = count / (Number(now - start) / 1e9);
  console.log(
    `${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(10)} /s   ${(1e6 / perSecond).toFixed(1).padStart(6)} µs each`,
  );
  return perSecond;
}

console.log(
  `engine: ${cases.length} case shapes, 45-year histories of ${cases[0]!.history.length} entries, ${policies.rows.length} policy rows`,
);
let sink = 0;
const engineOnly = rate('assess (validated case)', (i) => {
  sink += assess(normalized[i % normalized.length]!, { policies, regions }).lifetime.countedMonths;
});
const full = rate('validate + assess (case JSON object)', (i) => {
  const v = validateCase(cases[i % cases.length], regions);
  if (v.ok) sink += assess(v.value, { policies, regions }).lifetime.countedMonths;
});
const goal = 50_000;
console.log(
  `goal ≥ ${goal.toLocaleString('en-US')}/s: engine ${(engineOnly / goal).toFixed(2)}× goal, validate+assess ${(full / goal).toFixed(2)}× goal`,
);

// Validation as the history grows (issue 14): 100 and 1,000 entries of one month each, with a
// gap now and then; the overlap check must not compare every pair (goal: 1,000 ≤ 10× 100).
function manyEntries(n: number) {
  const P = parseMonth('2026-11')!;
  const history = [];
  let m = P - n - Math.floor(n / 10) - 2;
  for (let i = 0; i < n; i++) {
    history.push({ from: formatMonth(m), to: formatMonth(m), scheme: 'employee', status: 'paid', base: 6000 + (i % 50) * 100 });
    m += i % 10 === 9 ? 2 : 1;
  }
  // Entered in no particular order, as a statement import may give them.
  history.reverse();
  return { ...cases[0]!, history, person: { ...cases[0]!.person, birth: '1900-01' } };
}
const validationMicros = (n: number) => {
  const input = manyEntries(n);
  if (!validateCase(input, regions).ok) throw new Error(`the ${n}-entry case is not valid`);
  for (let i = 0; i < 20; i++) validateCase(input, regions);
  const times: number[] = [];
  for (let round = 0; round < 15; round++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 10; i++) validateCase(input, regions);
    times.push(Number(process.hrtime.bigint() - t) / 1e3 / 10);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
};
const v100 = validationMicros(100);
const v1000 = validationMicros(1000);
console.log(
  goalLine(
    'Validation of 1,000 entries ≤ 10× that of 100',
    `${v1000.toFixed(0)} µs against ${v100.toFixed(0)} µs → ${(v1000 / v100).toFixed(1)}×`,
    v1000 / v100 / 10,
  ),
);
console.log(
  `validation of 100 entries ${v100.toFixed(0)} µs, 1,000 entries ${v1000.toFixed(0)} µs (medians) → ratio ${(v1000 / v100).toFixed(1)}× (goal ≤ 10×)`,
);
if (sink === 42) console.log('');
store.close();
