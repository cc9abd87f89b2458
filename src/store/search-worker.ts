// The search thread (issue 14): its own read-only connection to the counter's database file,
// answering case searches (case-search.ts) so that the thread that saves is never kept waiting
// by one. Started by search-thread.ts with the file as its workerData; built beside the
// program's bundles as search-worker.mjs (scripts/build-cli.mjs, scripts/build-electron.mjs).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { searchCases } from './case-search.ts';
import { BUSY_TIMEOUT_MS } from './connection.ts';

const port = parentPort;
if (!port) throw new Error('search worker: no parent port (run it with new Worker)');
const db = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
port.on('message', (message: { id: number; text: string; limit: number }) => {
  try {
    port.postMessage({ id: message.id, rows: searchCases(db, message.text, message.limit) });
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
