// The SQLite connection: opened with the pragmas every file database needs, and held in
// one place so that a restore can replace the file underneath the repositories.
//
// Guarantees every connection of the program gives (issue 12):
// - a busy timeout, and `retryBusy` around every write, so a second process writing at the
//   same moment (the command line beside the window) makes a save wait, never fail;
// - `secure_delete`: deleted rows are overwritten with zeros in the file, so an erased client
//   leaves no readable residue in free pages;
// - the functions the audit triggers call (migration 0007): `yibao_audit_hash` computes the
//   chained hash (audit-chain.ts), `yibao_program` marks the program's own connection. A plain
//   SQLite tool has neither, so its statements that touch the audit fail.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { auditRowHash } from './audit-chain.ts';
import { StoreError } from './errors.ts';
import { SearchThread } from './search-thread.ts';
import { runOnSqlite, SQLITE, type Runner } from './sql.ts';

/** How long SQLite itself waits for another process's lock before answering "busy". */
export const BUSY_TIMEOUT_MS = 10_000;

function registerFunctions(db: Database.Database): void {
  db.function('yibao_program', { deterministic: true }, () => 1);
  db.function('yibao_sha256', { deterministic: true }, (text: unknown) =>
    text === null ? null : createHash('sha256').update(String(text), 'utf8').digest('hex'),
  );
  db.function(
    'yibao_audit_hash',
    { deterministic: true },
    (
      prev: unknown,
      id: unknown,
      at: unknown,
      actor: unknown,
      action: unknown,
      entity: unknown,
      entityId: unknown,
      before: unknown,
      after: unknown,
      reason: unknown,
      pack: unknown,
    ) => {
      const text = (value: unknown) => (typeof value === 'string' ? value : String(value));
      const nullable = (value: unknown) => (value === null || value === undefined ? null : text(value));
      return auditRowHash({
        prevHash: text(prev),
        id: Number(id),
        at: text(at),
        actor: text(actor),
        action: text(action),
        entity: text(entity),
        entityId: text(entityId),
        beforeJson: nullable(before),
        afterJson: nullable(after),
        reason: text(reason),
        pack: nullable(pack),
      });
    },
  );
}

/** Why a database file cannot be opened where it is, in Chinese; null when nothing is wrong with the place. */
function placeProblem(file: string): StoreError | null {
  if (existsSync(file) && statSync(file).isDirectory())
    return new StoreError('unavailable', `数据库路径 ${file} 是一个文件夹，不是数据库文件：请指定一个文件（例如 ${file}/yibao.sqlite）。`);
  const folder = dirname(file);
  try {
    accessSync(existsSync(file) ? file : folder, constants.W_OK);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : '';
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
      return new StoreError(
        'readonly',
        `数据库所在的位置 ${folder} 是只读的（只读磁盘、写保护或没有写入权限）：无法打开或保存数据。请把数据放到可写的位置，或请管理员检查磁盘和权限后重新启动程序。`,
      );
  }
  return null;
}

export function openDatabase(file: string): Database.Database {
  let db: Database.Database;
  if (file === ':memory:') db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  else {
    const problem = placeProblem(file);
    if (problem) throw problem;
    try {
      mkdirSync(dirname(file), { recursive: true });
      db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    } catch (error) {
      throw placeProblem(file) ?? error;
    }
  }
  try {
    registerFunctions(db);
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    // FULL: a committed case must survive a power cut at the counter.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted content is overwritten, not left in free pages (a client's erasure).
    db.pragma('secure_delete = ON');
    return db;
  } catch (error) {
    db.close();
    throw (file === ':memory:' ? null : placeProblem(file)) ?? error;
  }
}

/** True for SQLite's "another connection holds the lock" answers (SQLITE_BUSY*, SQLITE_LOCKED*). */
export function isBusy(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** How many times a write is tried again after SQLite's own busy timeout, and the pause before each. */
const RETRY_PAUSES_MS = [25, 50, 100, 200, 400, 800, 1600, 3200];

/**
 * Runs one unit of work (a statement or a transaction), trying it again while another
 * process holds the database: SQLite's busy timeout covers most waits; a transaction whose
 * snapshot went stale (SQLITE_BUSY_SNAPSHOT is answered at once) is simply run again. After
 * about a minute of trying, the clerk is told in Chinese.
 */
export async function retryBusy<T>(work: () => T): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return work();
    } catch (error) {
      const pause = RETRY_PAUSES_MS[attempt];
      if (!isBusy(error)) throw error;
      if (pause === undefined) throw new StoreError('busy', BUSY_MESSAGE, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

export const BUSY_MESSAGE =
  '数据库正被另一个程序长时间占用（例如另一个窗口或命令行），这次没有保存：请稍后再试；窗口中已输入的内容不会丢失。';

/** The open database of a store; `replace` closes it, lets the file be swapped, and opens it again. */
export class Connection {
  readonly file: string;
  #db: Database.Database;

  constructor(file: string) {
    this.file = file;
    this.#db = openDatabase(file);
  }

  get db(): Database.Database {
    return this.#db;
  }

  replace(swapFile: () => void): void {
    this.#stopSearchThread();
    this.#db.close();
    swapFile();
    this.#db = openDatabase(this.file);
  }

  close(): void {
    this.#stopSearchThread();
    this.#db.close();
  }

  #searchThread: SearchThread | null | undefined;
  /** The thread that answers searches on this file, started when first needed; null for an in-memory database or when it cannot run. */
  searchThread(): SearchThread | null {
    if (this.file === ':memory:' || this.file === '') return null;
    if (this.#searchThread && !this.#searchThread.usable) this.#stopSearchThread();
    if (this.#searchThread === undefined) this.#searchThread = SearchThread.start(this.file);
    return this.#searchThread;
  }

  #stopSearchThread(): void {
    this.#searchThread?.stop();
    this.#searchThread = undefined;
  }
}

/** What a repository is built on: a connection (the store's), or a database handle (tests, tools). */
export type DbSource = Connection | Database.Database;

export const dbOf = (source: DbSource): Database.Database => (source instanceof Connection ? source.db : source);

/**
 * Where the shared units of work (sql.ts) run on SQLite: a write in one immediate transaction
 * (the write lock is held from its start, so what it read is still true when it writes), tried
 * again while another process holds the database; a read at once.
 */
export function sqliteRunner(source: DbSource): Runner {
  return {
    dialect: SQLITE,
    read: async (work) => runOnSqlite(dbOf(source), work()),
    write: (work) =>
      retryBusy(() => {
        const db = dbOf(source);
        return db.transaction(() => runOnSqlite(db, work())).immediate();
      }),
  };
}
