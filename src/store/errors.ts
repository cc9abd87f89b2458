// What is wrong with the database itself, told apart by the driver's typed error codes
// (never by message text), so the services can answer in Chinese with the right code.
import { DatabaseFromFutureError } from './migrate.ts';
export { CaseConflictError } from './ports.ts';

export type StorageProblem =
  | { kind: 'corrupt'; message: string }
  | { kind: 'readonly'; message: string }
  | { kind: 'from-future'; message: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'unsupported'; message: string };

/** What a backend cannot do (a hall database is backed up with PostgreSQL's own tools); the message says what to do instead. */
export class NotSupportedByBackend extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotSupportedByBackend';
  }
}

/** The database server could not be reached or dropped the connection (store/pg/pool.ts tells it apart). */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('database unavailable', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** PostgreSQL's SQLSTATE classes and codes that mean "the server cannot be reached right now". */
const PG_UNAVAILABLE = /^(08|57P0[1-3]|53300)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

/** The database problem behind an error, or null when the error is something else. */
export function storageProblem(error: unknown): StorageProblem | null {
  if (error instanceof DatabaseFromFutureError) return { kind: 'from-future', message: error.message };
  if (error instanceof NotSupportedByBackend) return { kind: 'unsupported', message: error.message };
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (error instanceof DatabaseUnavailableError || NETWORK_CODES.has(code) || PG_UNAVAILABLE.test(code))
    return { kind: 'unavailable', message: '暂时无法连接服务大厅数据库，本次操作未完成；请稍后重试。如持续出现，请联系管理员。' };
  if (code === '25006') return { kind: 'readonly', message: '数据库是只读的，无法保存；请联系管理员。' };
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return { kind: 'corrupt', message: `数据库文件已损坏（${code}），请从备份恢复。` };
  if (code === 'SQLITE_READONLY') return { kind: 'readonly', message: '数据库是只读的，无法保存；请检查文件权限或磁盘空间。' };
  return null;
}
