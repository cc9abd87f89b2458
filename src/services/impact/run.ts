// The impact preview (影响预览): every saved case checked against a proposed library. The store
// walks all cases in a stable order, a step at a time; a step's cases that cannot meet the change
// (none of their regions is under a changed row's region, or their earliest policy read comes
// after every changed row has ended) are ruled out by the database (migration 0009); the rest are
// assessed in a worker thread (check.ts), so the services answer other calls meanwhile. Progress
// is reported after each step; an AbortSignal stops the walk.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { CaseImpactView } from '../../api/shapes.ts';
import { COUNTRY, type RegionDirectory } from '../../core/regions.ts';
import type { PolicyRow } from '../../core/policy/policy-set.ts';
import type { CaseScanFilter, CaseScanRow, Repositories } from '../../store/ports.ts';
import { ImpactChecker, type BatchResult, type ImpactInputs } from './check.ts';

/** Cases passed over per step (one short query, then a batch for the worker). */
const STEP = 500;
/** Batches handed to the worker before waiting for the first of them. */
const AHEAD = 2;

export interface ImpactProgress {
  /** Saved cases when the check began. */
  total: number;
  /** Cases checked so far: assessed, or ruled out by the pre-filter. */
  checked: number;
  /** Of those, ruled out without assessing: their regions and months cannot meet the change. */
  ruledOut: number;
  /** Cases whose figures change (so far). */
  changed: number;
  /** Saved cases that no longer pass validation, so cannot be assessed (not counted as changed). */
  unassessable: number;
}

export interface ImpactResult extends ImpactProgress {
  cases: CaseImpactView[];
  /** Cases assessed a second time (they read a value the change alters). */
  reassessed: number;
  /** Where the assessing ran: a worker thread, or this thread when no worker could be started. */
  ranIn: 'worker' | 'inline';
}

export interface ImpactOptions {
  signal?: AbortSignal;
  /** Called after each step, with the changed cases found so far (the same array, growing). */
  onProgress?: (progress: ImpactProgress, found: readonly CaseImpactView[]) => void;
  /** 'inline' assesses in this thread (used when no worker file is found). */
  runIn?: 'worker' | 'inline';
}

/** Which cases a change of `current` into `proposed` can reach: regions under a changed row's region, months up to its end. */
export function impactFilter(current: readonly PolicyRow[], proposed: readonly PolicyRow[], regions: RegionDirectory): CaseScanFilter {
  const before = new Map(current.map((r) => [r.id, r]));
  const after = new Map(proposed.map((r) => [r.id, r]));
  const changed: PolicyRow[] = [];
  for (const [id, row] of before) {
    const next = after.get(id);
    if (!next || JSON.stringify(next) !== JSON.stringify(row)) changed.push(row);
  }
  for (const [id, row] of after) {
    const previous = before.get(id);
    if (!previous || JSON.stringify(previous) !== JSON.stringify(row)) changed.push(row);
  }
  const changedRegions = new Set(changed.map((r) => r.region));
  const affected = changedRegions.has(COUNTRY)
    ? null
    : [
        ...changedRegions,
        ...regions
          .all()
          .map((r) => r.code)
          .filter((code) => regions.chain(code).some((c) => changedRegions.has(c))),
      ];
  // The last day any changed row (as it was or as it will be) is in force; open-ended: no bound.
  let lastDay: string | null = '';
  for (const row of changed) {
    const ends = [row.effectiveTo, row.document.effectiveTo].filter((d): d is string => d !== null).sort();
    const end = ends[0] ?? null;
    if (end === null) {
      lastDay = null;
      break;
    }
    if (end > lastDay) lastDay = end;
  }
  return {
    regions: affected ? [...new Set(affected)] : null,
    readsBy: lastDay === null ? null : lastDay === '' ? '0000-00' : lastDay.slice(0, 7),
  };
}

interface CheckRunner {
  readonly ranIn: 'worker' | 'inline';
  check(rows: CaseScanRow[]): Promise<BatchResult>;
  close(): Promise<void>;
}

