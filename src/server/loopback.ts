// Browser mode: the same services as Electron's main process, served on loopback.
// POST /api/<method> with {"input": …} → the method's result object. Only 127.0.0.1,
// only our own Host header (no DNS rebinding), and only requests carrying the
// X-Yibao header (a cross-site page cannot send it without a CORS preflight, which
// is never answered), so another web page cannot drive the API. The steps are the
// pipeline's (src/server/pipeline.ts); the caller is always the counter itself.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { YibaoApi } from '../api/contract.ts';
import { dispatch } from '../api/dispatch.ts';
import { apiPipeline } from './pipeline.ts';
import { MAX_BODY } from './refusals.ts';

/** The pipeline of browser mode: no session (the counter's own window), every method, files up to MAX_BODY. */
function loopbackPipeline(api: YibaoApi, hosts: () => ReadonlySet<string>, staticDir: string | null) {
  return apiPipeline<null>({
    hosts,
    session: async () => ({ caller: null }),
    role: () => null,
    bodyLimit: () => ({ bytes: MAX_BODY, refusal: 'tooLarge' }),
    dispatch: async (method, input) => ({ status: 200, result: await dispatch(api, method, input) }),
    staticDir,
  });
}

/** Handles /api/* requests (for Vite's dev server, which serves the pages itself); returns false for anything else. */
export async function handleApi(
  api: YibaoApi,
  req: IncomingMessage,
  res: ServerResponse,
  allowedHosts: ReadonlySet<string>,
): Promise<boolean> {
  if (!(req.url ?? '/').startsWith('/api/')) return false;
  await loopbackPipeline(api, () => allowedHosts, null)(req, res);
  return true;
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
  const handle = loopbackPipeline(options.api, () => allowedHosts, staticDir);
  const server = createServer((req, res) => void handle(req, res));
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
