// The service hall server (`yibao serve --hall`): the same services and window as a counter,
// for many counters on one PostgreSQL database. Clerks sign in; every call but the status and
// the sign-in needs a live session (an HttpOnly cookie, or a bearer token from Electron's main
// process), administrators alone may do what HALL_ACCESS says, and every write is recorded
// with the signed-in clerk and the counter. Nothing another instance needs is kept here:
// sessions, lockouts, sheet numbers and the library's version are all in the database, so
// several instances may serve one hall. It never listens beyond loopback without TLS.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { resolve } from 'node:path';
import { API_METHODS, type ApiMethod } from '../api/contract.ts';
import { dispatch } from '../api/dispatch.ts';
import { API } from '../api/methods.ts';
import { ServiceError } from '../api/result.ts';
import { errorResult } from '../services/errors.ts';
import { hallSessionServices, type HallReply } from '../services/hall/session-slice.ts';
import type { HallAuth } from '../services/hall/auth.ts';
import { sessionRepositories } from '../services/hall/session-repositories.ts';
import { ImpactJobs } from '../services/impact/jobs.ts';
import { OpLog } from '../services/log.ts';
import type { SheetPrinter } from '../services/printer.ts';
import { createServices } from '../services/services.ts';
import type { PgStore } from '../store/pg/store.ts';
import type { SessionRecord } from '../store/ports.ts';
import { HALL_ACCESS, isLoopback, listenProblem } from './hall-access.ts';
import { apiPipeline, type Answer } from './pipeline.ts';
import { MAX_ANONYMOUS_BODY, MAX_BODY, refusal } from './refusals.ts';

// Moved to the services (a session's view of the hall's repositories); named here still for its callers.
export { accountPinAttempts, sessionRepositories } from '../services/hall/session-repositories.ts';

export const SESSION_COOKIE = 'yibao_session';

/** The table's 'hall' slice: answered by this server itself, not by the counter's services. */
const HALL_METHODS: ReadonlySet<ApiMethod> = new Set(API_METHODS.filter((m) => API[m].slice === 'hall'));

/** Who calls the hall: the session of the request's token, if any. */
interface HallCaller {
  session: SessionRecord | null;
  token: string | null;
}

export interface HallServerOptions {
  store: PgStore;
  auth: HallAuth;
  /** Where to listen (host as given to listen; port 0 for any free one). */
  host: string;
  port: number;
  /** PEM certificate and key: required for any address beyond loopback. */
  tls?: { cert: string | Buffer; key: string | Buffer } | null;
  /** Built renderer (dist/renderer), served to the counters' browsers. */
  staticDir?: string | null;
  /**
   * Host headers accepted (e.g. "hall.example.cn:8443"). Default without TLS: the loopback names of
   * the port (no DNS rebinding); with TLS any (a rebound name would not match the certificate).
   */
  allowedHosts?: string[];
  log?: OpLog;
  printer?: SheetPrinter;
}

export interface HallServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The session token of a request: the cookie (browsers) or `Authorization: Bearer` (Electron's main process). */
export function requestToken(req: IncomingMessage): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || null;
  }
  return null;
}

/** The caller's address, as the hall counts attempts from it (the socket's peer; no proxy header is trusted). */
const sourceOf = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown';

