// Nothing freezes the counter (issue 14), in one run:
//  - the impact preview over 100,000 saved cases: every case checked, its time against assessing
//    the same cases alone in a loop (goal ≤ 2×), and the memory it takes (goal ≤ 100 MB);
//  - a draft save through a browser-mode server while it runs a full impact preview, and while it
//    makes a sheet's PDF, against the save's idle latency (goal ≤ 3× each; the search case is in
//    bench/store-scale.ts, at 1,000,000 cases).
// Figures and ratios only; nothing asserted. YIBAO_IMPACT_CASES sets the number of cases.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyValueEdit } from '../src/api/contract.ts';
import type { CaseFile } from '../src/core/case.ts';
import { assess } from '../src/core/engine/assess.ts';
import { formatMonth } from '../src/core/calendar.ts';
import { validateCase } from '../src/core/validate.ts';
import { impactOnCases } from '../src/services/impact/run.ts';
import { applyPlanInMemory, planEdit } from '../src/services/policy-admin.ts';
import { findChromium } from '../src/sheet/pdf.ts';
import { Store } from '../src/store/store.ts';
import { goalLine } from './lib/goal.mjs';
import { draftSavesDuring, idleDraftSaves, median, startServer } from './lib/server.ts';

const N = Number(process.env.YIBAO_IMPACT_CASES ?? 100_000);
const dir = process.env.YIBAO_IMPACT_DIR ?? join(import.meta.dirname, '..', '.tmp', 'bench-impact');
mkdirSync(dir, { recursive: true });
const file = join(dir, `impact-${N}-v1.sqlite`);
const count = N.toLocaleString('en-US');

/** A small deterministic random source (the same cases every run). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
const REGIONS = ['320100', '310000', '440300', '440100', '420100', '110000', '330100', '510100'];

/** A client as counters see them: 2–8 ranges since their twenties, gaps, sometimes arrears, some transfers. */
function clientCase(i: number): CaseFile {
  const r = random(i * 7919 + 1);
  const region = REGIONS[Math.floor(r() * REGIONS.length)]!;
  const birthYear = 1962 + Math.floor(r() * 38);
  const P = 2026 * 12 + 10; // November 2026
  const history: CaseFile['history'] = [];
  let m = birthYear * 12 + 12 * (19 + Math.floor(r() * 8));
  const ranges = 2 + Math.floor(r() * 7);
  for (let k = 0; k < ranges && m < P - 3; k++) {
    const to = Math.min(m + 12 + Math.floor(r() * 96), P - 1 - Math.floor(r() * 8));
    if (to < m) break;
    const last = k === ranges - 1 || to >= P - 9;
    history.push({
      from: formatMonth(m),
      to: formatMonth(to),
      scheme: r() < 0.25 ? 'flexible' : 'employee',
      status: last && r() < 0.35 ? 'arrears' : 'paid',
      base: 5000 + Math.floor(r() * 150) * 100,
    });
    m = to + 1 + (r() < 0.4 ? 1 + Math.floor(r() * 14) : 0);
  }
  const transferFrom = r() < 0.15 ? REGIONS[Math.floor(r() * REGIONS.length)]! : null;
  return {
    format: 'yibao-case/1',
    asOf: '2026-11-22',
    region,
    person: {
      name: `客户${i}`,
      idNumber: null,
      sex: 'male',
      birth: `${birthYear}-0${1 + Math.floor(r() * 9)}`,
      retirementCategory: 'male',
    },
    history,
    deemedMonths: 0,
    request: {
      scheme: history.at(-1)?.scheme === 'flexible' ? 'flexible' : 'employee',
      paymentDate: '2026-11-25',
      transferFrom: transferFrom === region ? null : transferFrom,
    },
  };
}

