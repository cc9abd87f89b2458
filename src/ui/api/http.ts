// The API over loopback HTTP (browser mode): POST api/<method> with {"input": …} for every
// method of the API table, answered by src/server/loopback.ts.
import { apiFromTransport, type YibaoApi } from '../../api/contract.ts';
import { fail, type Result } from '../../api/result.ts';

/** What the clerk reads when the services cannot be reached (nothing typed is lost: the form stays). */
export const UNREACHABLE_LOCAL = '无法连接本机的核算服务（服务没有运行或已停止）。录入的内容仍在本窗口，请重新启动核算台后再试。';
export const UNREACHABLE_HALL =
  '无法连接服务大厅的服务器（网络中断或服务器停止）。录入的内容仍在本窗口，没有丢失；请检查网络或联系管理员，恢复后再试。';

/** `base` is where the page was served from (relative by default). */
export function httpApi(base = '', fetchImpl: typeof fetch = (...args) => fetch(...args)): YibaoApi {
  return apiFromTransport(async (method, input): Promise<Result<unknown>> => {
    try {
      const response = await fetchImpl(`${base}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yibao': '1' },
        body: JSON.stringify({ input }),
        keepalive: method === 'saveDraft',
      });
      return (await response.json()) as Result<unknown>;
    } catch {
      // The browser's own words ("Failed to fetch") mean nothing to a clerk; the hall layer names its server.
      return fail('DATABASE_UNAVAILABLE', UNREACHABLE_LOCAL);
    }
  });
}
