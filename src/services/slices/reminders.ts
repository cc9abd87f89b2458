// 到期提醒: the list of clients whose last day to pay is near, and its CSV for the SMS platform
// (every export written to the operational log; a hall also records the call with the clerk).
import type { ServiceSlice } from '../../api/contract.ts';
import { ServiceError } from '../../api/result.ts';
import { localTimestamp } from '../clock.ts';
import { CASE_MISSING, found as foundOr, type ServiceContext } from '../context.ts';
import { guard } from '../errors.ts';
import { dueClients, remindersCsv, toList } from '../reminders.ts';
import { loadSettings } from '../settings.ts';

export function reminderServices({ repos, log, clock }: ServiceContext): ServiceSlice<'reminders'> {
  const today = (asOf: string | null | undefined) => asOf ?? localTimestamp(clock()).slice(0, 10);
  const find = async (asOf: string | null | undefined, within: number) => {
    const day = today(asOf);
    const office = (await loadSettings(repos)).officeName;
    return { day, found: await dueClients(repos, { today: day, within, office }) };
  };
  return {
    reminders: ({ within, asOf }) =>
      guard(async () => {
        const { day, found } = await find(asOf, within);
        return toList(day, within, found);
      }),
    exportReminders: ({ within, asOf }) =>
      guard(async () => {
        const { day, found } = await find(asOf, within);
        const { csv, rows, withoutPhone } = remindersCsv(found.clients);
        log.write('reminders-export', { asOf: day, within, rows, withoutPhone });
        return { fileName: `到期提醒-${day}-${within}天.csv`, csv, rows, withoutPhone, list: toList(day, within, found) };
      }),
    markReminderPaid: ({ caseId, version, paid }) =>
      guard(async () => {
        if (!paid) {
          await repos.cases.clearPaymentMark(caseId);
          log.write('reminder-paid', { case: caseId, paid: false });
          return null;
        }
        const saved = foundOr(await repos.cases.get(caseId), CASE_MISSING);
        if (saved.version !== version)
          throw new ServiceError('CONFLICT', `该客户的案件已在别处修改（现为第 ${saved.version} 版），未标记；请重新查询后再标记。`);
        const { clerkName, counterNumber } = await loadSettings(repos);
        const [sheet] = await repos.sheets.listForCase(caseId);
        const mark = {
          caseId,
          caseVersion: version,
          sheetNumber: sheet?.number ?? null,
          markedAt: clock().toISOString(),
          markedBy: clerkName,
          markedCounter: counterNumber,
        };
        foundOr((await repos.cases.setPaymentMark(mark)) || null, CASE_MISSING);
        log.write('reminder-paid', { case: caseId, paid: true, sheet: mark.sheetNumber });
        return null;
      }),
  };
}
