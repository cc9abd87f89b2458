// Reads an XLSX statement's first sheet in a worker thread of its own (issue 22, finding 14), so a
// large or hostile workbook never holds up the thread that answers other clerks: the limits of
// bounds.ts are checked there before parsing, the thread's memory is capped, and a thread that
// takes too long is stopped. Without the worker's script (a test run from a bundle that lacks it)
// the same checks run here before parsing.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readSheet } from 'read-excel-file/node';
import { NOT_XLSX, TOO_LARGE, xlsxProblem, zipShapeProblem } from './bounds.ts';

/** How long a workbook may take to be checked and read. */
const TIME_LIMIT_MS = 30_000;

export type SheetRead = { table: unknown[][] } | { problem: string };

/** xlsx-worker.mjs beside the running bundle (unpacked beside app.asar when packaged), else worker.ts in the source tree. */
function workerScript(): URL | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const unpacked = join(here.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked'), 'xlsx-worker.mjs');
  if (unpacked !== join(here, 'xlsx-worker.mjs') && existsSync(unpacked)) return pathToFileURL(unpacked);
  const bundled = join(here, 'xlsx-worker.mjs');
  if (existsSync(bundled)) return pathToFileURL(bundled);
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    const found = join(dir, 'src', 'services', 'xlsx', 'worker.ts');
    if (existsSync(found)) return pathToFileURL(found);
  }
  return null;
}

/** Where the last workbook was read: its own thread, or here (no worker script). */
export let lastReadIn: 'thread' | 'here' | null = null;

export async function readStatementSheet(bytes: Uint8Array): Promise<SheetRead> {
  // Not a ZIP at all: refused here at once (nothing is inflated for that).
  const shape = zipShapeProblem(bytes);
  if (shape) return { problem: shape };
  const script = workerScript();
  if (!script) {
    lastReadIn = 'here';
    const problem = xlsxProblem(bytes);
    if (problem) return { problem };
    try {
      return { table: (await readSheet(Buffer.from(bytes))) as unknown[][] };
    } catch {
      return { problem: NOT_XLSX };
    }
  }
  lastReadIn = 'thread';
  return new Promise<SheetRead>((resolve) => {
    // Its heap is capped: whatever slips past the limits ends the thread, not the server.
    const worker = new Worker(script, { workerData: bytes, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    const done = (answer: SheetRead) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(answer);
    };
    const timer = setTimeout(() => done({ problem: TOO_LARGE }), TIME_LIMIT_MS);
    worker.on('message', (m: SheetRead) => done(m));
    worker.on('error', (error: Error & { code?: string }) =>
      done({ problem: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? TOO_LARGE : NOT_XLSX }),
    );
    worker.on('exit', () => done({ problem: NOT_XLSX }));
  });
}
