// PDF of the sheet where Electron is absent: the machine's own headless Chromium prints
// the HTML (A4 from the page's @page rule, no browser header or footer). In Electron the
// main process uses webContents.printToPDF on the same HTML instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Prints canonical sheet HTML to PDF bytes with headless Chromium. */
export function htmlToPdf(canonicalHtml: string): Uint8Array {
  const chromium = findChromium();
  if (!chromium)
    throw new NoChromiumError(
      '找不到 Chromium/Chrome/Edge，无法生成 PDF；请安装（Debian：apt-get install -y chromium）或设置 CHROMIUM_PATH，或改用 --html 输出。',
    );
  const dir = mkdtempSync(join(tmpdir(), 'yibao-sheet-'));
  try {
    const htmlFile = join(dir, 'sheet.html');
    const pdfFile = join(dir, 'sheet.pdf');
    writeFileSync(htmlFile, withFontBase(canonicalHtml, `${pathToFileURL(locateFonts()).href}/`));
    const r = spawnSync(
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
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (!existsSync(pdfFile))
      throw new Error(`Chromium 未能生成 PDF：${(r.stderr || r.error?.message || '').split('\n').slice(-3).join(' ')}`);
    return new Uint8Array(readFileSync(pdfFile));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