if (!existsSync(file)) {
  const t = performance.now();
  new Store({ file }).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // generation only
  const insert = db.prepare(
    `INSERT INTO case_record (id, person_name, id_number, region, case_json, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const c = clientCase(i);
      const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
      insert.run(`case-${i}`, c.person.name, c.region, JSON.stringify(c), at, at);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  console.log(`generated ${count} cases in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const store = new Store({ file });
const regions = store.regions();
const policies = store.policies();

// The floor: the same cases read, validated and assessed once each, alone in a loop (one thread).
let assessMs: number;
{
  const t = performance.now();
  let assessed = 0;
  for (const json of store.db.prepare(`SELECT case_json FROM case_record`).pluck().iterate() as Iterable<string>) {
    const v = validateCase(JSON.parse(json), regions);
    if (!v.ok) throw new Error(`invalid case: ${JSON.stringify(v.errors[0])}`);
    assess(v.value, { policies, regions });
    assessed++;
  }
  assessMs = performance.now() - t;
  console.log(`assessing ${assessed.toLocaleString('en-US')} saved cases alone in a loop: ${(assessMs / 1000).toFixed(2)} s`);
}

const edit = (over: Partial<PolicyValueEdit>): PolicyValueEdit => ({
  region: '320100',
  key: 'flexible.rate',
  value: 0.085,
  effectiveFrom: '2024-01-01',
  effectiveTo: null,
  document: { number: '基准〔2026〕1号', title: '基准测试用的费率调整', url: 'https://example.gov.cn/bench' },
  article: '第一条',
  url: null,
  grade: 'V',
  note: null,
  reason: 'benchmark',
  ...over,
});
/** Nanjing's flexible-employment rate raised from 2024 (one city's change), and the national daily late-fee rate (every case may meet it). */
const CHANGES: Array<[string, PolicyValueEdit]> = [
  ['one city (Nanjing flexible rate from 2024)', edit({})],
  [
    'national (daily late-fee rate from 2026-09)',
    edit({ region: 'CN', key: 'lateFee.dailyRate', value: 0.0006, effectiveFrom: '2026-09-01' }),
  ],
];

for (const [label, change] of CHANGES) {
  const planned = await planEdit(store, change, '2026-11-22');
  if (!planned.ok) throw new Error(planned.errors.join('; '));
  const proposed = applyPlanInMemory(policies.rows, planned.plan);
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t = performance.now();
  const result = await impactOnCases(store, proposed);
  const ms = performance.now() - t;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const growth = (peak - start) / 2 ** 20;
  const line = `impact preview over ${count} cases, ${label}: ${result.checked.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')} checked (${result.ruledOut.toLocaleString('en-US')} ruled out by region and month, the rest assessed in a ${result.ranIn === 'worker' ? 'worker thread' : 'this thread'}), ${result.changed.toLocaleString('en-US')} change; ${(ms / 1000).toFixed(2)} s → ${(ms / assessMs).toFixed(2)}× assessing them alone (goal ≤ 2×); memory growth ${growth.toFixed(0)} MB (goal ≤ 100 MB)`;
  console.log(line);
  if (label.startsWith('national'))
    console.log(
      [
        goalLine(
          `Impact preview over ${count} cases: all checked, ≤ 2× assessing them alone`,
          `${result.checked.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')} checked (a national change: none ruled out) in ${(ms / 1000).toFixed(1)} s against ${(assessMs / 1000).toFixed(1)} s → ${(ms / assessMs).toFixed(2)}×`,
          result.checked === result.total ? ms / assessMs / 2 : Number.NaN,
        ),
        goalLine(`Impact preview over ${count} cases: memory growth ≤ 100 MB`, `${growth.toFixed(0)} MB`, growth / 100),
      ].join('\n'),
    );
}
store.close();

// A draft save through the server while it is busy, against its idle latency.
{
  const server = await startServer(file);
  try {
    const idle = await idleDraftSaves(server.api);
    const report = (what: string, busy: number[], goal: string) => {
      const ratio = median(busy) / median(idle);
      console.log(
        `draft save while ${what}: median ${median(busy).toFixed(1)} ms, max ${Math.max(...busy).toFixed(1)} ms (${busy.length} saves); idle median ${median(idle).toFixed(1)} ms → ratio ${ratio.toFixed(2)}× (goal ≤ 3×)`,
      );
      console.log(
        goalLine(
          `A draft save while ${goal}: ≤ 3× its idle latency`,
          `median ${median(busy).toFixed(1)} ms (max ${Math.max(...busy).toFixed(0)} ms) against ${median(idle).toFixed(1)} ms idle → ${ratio.toFixed(2)}×`,
          ratio / 3,
        ),
      );
    };

    // A full impact preview (the national change: nothing ruled out), followed as the window does.
    const preview = await server.api.previewPolicyValue(CHANGES[1]![1]);
    if (!preview.ok || !preview.value.impact) throw new Error(preview.ok ? 'no impact job' : preview.error.message);
    const jobId = preview.value.impact.jobId;
    const running = (async () => {
      for (;;) {
        const r = await server.api.impactProgress(jobId);
        if (!r.ok) throw new Error(r.error.message);
        if (r.value.state !== 'running') return r.value;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const duringImpact = await draftSavesDuring(server.api, running);
    const ended = await running;
    report(
      `the server runs a full impact preview (${ended.checked.toLocaleString('en-US')} cases checked)`,
      duringImpact,
      'a full impact preview runs',
    );

    if (findChromium()) {
      const caseFile = clientCase(1);
      const sheet = await server.api.issueSheet({ caseId: null, caseFile });
      if (!sheet.ok) throw new Error(sheet.error.message);
      await server.api.sheetPdf(sheet.value.number); // warm Chromium's files
      const pdfs = (async () => {
        for (let i = 0; i < 3; i++) {
          const r = await server.api.sheetPdf(sheet.value.number);
          if (!r.ok) throw new Error(r.error.message);
        }
      })();
      report('the server makes sheet PDFs (3, one after another)', await draftSavesDuring(server.api, pdfs), 'a PDF is made');
    } else {
      console.log('draft save while a PDF is made: skipped, no Chromium (apt-get install -y chromium)');
      console.log(goalLine('A draft save while a PDF is made: ≤ 3× its idle latency', 'not measured: no Chromium', Number.NaN));
    }
  } finally {
    server.stop();
  }
}
if (!process.env.YIBAO_SCALE_KEEP) rmSync(dir, { recursive: true, force: true });
