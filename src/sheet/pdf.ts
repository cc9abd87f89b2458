// PDF of the sheet where Electron is absent: the machine's own headless Chromium prints
// the HTML (A4 from the page's @page rule, no browser header or footer). In Electron the
// main process uses webContents.printToPDF on the same HTML instead.
//
// A stored sheet is treated as hostile (issue 22: a tampered one read /etc/passwd into its
// PDF). Chromium is driven over its DevTools pipe and given the sheet from memory — never a
// file:// page that could reach the machine's files: the one document and its font are
// answered by this process under an invented https origin, under a Content-Security-Policy
// header that allows nothing but that font and inline styles, with JavaScript disabled, and
// every other request (file://, http, an iframe, a fetch) is failed before it leaves
// Chromium. Its sandbox stays on wherever the OS allows it: not as root, where Chromium
// refuses to start with it (docs/security.md).
//
// Chromium's profile folder holds nothing of the client's (no sheet copy is written); it is
// made in the data folder (<data>/tmp, never the system's temp folder), removed on every way
// out — done, failed, the process ending or stopped by SIGINT/SIGTERM/SIGHUP — and one left by
// a process killed outright is removed by the next start (removeStaleSheetTemps).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withFontBase } from '../core/font-base.ts';

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

/** The invented origin the sheet is served from inside Chromium (answered by this process, never a network). */
const SHEET_ORIGIN = 'https://sheet.yibao.invalid';
const SHEET_URL = `${SHEET_ORIGIN}/sheet.html`;
const FONT_BASE = `${SHEET_ORIGIN}/fonts/`;
const FONT_FILE = 'DroidSansFallbackFull.ttf';

/** What the printed sheet may load: its inline styles and the bundled font. No script, frame, fetch, image or form. */
export const SHEET_PRINT_CSP =
  `default-src 'none'; style-src 'unsafe-inline'; font-src ${FONT_BASE}; img-src data:; ` +
  `script-src 'none'; frame-src 'none'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'`;

/**
 * Whether Chromium runs without its sandbox: only as root (Chromium will not start there with
 * it), or when YIBAO_CHROMIUM_NO_SANDBOX=1 says the OS offers none (no user namespaces).
 */
export function chromiumSandboxOff(): boolean {
  return process.getuid?.() === 0 || process.env.YIBAO_CHROMIUM_NO_SANDBOX === '1';
}

let fontBytes: Buffer | null = null;
const font = (): Buffer => (fontBytes ??= readFileSync(join(locateFonts(), FONT_FILE)));

interface DevToolsMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Chromium's DevTools protocol over --remote-debugging-pipe: JSON messages ended by NUL. */
class DevToolsPipe {
  #next = 1;
  #pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  #listeners = new Set<(m: DevToolsMessage) => void>();
  #buffer = '';
  #out: Writable;

