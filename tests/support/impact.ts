// Following an impact preview through the API as the window does: progress until it ends, then
// every page of the changed cases. Waits on the job's state, never on a time.
import type { CaseImpactView, ImpactJobView, YibaoApi } from '../../src/api/contract.ts';

/** Asks for the job's progress until it has ended. */
export async function finished(api: YibaoApi, job: ImpactJobView): Promise<ImpactJobView> {
  for (;;) {
    const r = await api.impactProgress(job.jobId);
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.state !== 'running') return r.value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The finished job and all the changed cases it found. */
export async function impactOf(api: YibaoApi, job: ImpactJobView | null): Promise<ImpactJobView & { cases: CaseImpactView[] }> {
  if (!job) throw new Error('no impact preview was started');
  const done = await finished(api, job);
  const cases: CaseImpactView[] = [];
  for (let offset = 0; offset < done.changed; offset += 200) {
    const page = await api.impactCases({ jobId: done.jobId, offset, limit: 200 });
    if (!page.ok) throw new Error(page.error.message);
    cases.push(...page.value.cases);
  }
  return { ...done, cases };
}
