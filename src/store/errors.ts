// What is wrong with the database itself, told apart by the driver's typed error codes and
// the operating system's error codes (never by message text), so the services can answer in
// Chinese, saying what to do, with the right code.
import type { CaseRow } from './ports.ts';

export type StorageKind = 'corrupt' | 'readonly' | 'from-future' | 'full' | 'busy' | 'unavailable' | 'unsupported';

export interface StorageProblem {
  kind: StorageKind;
  message: string;
}

/** A database written by a newer program: refused before anything is written, never downgraded. */
export class DatabaseFromFutureError extends Error {
  readonly fileVersion: number;
  readonly appVersion: number;
  constructor(fileVersion: number, appVersion: number) {
    super(
      `数据库版本 ${fileVersion} 高于本程序支持的版本 ${appVersion}：该数据库由更新版本的医保续缴核算台创建，请升级程序后再打开（本程序不会降级数据库）。`,
    );
    this.fileVersion = fileVersion;
    this.appVersion = appVersion;
  }
}

/** A save that named the version it started from, when the case has been saved since (another counter). */
export class CaseConflictError extends Error {
  /** The case as saved now. */
  readonly current: CaseRow;
  constructor(current: CaseRow) {
    super(`案件已在别处保存为第 ${current.version} 版`);
    this.name = 'CaseConflictError';
    this.current = current;
  }
}

/** A username that is already taken. */
export class AccountExistsError extends Error {}

/** A problem the store explains itself, in Chinese, to the clerk (a missing backup, a folder given as the database, …). */
export class StoreError extends Error {
  readonly kind: StorageKind | 'not-found' | 'invalid' | 'damaged-data';
  constructor(kind: StoreError['kind'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreError';
    this.kind = kind;
  }
}

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

const codeOf = (error: unknown): string => (error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '');

export const FULL_MESSAGE =
  '磁盘空间已满，这次没有保存：请清理磁盘（删除不需要的文件或旧的导出文件）或请管理员扩充空间后重试；窗口中已输入的内容不会丢失。';
const READONLY_MESSAGE =
  '数据库是只读的，无法保存：请检查数据库文件和所在文件夹的写入权限，或磁盘是否被设为只读；窗口中已输入的内容不会丢失。';

/** The database problem behind an error, or null when the error is something else. */
export function storageProblem(error: unknown): StorageProblem | null {
  if (error instanceof DatabaseFromFutureError) return { kind: 'from-future', message: error.message };
  if (error instanceof NotSupportedByBackend) return { kind: 'unsupported', message: error.message };
  if (error instanceof StoreError) {
    const { kind } = error;
    return kind === 'not-found' || kind === 'invalid' || kind === 'damaged-data' ? null : { kind, message: error.message };
  }
  const code = codeOf(error);
  if (error instanceof DatabaseUnavailableError || NETWORK_CODES.has(code) || PG_UNAVAILABLE.test(code))
    return { kind: 'unavailable', message: '暂时无法连接服务大厅数据库，本次操作未完成；请稍后重试。如持续出现，请联系管理员。' };
  // PostgreSQL: a row lock not had within lock_timeout (55P03), or a statement past statement_timeout (57014).
  if (code === '55P03' || code === '57014')
    return {
      kind: 'busy',
      message:
        '服务大厅数据库繁忙：这条记录正被另一个窗口保存，或数据库一时未能完成，等待超时，这次没有保存。请稍后重试；窗口中已输入的内容不会丢失。',
    };
  if (code === '25006') return { kind: 'readonly', message: '数据库是只读的，无法保存；请联系管理员。' };
  // PostgreSQL: disk full (53100).
  if (code === '53100') return { kind: 'full', message: '服务大厅数据库的磁盘空间已满，这次没有保存：请联系管理员清理或扩充空间后重试。' };
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return { kind: 'corrupt', message: `数据库文件已损坏（${code}），请从备份恢复。` };
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return { kind: 'readonly', message: READONLY_MESSAGE };
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return { kind: 'full', message: FULL_MESSAGE };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return {
      kind: 'busy',
      message: '数据库正被另一个程序占用（例如另一个窗口或命令行），这次没有保存：请稍后再试；窗口中已输入的内容不会丢失。',
    };
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR') || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR')
    return {
      kind: 'unavailable',
      message: '无法读写数据库文件：所在的磁盘可能已拔出、出错或没有访问权限。请检查磁盘后重新启动程序；如仍不行，请联系管理员。',
    };
  return null;
}
