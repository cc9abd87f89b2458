// The Electron shell's security decisions as plain functions and data, so that each item
// of Electron's security checklist is tested under Node (tests/unit/electron-shell.test.ts)
// even where no Electron binary can run. main.ts only wires them to Electron's events.
// Nothing here imports electron.
import { normalize, join, sep } from 'node:path';

export const APP_ORIGIN = 'app://yibao';

/** A URL of the app itself: app://yibao/…, nothing else (not app://yibao.evil/, not file:). */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'yibao';
  } catch {
    return false;
  }
}

/** Checklist 11: navigation and redirects stay inside the app. */
export const allowNavigation = (url: string): boolean => isAppUrl(url);

/**
 * Checklist 12–13: a window.open or target=_blank link never opens an Electron window; an
 * http(s) link goes to the system browser, every other scheme (file:, javascript:, smb:…)
 * is dropped.
 */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: string | null } {
  try {
    const u = new URL(url);
    return { action: 'deny', openExternally: u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null };
  } catch {
    return { action: 'deny', openExternally: null };
  }
}

/** Checklist 6: no permission is ever granted (camera, notifications, geolocation…). */
export const grantPermission = (_permission: string): boolean => false;

/** Checklist 15: IPC is answered only for our main window showing our own page. */
export function isTrustedSender(fromMainWindow: boolean, frameUrl: string | undefined): boolean {
  return fromMainWindow && isAppUrl(frameUrl);
}

/**
 * Checklist 1, 16: app://yibao/<path> maps to a file inside the renderer folder, never
 * outside it (../, encoded %2e%2e, absolute paths), GET only; null means 404/403.
 */
export function rendererFile(rendererRoot: string, requestUrl: string, method: string): string | null {
  if (method !== 'GET') return null;
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'app:' || url.host !== 'yibao') return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = normalize(join(rendererRoot, path));
  return file.startsWith(rendererRoot + sep) ? file : null;
}

/** A stored sheet's address: app://yibao/sheets/<number>.html. */
export function sheetNumberOf(requestUrl: string): string | null {
  try {
    const url = new URL(requestUrl);
    if (url.protocol !== 'app:' || url.host !== 'yibao') return null;
    return /^\/sheets\/([\w-]+)\.html$/.exec(url.pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}
