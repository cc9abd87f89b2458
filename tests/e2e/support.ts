// Helpers for the browser tests: a server and database of each spec file's own, reading what
// the clerk sees, and running the CLI on the same case for comparison.
//
// Isolation (issue 19). A spec imports `test` and `expect` from here instead of
// '@playwright/test':
//
//   import { expect, test } from './support.ts';
//
// and every test of that file then talks to a browser-mode server (dist/server/main.mjs) on a
// database of the file's own, on a free port the kernel picks: `page.goto('/')`, `callApi` and
// `page.request` go there through `baseURL`. The server starts when the file's first test
// needs it and stops when the worker moves on to another file, so spec files can run in any
// order and with several workers. `specServer` (a fixture: `async ({ page, specServer }) =>`)
// gives its url, its data folder and its database file. A file whose tests are steps of one
// story keeps `test.describe.configure({ mode: 'serial' })`; other files' tests must not need
// one another's state (a test that wants a clean draft calls `startOn` or `clearDraft`).
//
// Time is an input. The services of every server started here (the file's own, and serveOwn's)
// read SERVICES_NOW when they start and run on from there (tests/support/server-preload.mjs),
// whatever the machine's date; a file sets another instant with
// `test.use({ servicesNow: '2027-03-15T10:00:00+08:00' })` (null: the machine's clock), and
// serveOwn takes `now`. A test that depends on the window's today sets it: `startOn(page, day)` /
// `openAppOn` (page.clock). `npm run test:any-day` runs everything with the machine's clock
// moved, to show a test that still reads it. Each test has a fresh browser context, so the
// window's localStorage (a hall's drafts, the counter number) starts empty.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = join(import.meta.dirname, '..', '..');
export const SHOTS = join(root, '.tmp', 'screens');
/** Where the spec files' servers keep their databases (emptied when a Playwright run starts). */
export const E2E_DATA = join(root, '.tmp', 'e2e');
/** The services' clock when a browser test's server starts (Beijing time), unless the spec sets its own. */
export const SERVICES_NOW = '2026-12-07T10:00:00+08:00';

/** A spec file's own browser-mode server. */
export interface SpecServer {
  /** http://127.0.0.1:PORT/ (also the tests' baseURL). */
  url: string;
  /** The data folder (database, backups, logs). */
  dir: string;
  /** The SQLite database file. */
  db: string;
}

interface OwnServers {
  forFile(file: string, servicesNow: string | null): Promise<SpecServer>;
  stop(): Promise<void>;
}

export const test = base.extend<{ specServer: SpecServer; servicesNow: string | null }, { ownServers: OwnServers }>({
  servicesNow: [SERVICES_NOW, { option: true }],
  ownServers: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use, workerInfo) => {
      // The server of the file this worker is running (one at a time).
      const state: { key: string; server: SpecServer; stop: () => Promise<void> }[] = [];
      const stop = async () => await state.pop()?.stop();
      await use({
        async forFile(file, servicesNow) {
          const key = `${file}\n${servicesNow ?? ''}`;
          if (state[0]?.key === key) return state[0].server;
          await stop();
          mkdirSync(E2E_DATA, { recursive: true });
          const dir = mkdtempSync(join(E2E_DATA, `w${workerInfo.parallelIndex}-${basename(file, '.spec.ts')}-`));
          const db = join(dir, 'yibao.sqlite');
          const started = await serveOwn({ db, now: servicesNow });
          state.push({ key, server: { url: started.url, dir, db }, stop: started.stop });
          return { url: started.url, dir, db };
        },
        stop,
      });
      await stop();
    },
    { scope: 'worker' },
  ],
  // Its own timeout: starting the server is not the test's time.
  specServer: [
    async ({ ownServers, servicesNow }, use, testInfo) => {
      await use(await ownServers.forFile(testInfo.file, servicesNow));
    },
    { timeout: 60_000 },
  ],
  baseURL: async ({ specServer }, use) => {
    await use(specServer.url);
  },
});
export { expect };

export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
}

