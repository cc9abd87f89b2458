// The service hall under load and faults (issue 15): simulated counters against two hall
// server instances (separate processes, `yibao serve --hall`) on one throwaway PostgreSQL
// cluster. Each counter signs in, then saves new cases, saves them again (with the version it
// holds), issues sheets and reads the case list. Midway one instance is killed (SIGKILL) and its
// counters move to the other; later the database is stopped abruptly and started again.
// Afterwards, read straight from the database: every acknowledged save is there, sheet numbers
// are unique and gap-free per counter and day, and the policy audit chain is intact. Figures
// (p50/p95 per kind of call) are printed; correctness is asserted, times are not.
// Bounded: a fixed number of rounds per counter, each request with a timeout, every process stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { PolicyValueEdit } from '../src/api/contract.ts';
import { HallAuth } from '../src/services/hall/auth.ts';
import { HallRepository } from '../src/store/pg/hall.ts';
import { PgStore } from '../src/store/pg/store.ts';
import { verifyAuditChainPg } from '../src/store/pg/policy.ts';
import { parseSheetNumber } from '../src/store/sheet-number.ts';
import { startCluster } from '../tests/support/pg-cluster.ts';

const root = join(import.meta.dirname, '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));

export interface LoadOptions {
  counters: number;
  rounds: number;
  /** Kill instance 0 after this share of all rounds, restart the database after that share. */
  killAt?: number;
  restartAt?: number;
  log?: (line: string) => void;
}

export interface LoadResult {
  figures: string[];
  problems: string[];
  counts: { saves: number; sheets: number; lists: number; retries: number; failovers: number; policyEdits: number };
}

interface Ack {
  id: string;
  name: string;
  version: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) : 0;
};

/** One `yibao serve --hall` process on a loopback port the kernel picks (two test runs on one machine never collide). */
function startInstance(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'yibao.mjs'), 'serve', '--hall', '--listen', '127.0.0.1:0'], {
    env: { ...process.env, YIBAO_HALL_DATABASE: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`instance did not start: ${out}`)), 60_000);
    const take = (d: Buffer) => {
      out += d.toString();
      const started = /已启动：https?:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (started) {
        clearTimeout(timer);
        resolve({ child, port: Number(started[1]) });
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => reject(new Error(`instance exited (${code}): ${out}`)));
  });
}

class Counter {
  readonly cases: Ack[] = [];
  readonly sheets: string[] = [];
  cookie: string | null = null;
  instance: number;
  readonly n: number;
  readonly ports: readonly [number, number];
  readonly stats: { latency: Record<string, number[]>; retries: number; failovers: number };
  readonly down: Set<number>;
  constructor(
    n: number,
    ports: readonly [number, number],
    stats: { latency: Record<string, number[]>; retries: number; failovers: number },
    down: Set<number>,
  ) {
    this.n = n;
    this.ports = ports;
    this.stats = stats;
    this.down = down;
    this.instance = n % 2;
  }

