// The API table (src/api/methods.ts), the transports and the services agree: every method
// of the table is answered by exactly one slice of the services, is routed by the loopback
// server and the window's HTTP client, and by Electron's preload and main-process IPC
// handlers, to the service of the same name with the same input — and nothing else is.
// SAMPLE_INPUTS must name every method: a method added to the table without the rest
// fails the type-check here, and a slice method missing from the table fails below.
//
// Electron cannot run on these machines. The IPC half is checked with Electron's module
// replaced by a recording stand-in: this tests our wiring (which channels main registers,
// what they dispatch to, what the preload exposes), not Electron itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, apiFromTransport, type ApiInput, type ApiMethod, type YibaoApi } from '../../src/api/contract.ts';
import { dispatch } from '../../src/api/dispatch.ts';
import { API } from '../../src/api/methods.ts';
import { ok, type Result } from '../../src/api/result.ts';
import { startLoopbackServer } from '../../src/server/loopback.ts';
import { ImpactJobs } from '../../src/services/impact/jobs.ts';
import { OpLog } from '../../src/services/log.ts';
import { createServices, SLICES } from '../../src/services/services.ts';
import { chromiumPrinter } from '../../src/services/chromium-printer.ts';
import { Store } from '../../src/store/store.ts';
import { httpApi } from '../../src/ui/api/http.ts';

/** One valid input per method of the table (the type makes a missing method a compile error). */
const SAMPLE_INPUTS: { [M in ApiMethod]: ApiInput<M> } = {
  bootstrap: undefined,
  assess: { format: 'yibao-case/1' },
  regions: undefined,
  listCases: { text: '张', limit: 5 },
  getCase: 'case-1',
  saveCase: { id: null, caseFile: { format: 'yibao-case/1' } },
  deleteCase: 'case-1',
  parseStatement: { fileName: 'a.csv', base64: 'YQ==' },
  getDraft: undefined,
  saveDraft: { caseId: null, form: { person: { name: '王' } } },
  clearDraft: undefined,
  getSettings: undefined,
  saveSettings: { officeName: '中心', counterNumber: '3', clerkName: '李', defaultRegion: '320100' },
  previewSheet: { caseFile: { format: 'yibao-case/1' } },
  issueSheet: { caseId: null, caseFile: { format: 'yibao-case/1' } },
  getSheet: '20261122-03-0001',
  listSheets: 'case-1',
  verifySheet: { code: '20261207-03-0001-1A2B3C4D' },
  recordPrint: { number: '20261122-03-0001', kind: 'pdf' },
  sheetPdf: '20261122-03-0001',
  printSheet: '20261122-03-0001',
  policyLibrary: undefined,
  policyVersion: undefined,
  policyAudit: { limit: 10 },
  impactProgress: 'job-1',
  impactCases: { jobId: 'job-1', offset: 0, limit: 50 },
  cancelImpact: 'job-1',
  previewPolicyValue: {
    region: '320100',
    key: 'flexible.rate',
    value: 0.085,
    effectiveFrom: '2027-01-01',
    effectiveTo: null,
    document: { number: '宁医保发〔2026〕99号', title: '通知', url: 'https://example.gov.cn/' },
    article: '第二条',
    url: null,
    grade: 'V',
    note: null,
    reason: '测试',
  },
  addPolicyValue: {
    edit: {
      region: '320100',
      key: 'flexible.rate',
      value: 0.085,
      effectiveFrom: '2027-01-01',
      effectiveTo: null,
      document: { number: '宁医保发〔2026〕99号', title: '通知' },
      article: '第二条',
      url: null,
      grade: 'V',
      note: null,
      reason: '测试',
    },
    pin: '2468',
  },
  previewPolicyEdits: { edits: [], typical: { region: '320100', scheme: 'employee', paymentDate: '2027-01-10' } },
  addPolicyValues: { edits: [], pin: '2468' },
  exportPolicyEditsPack: { edits: [], privateKeyPem: 'x', createdBy: '市局' },
  previewPolicyPack: { text: '{}' },
  importPolicyPack: { text: '{}', pin: '2468' },
  exportPolicyPack: { regions: ['320100'], privateKeyPem: 'x', createdBy: '市局' },
  setAdminPin: { currentPin: null, newPin: '2468' },
  policyCoverage: { region: '330100', asOf: '2026-12-01' },
  policyRelease: undefined,
  resolvePolicyConflict: { id: 1, resolution: 'mine', pin: '2468' },
  addTrustedKey: { name: '市局', publicKeyPem: 'x', regions: ['320100'], pin: '2468' },
  removeTrustedKey: { keyId: 'abc', pin: '2468' },
  listBackups: undefined,
  backupNow: undefined,
  restoreBackup: { name: 'yibao-20260101-000000-manual.sqlite', pin: '2468' },
  setRetention: { days: 30, pin: '2468' },
  exportClientData: '320102197608150010',
  deletedCases: undefined,
  restoreCase: { id: 'case-1', pin: '2468' },
  deleteClientData: { idNumber: '320102197608150010', pin: '2468' },
  reminders: { within: 14, asOf: '2026-12-01' },
  exportReminders: { within: 14 },
  markReminderPaid: { caseId: 'case-1', version: 2, paid: true },
  statistics: { from: '2026-12-01', to: '2026-12-07', counter: '3', clerk: null },
  exportStatistics: { from: '2026-12-01', to: '2026-12-01' },
  noteAssessment: {
    consultation: 'c0ffee00-1234-4abc-8def-0123456789ab',
    region: '320100',
    scheme: 'employee',
    interruptionMonths: 3,
    unknowns: [{ code: 'LOCAL_RULE_MISSING', key: 'employee.interruption.tiers', region: '320100' }],
  },
  hallStatus: undefined,
  signIn: { username: 'wang', password: 'secret-123', counter: '3' },
  signOut: undefined,
  changePassword: { currentPassword: 'secret-123', newPassword: 'secret-456' },
  listAccounts: undefined,
  createAccount: { username: 'li', displayName: '李', role: 'clerk', password: 'secret-123' },
  resetAccountPassword: { username: 'li', password: 'secret-789' },
  setAccountEnabled: { username: 'li', enabled: false },
};

