// The impact preview's worker thread: assesses batches of saved cases against the library now
// and as proposed (check.ts), so the services keep answering other calls meanwhile. Started by
// run.ts with the libraries and the region table as its workerData; built next to the program's
// bundles as impact-worker.mjs (scripts/build-cli.mjs, scripts/build-electron.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import type { CaseScanRow } from '../../store/ports.ts';
import { ImpactChecker, type ImpactInputs } from './check.ts';

const port = parentPort;
if (!port) throw new Error('impact worker: no parent port (run it with new Worker)');
const checker = new ImpactChecker(workerData as ImpactInputs);
port.on('message', (message: { id: number; rows: CaseScanRow[] }) => {
  try {
    port.postMessage({ id: message.id, result: checker.check(message.rows) });
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
