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
import { API_METHODS, isApiMethod, type ApiMethod } from '../api/contract.ts';
import { dispatch } from '../api/dispatch.ts';
import { API } from '../api/methods.ts';
import { fail, ServiceError, type Result } from '../api/result.ts';
import { errorResult } from '../services/errors.ts';
import { hallSessionServices, type HallReply } from '../services/hall/session-slice.ts';
import type { HallAuth } from '../services/hall/auth.ts';
import { ImpactJobs } from '../services/impact/jobs.ts';
import { OpLog } from '../services/log.ts';
import type { SheetPrinter } from '../services/printer.ts';
import { createServices } from '../services/services.ts';
import type { PgStore } from '../store/pg/store.ts';
import type { PinAttemptStore, Repositories, SessionRecord, SettingKey, SettingStore } from '../store/ports.ts';
import { HALL_ACCESS, isLoopback, listenProblem } from './hall-access.ts';
import { API_HEADER, BadRequest, decodedPath, inputOf, readBody, send, serveStatic, unreadable } from './loopback.ts';

export const SESSION_COOKIE = 'yibao_session';

/** The largest body read for a caller without a session (the status and the sign-in need far less). */
export const MAX_ANONYMOUS_BODY = 16 * 1024;
/** …and for a signed-in clerk (an imported statement or policy pack). */
export const MAX_SIGNED_IN_BODY = 25_000_000;
const tooLarge = (limit: number) =>
  limit === MAX_ANONYMOUS_BODY
    ? '请求内容过大：登录前只接受很小的请求（16 KB 以内），未处理。请先登录后再试。'
    : '请求内容过大（超过 25 MB），未处理：请缩小导入的文件后重试。';

/** The table's 'hall' slice: answered by this server itself, not by the counter's services. */
const HALL_METHODS: ReadonlySet<ApiMethod> = new Set(API_METHODS.filter((m) => API[m].slice === 'hall'));

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

/**
 * The hall's settings as one counter sees them: the office's shared record, with the clerk's
 * name and the counter number of this session (so sheets and saves carry who and where).
 */
function sessionSettings(shared: SettingStore, session: SessionRecord): SettingStore {
  const withSession = (key: SettingKey, value: unknown) => {
    if (key !== 'counter') return value;
    const stored = typeof value === 'object' && value !== null ? value : {};
    return { ...stored, clerkName: session.displayName, counterNumber: session.counter };
  };
  /** What of the 'counter' record is the office's: the clerk and the counter come from the session. */
  const officeOnly = (key: SettingKey, value: unknown) => {
    if (key !== 'counter' || typeof value !== 'object' || value === null) return value;
    // The clerk and the counter come from the session, never from the shared record; a change
    // to them is refused rather than dropped unseen.
    const { clerkName, counterNumber, ...office } = value as Record<string, unknown>;
    if (clerkName !== session.displayName || counterNumber !== session.counter)
      throw new ServiceError(
        'INVALID_INPUT',
        '服务大厅模式下，窗口号和经办人取自登录（登录时填写窗口号），不能在设置中修改；其余设置已保持原样，请改回后再保存。',
      );
    return office;
  };
  return {
    get: async (key) => withSession(key, await shared.get(key)),
    set: async (key, value) => shared.set(key, officeOnly(key, value)),
    read: async (key) => {
      const { value, token } = await shared.read(key);
      return { value: withSession(key, value), token };
    },
    setIf: async (key, token, value) => shared.setIf(key, token, officeOnly(key, value)),
  };
}

/**
 * PIN attempts are counted per account and for the whole hall (issue 22; per typed counter
 * string before, so "7", "07" and "007" were three counters): each try is counted in both
 * before the PIN is checked, and refused while either must wait. Signing in at another counter
 * starts nothing again.
 */
export function accountPinAttempts(shared: PinAttemptStore, username: string): PinAttemptStore {
  const forAccount = (scope: string) => `${scope}@account:${username}`;
  const forHall = (scope: string) => `${scope}@hall`;
  return {
    async begin(scope, now, blockedUntil) {
      const account = await shared.begin(forAccount(scope), now, blockedUntil);
      if (!account.allowed) return account;
      return shared.begin(forHall(scope), now, blockedUntil);
    },
    async succeeded(scope) {
      await shared.succeeded(forAccount(scope));
      await shared.succeeded(forHall(scope));
    },
  };
}

