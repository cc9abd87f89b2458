// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
// one test per item that applies. The Electron binary cannot run on the build machines, so
// the shell is checked in two ways here: its decisions (electron/security.ts) by behaviour,
// and its Electron calls (electron/main.ts, electron/preload.ts) as written, read with the
// TypeScript parser rather than by string search. tests/electron/security.spec.ts checks the
// same in a running Electron wherever a binary exists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  allowNavigation,
  grantPermission,
  isTrustedSender,
  rendererFile,
  sheetNumberOf,
  windowOpenDecision,
} from '../../electron/security.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/api/csp.ts';

const root = join(import.meta.dirname, '..', '..');
const mainSource = readFileSync(join(root, 'electron', 'main.ts'), 'utf8');
const preloadSource = readFileSync(join(root, 'electron', 'preload.ts'), 'utf8');
const main = ts.createSourceFile('main.ts', mainSource, ts.ScriptTarget.Latest, true);
const preload = ts.createSourceFile('preload.ts', preloadSource, ts.ScriptTarget.Latest, true);

function nodes(file: ts.SourceFile): ts.Node[] {
  const all: ts.Node[] = [];
  const visit = (n: ts.Node) => {
    all.push(n);
    ts.forEachChild(n, visit);
  };
  visit(file);
  return all;
}

/** Every `new BrowserWindow({ … webPreferences: { … } })` in main.ts, as plain objects of literals. */
function windowPreferences(): Array<Record<string, unknown>> {
  const literal = (e: ts.Expression): unknown =>
    e.kind === ts.SyntaxKind.TrueKeyword
      ? true
      : e.kind === ts.SyntaxKind.FalseKeyword
        ? false
        : ts.isStringLiteral(e)
          ? e.text
          : `<${e.getText()}>`;
  return nodes(main)
    .filter((n): n is ts.NewExpression => ts.isNewExpression(n) && n.expression.getText() === 'BrowserWindow')
    .map((n) => {
      const options = n.arguments?.[0];
      if (!options || !ts.isObjectLiteralExpression(options)) throw new Error('BrowserWindow options must be written out literally');
      const prefs = options.properties.find((p) => p.name?.getText() === 'webPreferences');
      if (!prefs || !ts.isPropertyAssignment(prefs) || !ts.isObjectLiteralExpression(prefs.initializer))
        throw new Error('webPreferences must be written out literally');
      return Object.fromEntries(
        prefs.initializer.properties.map((p) => {
          if (!ts.isPropertyAssignment(p)) throw new Error(`webPreferences: ${p.getText()} is not a plain property (no spreads)`);
          return [p.name.getText(), literal(p.initializer)];
        }),
      );
    });
}

/** The calls `object.method(...)` in a file, as their source text. */
const calls = (file: ts.SourceFile, method: string) =>
  nodes(file)
    .filter(
      (n): n is ts.CallExpression =>
        ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === method,
    )
    .map((n) => n.getText());

const windows = windowPreferences();

