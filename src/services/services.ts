// The services behind the API contract: plain TypeScript over the store and the
// engine, shared by Electron's main process and the loopback server of browser mode.
import type { ApiError, AssessOutcome, BackupView, CaseSummary, Result, Settings, YibaoApi } from '../api/contract.ts';
import { assess } from '../core/engine/assess.ts';
import { maskIdNumber } from '../core/idcard.ts';
import { validateCase } from '../core/validate.ts';
import { CaseRepository } from '../store/cases.ts';
import { backupInfo, DatabaseFromFutureError, type BackupInfo, type Store } from '../store/store.ts';
import { htmlToPdf, NoChromiumError } from '../sheet/pdf.ts';
import { SheetRepository, type SheetRow } from '../store/sheets.ts';
import { issueSheet, localTimestamp, reprintSheet } from './sheets.ts';
import { parseStatement } from './statement.ts';
import { OpLog } from './log.ts';
import {
  applyPlanInMemory,
  auditLog,
  checkAdminPin,
  expiringDocuments,
  hasAdminPin,
  impactOnCases,
  planEdit,
  setAdminPin,
  writePlan,
  type ValueEdit,
} from './policy-admin.ts';
import { addTrustedKey, applyPack, checkPack, exportPack, removeTrustedKey, trustedKeys } from './policy-packs.ts';
import { POLICY_KEYS } from '../core/policy/keys.ts';

export const DEFAULT_SETTINGS: Settings = { officeName: '', counterNumber: '', clerkName: '', defaultRegion: '' };

/** The counter's settings as stored, with the defaults for anything not yet set. */
export function loadSettings(store: Store): Settings {
  return { ...DEFAULT_SETTINGS, ...(new CaseRepository(store.db).getSetting<Partial<Settings>>('counter') ?? {}) };
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (code: ApiError['code'], message: string, fields?: ApiError['fields']): { ok: false; error: ApiError } => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
});

/** Turns any thrown error into a result; database trouble gets its own code and Chinese text. */
export function errorResult(error: unknown): { ok: false; error: ApiError } {
  if (error instanceof DatabaseFromFutureError) return fail('DATABASE_FROM_FUTURE', error.message);
  const code = (error as { code?: string }).code ?? '';
  const message = String((error as Error)?.message ?? error);
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return fail('DATABASE_CORRUPT', `数据库文件已损坏（${code}），请从备份恢复。`);
  if (code === 'SQLITE_READONLY') return fail('DATABASE_READONLY', '数据库是只读的，无法保存；请检查文件权限或磁盘空间。');
  if (message.startsWith('NOT_FOUND:')) return fail('NOT_FOUND', '找不到该案件（可能已被删除）。');
  if (error instanceof NoChromiumError) return fail('UNSUPPORTED', message);
  return fail('INTERNAL', `内部错误：${message}`);
}

export interface ServiceOptions {
  log?: OpLog;
}

/** Purges saved cases older than the retention setting (run at start and daily). */
export function purgeExpiredCases(store: Store, now = new Date()): number {
  const cases = new CaseRepository(store.db);
  const days = cases.getSetting<Partial<Settings>>('counter')?.retentionDays ?? 0;
  return days ? cases.purgeOlderThan(new Date(now.getTime() - days * 86_400_000).toISOString()) : 0;
}

/** What the window shows of a backup (not its path). */
export const toBackupView = ({ name, kind, createdAt, bytes }: BackupInfo): BackupView => ({ name, kind, createdAt, bytes });

/**
 * What every entry point (Electron, browser mode) does once the store is open: the
 * retention purge, then a daily backup checked every hour, off the start-up path.
 */
export function startHousekeeping(store: Store, log: OpLog): void {
  const purged = purgeExpiredCases(store);
  if (purged) log.write('retention-purge', { purged });
  const daily = () =>
    void store
      .dailyBackup()
      .then((f) => f && log.write('backup', { kind: 'daily' }))
      .catch(() => log.write('backup-failed', {}));
  daily();
  setInterval(daily, 3600_000).unref();
}

