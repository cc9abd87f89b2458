// The XLSX statement's worker thread (issue 22, finding 14): checks the workbook's limits
// (bounds.ts) and parses its first sheet away from the thread that answers the calls. One thread
// per file, ended when it answers; started by thread.ts, built beside the program's bundles as
// xlsx-worker.mjs (scripts/build-cli.mjs, scripts/build-electron.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import { readSheet } from 'read-excel-file/node';
import { NOT_XLSX, xlsxProblem } from './bounds.ts';

const port = parentPort;
if (!port) throw new Error('xlsx worker: no parent port (run it with new Worker)');
const bytes = workerData as Uint8Array;
const problem = xlsxProblem(bytes);
if (problem) port.postMessage({ problem });
else
  readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).then(
    (table) => port.postMessage({ table }),
    () => port.postMessage({ problem: NOT_XLSX }),
  );
