// The service hall under load and faults (issue 15): simulated counters against two hall
// server instances (separate processes, `yibao serve --hall`) on one throwaway PostgreSQL
// cluster. Each counter signs in, then saves new cases, saves them again (with the version it
// holds), issues sheets and reads the case list. Midway one instance is killed (SIGKILL) and its
// counters move to the other; later the database is stopped abruptly and started again.
// Afterwards, read straight from the database: every acknowledged save is there, sheet numbers
// are unique and gap-free per counter and day, and the policy audit chain is intact. Figures
// (p50/p95 per kind of call) are printed; correctness is asserted, times are not.
// Bounded: a fixed number of rounds per counter, each request with a timeout, every process stopped.
//
// As a real hall (issue 22, finding 16): the database is migrated by its owner and the instances
// connect as the runtime role made by the same code as `yibao hall setup` (no ALTER, TRIGGER or
// audit-writing rights; checked before the run). Issue 22 adds, before the faults, a run of many
// counters whose clerks pause between calls (think time, `paused`), and saves per second as a
// ratio to a bare insert: rows of the same JSON written one per transaction straight into a plain
// table of the same PostgreSQL, as fast as the instances' connections allow.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { PolicyValueEdit } from '../src/api/contract.ts';
import { HallAuth } from '../src/services/hall/auth.ts';
import { HallRepository } from '../src/store/pg/hall.ts';
import { PgStore } from '../src/store/pg/store.ts';
import { verifyAuditChainPg } from '../src/store/pg/policy.ts';
import { connectionRights, grantRuntimeRole } from '../src/store/pg/roles.ts';
import { parseSheetNumber } from '../src/store/sheet-number.ts';
import { asSuperuser, startCluster } from '../tests/support/pg-cluster.ts';

const root = join(import.meta.dirname, '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
/** The role the instances connect as (`yibao hall setup --runtime-role`). */
const RUNTIME_ROLE = 'yibao_app';
/** Connections of each instance's pool (src/store/pg/pool.ts's default): the bare insert uses as many as both. */
const INSTANCE_POOL = 10;
/** Paused counters use counter numbers from here on, so their sheet series are their own. */
const PAUSED_COUNTER_BASE = 300;

export interface LoadOptions {
  counters: number;
  rounds: number;
  /** Kill instance 0 after this share of all rounds, restart the database after that share. */
  killAt?: number;
  restartAt?: number;
  log?: (line: string) => void;
  /**
   * Counters whose clerks pause between calls (think time, drawn between the two bounds, the same
   * every run), run first with both instances up and no fault.
   */
  paused?: { counters: number; rounds: number; pauseMs: readonly [number, number] };
  /** Rows written by the bare-insert baseline (default 2,000). */
  bareInserts?: number;
}

export interface LoadResult {
  figures: string[];
  problems: string[];
  counts: {
    saves: number;
    sheets: number;
    lists: number;
    retries: number;
    failovers: number;
    policyEdits: number;
    pausedSaves: number;
  };
  /** Saves (and bare inserts) per second: the baseline, the paused run, the run without pauses before its first fault and in all. */
  rates: { bareInsert: number; paused: number | null; steady: number; overall: number };
}

interface Ack {
  id: string;
  name: string;
  version: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A small seeded generator (mulberry32): the clerks' pauses are the same in every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
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
  /** The counter number; `account` is the clerk's (clerk<account>). */
  readonly n: number;
  account: number;
  /** The clerk's think time before each call after the first of a round (none: straight on). */
  pause: (() => number) | null = null;
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
    this.account = n;
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
    const r = await this.call('signIn', {
      username: `clerk${this.account}`,
      password: `pass-${this.account}-load`,
      counter: String(this.n),
    });
    if (!r.ok) throw new Error(`counter ${this.n} sign-in: ${r.error?.message}`);
  }

  /** A round: a new case, that case saved again, a sheet for it, the case list. */
  async round(k: number, problems: string[]): Promise<void> {
    const name = `负载${this.n}号${k}`;
    const caseFile = { ...example, person: { ...example.person, name, idNumber: null } };
    const think = async () => {
      if (this.pause) await sleep(this.pause());
    };
    await think();
    const created = await this.call('saveCase', { caseFile });
    if (!created.ok) return void problems.push(`counter ${this.n} save: ${created.error?.message}`);
    const ack: Ack = { id: created.value.id, name, version: created.value.version };
    this.cases.push(ack);
    const renamed = `${name}改`;
    const edited = { ...caseFile, person: { ...caseFile.person, name: renamed } };
    await think();
    const updated = await this.call('saveCase', { id: ack.id, caseFile: edited, version: ack.version });
    if (updated.ok) Object.assign(ack, { name: renamed, version: updated.value.version });
    else if (updated.error?.code === 'CONFLICT' && updated.error.conflict?.caseFile?.person?.name === renamed) {
      // The first try committed but its answer was lost (instance killed): the saved version is ours.
      Object.assign(ack, { name: renamed, version: updated.error.conflict.version });
    } else problems.push(`counter ${this.n} update: ${updated.error?.message}`);
    await think();
    const sheet = await this.call('issueSheet', { caseId: ack.id, caseFile: edited });
    if (sheet.ok) this.sheets.push(sheet.value.number);
    else problems.push(`counter ${this.n} sheet: ${sheet.error?.message}`);
    await think();
    const list = await this.call('listCases', { limit: 50 });
    if (!list.ok) problems.push(`counter ${this.n} list: ${list.error?.message}`);
  }
}

