// 统计: a hall's days in figures, and the same as an .xlsx workbook (every export written to the
// operational log; a hall also records the call with the clerk).
import type { ServiceSlice } from '../../api/contract.ts';
import { localTimestamp } from '../clock.ts';
import type { ServiceContext } from '../context.ts';
import { guard } from '../errors.ts';
import { loadSettings } from '../settings.ts';
import { hallStatistics, statisticsWorkbook } from '../statistics.ts';

export function statisticsServices({ repos, log, clock }: ServiceContext): ServiceSlice<'statistics'> {
  return {
    // 核算案件: the day is the services' own (local), the clerk and counter the settings' (a hall: the session's).
    noteAssessment: (input) =>
      guard(async () => {
        const now = clock();
        const { clerkName, counterNumber } = await loadSettings(repos);
        await repos.assessments.note({
          ...input,
          day: localTimestamp(now).slice(0, 10),
          lastAt: now.toISOString(),
          clerk: clerkName,
          counter: counterNumber,
        });
        return null;
      }),
    statistics: (query) => guard(() => hallStatistics(repos, query)),
    exportStatistics: (query) =>
      guard(async () => {
        const view = await hallStatistics(repos, query);
        const xlsx = await statisticsWorkbook(view);
        log.write('statistics-export', { from: view.from, to: view.to, counter: view.counter, clerk: view.clerk, sheets: view.sheets });
        const scope = view.counter ? `-${view.counter}号窗口` : '';
        return { fileName: `统计-${view.from}至${view.to}${scope}.xlsx`, xlsxBase64: xlsx.toString('base64'), view };
      }),
  };
}
