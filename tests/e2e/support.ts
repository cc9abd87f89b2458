// Helpers for the browser tests: reading what the clerk sees, and running the CLI on the
// same case for comparison.
import { expect, type Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const SHOTS = join(root, '.tmp', 'screens');

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
 * dist/server/main.mjs (built by the shared web server) on a database of the test's own, with
 * extra environment (e.g. YIBAO_ASSETS for another release's db/); resolves to its URL.
 */
export async function serveOwn(options: {
  db: string;
  port: number;
  env?: Record<string, string>;
}): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = spawn(
    join(root, 'node_modules', '.bin', 'node'),
    [
      join(root, 'dist', 'server', 'main.mjs'),
      '--port',
      String(options.port),
      '--db',
      options.db,
      '--static',
      join(root, 'dist', 'renderer'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  let output = '';
  await new Promise<void>((ready, failed) => {
    server.stdout?.on('data', (d: Buffer) => (output += d.toString()).includes('已启动') && ready());
    server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    server.on('exit', (code) => failed(new Error(`server exited ${String(code)}: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${options.port}/`,
    stop: async () => {
      if (server.exitCode !== null) return;
      const exited = new Promise((done) => server.once('exit', done));
      server.kill();
      await exited;
    },
  };
}
