// The Electron shell cannot run on the build machines, so its security settings are also
// checked where they are written: literally, in electron/main.ts and electron/preload.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const main = readFileSync(join(root, 'electron', 'main.ts'), 'utf8');
const preload = readFileSync(join(root, 'electron', 'preload.ts'), 'utf8');

describe('Electron shell settings, as written', () => {
  it('the window sets every isolation option explicitly', () => {
    for (const option of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'nodeIntegrationInWorker: false', 'nodeIntegrationInSubFrames: false', 'webSecurity: true', 'allowRunningInsecureContent: false', 'webviewTag: false']) {
      expect(main).toContain(option);
    }
  });

  it('denies permissions, navigation, new windows and webviews', () => {
    expect(main).toMatch(/setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
    expect(main).toContain("setPermissionCheckHandler(() => false)");
    expect(main).toContain("'will-navigate'");
    expect(main).toContain("'will-redirect'");
    expect(main).toContain("'will-attach-webview'");
    expect(main).toContain("return { action: 'deny' }");
  });

  it('every IPC handler checks its sender and goes through the schema-checking dispatcher', () => {
    expect(main).toMatch(/ipcMain\.handle\(`yibao:\$\{method\}`[\s\S]*isOurSender\(event\.sender, event\.senderFrame\?\.url\)[\s\S]*dispatch\(services, method, input\)/);
  });

  it('the preload exposes one typed API and no raw ipcRenderer', () => {
    expect(preload).toContain("contextBridge.exposeInMainWorld('yibao', api satisfies YibaoApi)");
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer[,)]/);
    expect(preload).not.toMatch(/ipcRenderer\.(on|send|sendSync)\b/);
  });

  it('the built preload requires nothing but electron (a sandboxed preload cannot)', () => {
    const built = readFileSync(join(root, 'dist', 'electron', 'preload.cjs'), 'utf8');
    expect([...built.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  });
});
