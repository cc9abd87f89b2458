// The preload (sandboxed, bundled to one CommonJS file): exposes exactly the typed API
// as `window.yibao`, each method one ipcRenderer.invoke. No raw ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, type YibaoApi } from '../src/api/contract.ts';

const api = Object.fromEntries(
  API_METHODS.map((method) => [method, (input?: unknown) => ipcRenderer.invoke(`yibao:${method}`, input)]),
) as unknown as YibaoApi;

contextBridge.exposeInMainWorld('yibao', api satisfies YibaoApi);
