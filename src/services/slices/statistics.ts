// 统计: a hall's days in figures, and the same as an .xlsx workbook (every export written to the
// operational log; a hall also records the call with the clerk).
import type { ServiceSlice } from '../../api/contract.ts';
import type { ServiceContext } from '../context.ts';
import { guard } from '../errors.ts';
import { hallStatistics, statisticsWorkbook } from '../statistics.ts';

export function statisticsServices({ repos, log }: ServiceContext): ServiceSlice<'statistics'> {
  return {
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
