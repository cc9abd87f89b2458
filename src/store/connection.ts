// The SQLite connection: opened with the pragmas every file database needs, and held in
// one place so that a restore can replace the file underneath the repositories.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // FULL: a committed case must survive a power cut at the counter.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

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
    this.#db.close();
    swapFile();
    this.#db = openDatabase(this.file);
  }

  close(): void {
    this.#db.close();
  }
}

/** What a repository is built on: a connection (the store's), or a database handle (tests, tools). */
export type DbSource = Connection | Database.Database;

export const dbOf = (source: DbSource): Database.Database => (source instanceof Connection ? source.db : source);
