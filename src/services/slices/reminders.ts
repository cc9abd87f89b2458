// 到期提醒: the list of clients whose last day to pay is near, and its CSV for the SMS platform
// (every export written to the operational log; a hall also records the call with the clerk).
import type { ServiceSlice } from '../../api/contract.ts';
import { localTimestamp } from '../clock.ts';
import type { ServiceContext } from '../context.ts';
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
  };
}
