// Every refusal the two HTTP servers give (browser mode's loopback server and the service
// hall's), worded once: its HTTP status, the code the window acts on and what the clerk reads
// (Chinese, saying what to do). The servers name a refusal; they never word one
// (tests/unit/server-refusals.test.ts fails on a Chinese text written anywhere else in
// src/server, or on a refusal worded twice).
import { TOO_DEEP_MESSAGE, unknownMethodMessage } from '../api/dispatch.ts';
import { fail, type ApiErrorCode, type Failure } from '../api/result.ts';

/** The largest body read for a caller who may import files (a statement, a policy pack). */
export const MAX_BODY = 25_000_000;
/** …and for a hall's caller without a session (the status and the sign-in need far less). */
export const MAX_ANONYMOUS_BODY = 16 * 1024;

interface RefusalWords {
  status: number;
  code: ApiErrorCode;
  /** The words, or how a detail (the method's name) goes into them. */
  message: string | ((detail: string) => string);
}

/** In the order of the pipeline's steps (src/server/pipeline.ts): host → header → session → role → body → dispatch. */
export const REFUSALS = {
  /** Host: a Host header that is not this server's name (DNS rebinding). */
  wrongHost: { status: 403, code: 'INVALID_INPUT', message: '拒绝：主机名不符' },
  /** Header: not a POST carrying `X-Yibao: 1`, which a cross-site page cannot send without a preflight. */
  notOurPage: { status: 403, code: 'INVALID_INPUT', message: '拒绝：只接受本程序页面的请求' },
  /** The path cannot be decoded (a lone "%", a broken escape). */
  badUrl: { status: 400, code: 'INVALID_INPUT', message: '请求地址无效（含有不完整的 % 转义），未处理：请检查地址后重试。' },
  /** A name outside the API table: the words of the dispatcher, which refuses it the same way over IPC. */
  unknownMethod: { status: 404, code: 'INVALID_INPUT', message: unknownMethodMessage },
  /** Session: a hall's call other than the status and the sign-in, without a live session. */
  signInFirst: { status: 401, code: 'UNAUTHENTICATED', message: '请先登录（未登录或登录已过期）。' },
  /** Role: a clerk calling what only administrators may (src/server/hall-access.ts). */
  adminOnly: { status: 403, code: 'FORBIDDEN', message: '只有管理员可以进行此操作。' },
  /** Body: more than MAX_BODY. */
  tooLarge: {
    status: 413,
    code: 'INVALID_INPUT',
    message: `请求内容过大（超过 ${MAX_BODY / 1_000_000} MB），未处理：请缩小导入的文件后重试。`,
  },
  /** Body: more than MAX_ANONYMOUS_BODY before signing in to a hall. */
  tooLargeBeforeSignIn: {
    status: 413,
    code: 'INVALID_INPUT',
    message: `请求内容过大：登录前只接受很小的请求（${MAX_ANONYMOUS_BODY / 1024} KB 以内），未处理。请先登录后再试。`,
  },
  notJson: { status: 400, code: 'INVALID_INPUT', message: '请求内容不是有效的 JSON，未处理：请刷新页面后重试。' },
  notObject: { status: 400, code: 'INVALID_INPUT', message: '请求内容应为 JSON 对象 {"input": …}，未处理：请刷新页面后重试。' },
  /** Nested deeper than MAX_NESTING: the dispatcher's words (it refuses the same over IPC). */
  tooDeep: { status: 400, code: 'INVALID_INPUT', message: TOO_DEEP_MESSAGE },
  /** The body could not be read (the connection broke off). */
  unreadable: { status: 400, code: 'INVALID_INPUT', message: '请求无法读取，未处理：请刷新页面后重试。' },
  /** Dispatch: drafts stay in the counter's window in a hall (HALL_ACCESS 'counter'). */
  keptOnCounter: {
    status: 200,
    code: 'UNSUPPORTED',
    message: '服务大厅模式下，录入中的草稿保存在本窗口（浏览器）里，保存案件后才进入大厅数据库。',
  },
} as const satisfies Record<string, RefusalWords>;

export type RefusalName = keyof typeof REFUSALS;

/** A refusal as it is sent: the status and the result object. */
export interface Refused {
  status: number;
  result: Failure;
}

/** The refusal of this name, with its detail (the method's name) where its words take one. */
export function refusal(name: RefusalName, detail = ''): Refused {
  const { status, code, message } = REFUSALS[name] as RefusalWords;
  return { status, result: fail(code, typeof message === 'string' ? message : message(detail)) };
}

/** Why the hall will not start on `host`: never plain HTTP beyond loopback (src/server/hall-access.ts). */
export const plainHttpRefused = (host: string): string =>
  `拒绝在 ${host} 上以明文 HTTP 监听：服务大厅模式只有配置了 TLS 证书和私钥（--cert、--key 或配置文件的 tls）才可在本机以外的地址上提供服务；本机测试请用 127.0.0.1。`;
