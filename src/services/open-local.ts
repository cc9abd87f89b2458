// The one place that opens the counter's own SQLite database and the services on it, shared
// by Electron's main process, browser mode (`npm start`, `npm run dev`) and the Playwright
// web server. It is also the one recovery flow for a database that cannot be opened.
import { dirname, join } from 'node:path';
import { apiFromTransport, type ApiError, type YibaoApi } from '../api/contract.ts';
import { dispatch } from '../api/dispatch.ts';
import { ok, type Result } from '../api/result.ts';
import { backupDirFor, listBackupFiles, recoverDamagedDatabase } from '../store/backups.ts';
import { defaultDatabasePath, locateAssets } from '../store/paths.ts';
import { Store } from '../store/store.ts';
import { removeStaleSheetTemps } from '../sheet/pdf.ts';
import { chromiumPrinterIn } from './chromium-printer.ts';
import { errorResult, setInternalErrorReporter } from './errors.ts';
import { startHousekeeping } from './housekeeping.ts';
import { OpLog } from './log.ts';
import type { SheetPrinter } from './printer.ts';
import { createServices } from './services.ts';
import { toBackupView } from './slices/data.ts';

export interface LocalOptions {
  /** The db/ folder (migrations, seeds, regions); found next to the code by default. */
  assetsDir?: string;
  printer?: SheetPrinter;
  /** Written with the "start" line of the operational log (Electron adds its version). */
  startDetails?: Record<string, string>;
}

export interface LocalServices {
  api: YibaoApi;
  /** Closes the database (when the program ends). */
  close(): void;
}

/** Every call answers with the same error: the window shows it instead of failing blank. */
export function unavailableServices(error: ApiError): YibaoApi {
  return apiFromTransport(async () => ({ ok: false, error }));
}

/**
 * Opens the store and the services, with the operational log, a daily backup and the
 * retention purge. A database that cannot be opened (corrupt, read-only, from a newer
 * version) gives services that report why, in Chinese, to every call. A damaged database
 * can still be recovered from the window: the backups are listed and one can be restored
 * (the damaged file is moved aside, never deleted), after which the services are the
 * normal ones. No PIN is asked then: it lives in the damaged file.
 */
export async function openServices(file = defaultDatabasePath(), options: LocalOptions = {}): Promise<YibaoApi> {
  return (await openLocal(file, options)).api;
}

/** openServices, with a way to close the database at the end. */
export async function openLocal(file = defaultDatabasePath(), options: LocalOptions = {}): Promise<LocalServices> {
  const assetsDir = options.assetsDir ?? locateAssets();
  const dataDir = file === ':memory:' ? null : dirname(file);
  const log = new OpLog(dataDir === null ? null : join(dataDir, 'logs', 'yibao.log'));
  setInternalErrorReporter((details) => log.write('internal-error', details));
  // Temporary sheet copies (for PDFs) live in the data folder; those of a killed process go now.
  const tempRoot = dataDir === null ? null : join(dataDir, 'tmp');
  if (tempRoot !== null) removeStaleSheetTemps(tempRoot);
  let store: Store | null = null;
  const close = () => store?.close();
  const open = async (): Promise<Result<YibaoApi>> => {
    try {
      store = await Store.open({ file, assetsDir });
    } catch (error) {
      const result = errorResult(error);
      log.write('open-failed', { code: result.error.code });
      return result;
    }
    log.write('start', { schema: store.schemaVersion, ...options.startDetails });
    // The audit log's chained hash, checked at every start (the 政策库 screen shows a break too).
    const audit = await store.policy.verifyAuditChain();
    if (audit.ok) log.write('audit-verified', { rows: audit.rows });
    else log.write('audit-broken', { first: audit.firstBadId });
    await startHousekeeping(store, log);
    return ok(createServices(store, { log, printer: options.printer ?? chromiumPrinterIn(tempRoot) }));
  };
  const opened = await open();
  if (opened.ok) return { api: opened.value, close };
  const error = opened.error;
  if (error.code !== 'DATABASE_CORRUPT') return { api: unavailableServices(error), close };

  // A damaged file: every call says so, except the two that recover it.
  let current: YibaoApi | null = null;
  const unavailable = unavailableServices({
    ...error,
    message: `${error.message.replace(/，请从备份恢复。$/, '')}：请在“设置 → 数据与备份”中选择一份备份恢复（损坏的文件会另存，不会删除）。`,
  });
  const recovery: YibaoApi = {
    ...unavailable,
    listBackups: async () => ok(listBackupFiles(backupDirFor(file)).map(toBackupView)),
    restoreBackup: async ({ name }) => {
      try {
        const result = recoverDamagedDatabase(file, name, assetsDir);
        log.write('recovered', { restored: result.restored, keptAs: result.keptAs });
        const reopened = await open();
        if (!reopened.ok) return reopened;
        current = reopened.value;
        return ok(result);
      } catch (e) {
        return errorResult(e);
      }
    },
  };
  // Each call goes to whichever services are current (checked again by the table; cheap).
  return { api: apiFromTransport((method, input) => dispatch(current ?? recovery, method, input)), close };
}