/** Signs counters in a few at a time: the hall holds back one address's sign-ins in flight beyond its allowance. */
async function signInAll(counters: Counter[]): Promise<void> {
  for (let i = 0; i < counters.length; i += 8) await Promise.all(counters.slice(i, i + 8).map((c) => c.signIn()));
}

/**
 * The bare insert: rows of the case's JSON written one per transaction into a plain table of the
 * same PostgreSQL, by as many connections as the two instances' pools hold; rows per second.
 */
async function bareInsertRate(ownerUrl: string, rows: number): Promise<{ perSecond: number; bytes: number }> {
  const doc = JSON.stringify({ ...example, person: { ...example.person, name: '负载基准', idNumber: null } });
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 2 * INSTANCE_POOL });
  try {
    await pool.query(`CREATE TABLE bare_insert (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), doc text NOT NULL)`);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 2 * INSTANCE_POOL }, async () => {
        while (next++ < rows) await pool.query(`INSERT INTO bare_insert (doc) VALUES ($1)`, [doc]);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await pool.query(`DROP TABLE bare_insert`);
    return { perSecond: rows / seconds, bytes: Buffer.byteLength(doc) };
  } finally {
    await pool.end();
  }
}

export async function runHallLoad(options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? (() => undefined);
  const problems: string[] = [];
  const cluster = await startCluster();
  const instances: Array<ChildProcess | null> = [null, null];
  let finished = false;
  try {
    // Two roles, as `yibao hall setup` makes them: the owner migrates; the instances are the runtime role.
    const ownerUrl = await cluster.createDatabase('yibao_load');
    const runtimePassword = `load-${Math.random().toString(36).slice(2)}`;
    await asSuperuser(cluster.access, 'postgres', (c) =>
      c.query(`CREATE ROLE ${RUNTIME_ROLE} LOGIN PASSWORD ${pg.escapeLiteral(runtimePassword)}`),
    );
    const setup = await PgStore.open({ url: ownerUrl });
    await grantRuntimeRole(setup.pool, RUNTIME_ROLE, () => Promise.resolve(runtimePassword));
    const auth = new HallAuth(new HallRepository(setup.pool));
    const accounts = Math.max(options.counters, options.paused?.counters ?? 0);
    for (let n = 1; n <= accounts; n += 8)
      await Promise.all(
        Array.from({ length: Math.min(8, accounts - n + 1) }, (_, i) =>
          auth.createAccount('负载测试', {
            username: `clerk${n + i}`,
            displayName: `经办${n + i}`,
            role: 'clerk',
            password: `pass-${n + i}-load`,
          }),
        ),
      );
    await auth.createAccount('负载测试', { username: 'boss', displayName: '管理员', role: 'admin', password: 'boss-pass-1' });
    await setup.close();
    const runtime = new URL(ownerUrl);
    runtime.username = RUNTIME_ROLE;
    runtime.password = runtimePassword;
    const url = runtime.toString();
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    const rights = await connectionRights(probe).finally(() => probe.end());
    if (rights.role !== RUNTIME_ROLE || rights.superuser || rights.ownsAudit)
      problems.push(`the instances would connect as ${rights.role} (superuser ${rights.superuser}, owns the audit ${rights.ownsAudit})`);

    const bare = await bareInsertRate(ownerUrl, options.bareInserts ?? 2_000);
    log(`bare insert: ${fmt(bare.perSecond, 0)} rows/s (${bare.bytes} bytes of JSON each, ${2 * INSTANCE_POOL} connections)`);

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

    log(`cluster on ${cluster.port}; instances as the runtime role ${rights.role} on ${ports.join(', ')}`);
    const stats = { latency: {} as Record<string, number[]>, retries: 0, failovers: 0 };
    const down = new Set<number>();
    const lat = (m: string, from: typeof stats = stats) => from.latency[m] ?? [];
    const line = (m: string, from: typeof stats = stats) =>
      `  ${m.padEnd(10)} n=${String(lat(m, from).length).padStart(5)}  p50 ${percentile(lat(m, from), 50).toFixed(1)} ms  p95 ${percentile(lat(m, from), 95).toFixed(1)} ms`;
    const allCounters: Counter[] = [];

    // First the clerks who pause (both instances up, no fault): what a busy hall looks like.
    let pausedFigures: string[] = [];
    let pausedRate: number | null = null;
    let pausedSaves = 0;
    if (options.paused) {
      const { counters: many, rounds, pauseMs } = options.paused;
      const pausedStats = { latency: {} as Record<string, number[]>, retries: 0, failovers: 0 };
      const random = seeded(22);
      const paused = Array.from({ length: many }, (_, i) => {
        const c = new Counter(PAUSED_COUNTER_BASE + i + 1, ports, pausedStats, down);
        c.account = i + 1;
        c.pause = () => pauseMs[0] + random() * (pauseMs[1] - pauseMs[0]);
        return c;
      });
      await signInAll(paused);
      log(`${many} counters with pauses signed in`);
      const started = performance.now();
      await Promise.all(
        paused.map(async (c) => {
          for (let k = 0; k < rounds; k++) await c.round(k, problems);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      pausedSaves = lat('saveCase', pausedStats).length;
      pausedRate = pausedSaves / seconds;
      const meanPause = (pauseMs[0] + pauseMs[1]) / 2000;
      pausedFigures = [
        `hall with pauses: ${many} counters × ${rounds} rounds, each clerk pausing ${pauseMs[0]}–${pauseMs[1]} ms (mean ${fmt(meanPause * 1000, 0)} ms) before each call, both instances up, no fault`,
        `  wall time ${fmt(seconds)} s; saves ${pausedSaves} → ${fmt(pausedRate)} saves/s (the clerks' pauses bound it: at most ${fmt((2 * many) / (4 * meanPause))}/s offered) = ${fmt(pausedRate / bare.perSecond, 3)}× the bare insert; retries ${pausedStats.retries}`,
        ...['saveCase', 'issueSheet', 'listCases'].map((m) => line(m, pausedStats)),
      ];
      allCounters.push(...paused);
      for (const c of paused) c.pause = null;
    }

    const counters = Array.from({ length: options.counters }, (_, i) => new Counter(i + 1, ports, stats, down));
    await signInAll(counters);
    allCounters.push(...counters);
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
    let beforeFault: { saves: number; seconds: number } | null = null;
    const faults = async () => {
      if (!killed && done >= killAt) {
        killed = true;
        beforeFault = { saves: lat('saveCase').length, seconds: (performance.now() - started) / 1000 };
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
    const overallRate = lat('saveCase').length / seconds;
    const steady = (beforeFault as { saves: number; seconds: number } | null) ?? { saves: lat('saveCase').length, seconds };
    const steadyRate = steady.saves / steady.seconds;

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
      for (const c of allCounters)
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
      const ackedSheets = allCounters.flatMap((c) => c.sheets);
      for (const n of ackedSheets) if (!all.has(n)) problems.push(`acknowledged sheet ${n} is missing`);
      const chain = await verifyAuditChainPg(db);
      if (!chain.ok) problems.push(chain.message);
      const figures = [
        `bare insert on the same PostgreSQL: ${fmt(bare.perSecond, 0)} rows/s (${options.bareInserts ?? 2_000} rows of the case's JSON, ${fmt(bare.bytes / 1024)} KB each, one per transaction, ${2 * INSTANCE_POOL} connections as many as both instances' pools)`,
        `instances connect as the runtime role ${rights.role} (not the owner, no superuser, no rights to alter the audit)`,
        ...pausedFigures,
        `hall load: ${options.counters} counters × ${options.rounds} rounds without pauses against 2 instances on one PostgreSQL; instance 0 killed at ${killAt}/${total}, database restarted at ${restartAt}/${total}`,
        `  wall time ${seconds.toFixed(1)} s; acknowledged saves ${counters.reduce((n, c) => n + c.cases.length, 0)} new cases (+ their updates), sheets ${counters.reduce((n, c) => n + c.sheets.length, 0)}, policy edits ${policyEdits}; retries ${stats.retries}, moves to the other instance ${stats.failovers}`,
        `  saves per second: ${fmt(steadyRate)} before the first fault (${steady.saves} in ${fmt(steady.seconds)} s) = ${fmt(steadyRate / bare.perSecond, 3)}× the bare insert; ${fmt(overallRate)} over the whole run with the kill and the restart = ${fmt(overallRate / bare.perSecond, 3)}×`,
        ...['saveCase', 'issueSheet', 'listCases'].map((m) => line(m)),
        `  after: ${acknowledged} acknowledged new cases in both runs, ${stored.size} cases stored, ${numbers.length} sheets in ${groups.size} counter-days (unique, gap-free: ${problems.some((p) => /sheet/.test(p)) ? 'NO' : 'yes'}), audit chain ${chain.ok ? `intact (${chain.rows} rows)` : 'BROKEN'}`,
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
          pausedSaves,
        },
        rates: { bareInsert: bare.perSecond, paused: pausedRate, steady: steadyRate, overall: overallRate },
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
