// The PostgreSQL connection pool (node-postgres): dates read back as 'YYYY-MM-DD' text (as the
// SQLite store gives them), a pool error (a server restart closing idle connections) logged
// instead of ending the process, and one helper for a unit of work in a transaction.
import pg from 'pg';
import { DatabaseUnavailableError } from '../errors.ts';
import { POSTGRES, type Runner, type Work } from '../sql.ts';

const DATE_OID = 1082;

/** Each pool's own type parsers: a `date` stays the text PostgreSQL sends ('YYYY-MM-DD'). */
function typeParsers(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === DATE_OID ? (text: string) => text : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
  };
}

export interface PoolOptions {
  /** postgres://user:password@host:port/database (sslmode etc. as node-postgres reads them). */
  url: string;
  /** Connections this process keeps at most (each server instance has its own pool). */
  max?: number;
  /** Told about a connection the server closed while idle (a restart); the pool replaces it. */
  onIdleError?: (error: Error) => void;
  /** How long a statement waits for a lock, runs, or a transaction sits idle (tests shorten them). */
  timeouts?: Partial<DatabaseTimeouts>;
}

/**
 * No endless wait (issue 22): a save waits for another counter's row lock at most `lockMs`, a
 * statement runs at most `statementMs`, and a transaction left open by a stopped or frozen
 * instance is ended by the server after `idleInTransactionMs` — its locks go with it, so it
 * delays only its own requests. TCP keepalives (both ends) notice a peer that vanished.
 */
export interface DatabaseTimeouts {
  lockMs: number;
  statementMs: number;
  idleInTransactionMs: number;
}

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = { lockMs: 5_000, statementMs: 30_000, idleInTransactionMs: 15_000 };

export function createPool(options: PoolOptions): pg.Pool {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    types: typeParsers(),
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // A server that stops answering altogether: the client gives up a little after the server would have.
    query_timeout: timeouts.statementMs + 5_000,
    // The session's time zone and date style do not change what is stored (text), but keep
    // every connection alike.
    options: [
      '-c DateStyle=ISO',
      '-c TimeZone=UTC',
      `-c lock_timeout=${timeouts.lockMs}`,
      `-c statement_timeout=${timeouts.statementMs}`,
      `-c idle_in_transaction_session_timeout=${timeouts.idleInTransactionMs}`,
      '-c tcp_keepalives_idle=30',
      '-c tcp_keepalives_interval=10',
      '-c tcp_keepalives_count=3',
    ].join(' '),
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * node-postgres reports a lost or refused connection as a plain Error without a SQLSTATE (the
 * only place its text is looked at); everything the server itself answers is a DatabaseError
 * with its code. A lost connection becomes DatabaseUnavailableError, told apart by type.
 */
export function asStoreError(error: unknown): unknown {
  if (error instanceof pg.DatabaseError) return error;
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (
    code === undefined &&
    error instanceof Error &&
    /Connection terminated|timeout exceeded when trying to connect|connection error|Client was closed/i.test(error.message)
  )
    return new DatabaseUnavailableError(error);
  return error;
}

/**
 * SQLSTATEs after which the whole unit of work may simply run again: PostgreSQL aborted it to
 * break a deadlock (two inserts checking one exclusion constraint can wait on each other) or a
 * serialisation conflict. The repeat then meets the other, committed transaction and gets its
 * real answer (an overlap refused, a conflict reported), never the deadlock.
 */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

/**
 * Runs `work` in one transaction on one connection: committed when it returns, rolled back
 * when it throws, run again (up to ATTEMPTS times) when the database aborted it only to break
 * a deadlock or a serialisation conflict. `work` must therefore do nothing but database work
 * on `client`. `isolation` for the few units of work that need more than READ COMMITTED.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  isolation: 'read committed' | 'serializable' = 'read committed',
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransactionOnce(pool, work, isolation);
    } catch (error) {
      const code = error instanceof pg.DatabaseError ? error.code : undefined;
      if (attempt >= ATTEMPTS || code === undefined || !RETRYABLE.has(code)) throw error;
      // A short, random pause so the two transactions do not meet again at the same moment.
      await new Promise((resume) => setTimeout(resume, Math.random() * 20 * attempt));
    }
  }
}

async function inTransactionOnce<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  isolation: 'read committed' | 'serializable',
): Promise<T> {
  const client = await pool.connect().catch((error: unknown) => {
    throw asStoreError(error);
  });
  let broken = false;
  // A connection lost between two statements is reported as an 'error' event on the client;
  // without a listener Node would end the whole server. The next statement fails and says so.
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true; // the connection itself failed: do not hand it out again
    }
    throw asStoreError(error);
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** The rows of a query, typed by the caller (node-postgres gives `any`). */
export async function rows<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  try {
    return (await db.query(sql, params)).rows as T[];
  } catch (error) {
    throw asStoreError(error);
  }
}

export async function one<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T | null> {
  return (await rows<T>(db, sql, params))[0] ?? null;
}

/** Runs a unit of work (../sql.ts) on a client or the pool, statement after statement. */
export async function runOnPg<T>(db: Queryable, work: Work<T>): Promise<T> {
  let step = work.next();
  while (!step.done) {
    let answer: pg.QueryResult;
    try {
      answer = await db.query(step.value.sql, [...step.value.params]);
    } catch (error) {
      throw asStoreError(error);
    }
    step = work.next({ rows: answer.rows, changes: answer.rowCount ?? 0 });
  }
  return step.value;
}

/** Where the shared units of work run on PostgreSQL: a write in one transaction (inTransaction), a read on the pool. */
export function pgRunner(pool: pg.Pool): Runner {
  return {
    dialect: POSTGRES,
    read: (work) => runOnPg(pool, work()),
    write: (work) => inTransaction(pool, (client) => runOnPg(client, work())),
  };
}
