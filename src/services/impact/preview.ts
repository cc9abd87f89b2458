// The one entry for showing a change's impact on saved cases (edits, packs, and any other screen
// that proposes a library): starts the check as a job of the caller's and answers with its first
// view; the window follows it with impactProgress / impactCases and may cancel it.
import type { ImpactJobView } from '../../api/shapes.ts';
import type { PolicyRow } from '../../core/policy/policy-set.ts';
import type { ServiceContext } from '../context.ts';
import { impactOnCases } from './run.ts';

export async function previewImpact(
  ctx: Pick<ServiceContext, 'repos' | 'impactJobs' | 'caller' | 'account'>,
  proposedRows: readonly PolicyRow[],
): Promise<ImpactJobView> {
  const total = await ctx.repos.cases.count();
  return ctx.impactJobs.start(ctx.caller, total, (options) => impactOnCases(ctx.repos, proposedRows, options), ctx.account);
}
