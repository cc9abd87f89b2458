// 数据与备份: backups and restore, the retention period, one client's export and erasure.
import type { BackupView, ServiceSlice } from '../../api/contract.ts';
import { ServiceError } from '../../api/result.ts';
import { normalizeIdNumber } from '../../core/idcard.ts';
import type { BackupInfo, SheetRow } from '../../store/ports.ts';
import { localTimestamp } from '../clock.ts';
import { withPin, type ServiceContext } from '../context.ts';
import { guard } from '../errors.ts';
import { purgeExpiredCases } from '../housekeeping.ts';
import { saveSettings } from '../settings.ts';

/** What the window shows of a backup (not its path). */
export const toBackupView = ({ name, kind, createdAt, bytes }: BackupInfo): BackupView => ({ name, kind, createdAt, bytes });

export function dataServices(ctx: ServiceContext): ServiceSlice<'data'> {
  const { repos, log } = ctx;
  return {
    listBackups: () => guard(async () => (await repos.backups.list()).map(toBackupView)),
    backupNow: () =>
      guard(async () => {
        const info = await repos.backups.backup('manual');
        if (!info) throw new ServiceError('INTERNAL', '内部错误：内存数据库不能备份');
        log.write('backup', { kind: 'manual', name: info.name });
        return toBackupView(info);
      }),
    restoreBackup: ({ name, pin }) =>
      withPin(ctx, pin, () =>
        guard(async () => {
          const result = await repos.backups.restore(name);
          log.write('restore', { restored: result.restored, keptAs: result.keptAs });
          return result;
        }),
      ),
    setRetention: ({ days, pin }) =>
      withPin(ctx, pin, () =>
        guard(async () => {
          await saveSettings(repos, (current) => ({ ...current, retentionDays: days }));
          const purged = await purgeExpiredCases(repos);
          log.write('retention', { days, purged });
          return { days, purged };
        }),
      ),
    exportClientData: (idNumber) =>
      guard(async () => {
        const rows = await repos.cases.byIdNumber(idNumber);
        // The sheets of their cases and every sheet issued for their ID number (also without a case).
        const found = new Map<string, SheetRow>();
        for (const row of rows) for (const s of await repos.sheets.listForCase(row.id)) found.set(s.number, s);
        for (const s of await repos.sheets.listForClient(idNumber)) found.set(s.number, s);
        const sheets = [];
        for (const s of found.values()) {
          const prints = (await repos.sheets.printEvents(s.number)).map(({ at, kind, clerk }) => ({ at, kind, clerk }));
          sheets.push({ number: s.number, issuedAt: s.issuedAt, contentHash: s.contentHash, html: s.html, prints });
        }
        log.write('client-export', { cases: rows.length, sheets: sheets.length });
        return {
          format: 'yibao-client-export/1' as const,
          idNumber: normalizeIdNumber(idNumber),
          exportedAt: localTimestamp(),
          cases: rows.map((r) => ({ id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt, caseFile: r.caseFile })),
          sheets,
        };
      }),
    deleteClientData: ({ idNumber, pin, purgeBackups }) =>
      withPin(ctx, pin, () =>
        guard(async () => {
          const { cases, sheets, draft } = await repos.cases.deleteClient(idNumber);
          // Backups made before still hold the client until they age out, unless purged too.
          const backups = purgeBackups ? await repos.backups.eraseClient(idNumber) : null;
          log.write('client-delete', {
            cases,
            sheets,
            draft,
            backupsCleaned: backups?.cleaned ?? null,
            backupsRemoved: backups?.removed ?? null,
          });
          return { cases, sheets, backups };
        }),
      ),
  };
}