/**
 * The worker's script: impact-worker.mjs next to the running bundle (dist/server, dist/cli,
 * dist/electron — unpacked beside app.asar when packaged: written, not run here), else worker.ts
 * in the source tree (Node runs TypeScript directly), found from this module upwards (scripts run
 * from a bundle in .tmp). The search thread's twin: src/store/worker-script.ts (the services may
 * not reach into the store).
 */
export function impactWorkerScript(): URL | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const unpacked = join(here.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked'), 'impact-worker.mjs');
  if (unpacked !== join(here, 'impact-worker.mjs') && existsSync(unpacked)) return pathToFileURL(unpacked);
  const bundled = join(here, 'impact-worker.mjs');
  if (existsSync(bundled)) return pathToFileURL(bundled);
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    const found = join(dir, 'src', 'services', 'impact', 'worker.ts');
    if (existsSync(found)) return pathToFileURL(found);
  }
  return null;
}

function workerRunner(script: URL, inputs: ImpactInputs): CheckRunner {
  // A small young generation: the worker allocates fast and briefly (one case at a time), so
  // frequent small collections keep its memory near what it holds (the preview's memory goal).
  const worker = new Worker(script, { workerData: inputs, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const waiting = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | null = null;
  const failAll = (error: Error) => {
    failed = error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('message', (m: { id: number; result?: BatchResult; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.result) w?.resolve(m.result);
    else w?.reject(new Error(m.error ?? '影响预览的计算线程出错'));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    if (waiting.size) failAll(new Error(`影响预览的计算线程意外退出（${code}）`));
  });
  return {
    ranIn: 'worker',
    check: (rows) =>
      new Promise((resolve, reject) => {
        if (failed) return reject(failed);
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, rows });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

function inlineRunner(inputs: ImpactInputs): CheckRunner {
  const checker = new ImpactChecker(inputs);
  return {
    ranIn: 'inline',
    check: async (rows) => {
      await yieldToOthers();
      return checker.check(rows);
    },
    close: async () => undefined,
  };
}

const NOTHING: BatchResult = { changed: [], unassessable: 0, reassessed: 0 };

/** Which saved cases would get different figures with the proposed library, and how: every case is checked. */
export async function impactOnCases(
  repos: Pick<Repositories, 'policy' | 'cases'>,
  proposedRows: readonly PolicyRow[],
  options: ImpactOptions = {},
): Promise<ImpactResult> {
  const regions = await repos.policy.regions();
  const currentRows = (await repos.policy.library()).rows;
  const filter = impactFilter(currentRows, proposedRows, regions);
  const inputs: ImpactInputs = { currentRows, proposedRows, regions: regions.all() };
  const script = options.runIn === 'inline' ? null : impactWorkerScript();
  const runner = script ? workerRunner(script, inputs) : inlineRunner(inputs);
  const progress: ImpactProgress = { total: await repos.cases.count(), checked: 0, ruledOut: 0, changed: 0, unassessable: 0 };
  const cases: CaseImpactView[] = [];
  let reassessed = 0;
  const ahead: Array<Promise<void>> = [];
  try {
    for (let after = 0; ;) {
      options.signal?.throwIfAborted();
      const step = await repos.cases.scan(filter, after, STEP);
      if (step.lastKey === null) break;
      after = step.lastKey;
      const batch = step.rows.length ? runner.check(step.rows) : Promise.resolve(NOTHING);
      ahead.push(
        batch.then((result) => {
          cases.push(...result.changed);
          progress.checked += step.walked;
          progress.ruledOut += step.walked - step.rows.length;
          progress.changed = cases.length;
          progress.unassessable += result.unassessable;
          reassessed += result.reassessed;
          options.onProgress?.({ ...progress }, cases);
        }),
      );
      if (ahead.length >= AHEAD) await ahead.shift();
      // Let other calls in between steps, even when the database ruled every case of a step out.
      await yieldToOthers();
    }
    await Promise.all(ahead);
    options.signal?.throwIfAborted();
  } finally {
    await Promise.allSettled(ahead);
    await runner.close();
  }
  // Cases saved or deleted meanwhile: the total is what was walked.
  progress.total = progress.checked;
  return { ...progress, cases, reassessed, ranIn: runner.ranIn };
}
