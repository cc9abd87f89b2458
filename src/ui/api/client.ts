// The only place the renderer reaches the services: Electron's preload exposes
// `window.yibao`; in a normal browser the same contract is served on loopback (http.ts).
import type { YibaoApi } from '../../api/contract.ts';
import { withHall } from './hall-client.ts';
import { httpApi } from './http.ts';

declare global {
  interface Window {
    yibao?: YibaoApi;
  }
}

// In a service hall, drafts stay in this window and an ended session asks for the sign-in (hall-client.ts).
export const api: YibaoApi = withHall(typeof window !== 'undefined' && window.yibao ? window.yibao : httpApi());
