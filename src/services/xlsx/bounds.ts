// Limits an XLSX statement must keep before it is parsed (issue 22, finding 14: a 1.5 MB file
// holding 100 MB of XML took ~1 GB and blocked other clerks for seconds). The workbook is a ZIP:
// its entries are inflated here with a hard cap on what they may grow to (zlib's maxOutputLength,
// so a "zip bomb" that lies about its sizes is stopped at the cap, never inflated whole), and the
// cells of its worksheets are counted. Only a workbook within both limits is handed to the parser.
import { inflateRawSync } from 'node:zlib';

export const XLSX_LIMITS = {
  /** All entries together, inflated: a real contribution statement is a few hundred KB. */
  uncompressedBytes: 20 * 1024 * 1024,
  /** Cells of all worksheets: decades of monthly rows with a dozen columns are a few thousand. */
  cells: 100_000,
} as const;

const MB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const REDO = '请只导出缴费明细本身（或另存为 CSV）后再导入。';
export const TOO_LARGE = `该 XLSX 文件解压后超过 ${MB(XLSX_LIMITS.uncompressedBytes)}（导入上限），未读取：${REDO}`;
export const TOO_MANY_CELLS = `该 XLSX 文件的单元格超过 ${XLSX_LIMITS.cells.toLocaleString('en-US')} 个（导入上限），未读取：${REDO}`;
export const NOT_XLSX = '无法读取该 XLSX 文件：文件已损坏，或不是 Excel 工作簿（.xlsx）';

/**
 * Whether the bytes are shaped like a ZIP at all (its end record and directory entries found),
 * without inflating anything: cheap enough for the thread that answers calls, so random bytes
 * are refused at once without starting a worker.
 */
export function zipShapeProblem(bytes: Uint8Array): string | null {
  return walk(bytes, () => null);
}

/** Why the workbook is refused before parsing (in Chinese), or null when it is within the limits. */
export function xlsxProblem(bytes: Uint8Array): string | null {
  let budget = XLSX_LIMITS.uncompressedBytes;
  let cells = 0;
  return walk(bytes, (name, method, data) => {
    let inflated: Buffer;
    if (method === 0) inflated = data;
    else if (method === 8) {
      try {
        inflated = inflateRawSync(data, { maxOutputLength: budget + 1 });
      } catch (error) {
        if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return TOO_LARGE;
        return NOT_XLSX;
      }
    } else return NOT_XLSX;
    budget -= inflated.length;
    if (budget < 0) return TOO_LARGE;
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
      cells += countCells(inflated);
      if (cells > XLSX_LIMITS.cells) return TOO_MANY_CELLS;
    }
    return null;
  });
}

/** Walks the ZIP's central directory, handing each entry's stored bytes to `entry` (a problem stops the walk). */
function walk(bytes: Uint8Array, entry: (name: string, method: number, data: Buffer) => string | null): string | null {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (zip.length < 22) return NOT_XLSX;
  // The end of central directory record: in the last 22 bytes + at most a 64 KB comment.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--)
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) return NOT_XLSX;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return NOT_XLSX;
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    // ZIP64 (sizes that do not fit 32 bits) has no place in a statement.
    if (compressed === 0xffffffff || local === 0xffffffff) return TOO_LARGE;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) return NOT_XLSX;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + compressed > zip.length) return NOT_XLSX;
    const problem = entry(name, method, zip.subarray(start, start + compressed));
    if (problem) return problem;
  }
  return null;
}

/** `<c>` and `<c …>` elements (a worksheet's cells), counted on the bytes. */
function countCells(xml: Buffer): number {
  let count = 0;
  for (let i = xml.indexOf('<c'); i >= 0; i = xml.indexOf('<c', i + 2)) {
    const next = xml[i + 2];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) count++;
  }
  return count;
}
