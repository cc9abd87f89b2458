// Opens the user's store and the services on it (shared by `npm start`, `npm run dev`
// and the Playwright web server).
import { dirname, join } from 'node:path';
import type { ApiError, Result, YibaoApi } from '../api/contract.ts';
import { API_METHODS } from '../api/contract.ts';
import { OpLog } from '../services/log.ts';
import { createServices, errorResult, startHousekeeping, toBackupView } from '../services/services.ts';
import { defaultDatabasePath } from '../store/paths.ts';
import { backupDirFor, listBackupFiles, recoverDamagedDatabase, Store } from '../store/store.ts';

/** Every call answers with the same error: the window shows it instead of failing blank. */
export function unavailableServices(error: ApiError): YibaoApi {
  const api = {} as Record<string, () => Promise<Result<never>>>;
  for (const method of API_METHODS) api[method] = async () => ({ ok: false, error });
  return api as unknown as YibaoApi;
}

/**
 * Opens the store and the services, with the operational log, a daily backup and the
 * retention purge. A database that cannot be opened (corrupt, read-only, from a newer
 * version) gives services that report why, in Chinese, to every call. A damaged database
 * can still be recovered from the window: the backups are listed and one can be restored
 * (the damaged file is moved aside, never deleted), after which the services are the
 * normal ones. No PIN is asked then: it lives in the damaged file.
 */
export async function openServices(file = defaultDatabasePath()): Promise<YibaoApi> {
  const log = new OpLog(file === ':memory:' ? null : join(dirname(file), 'logs', 'yibao.log'));
  const opened = await openStore(file, log);
  if (opened.ok) return opened.value;
  const error = opened.error;
  if (error.code !== 'DATABASE_CORRUPT') return unavailableServices(error);

  let current: YibaoApi | null = null;
  const recovery: Partial<YibaoApi> = {
    listBackups: async () => ({ ok: true, value: listBackupFiles(backupDirFor(file)).map(toBackupView) }),
    restoreBackup: async ({ name }) => {
      try {
        const result = recoverDamagedDatabase(file, name);
        log.write('recovered', { restored: result.restored, keptAs: result.keptAs });
        const reopened = await openStore(file, log);
        if (!reopened.ok) return reopened;
        current = reopened.value;
        return { ok: true, value: result };
      } catch (e) {
        return errorResult(e);
      }
    },
  };
  const unavailable = unavailableServices({
    ...error,
    message: `${error.message.replace(/，请从备份恢复。$/, '')}：请在“设置 → 数据与备份”中选择一份备份恢复（损坏的文件会另存，不会删除）。`,
  });
  const api = {} as Record<string, (input?: unknown) => Promise<unknown>>;
  for (const method of API_METHODS) {
    api[method] = (input?: unknown) => {
      const target = (current ?? { ...unavailable, ...recovery }) as unknown as Record<string, (input?: unknown) => Promise<unknown>>;
      return target[method]!(input);
    };
  }
  return api as unknown as YibaoApi;
}

async function openStore(file: string, log: OpLog): Promise<Result<YibaoApi>> {
  let store: Store;
  try {
    store = await Store.open({ file });
  } catch (error) {
    const result = errorResult(error);
    log.write('open-failed', { code: result.error.code });
    return result;
  }
  log.write('start', { schema: store.schemaVersion });
  startHousekeeping(store, log);
  return { ok: true, value: createServices(store, { log }) };
}
