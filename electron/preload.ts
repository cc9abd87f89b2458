// The preload (sandboxed, bundled to one CommonJS file): exposes exactly the typed API
// as `window.yibao`, each method of the API table one ipcRenderer.invoke. No raw
// ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import { apiFromTransport, type YibaoApi } from '../src/api/contract.ts';

const api = apiFromTransport((method, input) => ipcRenderer.invoke(`yibao:${method}`, input));

contextBridge.exposeInMainWorld('yibao', api satisfies YibaoApi);
