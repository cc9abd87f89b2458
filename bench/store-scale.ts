// The store at scale: 1,000,000 saved cases. Start-up (open, migrations check, seed check,
// library load, first list) against an empty store, listing the latest 50, and finding a
// case by ID number. Goals: start-up ≤ 1.2× the empty store; lookup ≤ 5 ms.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { idCheckChar } from '../src/core/idcard.ts';
import { purgeExpiredCases } from '../src/services/housekeeping.ts';
import { createServices } from '../src/services/services.ts';
import { Store } from '../src/store/store.ts';

const N = Number(process.env.YIBAO_SCALE_CASES ?? 1_000_000);
const root = join(import.meta.dirname, '..');
const dir = process.env.YIBAO_SCALE_DIR ?? join(root, '.tmp', 'bench-scale');
mkdirSync(dir, { recursive: true });
const big = join(dir, `cases-${N}-v2.sqlite`);
const empty = join(dir, 'empty.sqlite');

/** A valid, distinct ID number per case: birth date from i, sequence number from i / 18,250. */
const idFor = (i: number) => {
  const birth = new Date(Date.UTC(1950, 0, 1) + (i % 18_250) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `320102${birth}${String(Math.floor(i / 18_250) % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

if (!existsSync(big)) {
  const t = performance.now();
  new Store({ file: big }).close();
  const db = new Database(big);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // generation only; the program itself always uses FULL
  const insert = db.prepare(
    `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at) VALUES (?, ?, ?, '320100', ?, ?, ?)`,
  );
  const base = JSON.stringify({
    format: 'yibao-case/1',
    asOf: '2026-11-22',
    region: '320100',
    person: { name: 'X', sex: 'male', birth: '1976-08', retirementCategory: 'male' },
    history: [{ from: '2010-07', to: '2026-07', scheme: 'employee', status: 'paid', base: 8000 }],
    request: { scheme: 'employee' },
  });
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
      insert.run(randomUUID(), `客户${i}`, idFor(i), base, at, at);
    }
  });
  for (let i = 0; i < N; i += 50_000) batch(i, Math.min(N, i + 50_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  console.log(
    `generated ${N.toLocaleString('en-US')} cases in ${((performance.now() - t) / 1000).toFixed(1)} s (${(statSync(big).size / 1e6).toFixed(0)} MB)`,
  );
}
if (!existsSync(empty)) new Store({ file: empty }).close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * What the program does before the window can be used: open the store (migrations and seed
 * check), the retention purge, bootstrap the window, list the latest cases. The daily backup
 * runs in the background afterwards and is measured on its own below.
 */
async function startUp(file: string): Promise<number> {
  const t = performance.now();
  const store = await Store.open({ file });
  await purgeExpiredCases(store);
  const api = createServices(store);
  const boot = await api.bootstrap();
  const list = await api.listCases({ limit: 50 });
  const elapsed = performance.now() - t;
  if (!boot.ok || !list.ok) throw new Error('start-up failed');
  store.close();
  return elapsed;
}

const emptyTimes: number[] = [];
const bigTimes: number[] = [];
for (let i = 0; i < 7; i++) {
  emptyTimes.push(await startUp(empty));
  bigTimes.push(await startUp(big));
}
const e = median(emptyTimes);
const b = median(bigTimes);
console.log(
  `start-up (open + bootstrap + latest 50): empty store ${e.toFixed(1)} ms, ${N.toLocaleString('en-US')} cases ${b.toFixed(1)} ms → ratio ${(b / e).toFixed(2)}× (goal ≤ 1.2×)`,
);

const store = new Store({ file: big });
const api = createServices(store);
const list: number[] = [];
const lookup: number[] = [];
for (let i = 0; i < 200; i++) {
  let t = performance.now();
  const latest = await api.listCases({ limit: 50 });
  list.push(performance.now() - t);
  if (!latest.ok || latest.value.length !== 50) throw new Error('list failed');
  const id = idFor(Math.floor(Math.random() * N));
  t = performance.now();
  const found = await api.listCases({ text: id });
  lookup.push(performance.now() - t);
  if (!found.ok || !found.value.length) throw new Error(`not found: ${id}`);
}
console.log(
  `latest 50 of ${N.toLocaleString('en-US')}: median ${median(list).toFixed(2)} ms; find by ID number: median ${median(lookup).toFixed(2)} ms, max ${Math.max(...lookup).toFixed(2)} ms (goal ≤ 5 ms)`,
);

// Searches that cannot use an index (a name fragment, the last digits of an ID number) scan
// the table; shown so nobody is surprised at a million cases.
const scan = async (text: string) => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await api.listCases({ text });
    times.push(performance.now() - t);
    if (!r.ok) throw new Error('search failed');
  }
  return median(times);
};
console.log(
  `search by name fragment (table scan): median ${(await scan('客户99999')).toFixed(0)} ms; by the last 4 digits of an ID number (table scan): median ${(await scan('1234')).toFixed(0)} ms (no goal)`,
);

const t = performance.now();
const backupFile = await store.backups.backup('manual');
console.log(
  `background backup of the ${N.toLocaleString('en-US')}-case store: ${((performance.now() - t) / 1000).toFixed(1)} s, ${((backupFile?.bytes ?? 0) / 1e6).toFixed(0)} MB (the daily backup does this once a day, off the start-up path)`,
);
store.close();
// 1.2 GB with the backup: removed unless asked to keep it for a re-run.
if (!process.env.YIBAO_SCALE_KEEP) rmSync(dir, { recursive: true, force: true });
