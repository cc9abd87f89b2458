// `yibao reminders --within 14 [--csv FILE] [--as-of DATE] [--json]`: the saved clients whose last
// day to pay (or a resident's enrolment window) ends within N days, as of today or the date
// given; with --csv, the file for the office's SMS platform (UTF-8 with BOM), logged beside
// the database like the window's exports.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReminderList } from '../api/contract.ts';
import { ServiceError } from '../api/result.ts';
import { parseDate } from '../core/calendar.ts';
import { OpLog } from '../services/log.ts';
import { createServices } from '../services/services.ts';
import { openStore, UsageError, type Args } from './args.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

function listText(list: ReminderList): string {
  const head = `截至 ${list.asOf}，${list.within} 天内（到 ${list.within} 天后为止）缴费期限届满的客户：${list.rows.length} 位（共核对 ${list.checked} 位客户）`;
  const lines = list.rows.map(
    (r) =>
      `${r.deadline}（${r.daysLeft === 0 ? '今天' : `还有 ${r.daysLeft} 天`}）  ${r.personName}  ${r.idNumberMasked ?? '（无身份证号）'}  ${r.phoneMasked ?? '（未留电话）'}  ${r.regionName}  ${r.kindText}`,
  );
  const skipped = [
    ...(list.markedPaid ? [`另有 ${list.markedPaid} 位已标记已缴，未列出。`] : []),
    ...(list.unassessable ? [`另有 ${list.unassessable} 个已保存案件未通过校验，无法核算，请在“案件”中打开修改。`] : []),
  ];
  return [head, ...lines, ...skipped].join('\n');
}

export async function runRemindersCommand(args: Args): Promise<number> {
  if (args.positional.length > 1) throw new UsageError(`多余的参数 ${args.positional[1]}`);
  const withinText = args.values.within ?? '14';
  const within = Number(withinText);
  if (!/^\d+$/.test(withinText) || within < 1 || within > 366) throw new UsageError(`--within 应为 1 到 366 的天数，收到 "${withinText}"`);
  const asOf = args.values['as-of'] ?? null;
  if (asOf !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || parseDate(asOf) === null))
    throw new UsageError(`--as-of 应为真实的日期 YYYY-MM-DD，收到 "${asOf}"`);
  const store = await openStore(args);
  try {
    const api = createServices(store, { log: new OpLog(join(dirname(store.file), 'logs', 'yibao.log')) });
    const file = args.values.csv;
    const result = file ? await api.exportReminders({ within, asOf }) : await api.reminders({ within, asOf });
    if (!result.ok) throw new ServiceError(result.error.code, result.error.message);
    const list = 'list' in result.value ? result.value.list : result.value;
    if (args.values.json) out(JSON.stringify(list, null, 2));
    else out(listText(list));
    if (file && 'csv' in result.value) {
      writeFileSync(file, result.value.csv, 'utf8');
      const { rows, withoutPhone } = result.value;
      out(`已写入短信平台文件 ${resolve(file)}：${rows} 位客户${withoutPhone ? `；${withoutPhone} 位未留联系电话，未写入` : ''}`);
    }
    return 0;
  } finally {
    store.close();
  }
}