describe("Electron's security checklist, item by item", () => {
  it('there are exactly two windows (the counter and the hidden print window), both checked below', () => {
    expect(windows).toHaveLength(2);
  });

  it('1. only local content: nothing is loaded from the network, only app://yibao/', () => {
    const loads = calls(main, 'loadURL');
    expect(loads.length).toBeGreaterThan(0);
    for (const load of loads) expect(load).toMatch(/loadURL\(`\$\{APP_ORIGIN\}\//);
    expect(mainSource).not.toMatch(/https?:\/\/(?!www\.electronjs\.org)/);
  });

  it('2–7. a strict Content Security Policy: no remote or inline script, no objects, no framing; set on every app:// response', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|\*|https?:)/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(calls(main, 'set')).toContain("headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)");
  });

  it('3. context isolation on in every window', () => {
    for (const w of windows) expect(w.contextIsolation).toBe(true);
  });

  it('4. every renderer sandboxed; the preload is one CommonJS file that requires nothing but electron', () => {
    for (const w of windows) expect(w.sandbox).toBe(true);
    const built = readFileSync(join(root, 'dist', 'electron', 'preload.cjs'), 'utf8');
    expect([...built.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('5. Node.js integration off everywhere: window, workers, sub-frames', () => {
    for (const w of windows) {
      expect(w.nodeIntegration).toBe(false);
      expect(w.nodeIntegrationInWorker).toBe(false);
      expect(w.nodeIntegrationInSubFrames).toBe(false);
    }
  });

  it('6. every permission request and check is denied', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fileSystem',
      'hid',
      'serial',
      'usb',
    ]) {
      expect(grantPermission(permission)).toBe(false);
    }
    expect(calls(main, 'setPermissionRequestHandler')[0]).toContain('callback(grantPermission(permission))');
    expect(calls(main, 'setPermissionCheckHandler')[0]).toContain('grantPermission(permission)');
  });

  it('8. webSecurity on, no insecure content, no experimental features', () => {
    for (const w of windows) {
      expect(w.webSecurity).toBe(true);
      expect(w.allowRunningInsecureContent).toBe(false);
      expect(w.experimentalFeatures).toBe(false);
    }
  });

  it('9. no Blink features enabled; Auxclick (middle-click opening windows) disabled', () => {
    for (const w of windows) {
      expect(w.enableBlinkFeatures).toBeUndefined();
      expect(w.disableBlinkFeatures).toBe('Auxclick');
    }
  });

  it('10. <webview> is refused: the tag is off and attaching one is prevented', () => {
    for (const w of windows) expect(w.webviewTag).toBe(false);
    expect(mainSource).toMatch(/contents\.on\('will-attach-webview', \(event\) => event\.preventDefault\(\)\)/);
  });

  it('11. navigation and redirects are limited to the app itself', () => {
    for (const url of ['app://yibao/index.html', 'app://yibao/sheets/GL-2026-000001.html']) expect(allowNavigation(url)).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'app://yibao.evil/',
      'app://other/index.html',
      'javascript:alert(1)',
      'data:text/html,x',
      '',
      'not a url',
    ]) {
      expect(allowNavigation(url), url).toBe(false);
    }
    expect(mainSource).toMatch(/'will-navigate', \(event, url\) => \{\s*if \(!allowNavigation\(url\)\) event\.preventDefault\(\);/);
    expect(mainSource).toMatch(/'will-redirect', \(event, url\) => \{\s*if \(!allowNavigation\(url\)\) event\.preventDefault\(\);/);
    for (const w of windows) expect(w.navigateOnDragDrop).toBe(false);
  });

  it('12–13. new windows are always denied; only http(s) links go to the system browser, nothing else is opened', () => {
    expect(windowOpenDecision('https://www.nhsa.gov.cn/art/2024/1/1/art_104_1.html')).toEqual({
      action: 'deny',
      openExternally: 'https://www.nhsa.gov.cn/art/2024/1/1/art_104_1.html',
    });
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'smb://host/share',
      'app://yibao/index.html',
      'ms-msdt:/id',
      '',
      '%%%',
    ]) {
      expect(windowOpenDecision(url), url).toEqual({ action: 'deny', openExternally: null });
    }
    expect(calls(main, 'openExternal')).toEqual(['shell.openExternal(decision.openExternally)']);
  });

  it('14. a current Electron major version', () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron as string;
    expect(Number(version.replace(/^\D*/, '').split('.')[0])).toBeGreaterThanOrEqual(38);
  });

  it('15. IPC: every handler checks the sender (our window, our page) and the input schema, and answers with a result object', () => {
    expect(isTrustedSender(true, 'app://yibao/index.html')).toBe(true);
    expect(isTrustedSender(false, 'app://yibao/index.html')).toBe(false); // another window, e.g. the print window
    for (const url of ['https://evil.example/', 'file:///x.html', 'app://yibao.evil/', undefined])
      expect(isTrustedSender(true, url)).toBe(false);
    const handlers = calls(main, 'handle').filter((c) => c.startsWith('ipcMain.'));
    expect(handlers).toHaveLength(1); // one loop over the API's methods, nothing else
    expect(handlers[0]).toMatch(
      /isOurSender\(event\.sender, event\.senderFrame\?\.url\)[\s\S]*return \{ ok: false, error: \{ code: 'INVALID_INPUT'[\s\S]*return dispatch\(services, method, input\)/,
    );
    expect(calls(main, 'on').filter((c) => c.startsWith('ipcMain.'))).toEqual([]);
  });

  it('16. the app:// protocol serves only files inside the renderer folder, GET only; no file:// page', () => {
    const dir = '/opt/yibao/dist/renderer';
    expect(rendererFile(dir, 'app://yibao/', 'GET')).toBe(`${dir}/index.html`);
    expect(rendererFile(dir, 'app://yibao/assets/index-1a2b.js', 'GET')).toBe(`${dir}/assets/index-1a2b.js`);
    for (const url of [
      'app://yibao/../../etc/passwd',
      'app://yibao/%2e%2e/%2e%2e/etc/passwd',
      'app://yibao/..%2f..%2fetc%2fpasswd',
      'app://yibao/%2fetc%2fpasswd/..',
      'app://yibao/a%00.js',
      'app://yibao/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      const file = rendererFile(dir, url, 'GET');
      expect(file === null || file.startsWith(`${dir}/`), `${url} → ${file}`).toBe(true);
    }
    expect(rendererFile(dir, 'app://yibao/index.html', 'POST')).toBeNull();
    expect(sheetNumberOf('app://yibao/sheets/GL-2026-000001.html')).toBe('GL-2026-000001');
    for (const url of ['app://yibao/sheets/../x.html', 'app://yibao/sheets/a b.html', 'app://evil/sheets/GL-1.html'])
      expect(sheetNumberOf(url)).toBeNull();
    expect(calls(main, 'loadFile')).toEqual([]); // pages come only through app:// (item 1)
  });

  it('17. the renderer gets one typed API through contextBridge: no raw ipcRenderer, no listeners, no remote module', () => {
    expect(calls(preload, 'exposeInMainWorld')).toEqual(["contextBridge.exposeInMainWorld('yibao', api satisfies YibaoApi)"]);
    expect(calls(preload, 'invoke').every((c) => c.startsWith('ipcRenderer.invoke(`yibao:${'))).toBe(true);
    for (const method of ['on', 'once', 'send', 'sendSync', 'sendToHost', 'postMessage'])
      expect(calls(preload, method).filter((c) => c.startsWith('ipcRenderer.'))).toEqual([]);
    expect(preloadSource).not.toMatch(/@electron\/remote|require\(/);
  });
});
