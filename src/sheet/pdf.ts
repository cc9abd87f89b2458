// PDF of the sheet where Electron is absent: the machine's own headless Chromium prints
// the HTML (A4 from the page's @page rule, no browser header or footer). In Electron the
// main process uses webContents.printToPDF on the same HTML instead.
//
// Chromium reads the sheet from a temporary copy, which holds the client's name (issue 12):
// it is made in the data folder (<data>/tmp, never the system's temp folder), removed on every
// way out — done, failed, the process ending or stopped by SIGINT/SIGTERM/SIGHUP — and a copy
// left by a process killed outright is removed by the next start (removeStaleSheetTemps).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { withFontBase } from './render.ts';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/microsoft-edge',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((c) => existsSync(c)) ?? null;
}

/** The folder holding the bundled font: $YIBAO_FONTS, else src/sheet/assets/fonts or dist/renderer/fonts above this module. */
export function locateFonts(): string {
  if (process.env.YIBAO_FONTS) return resolve(process.env.YIBAO_FONTS);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [join(dir, 'src', 'sheet', 'assets', 'fonts'), join(dir, 'dist', 'renderer', 'fonts'), join(dir, 'fonts')]) {
      if (existsSync(join(candidate, 'DroidSansFallbackFull.ttf'))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('找不到告知单字体 DroidSansFallbackFull.ttf；请设置 YIBAO_FONTS');
    dir = parent;
  }
}

export class NoChromiumError extends Error {}

/** Chromium ran but made no PDF: a Chinese message (Chromium's own English output stays out of it). */
export class PdfError extends Error {
  readonly details: string;
  constructor(message: string, details: string) {
    super(message);
    this.details = details;
  }
}

/** How long Chromium may take for one sheet before it is stopped. */
const CHROMIUM_LIMIT_MS = 60_000;
const TEMP_PREFIX = 'yibao-sheet-';

/** Temporary folders in use by this process, with the Chromium working in each. */
const live = new Map<string, ChildProcess | null>();

/** Removes this process's temporary sheet copies now (stopping their Chromium first). */
export function removeLiveSheetTemps(): void {
  for (const [dir, child] of live) {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  live.clear();
}

let cleanupInstalled = false;
/**
 * Removes the temporary copies however the process ends: at exit, and on SIGINT, SIGTERM and
 * SIGHUP (after which the signal is raised again, so the process still ends as it would have).
 * The command line and browser mode call it at start.
 */
export function removeSheetTempsOnExit(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', removeLiveSheetTemps);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeLiveSheetTemps();
      process.kill(process.pid, signal);
    });
  }
}

const isRunning = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
};

/**
 * Removes temporary sheet copies left in `root` by processes that no longer run (killed
 * outright), and any older than an hour whatever made them. How many were removed.
 */
export function removeStaleSheetTemps(root: string): number {
  if (!existsSync(root)) return 0;
  let removed = 0;
  for (const name of readdirSync(root)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const path = join(root, name);
    const pid = Number(/^yibao-sheet-(\d+)-/.exec(name)?.[1] ?? 0);
    let old = true;
    try {
      old = Date.now() - statSync(path).mtimeMs > 3600_000;
    } catch {
      // gone meanwhile
    }
    if (!old && pid > 0 && isRunning(pid)) continue;
    rmSync(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

export interface PdfOptions {
  /** Where the temporary copy is made: <data folder>/tmp. The system's temp folder only without a data folder (an in-memory database). */
  tempRoot?: string | null;
}

/** PDFs already asked for: each waits for the one before it, so one Chromium runs at a time. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Prints canonical sheet HTML to PDF bytes with headless Chromium. Asynchronous (the process
 * goes on answering other calls meanwhile) and queued: one Chromium at a time, in the order asked
 * (a counter PC has few cores, and each Chromium would take one).
 */
export function htmlToPdf(canonicalHtml: string, options: PdfOptions = {}): Promise<Uint8Array> {
  const made = queue.then(() => printOnce(canonicalHtml, options));
  queue = made.catch(() => undefined);
  return made;
}

async function printOnce(canonicalHtml: string, options: PdfOptions): Promise<Uint8Array> {
  const chromium = findChromium();
  if (!chromium)
    throw new NoChromiumError(
      '找不到 Chromium/Chrome/Edge，无法生成 PDF；请安装（Debian：apt-get install -y chromium）或设置 CHROMIUM_PATH，或改用 --html 输出。',
    );
  const root = options.tempRoot ?? tmpdir();
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(root, `${TEMP_PREFIX}${process.pid}-`));
  live.set(dir, null);
  try {
    const htmlFile = join(dir, 'sheet.html');
    const pdfFile = join(dir, 'sheet.pdf');
    writeFileSync(htmlFile, withFontBase(canonicalHtml, `${pathToFileURL(locateFonts()).href}/`), { mode: 0o600 });
    const child = spawn(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--no-pdf-header-footer',
        '--run-all-compositor-stages-before-draw',
        '--virtual-time-budget=10000',
        `--print-to-pdf=${pdfFile}`,
        pathToFileURL(htmlFile).href,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    live.set(dir, child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const outcome = await new Promise<string>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), CHROMIUM_LIMIT_MS);
      child.on('error', (error) => {
        clearTimeout(timer);
        done(error.message);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        done(signal ? `signal ${signal}` : `exit ${String(code)}`);
      });
    });
    if (!existsSync(pdfFile))
      throw new PdfError(
        'Chromium 未能生成 PDF：请重试；如仍失败，请检查本机的 Chromium 能否正常启动（或改用 --html 输出后用浏览器打印）。',
        `${outcome}: ${stderr.split('\n').slice(-3).join(' ')}`,
      );
    return new Uint8Array(readFileSync(pdfFile));
  } finally {
    const child = live.get(dir);
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    live.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}
