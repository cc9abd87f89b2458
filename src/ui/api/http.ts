// The API over loopback HTTP (browser mode): POST api/<method> with {"input": …} for every
// method of the API table, answered by src/server/loopback.ts.
import { apiFromTransport, type YibaoApi } from '../../api/contract.ts';
import { fail, type Result } from '../../api/result.ts';

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
    } catch (error) {
      return fail('INTERNAL', `无法连接本机服务：${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
