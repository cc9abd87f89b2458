// Electron main process: one window, the app's own protocol, IPC handlers that check
// their sender and input and delegate to the services. Nothing else lives here; the
// services and engine are plain TypeScript tested under Node.
//
// Electron security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
// item by item (the decisions live in ./security.ts; tests/unit/electron-shell.test.ts has one
// test per item, tests/electron/security.spec.ts checks them in a running Electron):
//  1. Only local content: the renderer is served from app://yibao/ (no remote code).
//  2. (XSS) Svelte escapes text; the strict CSP below forbids inline and remote scripts.
//  3. Context isolation: contextIsolation: true (written out, not left to the default).
//  4. Sandbox: sandbox: true; the preload is one bundled CommonJS file needing only `electron`.
//  5. Node.js integration off: nodeIntegration, nodeIntegrationInWorker, nodeIntegrationInSubFrames: false.
//  6. Permissions: every permission request and check is denied.
//  7. CSP: set on every app:// response and in index.html.
//  8. webSecurity stays true; allowRunningInsecureContent false; experimentalFeatures false.
//  9. No blinkFeatures enabled; Auxclick (middle-click opening windows) disabled.
// 10. <webview> is refused (will-attach-webview).
// 11. Navigation is blocked (will-navigate / will-redirect).
// 12. New windows are denied; http(s) links open in the system browser after a check.
// 13. shell.openExternal only for http: and https: URLs.
// 14. A current Electron (45).
// 15. IPC: every handler validates the sender frame (our app:// origin, our window) and the
//     input schema, and returns a result object instead of throwing.
// 16. No file:// content is loaded; the app protocol refuses paths outside the renderer folder.
// 17. No remote module, no raw ipcRenderer in the renderer: the preload exposes one typed API.
import { app, BrowserWindow, ipcMain, Menu, net, protocol, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { API_METHODS, type YibaoApi } from '../src/api/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../src/api/csp.ts';
import { dispatch } from '../src/api/dispatch.ts';
import { remoteHallApi } from '../src/services/hall/remote.ts';
import { openLocal } from '../src/services/open-local.ts';
import type { PrintOutcome, SheetPrinter } from '../src/services/printer.ts';
import { withFontBase } from '../src/sheet/render.ts';
import {
  allowNavigation,
  APP_ORIGIN,
  grantPermission,
  isTrustedSender,
  rendererFile,
  sheetNumberOf,
  windowOpenDecision,
} from './security.ts';

app.setName('yibao-desk'); // userData = <appData>/yibao-desk, shared with the `yibao` CLI

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let mainWindow: BrowserWindow | null = null;

function rendererDir(): string {
  return join(app.getAppPath(), 'dist', 'renderer');
}

function assetsDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'db') : join(app.getAppPath(), 'db');
}

/** app://yibao/<path> → a file of dist/renderer, never outside it; /sheets/<n>.html → a stored sheet. */
function serveRenderer(services: YibaoApi): void {
  const root = rendererDir();
  protocol.handle('app', async (request) => {
    const number = request.method === 'GET' ? sheetNumberOf(request.url) : null;
    if (number) {
      const sheet = await services.getSheet(number);
      if (!sheet.ok) return new Response('not found', { status: 404 });
      return new Response(withFontBase(sheet.value.html, `${APP_ORIGIN}/fonts/`), {
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
      });
    }
    const file = rendererFile(root, request.url, request.method);
    if (!file || !existsSync(file)) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function isOurSender(sender: WebContents, frameUrl: string | undefined): boolean {
  return isTrustedSender(!!mainWindow && sender === mainWindow.webContents, frameUrl);
}

/** A stored sheet in a hidden, sandboxed window, fonts loaded, ready to print. */
async function sheetWindow(number: string): Promise<BrowserWindow> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click must not open anything (checklist: limit navigation flows).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  await win.loadURL(`${APP_ORIGIN}/sheets/${encodeURIComponent(number)}.html`);
  // Fonts may still be loading after 'did-finish-load' (see joplin's printing notes).
  await win.webContents.executeJavaScript('document.fonts.ready.then(() => true)');
  return win;
}

/**
 * The printer the services are given in Electron: PDFs and prints from a hidden window
 * showing the stored sheet. The services record a print only when Electron's print
 * callback reports success.
 */
const electronPrinter: SheetPrinter = {
  async pdf(sheet) {
    const win = await sheetWindow(sheet.number);
    try {
      // A4 set explicitly (Electron's default is Letter); margins come from the sheet's @page rule.
      return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      win.destroy();
    }
  },
  async print(sheet) {
    const win = await sheetWindow(sheet.number);
    try {
      return await new Promise<PrintOutcome>((done) =>
        win.webContents.print({ silent: false, printBackground: true, pageSize: 'A4' }, (success, reason) =>
          done(success ? { printed: true } : { printed: false, cancelled: reason === 'cancelled', reason }),
        ),
      );
    } finally {
      win.destroy();
    }
  },
};

function registerIpc(services: YibaoApi): void {
  for (const method of API_METHODS) {
    ipcMain.handle(`yibao:${method}`, async (event, input: unknown) => {
      if (!isOurSender(event.sender, event.senderFrame?.url)) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: '拒绝：请求不是来自本程序窗口' } };
      }
      return dispatch(services, method, input);
    });
  }
}