export function sessionRepositories(store: PgStore, session: SessionRecord): Repositories {
  return {
    cases: store.cases,
    drafts: store.drafts,
    sheets: store.sheets,
    assessments: store.assessments,
    settings: sessionSettings(store.settings, session),
    pinAttempts: accountPinAttempts(store.pinAttempts, session.username),
    policy: store.policy,
    backups: store.backups,
  };
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
  const answer = (res: ServerResponse, status: number, result: Result<unknown>, headers: Record<string, string | string[]> = {}) =>
    send(res, status, JSON.stringify(result), 'application/json; charset=utf-8', { ...securityHeaders, ...headers });

  /**
   * An answer given without reading (the rest of) the body: the connection is closed after it,
   * so nothing more the caller sends is read or kept.
   */
  const refuseUnread = (res: ServerResponse, status: number, result: Result<unknown>) => {
    res.once('finish', () => res.req.destroy());
    return answer(res, status, result, { connection: 'close' });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    if (allowedHosts && !allowedHosts.has(req.headers.host ?? '')) return answer(res, 403, fail('INVALID_INPUT', '拒绝：主机名不符'));
    if (!url.startsWith('/api/')) return serveStatic(staticDir, req, res, securityHeaders);
    if (req.method !== 'POST' || req.headers[API_HEADER] !== '1')
      return answer(res, 403, fail('INVALID_INPUT', '拒绝：只接受本程序页面的请求'));
    // The same Chinese answers as browser mode for a bad URL or body (loopback.ts).
    const name = decodedPath(url.slice('/api/'.length));
    if (name === null) return answer(res, 400, fail('INVALID_INPUT', '请求地址无效（含有不完整的 % 转义），未处理：请检查地址后重试。'));
    if (!isApiMethod(name)) return refuseUnread(res, 404, fail('INVALID_INPUT', `未知的接口 ${name}`));
    const method = name;
    const { access, writes } = HALL_ACCESS[method];
    // Who first (issue 22): the session is checked from the headers before any byte of the body
    // is read, so a caller without one cannot make this instance read, hold or parse anything.
    const token = requestToken(req);
    let session: SessionRecord | null;
    try {
      session = await auth.authenticate(token);
    } catch (error) {
      // The database cannot say who this is (it is down): say that, not "please sign in".
      const failure = errorResult(error);
      return refuseUnread(res, failure.error.code === 'DATABASE_UNAVAILABLE' ? 503 : 500, failure);
    }
    if (access !== 'public' && !session) return refuseUnread(res, 401, fail('UNAUTHENTICATED', '请先登录（未登录或登录已过期）。'));
    if (access === 'admin' && session?.role !== 'admin') return refuseUnread(res, 403, fail('FORBIDDEN', '只有管理员可以进行此操作。'));
    // Without a session only the status and the sign-in get here: their bodies are small.
    const limit = session ? MAX_SIGNED_IN_BODY : MAX_ANONYMOUS_BODY;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return refuseUnread(res, 413, fail('INVALID_INPUT', tooLarge(limit)));
    let input: unknown;
    try {
      input = inputOf(await readBody(req, limit, tooLarge(limit)));
    } catch (error) {
      return refuseUnread(
        res,
        error instanceof BadRequest && error.message === tooLarge(limit) ? 413 : 400,
        fail('INVALID_INPUT', unreadable(error)),
      );
    }
    if (HALL_METHODS.has(method)) {
      // The table's 'hall' slice, answered here per request (checked against the table like every call).
      const reply: HallReply = {};
      const result = await dispatch(hallSessionServices({ auth, session, token, source: sourceOf(req), log, reply }), method, input);
      // A sign-in records its own attempts (HallAuth); every other write of the slice is recorded here.
      if (writes && method !== 'signIn')
        await auth.repo
          .recordActivity({ username: session?.username ?? null, counter: session?.counter ?? null, method, ok: result.ok })
          .catch(() => undefined);
      const status = method === 'signIn' && !result.ok && result.error.code === 'UNAUTHENTICATED' ? 401 : 200;
      return answer(res, status, result, reply.cookie === undefined ? {} : { 'set-cookie': cookie(reply.cookie) });
    }
    if (!session) return answer(res, 401, fail('UNAUTHENTICATED', '请先登录（未登录或登录已过期）。'));
    if (access === 'counter')
      return answer(res, 200, fail('UNSUPPORTED', '服务大厅模式下，录入中的草稿保存在本窗口（浏览器）里，保存案件后才进入大厅数据库。'));
    const api = createServices(sessionRepositories(store, session), {
      log,
      printer: options.printer,
      impactJobs,
      caller: `${session.username}@${session.counter}`,
      account: { name: session.username, counter: session.counter },
    });
    const result = await dispatch(api, method, input);
    if (writes) {
      const detail = result.ok ? null : result.error.code;
      await auth.repo
        .recordActivity({ username: session.username, counter: session.counter, method, ok: result.ok, detail })
        .catch(() => undefined);
    }
    return answer(res, 200, result);
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    // errorResult: a database problem in Chinese with its code; anything else without its engine text.
    handle(req, res).catch((error: unknown) => answer(res, 500, errorResult(error)));
  };
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createHttpServer(listener);
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
