// What both HTTP servers send: answers with the same security headers (gzipped when large),
// and the built renderer's files, never one outside its folder.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../api/csp.ts';
import { refusal } from './refusals.ts';

export const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Answers at least this large are gzipped for a caller that accepts it. */
export const COMPRESS_FROM = 16 * 1024;

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = JSON_TYPE,
  extraHeaders: Record<string, string | string[]> = {},
): void {
  // A large answer (the window's bootstrap: regions and the library, ~100 KB) goes gzipped to a
  // caller that takes it (issue 14; it matters most across a service hall's network).
  const gzip =
    type.startsWith('application/json') &&
    Buffer.byteLength(body) >= COMPRESS_FROM &&
    /\bgzip\b/.test(String(res.req.headers['accept-encoding'] ?? ''));
  res.writeHead(status, {
    ...extraHeaders,
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
    ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
  });
  res.end(gzip ? gzipSync(body, { level: 1 }) : body);
}

/** A path from the URL, decoded; null when it is not a valid URL (a lone "%", a broken escape). */
export function decodedPath(url: string): string | null {
  const [path = '/'] = url.split('?');
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** Serves a file of the built renderer (GET/HEAD), never one outside its folder; 404 otherwise. */
export function serveStatic(
  staticDir: string | null,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string> = {},
): void {
  if (!staticDir || (req.method !== 'GET' && req.method !== 'HEAD')) return send(res, 404, 'not found', TEXT_TYPE, headers);
  const path = decodedPath(req.url ?? '/');
  if (path === null) {
    const { status, result } = refusal('badUrl');
    return send(res, status, JSON.stringify(result), JSON_TYPE, headers);
  }
  const file = normalize(join(staticDir, path === '/' ? 'index.html' : path));
  // No path may leave the renderer folder.
  if (!file.startsWith(staticDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return send(res, 404, 'not found', TEXT_TYPE, headers);
  }
  send(res, 200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream', headers);
}
