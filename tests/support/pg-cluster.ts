// A throwaway PostgreSQL cluster for tests, benchmarks and the demo hall: initdb in a
// temporary folder, a free port on 127.0.0.1 only, password authentication (scram) with a
// random password, stopped and removed afterwards. As root it runs PostgreSQL's tools as the
// `postgres` system user (PostgreSQL refuses to run as root); otherwise as the current user.
// fsync is off (a process crash loses nothing that was committed; only a power cut would, and
// this cluster holds nothing worth keeping); synchronous_commit stays on, so an acknowledged
// commit survives the immediate (crash-like) restart the fault test makes.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The Debian package that provides PostgreSQL (`npm test` installs it as root when missing). */
export const POSTGRES_APT_PACKAGE = 'postgresql';

/** PostgreSQL's programs (initdb, pg_ctl): $YIBAO_PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string | null {
  const fromEnv = process.env.YIBAO_PG_BIN;
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? fromEnv : null;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

/** A free TCP port on 127.0.0.1 (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** What another process needs to use the cluster (vitest's test files, the hall servers). */
export interface ClusterAccess {
  port: number;
  superPassword: string;
  appRole: string;
  appPassword: string;
}

export interface Cluster {
  readonly port: number;
  readonly dir: string;
  readonly access: ClusterAccess;
  /** The superuser's URL for one database (default: postgres). */
  adminUrl(database?: string): string;
  /** A new, empty database owned by the application's role (not a superuser); its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server abruptly (as a crash would) and starts it again on the same port. */
  restart(): void;
  /** The same, without blocking this process meanwhile (clients keep calling while it is down). */
  restartAsync(): Promise<void>;
  stopServer(): void;
  startServer(): void;
  /** Stops the server and removes every file of the cluster. */
  stop(): void;
}

const APP_ROLE = 'yibao';
/** Every cluster's folder in the temporary directory starts so. */
const CLUSTER_PREFIX = 'yibao-pg-';
/** In a cluster's folder: the process that started it (pid and start time), so a later start can tell it was killed. */
const OWNER_FILE = 'owner.json';

/** A process's start time (clock ticks since boot, /proc/PID/stat field 22): a pid reused later has another. */
function processStartTime(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)?.split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Exited, not yet reaped by its parent. */
function isZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)?.startsWith('Z') ?? false;
  } catch {
    return false;
  }
}

function ownerAlive(owner: { pid: number; started: string | null }): boolean {
  if (owner.started !== null) return processStartTime(owner.pid) === owner.started && !isZombie(owner.pid);
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the clusters whose owner is gone without stopping them (a run killed with SIGKILL, a
 * closed terminal): their PostgreSQL is stopped (SIGQUIT, the immediate shutdown) and their
 * files are removed. Called by every start, so a killed run leaves nothing behind past the next
 * one. Returns the folders removed.
 */
export function removeAbandonedClusters(parent = tmpdir()): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(parent).filter((name) => name.startsWith(CLUSTER_PREFIX));
  } catch {
    return removed;
  }
  for (const name of entries) {
    const dir = join(parent, name);
    try {
      // Without an owner file (a start under way, or an older program's cluster): nothing is known, nothing is touched.
      const ownerFile = join(dir, OWNER_FILE);
      if (!existsSync(ownerFile)) continue;
      if (ownerAlive(JSON.parse(readFileSync(ownerFile, 'utf8')) as { pid: number; started: string | null })) continue;
      const postmasterPid = join(dir, 'data', 'postmaster.pid');
      if (existsSync(postmasterPid)) {
        const pid = Number(readFileSync(postmasterPid, 'utf8').split('\n')[0]);
        // Only that cluster's server (a pid may have been reused by another program since).
        let command = '';
        try {
          command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        } catch {
          // Not running.
        }
        if (pid > 0 && command.includes(join(dir, 'data'))) {
          process.kill(pid, 'SIGQUIT');
          // Its files are removed once it has stopped writing them (a few seconds at most).
          for (let waited = 0; waited < 10_000 && processStartTime(pid) !== null && !isZombie(pid); waited += 50) sleepSync(50);
        }
      }
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
      removed.push(dir);
    } catch {
      // Another user's folder, or being removed by another start: not ours to clear.
    }
  }
  return removed;
}

