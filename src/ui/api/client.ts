// The only place the renderer reaches the services: Electron's preload exposes
// `window.yibao`; in a normal browser the same contract is served on loopback (http.ts).
import type { YibaoApi } from '../../api/contract.ts';
import { httpApi } from './http.ts';

declare global {
  interface Window {
    yibao?: YibaoApi;
  }
}

export const api: YibaoApi = typeof window !== 'undefined' && window.yibao ? window.yibao : httpApi();