  /** One API call; a refused connection moves to the other instance, an unavailable database is retried. */
  async call(
    method: string,
    input?: unknown,
  ): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string; conflict?: any } }> {
    let last = '';
    for (let attempt = 0; attempt < 200; attempt++) {
      if (this.down.has(this.instance)) {
        this.instance = 1 - this.instance;
        this.stats.failovers++;
      }
      const started = performance.now();
      try {
        const response = await fetch(`http://127.0.0.1:${this.ports[this.instance]}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-yibao': '1', ...(this.cookie ? { cookie: this.cookie } : {}) },
          body: JSON.stringify({ input }),
          signal: AbortSignal.timeout(20_000),
        });
        const session = response.headers.getSetCookie().find((h) => h.startsWith('yibao_session='));
        if (session) this.cookie = session.split(';')[0] ?? null;
        const result = (await response.json()) as { ok: boolean; value?: any; error?: { code: string; message: string } };
        if (!result.ok && result.error?.code === 'DATABASE_UNAVAILABLE') {
          last = `${this.ports[this.instance]}: ${result.error.message}`;
          this.stats.retries++;
          await sleep(100);
          continue;
        }
        (this.stats.latency[method] ??= []).push(performance.now() - started);
        return result;
      } catch (error) {
        // The instance is gone (killed) or the connection broke: the other instance takes over.
        last = `${this.ports[this.instance]}: ${String(error)} ${String((error as Error).cause ?? '')}`;
        this.stats.retries++;
        this.instance = 1 - this.instance;
        this.stats.failovers++;
        await sleep(50);
      }
    }
    throw new Error(`counter ${this.n}: ${method} never answered (last: ${last})`);
  }

  async signIn(): Promise<void> {
    const r = await this.call('signIn', { username: `clerk${this.n}`, password: `pass-${this.n}-load`, counter: String(this.n) });
    if (!r.ok) throw new Error(`counter ${this.n} sign-in: ${r.error?.message}`);
  }

  /** A round: a new case, that case saved again, a sheet for it, the case list. */
  async round(k: number, problems: string[]): Promise<void> {
    const name = `负载${this.n}号${k}`;
    const caseFile = { ...example, person: { ...example.person, name, idNumber: null } };
    const created = await this.call('saveCase', { caseFile });
    if (!created.ok) return void problems.push(`counter ${this.n} save: ${created.error?.message}`);
    const ack: Ack = { id: created.value.id, name, version: created.value.version };
    this.cases.push(ack);
    const renamed = `${name}改`;
    const edited = { ...caseFile, person: { ...caseFile.person, name: renamed } };
    const updated = await this.call('saveCase', { id: ack.id, caseFile: edited, version: ack.version });
    if (updated.ok) Object.assign(ack, { name: renamed, version: updated.value.version });
    else if (updated.error?.code === 'CONFLICT' && updated.error.conflict?.caseFile?.person?.name === renamed) {
      // The first try committed but its answer was lost (instance killed): the saved version is ours.
      Object.assign(ack, { name: renamed, version: updated.error.conflict.version });
    } else problems.push(`counter ${this.n} update: ${updated.error?.message}`);
    const sheet = await this.call('issueSheet', { caseId: ack.id, caseFile: edited });
    if (sheet.ok) this.sheets.push(sheet.value.number);
    else problems.push(`counter ${this.n} sheet: ${sheet.error?.message}`);
    const list = await this.call('listCases', { limit: 50 });
    if (!list.ok) problems.push(`counter ${this.n} list: ${list.error?.message}`);
  }
}

export async function runHallLoad(options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? (() => undefined);
  const problems: string[] = [];
  const cluster = await startCluster();
  const instances: Array<ChildProcess | null> = [null, null];
  let finished = false;
  try {
    const url = await cluster.createDatabase('yibao_load');
    const setup = await PgStore.open({ url });
    const auth = new HallAuth(new HallRepository(setup.pool));
    for (let n = 1; n <= options.counters; n++)
      await auth.createAccount('负载测试', { username: `clerk${n}`, displayName: `经办${n}`, role: 'clerk', password: `pass-${n}-load` });
    await auth.createAccount('负载测试', { username: 'boss', displayName: '管理员', role: 'admin', password: 'boss-pass-1' });
    await setup.close();
    const ports: [number, number] = [0, 0];
    for (const i of [0, 1] as const) {
      const { child, port } = await startInstance(url);
      instances[i] = child;
      ports[i] = port;
      // Only the kill below may end an instance: anything else (a crash when the database restarts) is a problem.
      child.on('exit', (code, signal) => {
        if (!(i === 0 && signal === 'SIGKILL') && !finished) problems.push(`instance ${i} ended by itself (${code ?? signal})`);
      });
    }

    log(`cluster on ${cluster.port}; ${options.counters} clerks; two instances on ${ports.join(', ')}`);
    const stats = { latency: {} as Record<string, number[]>, retries: 0, failovers: 0 };
    const down = new Set<number>();
    const counters = Array.from({ length: options.counters }, (_, i) => new Counter(i + 1, ports, stats, down));
    await Promise.all(counters.map((c) => c.signIn()));
    // An administrator edits the library during the run (audited, chained), from the other instance.
    const admin = new Counter(0, ports, stats, down);
    admin.instance = 1;
    await admin.call('signIn', { username: 'boss', password: 'boss-pass-1', counter: '99' });
    await admin.call('setAdminPin', { currentPin: null, newPin: '246810' });

    const total = options.counters * options.rounds;
    let done = 0;
    let killed = false;
    let restarted = false;
    const killAt = Math.floor(total * (options.killAt ?? 0.35));
    const restartAt = Math.floor(total * (options.restartAt ?? 0.65));
    const faults = async () => {
      if (!killed && done >= killAt) {
        killed = true;
        down.add(0);
        instances[0]?.kill('SIGKILL');
        log(`killed instance 0 after ${done}/${total} rounds`);
      }
      if (!restarted && done >= restartAt) {
        restarted = true;
        log(`restarting the database after ${done}/${total} rounds`);
        await cluster.restartAsync();
        log('database back');
      }
    };
    let policyEdits = 0;
    const editPolicy = async (year: number) => {
      const edit: PolicyValueEdit = {
        region: '320100',
        key: 'flexible.rate',
        value: 0.08,
        effectiveFrom: `${year}-01-01`,
        effectiveTo: null,
        document: { number: `负载测试〔${year}〕1号`, title: '负载测试中的政策修改', url: 'https://example.gov.cn/load' },
        article: '第一条',
        url: null,
        grade: 'V',
        note: null,
        reason: `负载测试 ${year}`,
      };
      const r = await admin.call('addPolicyValue', { edit, pin: '246810' });
      if (r.ok) policyEdits++;
      else problems.push(`policy edit ${year}: ${r.error?.message}`);
    };
    const started = performance.now();
    await Promise.all([
      ...counters.map(async (c) => {
        for (let k = 0; k < options.rounds; k++) {
          await c.round(k, problems);
          done++;
          await faults();
        }
      }),
      (async () => {
        for (let i = 0; i < 3; i++) {
          while (done < (total * (i + 1)) / 4) await sleep(20);
          await editPolicy(2031 + i);
        }
      })(),
    ]);
    const seconds = (performance.now() - started) / 1000;

    // Everything checked straight from the database, after the faults.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const stored = new Map(
        (await db.query(`SELECT id, person_name, version FROM case_record`)).rows.map((r) => [
          r.id as string,
          r as { person_name: string; version: number },
        ]),
      );
      let acknowledged = 0;
      for (const c of counters)
        for (const ack of c.cases) {
          acknowledged++;
          const row = stored.get(ack.id);
          if (!row) problems.push(`acknowledged case ${ack.id} (${ack.name}) is missing`);
          else if (row.person_name !== ack.name || row.version !== ack.version)
            problems.push(`case ${ack.id}: stored ${row.person_name} v${row.version}, acknowledged ${ack.name} v${ack.version}`);
        }
      const numbers = (await db.query(`SELECT number FROM sheet`)).rows.map((r) => r.number as string);
      if (new Set(numbers).size !== numbers.length) problems.push('duplicate sheet numbers');
      const groups = new Map<string, number[]>();
      for (const n of numbers) {
        const p = parseSheetNumber(n);
        if (!p) problems.push(`malformed sheet number ${n}`);
        else groups.set(`${p.day}-${p.counter}`, [...(groups.get(`${p.day}-${p.counter}`) ?? []), p.sequence]);
      }
      for (const [key, seqs] of groups) {
        seqs.sort((x, y) => x - y);
        if (seqs.some((s, i) => s !== i + 1)) problems.push(`sheet numbers of ${key} have a gap: ${seqs.join(',')}`);
      }
      const all = new Set(numbers);
      const ackedSheets = counters.flatMap((c) => c.sheets);
      for (const n of ackedSheets) if (!all.has(n)) problems.push(`acknowledged sheet ${n} is missing`);
      const chain = await verifyAuditChainPg(db);
      if (!chain.ok) problems.push(chain.message);
      const lat = (m: string) => stats.latency[m] ?? [];
      const figures = [
        `hall load: ${options.counters} counters × ${options.rounds} rounds against 2 instances on one PostgreSQL; instance 0 killed at ${killAt}/${total}, database restarted at ${restartAt}/${total}`,
        `  wall time ${seconds.toFixed(1)} s; acknowledged saves ${acknowledged} new cases (+ their updates), sheets ${ackedSheets.length}, policy edits ${policyEdits}; retries ${stats.retries}, moves to the other instance ${stats.failovers}`,
        ...['saveCase', 'issueSheet', 'listCases'].map(
          (m) =>
            `  ${m.padEnd(10)} n=${String(lat(m).length).padStart(5)}  p50 ${percentile(lat(m), 50).toFixed(1)} ms  p95 ${percentile(lat(m), 95).toFixed(1)} ms`,
        ),
        `  after: ${stored.size} cases stored, ${numbers.length} sheets in ${groups.size} counter-days (unique, gap-free: ${problems.some((p) => /sheet/.test(p)) ? 'NO' : 'yes'}), audit chain ${chain.ok ? `intact (${chain.rows} rows)` : 'BROKEN'}`,
      ];
      return {
        figures,
        problems,
        counts: {
          saves: lat('saveCase').length,
          sheets: ackedSheets.length,
          lists: lat('listCases').length,
          retries: stats.retries,
          failovers: stats.failovers,
          policyEdits,
        },
      };
    } finally {
      await db.end();
    }
  } finally {
    finished = true;
    for (const child of instances) child?.kill('SIGTERM');
    await sleep(200);
    cluster.stop();
  }
}