function harden(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(grantPermission(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => grantPermission(permission));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      const decision = windowOpenDecision(url);
      if (decision.openExternally) void shell.openExternal(decision.openExternally);
      return { action: decision.action };
    });
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1440,
    height: 960,
    minWidth: 1100,
    minHeight: 700,
    title: '医保续缴核算台',
    show: false,
    webPreferences: {
      preload: join(app.getAppPath(), 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click must not open anything (checklist: limit navigation flows).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

function menu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { label: '文件', submenu: [{ role: 'quit', label: '退出' }] },
      {
        label: '编辑',
        submenu: [
          { role: 'undo', label: '撤销' },
          { role: 'redo', label: '重做' },
          { type: 'separator' },
          { role: 'cut', label: '剪切' },
          { role: 'copy', label: '复制' },
          { role: 'paste', label: '粘贴' },
          { role: 'selectAll', label: '全选' },
        ],
      },
      {
        label: '视图',
        submenu: [
          { role: 'resetZoom', label: '实际大小' },
          { role: 'zoomIn', label: '放大' },
          { role: 'zoomOut', label: '缩小' },
          { role: 'togglefullscreen', label: '全屏' },
        ],
      },
    ]),
  );
}

/** `--server <the hall server address>` (or `--server=…`): this counter works in a service hall instead of on its own database. */
function hallServer(argv: readonly string[]): string | null {
  const i = argv.findIndex((a) => a === '--server' || a.startsWith('--server='));
  if (i < 0) return null;
  const value = argv[i]?.includes('=') ? argv[i]?.slice('--server='.length) : argv[i + 1];
  return value || null;
}

async function start(): Promise<void> {
  harden();
  // A hall counter: the typed API is forwarded from here to the hall server (the session cookie
  // stays in this process); the window keeps its CSP and isolation and talks only over IPC.
  // Written, not run: no Electron binary can be had on the build machines.
  const server = hallServer(process.argv);
  if (server) {
    const api = remoteHallApi({ server, printer: electronPrinter });
    serveRenderer(api);
    registerIpc(api);
    menu();
    createWindow();
    app.on('window-all-closed', () => app.quit());
    return;
  }
  // The same opening and recovery as browser mode: a database that cannot be used is
  // reported by every call (the window says so in Chinese, and a damaged one can be
  // restored from 设置 → 数据与备份).
  const local = await openLocal(join(app.getPath('userData'), 'yibao.sqlite'), {
    assetsDir: assetsDir(),
    printer: electronPrinter,
    startDetails: { electron: process.versions.electron ?? '' },
  });
  serveRenderer(local.api);
  registerIpc(local.api);
  menu();
  createWindow();
  app.on('window-all-closed', () => {
    local.close();
    app.quit();
  });
}

// One instance per user: a second start brings the open window forward instead of opening
// the same database a second time.
if (app.requestSingleInstanceLock()) {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  void app.whenReady().then(start);
} else {
  app.quit();
}
