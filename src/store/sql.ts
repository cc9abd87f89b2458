// The small query interface both stores share (issue 23, item 1): a unit of work is written
// once, as a generator that yields its statements, and each database runs it its own way —
// SQLite synchronously inside one immediate transaction (better-sqlite3 cannot await, and
// nothing else may run on the connection in between), PostgreSQL asynchronously on one
// client of the pool (pg/pool.ts). Statements are written in PostgreSQL's `$1` style; the
// SQLite runner binds them in the order they occur, and a list parameter as JSON text (read
// with json_each). Where the two databases really differ, a unit of work asks its `Dialect`.
//
// Why not a query builder (Kysely, Knex): they are asynchronous all the way down, so an SQLite
// transaction would have to stay open across awaits, where the program's other repositories
// could run their statements inside it; and the SQL here is short enough to read as SQL.
import type Database from 'better-sqlite3';

/** One statement with its parameters (`$1`, `$2`, … in PostgreSQL's style). */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** What a statement answered: its rows (a SELECT, or RETURNING) and how many rows it changed. */
export interface Answer {
  readonly rows: readonly unknown[];
  readonly changes: number;
}

/** A unit of work: yields statements, is given their answers, returns its result. */
export type Work<T> = Generator<Statement, T, Answer>;

/** The rows of a query, typed by the caller (the databases give `unknown`). */
export function* rows<T>(sql: string, ...params: unknown[]): Work<T[]> {
  return (yield { sql, params }).rows as T[];
}

/** The first row of a query, or null. */
export function* one<T>(sql: string, ...params: unknown[]): Work<T | null> {
  return ((yield { sql, params }).rows[0] as T | undefined) ?? null;
}

/** The first column of each row (a list of ids, numbers, …). */
export function* column<T>(sql: string, ...params: unknown[]): Work<T[]> {
  return (yield { sql, params }).rows.map((row) => Object.values(row as object)[0] as T);
}

/** A statement that changes rows; how many it changed. */
export function* run(sql: string, ...params: unknown[]): Work<number> {
  return (yield { sql, params }).changes;
}

/** What a unit of work asks of the database it runs on, where the SQL differs. */
export interface Dialect {
  readonly name: 'sqlite' | 'pg';
  /**
   * Appended to a SELECT of rows the unit of work goes on to change: PostgreSQL locks them
   * (another counter waits); SQLite's immediate transaction already holds the one write lock.
   */
  readonly forUpdate: string;
  /** `expression` is one of the list parameter `param` (a JavaScript array). */
  inList(expression: string, param: string): string;
  /** The text at `path` inside the JSON text of `column` (null when absent). */
  jsonText(column: string, path: readonly string[]): string;
}

export const SQLITE: Dialect = {
  name: 'sqlite',
  forUpdate: '',
  inList: (expression, param) => `${expression} IN (SELECT value FROM json_each(${param}))`,
  jsonText: (column, path) => `json_extract(${column}, '$.${path.join('.')}')`,
};

export const POSTGRES: Dialect = {
  name: 'pg',
  forUpdate: ' FOR UPDATE',
  inList: (expression, param) => `${expression} = ANY(${param})`,
  jsonText: (column, path) => `${column}::jsonb #>> '{${path.join(',')}}'`,
};

/** A statement as better-sqlite3 binds it: `$n` become `?` in order, lists become JSON text. */
function forSqlite(statement: Statement): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = statement.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = statement.params[Number(n) - 1];
    params.push(Array.isArray(value) ? JSON.stringify(value) : value);
    return '?';
  });
  return { sql, params };
}

/** Runs a unit of work on an SQLite database, synchronously (the caller holds the transaction). */
export function runOnSqlite<T>(db: Database.Database, work: Work<T>): T {
  let step = work.next();
  while (!step.done) {
    const { sql, params } = forSqlite(step.value);
    const statement = db.prepare(sql);
    const answer: Answer = statement.reader
      ? { rows: statement.all(...params), changes: 0 }
      : { rows: [], changes: statement.run(...params).changes };
    step = work.next(answer);
  }
  return step.value;
}

/** Where a repository's units of work run: one database, with its dialect. */
export interface Runner {
  readonly dialect: Dialect;
  /** Runs reads (no transaction needed). */
  read<T>(work: () => Work<T>): Promise<T>;
  /** Runs a unit of work that writes in one transaction: all of it or nothing; `work` may be run again (busy, deadlock). */
  write<T>(work: () => Work<T>): Promise<T>;
}
