// What is wrong with the database itself, told apart by the driver's typed error codes
// (never by message text), so the services can answer in Chinese with the right code.
import { DatabaseFromFutureError } from './migrate.ts';

export type StorageProblem =
  { kind: 'corrupt'; message: string } | { kind: 'readonly'; message: string } | { kind: 'from-future'; message: string };

/** The database problem behind an error, or null when the error is something else. */
export function storageProblem(error: unknown): StorageProblem | null {
  if (error instanceof DatabaseFromFutureError) return { kind: 'from-future', message: error.message };
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return { kind: 'corrupt', message: `数据库文件已损坏（${code}），请从备份恢复。` };
  if (code === 'SQLITE_READONLY') return { kind: 'readonly', message: '数据库是只读的，无法保存；请检查文件权限或磁盘空间。' };
  return null;
}