  constructor(out: Writable, input: Readable) {
    this.#out = out;
    input.on('data', (chunk: Buffer) => {
      this.#buffer += chunk.toString('utf8');
      for (let end = this.#buffer.indexOf('\0'); end >= 0; end = this.#buffer.indexOf('\0')) {
        const text = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 1);
        const message = JSON.parse(text) as DevToolsMessage;
        if (message.id !== undefined) {
          const waiting = this.#pending.get(message.id);
          this.#pending.delete(message.id);
          if (message.error) waiting?.reject(new Error(message.error.message));
          else waiting?.resolve(message.result ?? {});
        } else for (const listener of this.#listeners) listener(message);
      }
    });
    out.on('error', () => undefined);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  on(listener: (m: DevToolsMessage) => void): void {
    this.#listeners.add(listener);
  }

  failAll(error: Error): void {
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}

/** Answers Chromium's requests: the sheet and its font from memory, everything else refused. */
function answerRequests(pipe: DevToolsPipe, sessionId: string, canonicalHtml: string): void {
  const html = Buffer.from(withFontBase(canonicalHtml, FONT_BASE), 'utf8');
  pipe.on((message) => {
    if (message.method !== 'Fetch.requestPaused' || message.sessionId !== sessionId) return;
    const { requestId, request } = message.params as { requestId: string; request: { url: string; method: string } };
    const headers = (type: string) => [
      { name: 'Content-Type', value: type },
      { name: 'Content-Security-Policy', value: SHEET_PRINT_CSP },
      { name: 'X-Content-Type-Options', value: 'nosniff' },
    ];
    const fulfil = (body: Buffer, type: string) =>
      pipe.send(
        'Fetch.fulfillRequest',
        { requestId, responseCode: 200, responseHeaders: headers(type), body: body.toString('base64') },
        sessionId,
      );
    let answer: Promise<unknown>;
    if (request.method === 'GET' && request.url === SHEET_URL) answer = fulfil(html, 'text/html; charset=utf-8');
    else if (request.method === 'GET' && request.url === `${FONT_BASE}${FONT_FILE}`) answer = fulfil(font(), 'font/ttf');
    else answer = pipe.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }, sessionId);
    answer.catch(() => undefined);
  });
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
  let stderr = '';
  let pipe: DevToolsPipe | null = null;
  try {
    const child = spawn(
      chromium,
      [
        '--headless',
        ...(chromiumSandboxOff() ? ['--no-sandbox'] : []),
        '--remote-debugging-pipe',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-extensions',
        '--no-first-run',
        '--blink-settings=scriptEnabled=false',
        `--user-data-dir=${join(dir, 'profile')}`,
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    live.set(dir, child);
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const devtools = new DevToolsPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
    pipe = devtools;
    const ended = new Promise<never>((_, reject) => {
      const stop = (why: string) => reject(new Error(why));
      child.on('error', (error) => stop(error.message));
      child.on('close', (code, signal) => stop(signal ? `signal ${signal}` : `exit ${String(code)}`));
    });
    ended.catch((error: Error) => devtools.failAll(error));
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), CHROMIUM_LIMIT_MS);
    });
    try {
      return await Promise.race([ended, limit, printThrough(devtools, canonicalHtml)]);
    } finally {
      clearTimeout(timer);
      devtools.send('Browser.close').catch(() => undefined);
    }
  } catch (error) {
    if (error instanceof NoChromiumError) throw error;
    throw new PdfError(
      'Chromium 未能生成 PDF：请重试；如仍失败，请检查本机的 Chromium 能否正常启动（或改用 --html 输出后用浏览器打印）。',
      `${error instanceof Error ? error.message : String(error)}: ${stderr.split('\n').slice(-3).join(' ')}`,
    );
  } finally {
    pipe?.failAll(new Error('done'));
    const child = live.get(dir);
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    live.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One sheet through an open DevTools pipe: a fresh page, scripts off, every request answered here, printed to A4. */
async function printThrough(devtools: DevToolsPipe, canonicalHtml: string): Promise<Uint8Array> {
  const { targetId } = (await devtools.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  const { sessionId } = (await devtools.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  answerRequests(devtools, sessionId, canonicalHtml);
  // Lifecycle events may also be replayed for the blank page: wait for the sheet's own loader.
  const idle = new Set<string>();
  let wanted: string | null = null;
  let markLoaded: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
  devtools.on((m) => {
    if (m.sessionId !== sessionId || m.method !== 'Page.lifecycleEvent' || m.params?.name !== 'networkIdle') return;
    const loaderId = String(m.params.loaderId);
    idle.add(loaderId);
    if (loaderId === wanted) markLoaded();
  });
  await devtools.send('Emulation.setScriptExecutionDisabled', { value: true }, sessionId);
  await devtools.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] }, sessionId);
  await devtools.send('Page.enable', {}, sessionId);
  await devtools.send('Page.setLifecycleEventsEnabled', { enabled: true }, sessionId);
  const navigated = (await devtools.send('Page.navigate', { url: SHEET_URL }, sessionId)) as { errorText?: string; loaderId?: string };
  if (navigated.errorText) throw new Error(`navigate: ${navigated.errorText}`);
  wanted = navigated.loaderId ?? null;
  if (wanted && idle.has(wanted)) markLoaded();
  await loaded;
  const { data } = (await devtools.send(
    'Page.printToPDF',
    { printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, generateDocumentOutline: false },
    sessionId,
  )) as { data: string };
  return new Uint8Array(Buffer.from(data, 'base64'));
}
