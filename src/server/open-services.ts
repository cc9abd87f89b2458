// Opens the user's store and the services on it (shared by `npm start`, `npm run dev`
// and the Playwright web server).
import { dirname, join } from 'node:path';
import type { ApiError, Result, YibaoApi } from '../api/contract.ts';
import { API_METHODS } from '../api/contract.ts';
import { OpLog } from '../services/log.ts';
import { createServices, errorResult, purgeExpiredCases } from '../services/services.ts';
import { defaultDatabasePath } from '../store/paths.ts';
import { Store } from '../store/store.ts';

/** Every call answers with the same error: the window shows it instead of failing blank. */
export function unavailableServices(error: ApiError): YibaoApi {
  const api = {} as Record<string, () => Promise<Result<never>>>;
  for (const method of API_METHODS) api[method] = async () => ({ ok: false, error });
  return api as unknown as YibaoApi;
}

/**
 * Opens the store and the services, with the operational log, a daily backup and the
 * retention purge. A database that cannot be opened (corrupt, read-only, from a newer
 * version) gives services that report why, in Chinese, to every call.
 */
export function openServices(file = defaultDatabasePath()): YibaoApi {
  const log = new OpLog(file === ':memory:' ? null : join(dirname(file), 'logs', 'yibao.log'));
  let store: Store;
  try {
    store = new Store({ file });
  } catch (error) {
    const result = errorResult(error);
    log.write('open-failed', { code: result.ok ? '' : result.error.code });
    return unavailableServices(result.ok ? { code: 'INTERNAL', message: '无法打开数据库' } : result.error);
  }
  log.write('start', { schema: store.schemaVersion });
  const purged = purgeExpiredCases(store);
  if (purged) log.write('retention-purge', { purged });
  const daily = () => void store.dailyBackup().then((f) => f && log.write('backup', { kind: 'daily' })).catch(() => log.write('backup-failed', {}));
  daily();
  setInterval(daily, 3600_000).unref();
  return createServices(store, { log });
}
