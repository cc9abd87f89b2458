// The Electron shell's security settings, in a real Electron. The build machines cannot
// download the Electron binary, so these tests skip with the reason printed; they run
// wherever `npx electron --version` works.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

function electronBinary(): string | null {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (!binary)
  console.log(
    '[electron tests skipped] no Electron binary in node_modules/electron/dist (it cannot be downloaded on the build machines); on a machine with internet run `npx electron --version` once, then `npm test`.',
  );

const launch = () =>
  electron.launch({
    executablePath: binary!,
    args: [join(root, 'dist', 'electron', 'main.cjs')],
    env: { ...process.env, YIBAO_DATA_DIR: join(root, '.tmp', 'electron-data') },
  });

test.describe('Electron shell security', () => {
  test.skip(!binary, 'no Electron binary on this machine (it cannot be downloaded here)');

  test('window preferences are the hardened ones; the renderer has the typed API and no Node', async () => {
    const app = await launch();
    const window = await app.firstWindow();
    // What the page can observe: no Node, no Electron internals, only the typed API.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await window.evaluate(() => Object.keys((window as unknown as { yibao: object }).yibao))).toContain('assess');
    expect(window.url()).toMatch(/^app:\/\/yibao\//);
    const csp = await window.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'));
    expect(csp).toContain("script-src 'self'");
    await app.close();
  });

  test('navigation away and new windows are blocked; permissions are denied', async () => {
    const app = await launch();
    const window = await app.firstWindow();
    await window.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await window.waitForTimeout(500);
    expect(window.url()).toMatch(/^app:\/\/yibao\//);
    expect(await window.evaluate(() => globalThis.open('https://example.com/') === null)).toBe(true);
    const state = await window.evaluate(() => navigator.permissions.query({ name: 'geolocation' as PermissionName }).then((p) => p.state));
    expect(state).not.toBe('granted');
    await app.close();
  });
});
