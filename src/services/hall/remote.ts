// A counter pointed at a hall server from a Node process (Electron's main process with
// `--server https://…`): the typed API forwarded over HTTPS, one call per method, the session
// cookie kept here in the main process — the window never sees the token, and keeps its strict
// CSP and isolation (it still talks only to the main process over IPC). Sheets are printed and
// made into PDFs here, by the printer the counter was given, and recorded at the hall.
import { apiFromTransport, type YibaoApi } from '../../api/contract.ts';
import { fail, ok, type Result } from '../../api/result.ts';
import type { SheetPrinter } from '../printer.ts';
// The sheet's bytes are checked again at this counter against the hash recorded at issue.
import { htmlIntact } from '../sheets.ts';

export interface RemoteOptions {
  /** The hall server, e.g. https://hall.example.cn:8443/ */
  server: string;
  /** This counter's own printer (Electron's windows); without one, the hall's answers are used as they are. */
  printer?: SheetPrinter;
  fetch?: typeof fetch;
}

const SESSION_COOKIE = 'yibao_session';

const tampered = (number: string) => `告知单 ${number} 的内容与出具时记录的摘要不符，未打印；请联系维护人员。`;

export function remoteHallApi(options: RemoteOptions): YibaoApi {
  const base = options.server.endsWith('/') ? options.server : `${options.server}/`;
  if (!/^https:\/\//.test(base) && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(base))
    throw new Error(`服务大厅地址必须是 https://（本机测试可用 http://127.0.0.1）：${options.server}`);
  const fetchImpl = options.fetch ?? fetch;
  let cookie: string | null = null;
  const call = async (method: string, input: unknown): Promise<Result<unknown>> => {
    try {
      const response = await fetchImpl(`${base}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yibao': '1', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ input }),
        signal: AbortSignal.timeout(60_000),
      });
      const session = response.headers.getSetCookie().find((h) => h.startsWith(`${SESSION_COOKIE}=`));
      if (session) cookie = /Max-Age=0/i.test(session) ? null : (session.split(';')[0] ?? null);
      return (await response.json()) as Result<unknown>;
    } catch (error) {
      return fail(
        'DATABASE_UNAVAILABLE',
        `无法连接服务大厅服务器（${base}）：${error instanceof Error ? error.message : String(error)}；请稍后重试。`,
      );
    }
  };
  const remote = apiFromTransport(call);
  const printer = options.printer;
  if (!printer) return remote;
  // PDFs and prints are made at this counter, from the sheet exactly as stored at the hall.
  return {
    ...remote,
    sheetPdf: async (number) => {
      const sheet = await remote.getSheet(number);
      if (!sheet.ok) return sheet;
      if (!htmlIntact(sheet.value)) return fail('INTERNAL', tampered(number));
      const pdf = await printer.pdf({ number, html: sheet.value.html });
      const recorded = await remote.recordPrint({ number, kind: 'pdf' });
      if (!recorded.ok) return recorded;
      return ok({ base64: Buffer.from(pdf).toString('base64'), contentHash: sheet.value.contentHash });
    },
    printSheet: async (number) => {
      const sheet = await remote.getSheet(number);
      if (!sheet.ok) return sheet;
      if (!htmlIntact(sheet.value)) return fail('INTERNAL', tampered(number));
      const outcome = await printer.print({ number, html: sheet.value.html });
      if (!outcome.printed) return fail('UNSUPPORTED', outcome.cancelled ? '已取消打印' : `打印失败：${outcome.reason}`);
      // The hall records what a window reports as a print request (it cannot check a remote printer).
      return remote.recordPrint({ number, kind: 'print' });
    },
  };
}
