// Browser mode: the same services as Electron's main process, served on loopback.
// POST /api/<method> with {"input": …} → the method's result object. Only 127.0.0.1,
// only our own Host header (no DNS rebinding), and only requests carrying the
// X-Yibao header (a cross-site page cannot send it without a CORS preflight, which
// is never answered), so another web page cannot drive the API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { YibaoApi } from '../api/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../api/csp.ts';
import { dispatch } from '../api/dispatch.ts';

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

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('请求过大');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'application/json; charset=utf-8',
  extraHeaders: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, {
    ...extraHeaders,
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}

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
  let input: unknown;
  try {
    const body = await readBody(req);
    input = body ? (JSON.parse(body) as { input?: unknown }).input : undefined;
  } catch (error) {
    send(res, 400, JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message: `请求无法读取：${(error as Error).message}` } }));
    return true;
  }
  const [name = ''] = url.slice('/api/'.length).split('?');
  const result = await dispatch(api, decodeURIComponent(name), input);
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
  const [requested = '/'] = (req.url ?? '/').split('?');
  const path = decodeURIComponent(requested);
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
    })().catch((error: unknown) => send(res, 500, JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: String(error) } })));
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return { server, url: `http://127.0.0.1:${port}/` };
}