export async function startHallServer(options: HallServerOptions): Promise<HallServer> {
  const problem = listenProblem(options.host, Boolean(options.tls));
  if (problem) throw new ServiceError('INVALID_INPUT', problem);
  const { store, auth } = options;
  const log = options.log ?? new OpLog(null);
  const staticDir = options.staticDir ? resolve(options.staticDir) : null;
  const tls = Boolean(options.tls);
  // Impact previews run in this instance; the counter that started one follows it here.
  const impactJobs = new ImpactJobs();
  let allowedHosts: Set<string> | null = options.allowedHosts ? new Set(options.allowedHosts) : null;

  const cookie = (token: string | null) =>
    `${SESSION_COOKIE}=${token ?? ''}; Path=/; HttpOnly; SameSite=Strict${tls ? '; Secure' : ''}${token ? '' : '; Max-Age=0'}`;
  const securityHeaders: Record<string, string> = tls ? { 'strict-transport-security': 'max-age=31536000' } : {};

  const writesRecorded = (session: SessionRecord | null, method: ApiMethod, ok: boolean, detail?: string | null) =>
    auth.repo
      .recordActivity({ username: session?.username ?? null, counter: session?.counter ?? null, method, ok, detail })
      .catch(() => undefined);

  /** Dispatch: the hall's own slice here, per request; drafts stay on the counter; the rest to the services. */
  const answerCall = async (method: ApiMethod, input: unknown, { session, token }: HallCaller, req: IncomingMessage): Promise<Answer> => {
    const { writes } = HALL_ACCESS[method];
    if (HALL_METHODS.has(method)) {
      // The table's 'hall' slice, answered here per request (checked against the table like every call).
      const reply: HallReply = {};
      const result = await dispatch(hallSessionServices({ auth, session, token, source: sourceOf(req), log, reply }), method, input);
      // A sign-in records its own attempts (HallAuth); every other write of the slice is recorded here.
      if (writes && method !== 'signIn') await writesRecorded(session, method, result.ok);
      const status = method === 'signIn' && !result.ok && result.error.code === 'UNAUTHENTICATED' ? 401 : 200;
      return { status, result, headers: reply.cookie === undefined ? {} : { 'set-cookie': cookie(reply.cookie) } };
    }
    if (!session) return refusal('signInFirst');
    if (HALL_ACCESS[method].access === 'counter') return refusal('keptOnCounter');
    const api = createServices(sessionRepositories(store, session), {
      log,
      printer: options.printer,
      impactJobs,
      caller: `${session.username}@${session.counter}`,
      account: { name: session.username, counter: session.counter },
    });
    const result = await dispatch(api, method, input);
    if (writes) await writesRecorded(session, method, result.ok, result.ok ? null : result.error.code);
    return { status: 200, result };
  };

  const listener = apiPipeline<HallCaller>({
    hosts: () => allowedHosts,
    // Who first (issue 22): the session is checked from the headers before any byte of the body
    // is read, so a caller without one cannot make this instance read, hold or parse anything.
    session: async (req, method) => {
      const token = requestToken(req);
      let session: SessionRecord | null;
      try {
        session = await auth.authenticate(token);
      } catch (error) {
        // The database cannot say who this is (it is down): say that, not "please sign in".
        const result = errorResult(error);
        return { refused: { status: result.error.code === 'DATABASE_UNAVAILABLE' ? 503 : 500, result } };
      }
      if (HALL_ACCESS[method].access !== 'public' && !session) return { refused: refusal('signInFirst') };
      return { caller: { session, token } };
    },
    role: (method, { session }) => (HALL_ACCESS[method].access === 'admin' && session?.role !== 'admin' ? 'adminOnly' : null),
    // Without a session only the status and the sign-in get here: their bodies are small.
    bodyLimit: ({ session }) =>
      session ? { bytes: MAX_BODY, refusal: 'tooLarge' } : { bytes: MAX_ANONYMOUS_BODY, refusal: 'tooLargeBeforeSignIn' },
    dispatch: answerCall,
    staticDir,
    headers: securityHeaders,
  });
  const onRequest = (req: IncomingMessage, res: ServerResponse) => void listener(req, res);
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createHttpServer(onRequest);
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      done();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  if (!allowedHosts && !tls && isLoopback(options.host))
    allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  // Expired sessions and stale attempt counts are removed now and then (any instance may do it; checks never rely on it).
  const sweep = setInterval(() => {
    void auth.repo.purgeExpiredSessions().catch(() => undefined);
    void auth.repo.purgeOldAttempts().catch(() => undefined);
  }, 600_000);
  sweep.unref();
  log.write('hall-start', { port, tls });
  return {
    server,
    url: `${tls ? 'https' : 'http'}://${shownHost}:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        clearInterval(sweep);
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