const sorted = (names: Iterable<string>) => [...names].sort();

/** Services that record each call and answer with the name of the method called. */
function recordingServices(): { api: YibaoApi; calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  const api = apiFromTransport(async (method, input) => {
    calls.push([method, input]);
    return ok(method);
  });
  return { api, calls };
}

/** Calls `method` on an API with its sample input. */
const callWithSample = (api: YibaoApi, method: ApiMethod): Promise<Result<unknown>> =>
  (api[method] as (input: unknown) => Promise<Result<unknown>>)(SAMPLE_INPUTS[method]);

describe('the API table', () => {
  it('every method has an input schema its sample passes, and a slice of the services', () => {
    expect(sorted(API_METHODS)).toEqual(sorted(Object.keys(SAMPLE_INPUTS)));
    for (const method of API_METHODS) {
      expect(Object.keys(SLICES), method).toContain(API[method].slice);
    }
  });
});

describe('the services answer exactly the methods of the table', () => {
  const store = new Store({ file: ':memory:' });
  afterAll(() => store.close());

  it('the joined services have one function per method, no more, no less', () => {
    const services = createServices(store);
    expect(sorted(Object.keys(services))).toEqual(sorted(API_METHODS));
    for (const method of API_METHODS) expect(typeof services[method], method).toBe('function');
  });

  it('each slice answers the methods the table gives it, and no two slices answer the same method', () => {
    const ctx = {
      repos: store,
      log: new OpLog(null),
      printer: chromiumPrinter,
      clock: () => new Date(),
      impactJobs: new ImpactJobs(),
      caller: 'local',
      account: { name: 'local', counter: '' },
    };
    const answered: string[] = [];
    for (const [slice, make] of Object.entries(SLICES)) {
      const methods = Object.keys(make(ctx));
      expect(sorted(methods), slice).toEqual(sorted(API_METHODS.filter((m) => API[m].slice === slice)));
      answered.push(...methods);
    }
    expect(sorted(answered)).toEqual(sorted(API_METHODS));
  });

  it('the dispatcher takes every method of the table (checked input) and refuses any other name', async () => {
    const { api, calls } = recordingServices();
    for (const method of API_METHODS) {
      expect(await dispatch(api, method, SAMPLE_INPUTS[method]), method).toEqual({ ok: true, value: method });
      expect(calls.at(-1)).toEqual([method, SAMPLE_INPUTS[method]]);
    }
    expect(await dispatch(api, 'dropTables', {})).toMatchObject({ ok: false, error: { message: '未知的接口 dropTables' } });
  });
});

describe('a refused input', () => {
  it('of a dated policy edit is named field by field in Chinese, as the 政策库 screen shows it (the one row schema)', async () => {
    const { api, calls } = recordingServices();
    const edit = { ...SAMPLE_INPUTS.previewPolicyValue, effectiveFrom: '2027-02-30', value: '8.5%' };
    const preview = await dispatch(api, 'previewPolicyValue', edit);
    expect(preview).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const lines = preview.ok ? [] : preview.error.message.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^生效日期：日期应为真实的日历日期/));
    expect(lines).toContainEqual(expect.stringContaining('8.5%'));
    const add = await dispatch(api, 'addPolicyValue', { edit, pin: '2468' });
    expect(add.ok ? [] : add.error.message.split('\n')).toEqual(lines);
    expect(calls).toEqual([]);
  });

  it('of any other call names the method', async () => {
    expect(await dispatch(recordingServices().api, 'getCase', 42)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^接口 getCase 的参数不正确：/) },
    });
  });
});

