// Case searches in a thread of their own (issue 14): a search at a million cases takes a few
// milliseconds, but better-sqlite3 answers on the thread that calls it, so a save would wait
// behind every keystroke's search. The thread reads the same file (WAL: it sees every committed
// save); the connection replaces it whenever the file is swapped (a restore), and stops it on close.
import { Worker } from 'node:worker_threads';
import type { CaseRecord } from './case-records.ts';
import { workerScript } from './worker-script.ts';

export class SearchThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (rows: CaseRecord[]) => void; reject: (error: Error) => void }>();
  #next = 0;
  #failed: Error | null = null;

  private constructor(script: URL, file: string) {
    this.#worker = new Worker(script, { workerData: { file } });
    // A search thread never keeps the program running.
    this.#worker.unref();
    this.#worker.on('message', (m: { id: number; rows?: CaseRecord[]; error?: string }) => {
      const w = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      if (m.rows) w?.resolve(m.rows);
      else w?.reject(new Error(m.error ?? 'search thread failed'));
    });
    const fail = (error: Error) => {
      this.#failed = error;
      for (const w of this.#waiting.values()) w.reject(error);
      this.#waiting.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`search thread ended (${code})`)));
  }

  /** A thread for the database file, or null when its script cannot be found (searches then run in the caller's thread). */
  static start(file: string): SearchThread | null {
    const script = workerScript(import.meta.url, 'search-worker.mjs', 'src/store/search-worker.ts');
    return script ? new SearchThread(script, file) : null;
  }

  /** False once the thread has failed or ended (the caller searches itself then). */
  get usable(): boolean {
    return this.#failed === null;
  }

  search(text: string, limit: number): Promise<CaseRecord[]> {
    return new Promise((resolve, reject) => {
      if (this.#failed) return reject(this.#failed);
      const id = this.#next++;
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ id, text, limit });
    });
  }

  stop(): void {
    void this.#worker.terminate();
  }
}
