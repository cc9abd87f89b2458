// Rows a clerk pastes into the history grid from a spreadsheet, read as the clerk meant: by
// the header's words when there is a header, else by what each cell is (a month, an amount,
// a scheme, a status, a region), so the grid's own column order (开始, 结束, 月缴费基数, 险种,
// 状态, 参保地) and a statement's (开始, 结束, 险种, 状态, 基数) both read. A cell that is none
// of these stays as typed in the grid's column at its place, for the validator to name at the
// row: never dropped, never defaulted.
import { halfWidth, readAmount, readMonth, readScheme, readStatus } from '../../core/import-cells.ts';
import type { RegionDirectory } from '../../core/regions.ts';
import type { HistoryRow } from './form-snapshot.ts';
import { regionCode } from './form-text.ts';

type Field = 'from' | 'to' | 'base' | 'scheme' | 'status' | 'region';
export type PastedRow = Pick<HistoryRow, Field>;

/** The grid's columns, left to right (a cell nothing else claims goes to its column here). */
const GRID_ORDER: readonly Field[] = ['from', 'to', 'base', 'scheme', 'status', 'region'];

/** Header words, as the grid and common statements name the columns. */
const HEADER_WORDS: ReadonlyArray<[RegExp, Field]> = [
  [/结束|截止|止$|终止/, 'to'],
  [/开始|起始|起$|缴费月份|所属期/, 'from'],
  [/基数|工资|金额/, 'base'],
  [/险种|类型|类别/, 'scheme'],
  [/状态|标志|到账/, 'status'],
  [/参保地|地区|统筹区|城市/, 'region'],
];

function headerField(cell: string): Field | null {
  for (const [re, field] of HEADER_WORDS) if (re.test(cell)) return field;
  return null;
}

const isMonth = (cell: string) => readMonth(cell) !== null;

/** One cell read as a field's value (the grid's text for it). */
function value(field: Field, cell: string, directory: RegionDirectory): string {
  switch (field) {
    case 'from':
    case 'to':
      return readMonth(cell) ?? cell;
    case 'base': {
      const amount = readAmount(cell);
      return amount === null ? cell : String(amount);
    }
    case 'scheme':
      return readScheme(cell) ?? cell;
    case 'status':
      return readStatus(cell) ?? cell;
    case 'region':
      return regionCode(cell, directory);
  }
}

/** What a cell is by its content, or null when it reads as none of the fields. */
function kindOf(cell: string, directory: RegionDirectory): Field | null {
  if (/\d/.test(cell) && readAmount(cell) !== null) return 'base';
  if (readStatus(cell) !== null) return 'status';
  if (readScheme(cell) !== null) return 'scheme';
  if (directory.resolve(cell)?.ok) return 'region';
  return null;
}

function byContent(cells: string[], directory: RegionDirectory): Partial<PastedRow> {
  const row: Partial<PastedRow> = {};
  const [from = '', to = ''] = cells;
  if (from) row.from = value('from', from, directory);
  row.to = to ? value('to', to, directory) : row.from;
  const unclaimed: Array<[number, string]> = [];
  cells.slice(2).forEach((cell, i) => {
    if (!cell) return;
    const kind = kindOf(cell, directory);
    if (kind && row[kind] === undefined) row[kind] = value(kind, cell, directory);
    else unclaimed.push([i + 2, cell]);
  });
  // A cell that is none of the fields stays as typed, in its column if that field is still empty.
  for (const [index, cell] of unclaimed) {
    const field = GRID_ORDER[index];
    if (field && row[field] === undefined) row[field] = cell;
  }
  return row;
}

/** Reads pasted text (tab-separated lines, with or without a header) as grid rows. */
export function readPastedRows(text: string, directory: RegionDirectory): PastedRow[] {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => l.split('\t').map((c) => halfWidth(c).trim()));
  const [first] = lines;
  if (!first) return [];
  let header: Array<Field | null> | null = null;
  if (!isMonth(first[0] ?? '')) {
    lines.shift();
    const fields = first.map(headerField);
    if (fields.includes('from')) header = fields;
  }
  return lines.map((cells) => {
    let row: Partial<PastedRow>;
    if (header) {
      row = {};
      cells.forEach((cell, i) => {
        const field = header[i];
        if (field && cell && row[field] === undefined) row[field] = value(field, cell, directory);
      });
      row.to ??= row.from;
    } else row = byContent(cells, directory);
    return {
      from: row.from ?? '',
      to: row.to ?? '',
      base: row.base ?? '',
      scheme: row.scheme ?? 'employee',
      status: row.status ?? 'paid',
      region: row.region ?? '',
    };
  });
}
