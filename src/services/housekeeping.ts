// What runs by itself once the store is open: the retention purge (at start and when the
// setting changes) and a daily backup checked every hour, off the start-up path.
import type { Repositories } from '../store/ports.ts';
import type { OpLog } from './log.ts';
import { loadSettings } from './settings.ts';

/** Purges saved cases older than the retention setting; how many. */
export async function purgeExpiredCases(repos: Pick<Repositories, 'cases' | 'settings'>, now = new Date()): Promise<number> {
  const days = (await loadSettings(repos)).retentionDays ?? 0;
  return days ? repos.cases.purgeOlderThan(new Date(now.getTime() - days * 86_400_000).toISOString()) : 0;
}

export async function startHousekeeping(repos: Pick<Repositories, 'cases' | 'settings' | 'backups'>, log: OpLog): Promise<void> {
  const purged = await purgeExpiredCases(repos);
  if (purged) log.write('retention-purge', { purged });
  const daily = () =>
    void repos.backups
      .daily()
      .then((made) => made && log.write('backup', { kind: 'daily' }))
      .catch(() => log.write('backup-failed', {}));
  daily();
  setInterval(daily, 3600_000).unref();
}