describe('HTTP: the window’s client and the loopback server route every method of the table', () => {
  const { api, calls } = recordingServices();
  let client: YibaoApi;
  let base: string;
  let close: () => void;
  beforeAll(async () => {
    const { server, url } = await startLoopbackServer({ api });
    base = url;
    close = () => server.close();
    client = httpApi(url);
  });
  afterAll(() => close());

  it('the client offers exactly the methods of the table', () => {
    expect(sorted(Object.keys(client))).toEqual(sorted(API_METHODS));
  });

  it('each call reaches the service of the same name with the same input', async () => {
    for (const method of API_METHODS) {
      expect(await callWithSample(client, method), method).toEqual({ ok: true, value: method });
      expect(calls.at(-1)).toEqual([method, SAMPLE_INPUTS[method]]);
    }
  });

  it('a name outside the table is refused by the server', async () => {
    const response = await fetch(`${base}api/dropTables`, { method: 'POST', headers: { 'x-yibao': '1' }, body: '{}' });
    expect(await response.json()).toMatchObject({ ok: false, error: { message: '未知的接口 dropTables' } });
  });
});

// ── IPC: electron/preload.ts and electron/main.ts with Electron's module replaced.
const electron = vi.hoisted(() => {
  type Handler = (event: unknown, input: unknown) => Promise<unknown>;
  class FakeWindow {
    static all: FakeWindow[] = [];
    webContents = { id: FakeWindow.all.length };
    constructor() {
      FakeWindow.all.push(this);
    }
    once() {}
    loadURL() {
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    focus() {}
  }
  const state = {
    handlers: new Map<string, Handler>(),
    exposed: new Map<string, unknown>(),
    userData: '',
    FakeWindow,
  };
  const noop = () => undefined;
  const module = {
    app: {
      setName: noop,
      requestSingleInstanceLock: () => true,
      on: noop,
      quit: noop,
      exit: noop,
      whenReady: () => Promise.resolve(),
      getPath: () => state.userData,
      getAppPath: () => process.cwd(),
      isPackaged: false,
    },
    protocol: { registerSchemesAsPrivileged: noop, handle: noop },
    session: { defaultSession: { setPermissionRequestHandler: noop, setPermissionCheckHandler: noop } },
    ipcMain: { handle: (channel: string, handler: Handler) => state.handlers.set(channel, handler) },
    Menu: { setApplicationMenu: noop, buildFromTemplate: noop },
    BrowserWindow: FakeWindow,
    net: { fetch: noop },
    shell: { openExternal: noop },
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => state.exposed.set(name, api) },
    ipcRenderer: {
      // The preload's invoke goes to main's handler for that channel, as from the counter's window.
      invoke: (channel: string, input: unknown) => {
        const handler = state.handlers.get(channel);
        if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
        const event = { sender: FakeWindow.all[0]?.webContents, senderFrame: { url: 'app://yibao/index.html' } };
        return handler(event, input);
      },
    },
  };
  return { state, module };
});
vi.mock('electron', () => electron.module);
const recorded = vi.hoisted(() => ({ calls: [] as Array<[string, unknown]> }));
vi.mock('../../src/services/open-local.ts', async () => {
  const { apiFromTransport } = await import('../../src/api/contract.ts');
  return {
    openLocal: async () => ({
      api: apiFromTransport(async (method, input) => {
        recorded.calls.push([method, input]);
        return { ok: true, value: method };
      }),
      close: () => undefined,
    }),
  };
});

describe('IPC: Electron’s preload and main process route every method of the table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-ipc-'));
  let preloadApi: YibaoApi;
  beforeAll(async () => {
    electron.state.userData = dir;
    await import('../../electron/main.ts');
    // main registers its handlers once the (stand-in) app is ready and the window exists.
    await vi.waitFor(() => expect(electron.state.FakeWindow.all.length).toBeGreaterThan(0));
    await import('../../electron/preload.ts');
    const exposed = electron.state.exposed.get('yibao');
    if (!exposed) throw new Error('the preload exposed nothing as window.yibao');
    preloadApi = exposed as YibaoApi;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('main registers one handler per method of the table, on the channel the preload uses, and nothing else', () => {
    expect(sorted(electron.state.handlers.keys())).toEqual(sorted(API_METHODS.map((m) => `yibao:${m}`)));
  });

  it('the preload exposes exactly the methods of the table', () => {
    expect(sorted(Object.keys(preloadApi))).toEqual(sorted(API_METHODS));
  });

  it('each call goes preload → main → the service of the same name, with the same input', async () => {
    for (const method of API_METHODS) {
      expect(await callWithSample(preloadApi, method), method).toEqual({ ok: true, value: method });
      expect(recorded.calls.at(-1)).toEqual([method, SAMPLE_INPUTS[method]]);
    }
  });

  it('a call from another window (e.g. the hidden print window) is refused before it reaches the services', async () => {
    const handler = electron.state.handlers.get('yibao:listCases');
    const before = recorded.calls.length;
    const answer = await handler?.({ sender: { id: 'other' }, senderFrame: { url: 'app://yibao/index.html' } }, {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(recorded.calls.length).toBe(before);
  });
});
