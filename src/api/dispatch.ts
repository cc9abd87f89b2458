// One place where calls arriving from outside a process (Electron IPC, loopback HTTP)
// are checked against a schema before they reach the services. A bad call gets an
// INVALID_INPUT result, never an exception.
import * as v from 'valibot';
import { API_METHODS, type ApiMethod, type Result, type YibaoApi } from './contract.ts';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** The argument schema of each method (the case itself is checked by the engine's validator). */
export const INPUT_SCHEMAS: Record<ApiMethod, v.GenericSchema> = {
  bootstrap: v.optional(v.undefined()),
  assess: v.unknown(),
  regions: v.optional(v.undefined()),
  listCases: v.strictObject({
    text: v.optional(text(100)),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500))),
  }),
  getCase: id,
  saveCase: v.strictObject({ id: v.optional(v.nullable(id)), caseFile: v.unknown() }),
  deleteCase: id,
  getDraft: v.optional(v.undefined()),
  saveDraft: v.strictObject({ caseId: v.nullable(id), form: v.unknown() }),
  clearDraft: v.optional(v.undefined()),
  getSettings: v.optional(v.undefined()),
  saveSettings: v.strictObject({
    officeName: text(100),
    counterNumber: text(20),
    clerkName: text(50),
    defaultRegion: v.union([v.literal(''), v.pipe(v.string(), v.regex(/^\d{6}$/))]),
    retentionDays: v.optional(v.number()),
  }),
  issueSheet: v.strictObject({ caseId: v.nullable(id), caseFile: v.unknown() }),
  getSheet: id,
  listSheets: id,
  recordPrint: v.strictObject({ number: id, kind: v.picklist(['print', 'pdf', 'html']) }),
  sheetPdf: id,
  printSheet: id,
  policyLibrary: v.optional(v.undefined()),
  policyAudit: v.strictObject({ limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000))) }),
  previewPolicyValue: v.looseObject({}),
  addPolicyValue: v.strictObject({ edit: v.looseObject({}), pin: text(12) }),
  previewPolicyPack: v.strictObject({ text: v.pipe(v.string(), v.maxLength(20_000_000)) }),
  importPolicyPack: v.strictObject({ text: v.pipe(v.string(), v.maxLength(20_000_000)), pin: text(12) }),
  exportPolicyPack: v.strictObject({
    regions: v.union([v.literal('all'), v.array(v.pipe(v.string(), v.regex(/^(CN|\d{6})$/)))]),
    privateKeyPem: text(10_000),
    createdBy: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  }),
  setAdminPin: v.strictObject({ currentPin: v.nullable(text(12)), newPin: text(12) }),
  addTrustedKey: v.strictObject({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), publicKeyPem: text(10_000), pin: text(12) }),
  removeTrustedKey: v.strictObject({ keyId: text(64), pin: text(12) }),
  listBackups: v.optional(v.undefined()),
  backupNow: v.optional(v.undefined()),
  restoreBackup: v.strictObject({ name: v.pipe(v.string(), v.regex(/^yibao-[\w-]+\.sqlite$/)), pin: text(12) }),
  setRetention: v.strictObject({ days: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(36500)), pin: text(12) }),
  exportClientData: v.pipe(v.string(), v.regex(/^\d{17}[\dXx]$/, '身份证号应为18位')),
  deleteClientData: v.strictObject({ idNumber: v.pipe(v.string(), v.regex(/^\d{17}[\dXx]$/, '身份证号应为18位')), pin: text(12) }),
  // 20 MB of base64 is far above any statement; it bounds memory for a bad call.
  parseStatement: v.strictObject({ fileName: text(260), base64: v.pipe(v.string(), v.maxLength(20_000_000)) }),
};

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

export async function dispatch(api: YibaoApi, method: string, input: unknown): Promise<Result<unknown>> {
  if (!isApiMethod(method)) return { ok: false, error: { code: 'INVALID_INPUT', message: `未知的接口 ${method}` } };
  const checked = v.safeParse(INPUT_SCHEMAS[method], input);
  if (!checked.success) {
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', message: `接口 ${method} 的参数不正确：${checked.issues.map((i) => i.message).join('；')}` },
    };
  }
  try {
    return await (api[method] as (arg: unknown) => Promise<Result<unknown>>)(checked.output);
  } catch (error) {
    return { ok: false, error: { code: 'INTERNAL', message: `内部错误：${(error as Error).message}` } };
  }
}
