// Renderer figures in Debian Chromium, all in one browser run:
//  - the form painted (the first frame drawn after the case form is in the page, found by the
//    bench itself, not by the app's own mark) as a ratio to a blank page of the same build
//    painted (issue 14: goal ≤ 2×); the app's "interactive" mark beside it (issue 10: ≤ 1.3×)
//  - per keystroke, from the input event to the next frame after the figures changed, on a
//    45-year history of 30 ranges (goal ≤ 16 ms) and a 90-year one of 300 ranges (goal ≤ 33 ms)
//  - the renderer's JavaScript, gzipped (goal ≤ 150 KB)
import { chromium } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { goalLine } from './lib/goal.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = join(root, 'node_modules', '.bin', 'node');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.log(`skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium fonts-noto-cjk)`);
  process.exit(0);
}
// The renderer, and the Node bundles (the server renders the printed sheet, a .svelte component).
const build = spawnSync(node, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0 || spawnSync(node, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' }).status !== 0)
  process.exit(1);

// Bundle size.
const assets = join(root, 'dist', 'renderer', 'assets');
let raw = 0;
let gz = 0;
for (const f of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
  const bytes = readFileSync(join(assets, f));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
console.log(
  `renderer JavaScript: ${(raw / 1024).toFixed(1)} KB, gzipped ${(gz / 1024).toFixed(1)} KB (goal ≤ 150 KB: ${(gz / 1024 / 150).toFixed(2)}× goal)`,
);

const dir = mkdtempSync(join(tmpdir(), 'yibao-bench-ui-'));
const server = spawn(
  node,
  [join(root, 'dist', 'server', 'main.mjs'), '--port', '0', '--db', join(dir, 'bench.sqlite'), '--static', join(root, 'dist', 'renderer')],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise((resolve, reject) => {
  server.stdout.on('data', (chunk) => {
    const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(String(chunk));
    if (match) resolve(match[0]);
  });
  server.on('exit', () => reject(new Error('server exited')));
});

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// In every page: the time of the first frame drawn after `selector` is in the page (a frame is
// drawn between a requestAnimationFrame callback and the task after it).
const PAINTED = (selector) => {
  const look = () => {
    if (document.querySelector(selector)) requestAnimationFrame(() => setTimeout(() => performance.mark('bench-painted')));
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
};
const paintedAt = (page) =>
  page
    .waitForFunction(() => performance.getEntriesByName('bench-painted').length > 0)
    .then(() => page.evaluate(() => performance.getEntriesByName('bench-painted')[0].startTime));
try {
  const blank = [];
  const app = [];
  const marked = [];
  for (let i = 0; i < 9; i++) {
    // Fresh contexts: nothing cached between runs. Blank and app alternate to share conditions.
    const c1 = await browser.newContext();
    const p1 = await c1.newPage();
    await p1.addInitScript(PAINTED, 'body');
    await p1.goto(`${url}blank.html`);
    blank.push(await paintedAt(p1));
    await c1.close();
    const c2 = await browser.newContext();
    const p2 = await c2.newPage();
    await p2.addInitScript(PAINTED, '#request-base');
    await p2.goto(url);
    app.push(await paintedAt(p2));
    await p2.waitForFunction(() => performance.getEntriesByName('yibao-interactive').length > 0);
    marked.push(await p2.evaluate(() => performance.getEntriesByName('yibao-interactive')[0].startTime));
    await c2.close();
  }
  const b = median(blank);
  const a = median(app);
  const mark = median(marked);
  console.log(`form painted: app ${a.toFixed(1)} ms, blank page painted ${b.toFixed(1)} ms (medians of 9) → ratio ${(a / b).toFixed(2)}×`);
  console.log(
    goalLine(
      'Form painted ≤ 2× a blank page of the same build',
      `${a.toFixed(0)} ms against ${b.toFixed(0)} ms → ${(a / b).toFixed(2)}×`,
      a / b / 2,
    ),
  );
  console.log(
    `time to interactive (the app's yibao-interactive mark): ${mark.toFixed(1)} ms → ratio ${(mark / b).toFixed(2)}× the blank page (issue 10's goal ≤ 1.3×)`,
  );

  const fmt = (x) => `${Math.floor(x / 12)}-${String((x % 12) + 1).padStart(2, '0')}`;
  /** A history of `ranges` ranges (employee and flexible) over `years` years, ending with a 3-month interruption back-paid at Nanjing's rates. */
  const longCase = (years, ranges) => {
    const end = 2026 * 12 + 6;
    const span = Math.floor((years * 12) / ranges);
    const history = [];
    let m = end - years * 12;
    for (let i = 0; i < ranges; i++) {
      const to = i === ranges - 1 ? end : m + span - 2;
      history.push({
        from: fmt(m),
        to: fmt(to),
        scheme: i % 5 === 4 ? 'flexible' : 'employee',
        status: 'paid',
        base: 6000 + (i % 60) * 100,
      });
      m = to + 1 + (i % 4 === 3 ? 1 : 0);
    }
    return {
      format: 'yibao-case/1',
      asOf: '2026-11-22',
      region: '320100',
      person: { name: '基准', sex: 'male', birth: fmt(end - years * 12 - 12 * 18), retirementCategory: 'male' },
      history,
      deemedMonths: 0,
      request: { scheme: 'employee', paymentDate: '2026-11-25', transferFrom: '310000' },
    };
  };
  const stats = (xs) => {
    const sorted = [...xs].sort((x, y) => x - y);
    return `median ${median(xs).toFixed(1)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
  };
  for (const [years, ranges, limit] of [
    [45, 30, 16],
    [90, 300, 33],
  ]) {
    // No draft from the case before (it would make opening a file ask about unsaved work first).
    await fetch(`${url}api/clearDraft`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-yibao': '1' }, body: '{}' });
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('yibao-interactive').length > 0);
    // The window takes keys once its first screen is up (it asks first whether it is in a service hall).
    await page.getByRole('heading', { name: '核算结果' }).waitFor();
    await page.keyboard.press('F3');
    const opened = performance.now();
    await page
      .getByTestId('open-case-file')
      .setInputFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(longCase(years, ranges))) });
    await page.getByTestId('principal').waitFor();
    const openMs = performance.now() - opened;
    const latencies = await page.evaluate(async () => {
      const input = document.querySelector('#request-base');
      const out = [];
      const dom = [];
      for (let i = 0; i < 40; i++) {
        const target = document.querySelector('[data-testid=principal]');
        const before = target.textContent;
        const started = performance.now();
        input.value = String(7000 + i * 13);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const changed = await new Promise((resolve) => {
          const timer = setTimeout(() => {
            observer.disconnect();
            resolve(false);
          }, 3000);
          const observer = new MutationObserver(() => {
            if (document.querySelector('[data-testid=principal]').textContent !== before) {
              observer.disconnect();
              clearTimeout(timer);
              dom.push(performance.now() - started);
              requestAnimationFrame(() => resolve(true));
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
        if (!changed) throw new Error('the figures did not change after a keystroke');
        out.push(performance.now() - started);
      }
      return { frame: out, dom };
    });
    const what = `${years}-year history, ${ranges} ranges`;
    console.log(`per keystroke (${what}), until the new figures are in the page: ${stats(latencies.dom)}`);
    console.log(`  …until the next frame: ${stats(latencies.frame)}; opening the case file: ${openMs.toFixed(0)} ms`);
    const frame = median(latencies.frame);
    console.log(
      goalLine(`Per keystroke, next frame ≤ ${limit} ms (${what})`, `median ${frame.toFixed(1)} ms (p90 in the output)`, frame / limit),
    );
    await ctx.close();
  }
} finally {
  await browser.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