/** Calls the services as the window does (browser mode's loopback API). */
export async function callApi<T = any>(page: Page, method: string, input?: unknown): Promise<T> {
  const response = await page.request.post(`api/${method}`, { headers: { 'x-yibao': '1' }, data: input === undefined ? {} : { input } });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}

/**
 * A clean start on a given day: no draft left by an earlier test, and the browser's clock
 * fixed at 10:00 that day in Shanghai, so "today" (办理日期, days left) is that day.
 */
export async function startOn(page: Page, day: string): Promise<void> {
  await callApi(page, 'clearDraft');
  await openAppOn(page, day);
}

/** The window with its clock on a given day (10:00 in Shanghai), keeping whatever draft is there. */
export async function openAppOn(page: Page, day: string): Promise<void> {
  await page.clock.setFixedTime(new Date(`${day}T10:00:00+08:00`));
  await openApp(page);
}

/** "2026-11-29 01:14" in Asia/Shanghai, as the window shows a stored time (item 14: local, with the date). */
export function shanghaiTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Opens a case file from 案件 → 打开案件文件 (not saved until the clerk saves it). */
export async function openCaseFile(page: Page, caseFile: unknown, name = 'case.json'): Promise<void> {
  await page.keyboard.press('F3');
  await page
    .getByTestId('open-case-file')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(caseFile)) });
}

/** The figures shown in the results panel, as text. */
export async function shownFigures(page: Page) {
  const text = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').trim();
  return {
    interruptionMonths: await page
      .getByTestId('interruption-months')
      .textContent()
      .catch(() => null),
    principal: await text('principal'),
    lateFee: await text('late-fee'),
    total: await text('total'),
    benefitsFrom: await text('benefits-from'),
    waiting: await text('waiting'),
    retroactive: await text('retroactive'),
    counted: await text('counted'),
    required: await text('required'),
    retirement: await text('retirement'),
    projected: await text('projected'),
  };
}

/** `yibao assess` on a case file, as JSON. */
export function cliAssess(caseFile: unknown): Record<string, any> {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-cli-'));
  const file = join(dir, 'case.json');
  writeFileSync(file, JSON.stringify(caseFile));
  const r = spawnSync(
    join(root, 'node_modules', '.bin', 'node'),
    [join(root, 'bin', 'yibao.mjs'), 'assess', file, '--db', join(dir, 'cli.sqlite')],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`yibao assess failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

export const fen = (value: number) => `${(value / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;

/**
 * dist/server/main.mjs (built before the tests run) on a database of the test's own, with
 * extra environment (e.g. YIBAO_ASSETS for another release's db/) and the services' clock at
 * `now` (SERVICES_NOW unless given); on a free port unless `port` is given. Resolves to its URL.
 */
export async function serveOwn(options: {
  db: string;
  port?: number;
  env?: Record<string, string>;
  /** The services' clock at the start (ISO instant); SERVICES_NOW by default, null for the machine's. */
  now?: string | null;
}): Promise<{ url: string; stop: () => Promise<void> }> {
  const now = options.now === undefined ? SERVICES_NOW : options.now;
  const env: Record<string, string | undefined> = { ...process.env, TZ: 'Asia/Shanghai', ...options.env };
  if (now) env.YIBAO_TEST_NOW = now;
  else delete env.YIBAO_TEST_NOW;
  // The services' clock moved to YIBAO_TEST_NOW when given, and an end with the test process.
  const preload = pathToFileURL(join(root, 'tests', 'support', 'server-preload.mjs')).href;
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import ${preload}`.trim();
  const server = spawn(
    join(root, 'node_modules', '.bin', 'node'),
    [
      join(root, 'dist', 'server', 'main.mjs'),
      '--port',
      String(options.port ?? 0),
      '--db',
      options.db,
      '--static',
      join(root, 'dist', 'renderer'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let output = '';
  const url = await new Promise<string>((ready, failed) => {
    server.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      const started = /已启动：(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (started?.[1]) ready(started[1]);
    });
    server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    server.on('exit', (code) => failed(new Error(`server exited ${String(code)}: ${output}`)));
  });
  return {
    url,
    stop: async () => {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((done) => server.once('exit', done));
      server.kill();
      await exited;
    },
  };
}
