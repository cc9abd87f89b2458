// Contribution statements (缴费明细/参保证明) exported as CSV or XLSX → history rows,
// each with its own errors, for a preview the clerk confirms. Nothing is guessed or
// defaulted: a cell that cannot be read (or a 险种 / 缴费状态 the file does not give)
// makes its row unreadable, with the reason.
import Papa from 'papaparse';
import type { StatementPreview, StatementRow } from '../api/contract.ts';
import { nextMonthText, readAmount, readMonth, readScheme, readStatus } from '../core/import-cells.ts';
import type { RegionDirectory } from '../core/regions.ts';
import { readStatementSheet } from './xlsx/thread.ts';

/** Header names seen on statements → our field. Matching ignores spaces and case. */
const COLUMNS: Record<string, 'from' | 'to' | 'scheme' | 'status' | 'base' | 'region'> = {
  from: 'from',
  开始: 'from',
  开始月份: 'from',
  起始月份: 'from',
  起始年月: 'from',
  开始年月: 'from',
  缴费起始: 'from',
  起: 'from',
  费款所属期起: 'from',
  to: 'to',
  结束: 'to',
  结束月份: 'to',
  截止月份: 'to',
  终止年月: 'to',
  结束年月: 'to',
  缴费截止: 'to',
  止: 'to',
  费款所属期止: 'to',
  month: 'from',
  月份: 'from',
  费款所属期: 'from',
  缴费年月: 'from',
  缴费月份: 'from',
  所属期: 'from',
  scheme: 'scheme',
  险种: 'scheme',
  险种类型: 'scheme',
  险种名称: 'scheme',
  险种类别: 'scheme',
  参保险种: 'scheme',
  缴费险种: 'scheme',
  参保类型: 'scheme',
  参保类别: 'scheme',
  参保身份: 'scheme',
  人员类别: 'scheme',
  参保人员类别: 'scheme',
  缴费类型: 'scheme',
  status: 'status',
  状态: 'status',
  缴费状态: 'status',
  到账状态: 'status',
  缴费标志: 'status',
  到账标志: 'status',
  征收状态: 'status',
  base: 'base',
  基数: 'base',
  缴费基数: 'base',
  月缴费基数: 'base',
  缴费工资: 'base',
  缴费工资基数: 'base',
  region: 'region',
  地区: 'region',
  参保地: 'region',
  统筹区: 'region',
  参保地代码: 'region',
  参保地区: 'region',
  缴费地区: 'region',
  行政区划代码: 'region',
};

function norm(header: unknown): string {
  return String(header ?? '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

const FIELD_ZH = { scheme: '险种', status: '缴费状态' } as const;

function toRows(fileName: string, table: unknown[][], regions: RegionDirectory): StatementPreview {
  const errors: string[] = [];
  const nonEmpty = table.filter((r) => r.some((c) => String(c ?? '').trim() !== ''));
  const [headerCells, ...body] = nonEmpty;
  if (!headerCells) return { fileName, rows: [], errors: ['文件中没有数据'] };
  const header = headerCells.map(norm);
  const columns = header.map((h) => COLUMNS[h] ?? null);
  const unknown = header.filter((h, i) => h && !columns[i]);
  if (!columns.includes('from')) {
    return {
      fileName,
      rows: [],
      errors: [`找不到“开始月份”（或“费款所属期”）列；表头为：${headerCells.map((c) => String(c ?? '')).join('、')}`],
    };
  }
  if (unknown.length) errors.push(`以下列未使用：${unknown.join('、')}`);
  for (const field of ['scheme', 'status'] as const) {
    if (!columns.includes(field))
      errors.push(`文件中没有“${FIELD_ZH[field]}”列：各行的${FIELD_ZH[field]}无法确定，不能导入；请在表中补上这一列，或手工录入`);
  }
  const rows: StatementRow[] = body.map((cells, i) => {
    const row = i + 1;
    const problems: string[] = [];
    const get = (field: string) => {
      const index = columns.indexOf(field as never);
      return index === -1 ? undefined : cells[index];
    };
    const blank = (value: unknown) => value === undefined || String(value ?? '').trim() === '';
    const from = readMonth(get('from'));
    const toRaw = get('to');
    const to = blank(toRaw) ? from : readMonth(toRaw);
    if (!from) problems.push(`开始月份无法识别：“${String(get('from') ?? '')}”`);
    if (!blank(toRaw) && !to) problems.push(`结束月份无法识别：“${String(toRaw)}”`);
    const schemeRaw = get('scheme');
    const scheme = readScheme(schemeRaw);
    if (schemeRaw === undefined) problems.push('未注明险种');
    else if (blank(schemeRaw)) problems.push('险种为空');
    else if (!scheme) problems.push(`险种无法识别：“${String(schemeRaw)}”（应为职工/灵活就业/居民医保）`);
    const statusRaw = get('status');
    const status = readStatus(statusRaw);
    if (statusRaw === undefined) problems.push('未注明缴费状态');
    else if (blank(statusRaw)) problems.push('缴费状态为空');
    else if (!status) problems.push(`缴费状态无法识别：“${String(statusRaw)}”（应为已缴/欠费）`);
    const baseRaw = get('base');
    let base: number | null = null;
    if (!blank(baseRaw)) {
      base = readAmount(baseRaw);
      if (base === null) problems.push(`缴费基数无法识别：“${String(baseRaw)}”`);
    }
    const regionRaw = get('region');
    const region = blank(regionRaw) ? null : regions.resolve(String(regionRaw));
    if (region && !region.ok) problems.push(region.message);
    return {
      row,
      entry:
        problems.length === 0 && from && to && scheme && status
          ? { from, to, scheme, status, base, region: region?.ok ? region.code : null }
          : null,
      errors: problems,
    };
  });
  return { fileName, rows: mergeMonthly(rows), errors };
}

/** Statements often list one row per month: merge consecutive identical months into ranges. */
function mergeMonthly(rows: StatementRow[]): StatementRow[] {
  const out: StatementRow[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    const e = r.entry;
    const le = last?.entry;
    if (
      e &&
      le &&
      last.errors.length === 0 &&
      e.from === e.to &&
      le.scheme === e.scheme &&
      le.status === e.status &&
      le.base === e.base &&
      le.region === e.region &&
      nextMonthText(le.to) === e.from
    ) {
      le.to = e.to;
      continue;
    }
    out.push({ ...r, entry: e ? { ...e } : null });
  }
  return out;
}

export async function parseStatement(fileName: string, bytes: Uint8Array, regions: RegionDirectory): Promise<StatementPreview> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    // The first sheet of the workbook is the statement: checked against the import limits and
    // read in a thread of its own (issue 22, finding 14).
    const read = await readStatementSheet(bytes);
    if ('problem' in read) return { fileName, rows: [], errors: [read.problem] };
    return toRows(fileName, read.table, regions);
  }
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    let text = new TextDecoder('utf-8').decode(bytes);
    // Spreadsheet programs in China often save CSV as GB18030/GBK.
    if (text.includes('\uFFFD')) text = new TextDecoder('gb18030').decode(bytes);
    const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
    return toRows(fileName, parsed.data, regions);
  }
  return { fileName, rows: [], errors: ['只支持 CSV 或 XLSX 文件（.csv / .xlsx）'] };
}
