// A browser-mode server (dist/server/main.mjs) in its own process on a given database, for the
// benchmarks that time calls while the services are busy: the client that times them runs here,
// apart from the server, as the window does.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { YibaoApi } from '../../src/api/contract.ts';
import { httpApi } from '../../src/ui/api/http.ts';
import { rounds } from './rounds.ts';

/** The project folder (scripts/run-ts.mjs gives every bundled file its entry's folder as import.meta.dirname). */
function projectRoot(): string {
  for (let dir = resolve(import.meta.dirname); dirname(dir) !== dir; dir = dirname(dir))
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'build-cli.mjs'))) return dir;
  throw new Error('project folder not found');
}
const root = projectRoot();

export interface BenchServer {
  api: YibaoApi;
  url: string;
  stop(): void;
}

export async function startServer(db: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const main = join(root, 'dist', 'server', 'main.mjs');
  if (!existsSync(main) && spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' }).status !== 0)
    throw new Error('cannot build dist/server/main.mjs');
  const child = spawn(process.execPath, [main, '--port', '0', '--db', db, '--static', join(root, 'dist', 'renderer'), '--no-open'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(String(chunk));
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`server exited (${String(code)})`)));
  });
  return { api: httpApi(url), url, stop: () => child.kill() };
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
export const p90 = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? Number.NaN;

/** A draft as the window saves it: a 45-year history of 30 ranges. */
export const DRAFT_FORM = {
  person: { name: '基准', idNumber: '320102197608150010', sex: 'male', birth: '1963-05' },
  history: Array.from({ length: 30 }, (_, i) => ({
    from: `${1981 + i}-01`,
    to: `${1981 + i}-12`,
    scheme: i % 5 === 4 ? 'flexible' : 'employee',
    status: 'paid',
    base: String(6000 + i * 100),
  })),
};

/** Times one draft save through the server (ms). */
export async function timedDraftSave(api: YibaoApi): Promise<number> {
  const t = performance.now();
  const r = await api.saveDraft({ caseId: null, form: DRAFT_FORM });
  if (!r.ok) throw new Error(r.error.message);
  return performance.now() - t;
}

/** `n` draft saves with nothing else going on, after a warm-up. */
export async function idleDraftSaves(api: YibaoApi, n = rounds(100, 10)): Promise<number[]> {
  // Warmed up as much as the busy runs are (their saves come by the thousand).
  for (let i = 0, warmUp = rounds(300, 10); i < warmUp; i++) await timedDraftSave(api);
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await timedDraftSave(api));
  return times;
}

/** Draft saves, one after another, for as long as `busy` has not settled (at least one). */
export async function draftSavesDuring(api: YibaoApi, busy: Promise<unknown>): Promise<number[]> {
  let settled = false;
  void busy.finally(() => (settled = true));
  const times: number[] = [];
  do times.push(await timedDraftSave(api));
  while (!settled);
  return times;
}