/**
 * The environment PostgreSQL's tools and server run with: this process's, without libfaketime
 * (`npm run test:any-day` preloads it into every process). Under libfaketime 0.9.10 a signal
 * handler that runs while its process waits in epoll_wait reads the real clock, and PostgreSQL's
 * timeouts (lock_timeout, statement_timeout, idle_in_transaction_session_timeout) are checked in
 * its SIGALRM handler: they compared a moved deadline with the real time and never fired (a
 * `statement_timeout` of 2 s let `pg_sleep(10)` run its 10 s). So the cluster keeps the machine's
 * real clock; what the tests compare with its `now()` is its own.
 */
export function postgresEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (!name.startsWith('FAKETIME')) out[name] = value;
  const preload = (env.LD_PRELOAD ?? '')
    .split(/[\s:]+/)
    .filter((lib) => lib && !lib.includes('faketime'))
    .join(':');
  if (preload) out.LD_PRELOAD = preload;
  else delete out.LD_PRELOAD;
  return out;
}

export async function startCluster(): Promise<Cluster> {
  const bin = postgresBinDir();
  if (!bin) {
    throw new Error(
      `PostgreSQL not found (initdb). Install it with: apt-get install -y ${POSTGRES_APT_PACKAGE}  (npm test does this itself when run as root)`,
    );
  }
  const asRoot = process.getuid?.() === 0;
  removeAbandonedClusters();
  const dir = mkdtempSync(join(tmpdir(), CLUSTER_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, started: processStartTime(process.pid) }));
  const data = join(dir, 'data');
  const superPassword = randomBytes(18).toString('base64url');
  const appPassword = randomBytes(18).toString('base64url');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${superPassword}\n`, { mode: 0o600 });
  if (asRoot) {
    const postgresUser = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const postgresGroup = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chmodSync(dir, 0o700);
    chownSync(dir, Number(postgresUser), Number(postgresGroup));
    chownSync(pwfile, Number(postgresUser), Number(postgresGroup));
  }
  const tool = (name: string, args: string[]) => {
    const [command, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), args];
    const r = spawnSync(command, fullArgs, { encoding: 'utf8', cwd: dir, env: postgresEnv() });
    if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  tool('initdb', ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C.UTF-8', '-N']);
  rmSync(pwfile);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-c listen_addresses=127.0.0.1`,
    `-c unix_socket_directories='${dir}'`,
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c shared_buffers=32MB',
    '-c max_connections=200',
  ].join(' ');
  const toolAsync = async (name: string, args: string[]) => {
    const [command, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), args];
    await promisify(execFile)(command, fullArgs, { cwd: dir, env: postgresEnv() });
  };
  const startServer = () => tool('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  const stopServer = (mode: 'fast' | 'immediate' = 'fast') => tool('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
  startServer();
  let stopped = false;
  const adminUrl = (database = 'postgres') =>
    `postgres://postgres:${encodeURIComponent(superPassword)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  await admin((c) => c.query(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${appPassword}'`));
  const access: ClusterAccess = { port, superPassword, appRole: APP_ROLE, appPassword };
  return {
    port,
    dir,
    access,
    adminUrl,
    createDatabase: (name?: string) => createDatabase(access, name),
    restart() {
      stopServer('immediate');
      startServer();
    },
    async restartAsync() {
      await toolAsync('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '60', 'stop']);
      await new Promise((r) => setTimeout(r, 500)); // down for a moment, as after a crash
      await toolAsync('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
    },
    stopServer: () => stopServer('immediate'),
    startServer,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        stopServer('fast');
      } catch {
        // Already stopped (a test stopped it): the files are removed all the same.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const superUrl = (access: ClusterAccess, database = 'postgres') =>
  `postgres://postgres:${encodeURIComponent(access.superPassword)}@127.0.0.1:${access.port}/${encodeURIComponent(database)}`;

let created = 0;

/** A new, empty database owned by the application's role (not a superuser); the application's URL for it. */
export async function createDatabase(
  access: ClusterAccess,
  name = `yibao_${process.pid}_${++created}_${randomBytes(3).toString('hex')}`,
): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: superUrl(access) });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} OWNER ${access.appRole}`);
  } finally {
    await client.end();
  }
  return `postgres://${access.appRole}:${encodeURIComponent(access.appPassword)}@127.0.0.1:${access.port}/${name}`;
}

/** Runs SQL as the superuser in one database (tests that play an intruder with full rights). */
export async function asSuperuser<T>(access: ClusterAccess, database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: superUrl(access, database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
