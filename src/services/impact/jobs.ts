// Impact previews run as jobs: started by a preview call, which answers at once with the job's
// first view; the window then asks for progress and pages of the changed cases, and may cancel.
// A new preview by the same caller (a window, or a clerk at a counter of a hall) cancels the one it
// supersedes. Jobs live in the process that runs them (a hall's counter keeps talking to the
// instance that started its preview) and are forgotten some time after they end.
//
// One preview per account at a time (issue 22, finding 13: one clerk signed in at 20 counters ran
// 20 at once, +740 MiB): a preview asked for while the same account's preview runs at another
// counter is not started; its view says so at once (state 'failed', "…正在进行中…"), while the
// proposed change itself is still shown. Refused rather than queued: a queue would keep every
// waiting request (and what it proposes) in memory and answer minutes later, when the clerk has
// moved on; a refusal is instant and says where the running one can be stopped.
import { randomUUID } from 'node:crypto';
import type { CaseImpactView, ImpactJobView, ImpactPage } from '../../api/shapes.ts';
import type { ImpactOptions, ImpactProgress, ImpactResult } from './run.ts';

/** How long an ended job stays readable. */
const KEEP_MS = 30 * 60_000;
/** Ended jobs kept per caller at most. */
const KEEP_PER_OWNER = 3;

interface Job {
  id: string;
  owner: string;
  /** The account and counter it runs for (one running per account). */
  account: string;
  counter: string;
  controller: AbortController;
  state: ImpactJobView['state'];
  progress: ImpactProgress;
  found: readonly CaseImpactView[];
  message: string | null;
  endedAt: number | null;
}

export type ImpactRun = (options: Pick<ImpactOptions, 'signal' | 'onProgress'>) => Promise<ImpactResult>;

const view = (job: Job): ImpactJobView => ({ jobId: job.id, state: job.state, ...job.progress, message: job.message });

export class ImpactJobs {
  readonly #jobs = new Map<string, Job>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Starts a preview for `owner`, cancelling the one of theirs still running; its first view. */
  start(owner: string, total: number, run: ImpactRun, account = { name: owner, counter: '' }): ImpactJobView {
    this.#forget(owner);
    for (const job of this.#jobs.values()) if (job.owner === owner && job.state === 'running') this.#cancel(job);
    const busy = [...this.#jobs.values()].find((j) => j.account === account.name && j.state === 'running');
    const job: Job = {
      id: randomUUID(),
      owner,
      account: account.name,
      counter: account.counter,
      controller: new AbortController(),
      state: 'running',
      progress: { total, checked: 0, ruledOut: 0, changed: 0, unassessable: 0 },
      found: [],
      message: null,
      endedAt: null,
    };
    this.#jobs.set(job.id, job);
    if (busy) {
      job.state = 'failed';
      job.endedAt = this.#now();
      job.message = `影响预览未开始：本账号在${busy.counter ? ` ${busy.counter} 号窗口` : '别处'}的影响预览正在进行中（每个账号同一时间只运行一个，以免占满服务器）。请等它完成，或在那里取消后再试；上面的修改内容不受影响。`;
      return view(job);
    }
    run({
      signal: job.controller.signal,
      onProgress: (progress, found) => {
        if (job.state !== 'running') return;
        job.progress = progress;
        job.found = found;
      },
    }).then(
      (result) => {
        if (job.state !== 'running') return;
        job.progress = {
          total: result.total,
          checked: result.checked,
          ruledOut: result.ruledOut,
          changed: result.changed,
          unassessable: result.unassessable,
        };
        job.found = result.cases;
        job.state = 'done';
        job.endedAt = this.#now();
      },
      (error: unknown) => {
        if (job.state !== 'running') return;
        job.state = 'failed';
        job.message = `影响预览未能完成：${error instanceof Error ? error.message : String(error)}`;
        job.endedAt = this.#now();
      },
    );
    return view(job);
  }

  /** The job's view, if `owner` started it and it is still kept. */
  view(owner: string, id: string): ImpactJobView | null {
    const job = this.#jobs.get(id);
    return job && job.owner === owner ? view(job) : null;
  }

  /** A page of the changed cases found so far (in the order they were saved). */
  page(owner: string, id: string, offset: number, limit: number): ImpactPage | null {
    const job = this.#jobs.get(id);
    if (!job || job.owner !== owner) return null;
    return { changed: job.found.length, offset, cases: job.found.slice(offset, offset + limit) };
  }

  cancel(owner: string, id: string): ImpactJobView | null {
    const job = this.#jobs.get(id);
    if (!job || job.owner !== owner) return null;
    this.#cancel(job);
    return view(job);
  }

  #cancel(job: Job): void {
    if (job.state !== 'running') return;
    job.state = 'cancelled';
    job.endedAt = this.#now();
    job.controller.abort();
  }

  /** Drops jobs that ended long ago, and the owner's oldest ended ones beyond the few kept. */
  #forget(owner: string): void {
    const now = this.#now();
    const ended = [...this.#jobs.values()].filter((j) => j.endedAt !== null);
    for (const job of ended) if (now - (job.endedAt ?? now) > KEEP_MS) this.#jobs.delete(job.id);
    const mine = ended.filter((j) => j.owner === owner && this.#jobs.has(j.id)).sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
    for (const job of mine.slice(0, Math.max(0, mine.length - (KEEP_PER_OWNER - 1)))) this.#jobs.delete(job.id);
  }
}
