// One pipeline for both HTTP servers (browser mode's loopback server and the service hall's):
// every request passes the same steps in the same order — host → header → session → role →
// body limit → dispatch — and each refusal is one named entry of src/server/refusals.ts. A
// server says only what differs at a step (its ApiGate): which host names, who calls, what
// that caller may do, how much body it may send, and who answers. Why an in-house chain
// rather than a framework: docs/architecture.md ("The HTTP pipeline").
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isApiMethod, type ApiMethod } from '../api/contract.ts';
import { MAX_NESTING, nestedTooDeep } from '../api/dispatch.ts';
import type { Result } from '../api/result.ts';
import { errorResult } from '../services/errors.ts';
import { decodedPath, JSON_TYPE, send, serveStatic } from './http.ts';
import { refusal, type RefusalName, type Refused } from './refusals.ts';

/** The header every call of our own page carries (a cross-site page cannot send it without a preflight). */
export const API_HEADER = 'x-yibao';

/** What a call is answered with. */
export interface Answer {
  status: number;
  result: Result<unknown>;
  headers?: Record<string, string | string[]>;
}

/** How much of a body a caller may send, and the refusal when it sends more. */
export interface BodyLimit {
  bytes: number;
  refusal: RefusalName;
}

/** What one server decides at the steps of the pipeline; the order and the refusals are the pipeline's. */
export interface ApiGate<Caller> {
  /** Host: the Host header values accepted; null accepts any (a hall behind TLS: a rebound name fails the certificate). */
  hosts(): ReadonlySet<string> | null;
  /** Session: who calls, from the headers alone (no byte of the body is read before). */
  session(req: IncomingMessage, method: ApiMethod): Promise<{ caller: Caller } | { refused: Refused }>;
  /** Role: whether this caller may call this method (null), or the refusal. */
  role(method: ApiMethod, caller: Caller): RefusalName | null;
  /** Body limit: for this caller. */
  bodyLimit(caller: Caller): BodyLimit;
  /** Dispatch: the call, checked and answered. */
  dispatch(method: ApiMethod, input: unknown, caller: Caller, req: IncomingMessage): Promise<Answer>;
  /** The built renderer served outside /api/ (null: none, e.g. when Vite serves the pages). */
  staticDir: string | null;
  /** Headers on every answer (a hall behind TLS: HSTS). */
  headers?: Record<string, string>;
}

/** Read past its limit: nothing more is read. */
class TooLarge extends Error {}

/** The body as text, at most `maxBytes`. */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body's `input`: the body must be a JSON object (or empty), nested no deeper than the API allows. */
function inputOf(body: string): { input: unknown } | { refused: Refused } {
  if (!body) return { input: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { refused: refusal('notJson') };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { refused: refusal('notObject') };
  // One level more than the API allows, for the {"input": …} around the call's own input.
  if (nestedTooDeep(parsed, MAX_NESTING + 1)) return { refused: refusal('tooDeep') };
  return { input: 'input' in parsed ? parsed.input : undefined };
}

/** Step 5: the body read within the caller's limit (a declared length over it is refused unread). */
async function readInput(req: IncomingMessage, limit: BodyLimit): Promise<{ input: unknown } | { refused: Refused }> {
  if (Number(req.headers['content-length'] ?? 0) > limit.bytes) return { refused: refusal(limit.refusal) };
  try {
    return inputOf(await readBody(req, limit.bytes));
  } catch (error) {
    return { refused: refusal(error instanceof TooLarge ? limit.refusal : 'unreadable') };
  }
}

/** The request handler of a server: the pipeline with its gate. Every request is answered, a fault with a 500. */
export function apiPipeline<Caller>(gate: ApiGate<Caller>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const answer = (res: ServerResponse, { status, result, headers = {} }: Answer) =>
    send(res, status, JSON.stringify(result), JSON_TYPE, { ...gate.headers, ...headers });
  /**
   * A refusal is given without reading (the rest of) the body: the connection is closed after it,
   * so nothing more the caller sends is read or kept.
   */
  const refuse = (res: ServerResponse, refused: Refused) => {
    res.once('finish', () => res.req.destroy());
    answer(res, { ...refused, headers: { connection: 'close' } });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    // 1. Host: only this server's own names (no DNS rebinding), for the pages as for the API.
    const hosts = gate.hosts();
    if (hosts && !hosts.has(req.headers.host ?? '')) return refuse(res, refusal('wrongHost'));
    if (!url.startsWith('/api/')) return serveStatic(gate.staticDir, req, res, gate.headers);
    // 2. Header: a POST from our own page.
    if (req.method !== 'POST' || req.headers[API_HEADER] !== '1') return refuse(res, refusal('notOurPage'));
    const name = decodedPath(url.slice('/api/'.length));
    if (name === null) return refuse(res, refusal('badUrl'));
    if (!isApiMethod(name)) return refuse(res, refusal('unknownMethod', name));
    // 3. Session, from the headers before any byte of the body (issue 22).
    const who = await gate.session(req, name);
    if ('refused' in who) return refuse(res, who.refused);
    // 4. Role.
    const denied = gate.role(name, who.caller);
    if (denied) return refuse(res, refusal(denied));
    // 5. Body limit.
    const read = await readInput(req, gate.bodyLimit(who.caller));
    if ('refused' in read) return refuse(res, read.refused);
    // 6. Dispatch.
    return answer(res, await gate.dispatch(name, read.input, who.caller, req));
  };

  // errorResult: a database problem in Chinese with its code; anything else without its engine text.
  return (req, res) => handle(req, res).catch((error: unknown) => answer(res, { status: 500, result: errorResult(error) }));
}
