// The only place the renderer reaches the services: Electron's preload exposes
// `window.yibao`; in a normal browser the same contract is served on loopback.
import { API_METHODS, type Result, type YibaoApi } from '../../api/contract.ts';

declare global {
  interface Window {
    yibao?: YibaoApi;
  }
}

function httpApi(): YibaoApi {
  const call = async (method: string, input: unknown): Promise<Result<unknown>> => {
    try {
      const response = await fetch(`api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yibao': '1' },
        body: JSON.stringify({ input }),
        keepalive: method === 'saveDraft',
      });
      return (await response.json()) as Result<unknown>;
    } catch (error) {
      return { ok: false, error: { code: 'INTERNAL', message: `无法连接本机服务：${(error as Error).message}` } };
    }
  };
  const api = {} as Record<string, (input?: unknown) => Promise<Result<unknown>>>;
  for (const method of API_METHODS) api[method] = (input?: unknown) => call(method, input);
  return api as unknown as YibaoApi;
}

export const api: YibaoApi = typeof window !== 'undefined' && window.yibao ? window.yibao : httpApi();