export function createServices(store: Store, options: ServiceOptions = {}): YibaoApi {
  const log = options.log ?? new OpLog(null);
  // Repositories per call: the connection changes when a backup is restored.
  const casesRepo = () => new CaseRepository(store.db);
  const regions = () => store.regions();
  const guard = async <T>(fn: () => T | Promise<T>): Promise<Result<T>> => {
    try {
      return ok(await fn());
    } catch (error) {
      return errorResult(error);
    }
  };
  const summary = (row: ReturnType<CaseRepository['list']>[number]): CaseSummary => ({
    id: row.id,
    personName: row.personName,
    idNumberMasked: row.idNumber ? maskIdNumber(row.idNumber) : null,
    region: row.region,
    regionName: regions().name(row.region),
    updatedAt: row.updatedAt,
  });

  /** A lookup, with NOT_FOUND and `missing` when it finds nothing. */
  const present = async <T>(lookup: () => T | null | undefined, missing: string): Promise<Result<T>> => {
    const found = await guard(lookup);
    if (!found.ok) return found;
    return found.value == null ? fail('NOT_FOUND', missing) : ok(found.value);
  };
  /** Runs `change` only with the right administrator PIN; otherwise nothing changes. */
  const withPin = async <T>(pin: string | null | undefined, change: () => Promise<Result<T>>): Promise<Result<T>> => {
    const problem = await guard(() => checkAdminPin(store, pin));
    if (!problem.ok) return problem;
    return problem.value ? fail('INVALID_INPUT', problem.value) : change();
  };
  const CASE_MISSING = '找不到该案件（可能已被删除）。';
  const sheetMissing = (number: string) => `找不到编号为 ${number} 的告知单。`;

  const sheetsRepo = () => new SheetRepository(store.db);
  const sheetSummary = (row: SheetRow) => ({
    number: row.number,
    issuedAt: row.issuedAt,
    caseId: row.caseId,
    clerk: row.clerk,
    contentHash: row.contentHash,
    prints: row.prints,
  });
  const sheetOut = (row: SheetRow) => ({ ...sheetSummary(row), html: row.html });
  const settings = () => loadSettings(store);
  return {
    bootstrap: () =>
      guard(() => ({
        settings: settings(),
        draft: casesRepo().getDraft(),
        regions: regions()
          .all()
          .filter((r) => r.code !== 'CN'),
        policyRows: [...store.policies().rows],
        expiring: expiringDocuments(store, localTimestamp().slice(0, 10)),
      })),
    assess: (caseInput) =>
      guard((): AssessOutcome => {
        const validated = validateCase(caseInput, regions());
        if (!validated.ok) return { valid: false, errors: validated.errors };
        return { valid: true, assessment: assess(validated.value, { policies: store.policies(), regions: regions() }) };
      }),
    regions: () =>
      guard(() =>
        regions()
          .all()
          .filter((r) => r.code !== 'CN')
          .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
      ),
    listCases: (query) => guard(() => casesRepo().list(query).map(summary)),
    getCase: async (id) => {
      const found = await present(() => casesRepo().get(id), CASE_MISSING);
      if (!found.ok) return found;
      const row = found.value;
      return ok({ id: row.id, caseFile: row.caseFile, createdAt: row.createdAt, updatedAt: row.updatedAt });
    },
    saveCase: async ({ id, caseFile }) => {
      const validated = validateCase(caseFile, regions());
      if (!validated.ok) return fail('INVALID_INPUT', '案件信息有误，未保存；请按提示修改。', validated.errors);
      return guard(() => {
        const saved = casesRepo().save(validated.caseFile, id ?? null);
        log.write('case-saved', { case: saved.id });
        return saved;
      });
    },
    deleteCase: async (id) => {
      const deleted = await present(() => casesRepo().delete(id) || null, CASE_MISSING);
      return deleted.ok ? ok(null) : deleted;
    },
    getDraft: () => guard(() => casesRepo().getDraft()),
    saveDraft: ({ caseId, form }) => guard(() => casesRepo().saveDraft(caseId, form)),
    clearDraft: () => guard(() => (casesRepo().clearDraft(), null)),
    getSettings: () => guard(settings),
    saveSettings: (input) =>
      guard(() => {
        // The retention period is changed only by setRetention, which asks for the PIN.
        const saved: Settings = { ...input, retentionDays: settings().retentionDays ?? 0 };
        casesRepo().setSetting('counter', saved);
        return saved;
      }),
    issueSheet: async ({ caseId, caseFile }) => {
      const validated = validateCase(caseFile, regions());
      if (!validated.ok) return fail('INVALID_INPUT', '案件信息有误，不能出具告知单；请按提示修改。', validated.errors);
      return guard(() => {
        const assessment = assess(validated.value, { policies: store.policies(), regions: regions() });
        const row = issueSheet(store, { caseFile: validated.caseFile, assessment, caseId: caseId ?? null, settings: settings() });
        log.write('sheet-issued', { sheet: row.number, case: caseId ?? null, hash: row.contentHash.slice(0, 16) });
        return sheetOut(row);
      });
    },
    getSheet: async (number) => {
      const sheet = await present(() => reprintSheet(store, number), sheetMissing(number));
      return sheet.ok ? ok(sheetOut(sheet.value)) : sheet;
    },
    listSheets: (caseId) => guard(() => sheetsRepo().listForCase(caseId).map(sheetSummary)),
    recordPrint: async ({ number, kind }) => {
      const row = await present(() => sheetsRepo().get(number), sheetMissing(number));
      if (!row.ok) return row;
      return guard(() => (sheetsRepo().recordPrint(number, kind, settings().clerkName, row.value.contentHash, localTimestamp()), null));
    },
    sheetPdf: async (number) => {
      const stored = await present(() => reprintSheet(store, number), sheetMissing(number));
      if (!stored.ok) return stored;
      const sheet = stored.value;
      return guard(() => {
        const pdf = htmlToPdf(sheet.html);
        sheetsRepo().recordPrint(number, 'pdf', settings().clerkName, sheet.contentHash, localTimestamp());
        return { base64: Buffer.from(pdf).toString('base64'), contentHash: sheet.contentHash };
      });
    },
    printSheet: async () => fail('UNSUPPORTED', '浏览器模式下请在预览中使用“打印”（由浏览器的打印对话框选择打印机）。'),
    policyLibrary: () =>
      guard(() => {
        const today = localTimestamp().slice(0, 10);
        return {
          rows: [...store.policies().rows],
          keys: Object.entries(POLICY_KEYS).map(([key, spec]) => ({ key, label: spec.label, type: spec.type })),
          expiring: expiringDocuments(store, today),
          hasAdminPin: hasAdminPin(store),
          trustedKeys: trustedKeys(store).map(({ keyId, name, addedAt }) => ({ keyId, name, addedAt })),
          today,
        };
      }),
    policyAudit: ({ limit }) => guard(() => auditLog(store, { limit })),
    previewPolicyValue: async (edit) => {
      const planned = planEdit(store, edit as ValueEdit, localTimestamp().slice(0, 10));
      if (!planned.ok) return fail('INVALID_INPUT', planned.errors.join('\n'));
      return guard(() => ({
        added: planned.plan.insert,
        closed: planned.plan.close,
        newDocuments: planned.plan.newDocument ? [planned.plan.newDocument] : [],
        unchanged: 0,
        impact: impactOnCases(store, applyPlanInMemory(store.policies().rows, planned.plan)),
      }));
    },
    addPolicyValue: ({ edit, pin }) =>
      withPin(pin, async () => {
        const planned = planEdit(store, edit as ValueEdit, localTimestamp().slice(0, 10));
        if (!planned.ok) return fail('INVALID_INPUT', planned.errors.join('\n'));
        return guard(() => {
          const impact = impactOnCases(store, applyPlanInMemory(store.policies().rows, planned.plan));
          writePlan(store, planned.plan, { actor: settings().clerkName || '管理员', reason: (edit as ValueEdit).reason });
          log.write('policy-edit', {
            added: planned.plan.insert.map((r) => r.id).join(','),
            closed: planned.plan.close.map((c) => c.row.id).join(','),
          });
          return {
            added: planned.plan.insert,
            closed: planned.plan.close,
            newDocuments: planned.plan.newDocument ? [planned.plan.newDocument] : [],
            unchanged: 0,
            impact,
          };
        });
      }),
    previewPolicyPack: async ({ text }) => {
      const check = checkPack(store, text);
      if (!check.ok) return fail('INVALID_INPUT', check.errors.join('\n'));
      return guard(() => ({
        ...check.diff,
        createdBy: check.pack.createdBy,
        createdAt: check.pack.createdAt,
        contentHash: check.pack.contentHash,
        signer: check.signer.name,
        impact: impactOnCases(store, check.proposedRows),
      }));
    },
    importPolicyPack: ({ text, pin }) =>
      withPin(pin, async () => {
        const check = checkPack(store, text);
        if (!check.ok) return fail('INVALID_INPUT', check.errors.join('\n'));
        return guard(() => {
          const impact = impactOnCases(store, check.proposedRows);
          applyPack(store, check, settings().clerkName || '管理员');
          log.write('policy-pack', {
            hash: check.pack.contentHash.slice(0, 16),
            added: check.diff.added.length,
            closed: check.diff.closed.length,
          });
          return {
            ...check.diff,
            createdBy: check.pack.createdBy,
            createdAt: check.pack.createdAt,
            contentHash: check.pack.contentHash,
            signer: check.signer.name,
            impact,
          };
        });
      }),
    exportPolicyPack: ({ regions, privateKeyPem, createdBy }) =>
      guard(() => {
        const pack = exportPack(store, { regions, privateKeyPem, createdBy });
        return { text: `${JSON.stringify(pack, null, 2)}\n`, contentHash: pack.contentHash, values: pack.values.length };
      }),
    setAdminPin: async ({ currentPin, newPin }) => {
      const set = () => guard(() => (setAdminPin(store, newPin), null));
      return hasAdminPin(store) ? withPin(currentPin, set) : set();
    },
    addTrustedKey: ({ name, publicKeyPem, pin }) =>
      withPin(pin, () =>
        guard(() => {
          const key = addTrustedKey(store, name, publicKeyPem, localTimestamp());
          return { keyId: key.keyId, name: key.name };
        }),
      ),
    removeTrustedKey: ({ keyId, pin }) => withPin(pin, () => guard(() => (removeTrustedKey(store, keyId), null))),
    listBackups: () => guard(() => store.listBackups().map(toBackupView)),
    backupNow: () =>
      guard(async () => {
        const file = await store.backup('manual');
        const info = file ? backupInfo(file) : null;
        if (!info) throw new Error('内存数据库不能备份');
        log.write('backup', { kind: 'manual', name: info.name });
        return toBackupView(info);
      }),
    restoreBackup: ({ name, pin }) =>
      withPin(pin, () =>
        guard(async () => {
          const result = await store.restoreBackup(name);
          log.write('restore', { restored: result.restored, keptAs: result.keptAs });
          return result;
        }),
      ),
    setRetention: ({ days, pin }) =>
      withPin(pin, () =>
        guard(() => {
          casesRepo().setSetting('counter', { ...settings(), retentionDays: days });
          const purged = purgeExpiredCases(store);
          log.write('retention', { days, purged });
          return { days, purged };
        }),
      ),
    exportClientData: (idNumber) =>
      guard(() => {
        const rows = casesRepo().byIdNumber(idNumber);
        const sheets = rows
          .flatMap((r) => sheetsRepo().listForCase(r.id))
          .map((s) => ({
            number: s.number,
            issuedAt: s.issuedAt,
            contentHash: s.contentHash,
            html: s.html,
            prints: sheetsRepo()
              .printEvents(s.number)
              .map(({ at, kind, clerk }) => ({ at, kind, clerk })),
          }));
        log.write('client-export', { cases: rows.length, sheets: sheets.length });
        return {
          format: 'yibao-client-export/1' as const,
          idNumber: idNumber.toUpperCase(),
          exportedAt: localTimestamp(),
          cases: rows.map((r) => ({ id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt, caseFile: r.caseFile })),
          sheets,
        };
      }),
    deleteClientData: ({ idNumber, pin }) =>
      withPin(pin, () =>
        guard(() => {
          const result = casesRepo().deleteClient(idNumber);
          log.write('client-delete', result);
          return result;
        }),
      ),
    parseStatement: ({ fileName, base64 }) => guard(() => parseStatement(fileName, Buffer.from(base64, 'base64'))),
  };
}
