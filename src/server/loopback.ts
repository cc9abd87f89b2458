// Browser mode: the same services as Electron's main process, served on loopback.
// POST /api/<method> with {"input": …} → the method's result object. Only 127.0.0.1,
// only our own Host header (no DNS rebinding), and only requests carrying the
// X-Yibao header (a cross-site page cannot send it without a CORS preflight, which
// is never answered), so another web page cannot drive the API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { YibaoApi } from '../api/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../api/csp.ts';
import { dispatch, MAX_NESTING, nestedTooDeep, TOO_DEEP_MESSAGE } from '../api/dispatch.ts';

export const API_HEADER = 'x-yibao';
const MAX_BODY = 25_000_000;

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

/** A request the server refuses, with what the clerk reads (Chinese, saying what to do). */
export class BadRequest extends Error {}

export const TOO_LARGE = '请求内容过大（超过 25 MB），未处理：请缩小导入的文件后重试。';

/** The body as text, at most `maxBytes` (else BadRequest with `tooLarge`: nothing more is read). */
export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY, tooLarge = TOO_LARGE): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BadRequest(tooLarge);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body's `input`: the body must be a JSON object (or empty), nested no deeper than the API allows. */
export function inputOf(body: string): unknown {
  if (!body) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequest('请求内容不是有效的 JSON，未处理：请刷新页面后重试。');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new BadRequest('请求内容应为 JSON 对象 {"input": …}，未处理：请刷新页面后重试。');
  if (nestedTooDeep(parsed, MAX_NESTING + 1)) throw new BadRequest(TOO_DEEP_MESSAGE);
  return 'input' in parsed ? parsed.input : undefined;
}

/** Why a request body could not be read, in Chinese. */
export const unreadable = (error: unknown): string =>
  error instanceof BadRequest ? error.message : '请求无法读取，未处理：请刷新页面后重试。';

/** A path from the URL, decoded; null when it is not a valid URL (a lone "%", a broken escape). */
export function decodedPath(url: string): string | null {
  const [path = '/'] = url.split('?');
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

export const BAD_URL = JSON.stringify({
  ok: false,
  error: { code: 'INVALID_INPUT', message: '请求地址无效（含有不完整的 % 转义），未处理：请检查地址后重试。' },
});

export const INTERNAL_ANSWER = JSON.stringify({
  ok: false,
  error: { code: 'INTERNAL', message: '内部错误：请求没有完成。请刷新页面后重试；如仍出错，请联系维护人员。' },
});

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'application/json; charset=utf-8',
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

/** Answers at least this large are gzipped for a caller that accepts it. */
export const COMPRESS_FROM = 16 * 1024;

/** Handles /api/* requests; returns false for anything else. */
export async function handleApi(
  api: YibaoApi,
  req: IncomingMessage,
  res: ServerResponse,
  allowedHosts: ReadonlySet<string>,
): Promise<boolean> {
  const url = req.url ?? '/';
  if (!url.startsWith('/api/')) return false;
  if (!allowedHosts.has(req.headers.host ?? '')) {
    send(res, 403, JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message: '拒绝：主机名不符' } }));
    return true;
  }
  if (req.method !== 'POST' || req.headers[API_HEADER] !== '1') {
    send(res, 403, JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message: '拒绝：只接受本程序页面的请求' } }));
    return true;
  }
  const method = decodedPath(url.slice('/api/'.length));
  if (method === null) {
    send(res, 400, BAD_URL);
    return true;
  }
  let input: unknown;
  try {
    input = inputOf(await readBody(req));
  } catch (error) {
    send(res, 400, JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message: unreadable(error) } }));
    return true;
  }
  const result = await dispatch(api, method, input);
  send(res, 200, JSON.stringify(result));
  return true;
}

/** Serves a file of the built renderer (GET/HEAD), never one outside its folder; 404 otherwise. */
export function serveStatic(
  staticDir: string | null,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string> = {},
): void {
  if (!staticDir || (req.method !== 'GET' && req.method !== 'HEAD')) return send(res, 404, 'not found', 'text/plain; charset=utf-8');
  const path = decodedPath(req.url ?? '/');
  if (path === null) return send(res, 400, BAD_URL, 'application/json; charset=utf-8', headers);
  const file = normalize(join(staticDir, path === '/' ? 'index.html' : path));
  // No path may leave the renderer folder.
  if (!file.startsWith(staticDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return send(res, 404, 'not found', 'text/plain; charset=utf-8');
  }
  send(res, 200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream', headers);
}

export interface LoopbackOptions {
  api: YibaoApi;
  /** Built renderer (dist/renderer); omitted when Vite serves the pages itself. */
  staticDir?: string;
  port?: number;
}

export async function startLoopbackServer(options: LoopbackOptions): Promise<{ server: Server; url: string }> {
  const staticDir = options.staticDir ? resolve(options.staticDir) : null;
  let allowedHosts = new Set<string>();
  const server = createServer((req, res) => {
    void (async () => {
      if (await handleApi(options.api, req, res, allowedHosts)) return;
      serveStatic(staticDir, req, res);
    })().catch(() => send(res, 500, INTERNAL_ANSWER));
  });
  // A port already taken is an error the caller words for people (EADDRINUSE), not an uncaught event.
  await new Promise<void>((done, failed) => {
    server.once('error', failed);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', failed);
      done();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return { server, url: `http://127.0.0.1:${port}/` };
}
